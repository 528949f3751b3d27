from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.devices_link_in import DevicesLinkIn
from ...models.error import Error
from ...models.linked_out import LinkedOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: DevicesLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/devices/link",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | LinkedOut | None:
    if response.status_code == 201:
        response_201 = LinkedOut.from_dict(response.json())

        return response_201

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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | LinkedOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DevicesLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | LinkedOut]:
    """Link Device

     A new installation redeems a link code: it becomes a linked device of the code's
    account and gets its device token. Failed codes are counted per client and per code
    prefix; too many in the window get ``429 rate_limited`` with ``Retry-After``.

    Args:
        idempotency_key (str | Unset):
        body (DevicesLinkIn): What a new installation tells about itself when it redeems a link
            code (DEV-2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LinkedOut]
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
    body: DevicesLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> Error | LinkedOut | None:
    """Link Device

     A new installation redeems a link code: it becomes a linked device of the code's
    account and gets its device token. Failed codes are counted per client and per code
    prefix; too many in the window get ``429 rate_limited`` with ``Retry-After``.

    Args:
        idempotency_key (str | Unset):
        body (DevicesLinkIn): What a new installation tells about itself when it redeems a link
            code (DEV-2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LinkedOut
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DevicesLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | LinkedOut]:
    """Link Device

     A new installation redeems a link code: it becomes a linked device of the code's
    account and gets its device token. Failed codes are counted per client and per code
    prefix; too many in the window get ``429 rate_limited`` with ``Retry-After``.

    Args:
        idempotency_key (str | Unset):
        body (DevicesLinkIn): What a new installation tells about itself when it redeems a link
            code (DEV-2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LinkedOut]
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
    body: DevicesLinkIn,
    idempotency_key: str | Unset = UNSET,
) -> Error | LinkedOut | None:
    """Link Device

     A new installation redeems a link code: it becomes a linked device of the code's
    account and gets its device token. Failed codes are counted per client and per code
    prefix; too many in the window get ``429 rate_limited`` with ``Retry-After``.

    Args:
        idempotency_key (str | Unset):
        body (DevicesLinkIn): What a new installation tells about itself when it redeems a link
            code (DEV-2).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LinkedOut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
