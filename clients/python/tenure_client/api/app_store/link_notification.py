from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.appstore_link_in import AppstoreLinkIn
from ...models.error import Error
from ...models.notification_out import NotificationOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    notification_id: str,
    *,
    body: AppstoreLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/channels/app_store/notifications/{notification_id}/link".format(
            notification_id=quote(str(notification_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[NotificationOut] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = NotificationOut.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[Error | list[NotificationOut]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    notification_id: str,
    *,
    client: AuthenticatedClient,
    body: AppstoreLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | list[NotificationOut]]:
    """Link Notification

     Staff: link an unlinked store purchase to an account and apply its notifications.

    Args:
        notification_id (str):
        idempotency_key (str | Unset):
        body (AppstoreLinkIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[NotificationOut]]
    """

    kwargs = _get_kwargs(
        notification_id=notification_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    notification_id: str,
    *,
    client: AuthenticatedClient,
    body: AppstoreLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> Error | list[NotificationOut] | None:
    """Link Notification

     Staff: link an unlinked store purchase to an account and apply its notifications.

    Args:
        notification_id (str):
        idempotency_key (str | Unset):
        body (AppstoreLinkIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[NotificationOut]
    """

    return sync_detailed(
        notification_id=notification_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    notification_id: str,
    *,
    client: AuthenticatedClient,
    body: AppstoreLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | list[NotificationOut]]:
    """Link Notification

     Staff: link an unlinked store purchase to an account and apply its notifications.

    Args:
        notification_id (str):
        idempotency_key (str | Unset):
        body (AppstoreLinkIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[NotificationOut]]
    """

    kwargs = _get_kwargs(
        notification_id=notification_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    notification_id: str,
    *,
    client: AuthenticatedClient,
    body: AppstoreLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> Error | list[NotificationOut] | None:
    """Link Notification

     Staff: link an unlinked store purchase to an account and apply its notifications.

    Args:
        notification_id (str):
        idempotency_key (str | Unset):
        body (AppstoreLinkIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[NotificationOut]
    """

    return (
        await asyncio_detailed(
            notification_id=notification_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
