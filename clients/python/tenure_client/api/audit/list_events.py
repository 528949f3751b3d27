from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.page_event_out import PageEventOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    account_id: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    actor_kind: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_account_id: None | str | Unset
    if isinstance(account_id, Unset):
        json_account_id = UNSET
    else:
        json_account_id = account_id
    params["account_id"] = json_account_id

    json_subject_id: None | str | Unset
    if isinstance(subject_id, Unset):
        json_subject_id = UNSET
    else:
        json_subject_id = subject_id
    params["subject_id"] = json_subject_id

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_actor_kind: None | str | Unset
    if isinstance(actor_kind, Unset):
        json_actor_kind = UNSET
    else:
        json_actor_kind = actor_kind
    params["actor_kind"] = json_actor_kind

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
        "url": "/v1/events",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | PageEventOut | None:
    if response.status_code == 200:
        response_200 = PageEventOut.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | PageEventOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    account_id: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    actor_kind: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | PageEventOut]:
    """List Events

     The audit trail (X-3): who (staff, owner, admin, device, store, scheduler) did what,
    when — every state change, oldest first.

    Args:
        account_id (None | str | Unset):
        subject_id (None | str | Unset):
        type_ (None | str | Unset): An event type, e.g. invoice.paid.
        actor_kind (None | str | Unset): staff, account, scheduler, …
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageEventOut]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        subject_id=subject_id,
        type_=type_,
        actor_kind=actor_kind,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    account_id: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    actor_kind: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Error | PageEventOut | None:
    """List Events

     The audit trail (X-3): who (staff, owner, admin, device, store, scheduler) did what,
    when — every state change, oldest first.

    Args:
        account_id (None | str | Unset):
        subject_id (None | str | Unset):
        type_ (None | str | Unset): An event type, e.g. invoice.paid.
        actor_kind (None | str | Unset): staff, account, scheduler, …
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageEventOut
    """

    return sync_detailed(
        client=client,
        account_id=account_id,
        subject_id=subject_id,
        type_=type_,
        actor_kind=actor_kind,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    account_id: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    actor_kind: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | PageEventOut]:
    """List Events

     The audit trail (X-3): who (staff, owner, admin, device, store, scheduler) did what,
    when — every state change, oldest first.

    Args:
        account_id (None | str | Unset):
        subject_id (None | str | Unset):
        type_ (None | str | Unset): An event type, e.g. invoice.paid.
        actor_kind (None | str | Unset): staff, account, scheduler, …
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageEventOut]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        subject_id=subject_id,
        type_=type_,
        actor_kind=actor_kind,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    account_id: None | str | Unset = UNSET,
    subject_id: None | str | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    actor_kind: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Error | PageEventOut | None:
    """List Events

     The audit trail (X-3): who (staff, owner, admin, device, store, scheduler) did what,
    when — every state change, oldest first.

    Args:
        account_id (None | str | Unset):
        subject_id (None | str | Unset):
        type_ (None | str | Unset): An event type, e.g. invoice.paid.
        actor_kind (None | str | Unset): staff, account, scheduler, …
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageEventOut
    """

    return (
        await asyncio_detailed(
            client=client,
            account_id=account_id,
            subject_id=subject_id,
            type_=type_,
            actor_kind=actor_kind,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
