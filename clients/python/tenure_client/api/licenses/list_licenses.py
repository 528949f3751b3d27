from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.license_page import LicensePage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: str,
    *,
    include_ended: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["include_ended"] = include_ended

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
        "url": "/v1/volume_subscriptions/{subscription_id}/licenses".format(
            subscription_id=quote(str(subscription_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | LicensePage | None:
    if response.status_code == 200:
        response_200 = LicensePage.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | LicensePage]:
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
    include_ended: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | LicensePage]:
    """List Licenses

     The License Manager (VL-9): every license of a volume subscription, who holds it and
    whether it renews at the next billing cycle (VL-11). No passwords here: see ``setup``.

    Args:
        subscription_id (str):
        include_ended (bool | Unset): Also list ended licenses. Default: False.
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LicensePage]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        include_ended=include_ended,
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
    include_ended: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Error | LicensePage | None:
    """List Licenses

     The License Manager (VL-9): every license of a volume subscription, who holds it and
    whether it renews at the next billing cycle (VL-11). No passwords here: see ``setup``.

    Args:
        subscription_id (str):
        include_ended (bool | Unset): Also list ended licenses. Default: False.
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LicensePage
    """

    return sync_detailed(
        subscription_id=subscription_id,
        client=client,
        include_ended=include_ended,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    include_ended: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | LicensePage]:
    """List Licenses

     The License Manager (VL-9): every license of a volume subscription, who holds it and
    whether it renews at the next billing cycle (VL-11). No passwords here: see ``setup``.

    Args:
        subscription_id (str):
        include_ended (bool | Unset): Also list ended licenses. Default: False.
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LicensePage]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        include_ended=include_ended,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    *,
    client: AuthenticatedClient,
    include_ended: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Error | LicensePage | None:
    """List Licenses

     The License Manager (VL-9): every license of a volume subscription, who holds it and
    whether it renews at the next billing cycle (VL-11). No passwords here: see ``setup``.

    Args:
        subscription_id (str):
        include_ended (bool | Unset): Also list ended licenses. Default: False.
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LicensePage
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            client=client,
            include_ended=include_ended,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
