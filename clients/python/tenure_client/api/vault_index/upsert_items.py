from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.count_out import CountOut
from ...models.error import Error
from ...models.items_in import ItemsIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    organization_id: str,
    *,
    body: ItemsIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/organizations/{organization_id}/vault/items".format(
            organization_id=quote(str(organization_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CountOut | Error | None:
    if response.status_code == 200:
        response_200 = CountOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CountOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    body: ItemsIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[CountOut | Error]:
    """Upsert Items

     Register or replace up to 500 items with their shares (a retry changes nothing).

    Args:
        organization_id (str):
        idempotency_key (str | Unset):
        body (ItemsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CountOut | Error]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    body: ItemsIn,
    idempotency_key: str | Unset = UNSET,
) -> CountOut | Error | None:
    """Upsert Items

     Register or replace up to 500 items with their shares (a retry changes nothing).

    Args:
        organization_id (str):
        idempotency_key (str | Unset):
        body (ItemsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CountOut | Error
    """

    return sync_detailed(
        organization_id=organization_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    body: ItemsIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[CountOut | Error]:
    """Upsert Items

     Register or replace up to 500 items with their shares (a retry changes nothing).

    Args:
        organization_id (str):
        idempotency_key (str | Unset):
        body (ItemsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CountOut | Error]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    body: ItemsIn,
    idempotency_key: str | Unset = UNSET,
) -> CountOut | Error | None:
    """Upsert Items

     Register or replace up to 500 items with their shares (a retry changes nothing).

    Args:
        organization_id (str):
        idempotency_key (str | Unset):
        body (ItemsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CountOut | Error
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
