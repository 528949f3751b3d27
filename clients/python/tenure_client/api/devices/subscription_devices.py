from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.page_sendability_out import PageSendabilityOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: str,
    *,
    via: str | Unset = "account",
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["via"] = via

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/subscriptions/{subscription_id}/devices".format(
            subscription_id=quote(str(subscription_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PageSendabilityOut | None:
    if response.status_code == 200:
        response_200 = PageSendabilityOut.from_dict(response.json())

        return response_200

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

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PageSendabilityOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    via: str | Unset = "account",
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | PageSendabilityOut]:
    """Subscription Devices

     The account's linked devices as seen from this subscription: which use it, whether it
    can be sent to each (with every reason if not) and the status of the latest delivery.

    Args:
        subscription_id (str):
        via (str | Unset):  Default: 'account'.
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageSendabilityOut]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        via=via,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    via: str | Unset = "account",
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Error | PageSendabilityOut | None:
    """Subscription Devices

     The account's linked devices as seen from this subscription: which use it, whether it
    can be sent to each (with every reason if not) and the status of the latest delivery.

    Args:
        subscription_id (str):
        via (str | Unset):  Default: 'account'.
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageSendabilityOut
    """

    return sync_detailed(
        subscription_id=subscription_id,
        client=client,
        via=via,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    via: str | Unset = "account",
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | PageSendabilityOut]:
    """Subscription Devices

     The account's linked devices as seen from this subscription: which use it, whether it
    can be sent to each (with every reason if not) and the status of the latest delivery.

    Args:
        subscription_id (str):
        via (str | Unset):  Default: 'account'.
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageSendabilityOut]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        via=via,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    via: str | Unset = "account",
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Error | PageSendabilityOut | None:
    """Subscription Devices

     The account's linked devices as seen from this subscription: which use it, whether it
    can be sent to each (with every reason if not) and the status of the latest delivery.

    Args:
        subscription_id (str):
        via (str | Unset):  Default: 'account'.
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageSendabilityOut
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            client=client,
            via=via,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
