from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.notification_in import NotificationIn
from ...models.notification_receipt import NotificationReceipt
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: NotificationIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/channels/app_store/notifications",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | NotificationReceipt | None:
    if response.status_code == 200:
        response_200 = NotificationReceipt.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | NotificationReceipt]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: NotificationIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | NotificationReceipt]:
    """Receive Notification

     App Store Server Notifications V2 (APP-1): the URL to give App Store Connect.

    Public: the signature is the authentication. The payload and the transaction and renewal
    info inside it are verified against Apple's root certificates; anything else is refused
    with 401 and nothing is stored. A notification is applied once (by notificationUUID);
    one signed before the state already applied changes nothing.

    Args:
        idempotency_key (str | Unset):
        body (NotificationIn): What Apple posts: ``{"signedPayload": "<JWS>"}``.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | NotificationReceipt]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: NotificationIn,
    idempotency_key: str | Unset = UNSET,
) -> Error | NotificationReceipt | None:
    """Receive Notification

     App Store Server Notifications V2 (APP-1): the URL to give App Store Connect.

    Public: the signature is the authentication. The payload and the transaction and renewal
    info inside it are verified against Apple's root certificates; anything else is refused
    with 401 and nothing is stored. A notification is applied once (by notificationUUID);
    one signed before the state already applied changes nothing.

    Args:
        idempotency_key (str | Unset):
        body (NotificationIn): What Apple posts: ``{"signedPayload": "<JWS>"}``.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | NotificationReceipt
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: NotificationIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | NotificationReceipt]:
    """Receive Notification

     App Store Server Notifications V2 (APP-1): the URL to give App Store Connect.

    Public: the signature is the authentication. The payload and the transaction and renewal
    info inside it are verified against Apple's root certificates; anything else is refused
    with 401 and nothing is stored. A notification is applied once (by notificationUUID);
    one signed before the state already applied changes nothing.

    Args:
        idempotency_key (str | Unset):
        body (NotificationIn): What Apple posts: ``{"signedPayload": "<JWS>"}``.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | NotificationReceipt]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: NotificationIn,
    idempotency_key: str | Unset = UNSET,
) -> Error | NotificationReceipt | None:
    """Receive Notification

     App Store Server Notifications V2 (APP-1): the URL to give App Store Connect.

    Public: the signature is the authentication. The payload and the transaction and renewal
    info inside it are verified against Apple's root certificates; anything else is refused
    with 401 and nothing is stored. A notification is applied once (by notificationUUID);
    one signed before the state already applied changes nothing.

    Args:
        idempotency_key (str | Unset):
        body (NotificationIn): What Apple posts: ``{"signedPayload": "<JWS>"}``.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | NotificationReceipt
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
