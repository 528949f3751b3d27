from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.list_notifications_outcome_type_0 import ListNotificationsOutcomeType0
from ...models.page_notification_out import PageNotificationOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    outcome: ListNotificationsOutcomeType0 | None | Unset = UNSET,
    original_transaction_id: None | str | Unset = UNSET,
    account_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_outcome: None | str | Unset
    if isinstance(outcome, Unset):
        json_outcome = UNSET
    elif isinstance(outcome, ListNotificationsOutcomeType0):
        json_outcome = outcome.value
    else:
        json_outcome = outcome
    params["outcome"] = json_outcome

    json_original_transaction_id: None | str | Unset
    if isinstance(original_transaction_id, Unset):
        json_original_transaction_id = UNSET
    else:
        json_original_transaction_id = original_transaction_id
    params["original_transaction_id"] = json_original_transaction_id

    json_account_id: None | str | Unset
    if isinstance(account_id, Unset):
        json_account_id = UNSET
    else:
        json_account_id = account_id
    params["account_id"] = json_account_id

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
        "url": "/v1/channels/app_store/notifications",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PageNotificationOut | None:
    if response.status_code == 200:
        response_200 = PageNotificationOut.from_dict(response.json())

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
) -> Response[Error | PageNotificationOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    outcome: ListNotificationsOutcomeType0 | None | Unset = UNSET,
    original_transaction_id: None | str | Unset = UNSET,
    account_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | PageNotificationOut]:
    """List Notifications

     Received App Store notifications, newest first (staff): what each one did.

    Args:
        outcome (ListNotificationsOutcomeType0 | None | Unset): e.g. unlinked
        original_transaction_id (None | str | Unset):
        account_id (None | str | Unset):
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageNotificationOut]
    """

    kwargs = _get_kwargs(
        outcome=outcome,
        original_transaction_id=original_transaction_id,
        account_id=account_id,
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
    outcome: ListNotificationsOutcomeType0 | None | Unset = UNSET,
    original_transaction_id: None | str | Unset = UNSET,
    account_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Error | PageNotificationOut | None:
    """List Notifications

     Received App Store notifications, newest first (staff): what each one did.

    Args:
        outcome (ListNotificationsOutcomeType0 | None | Unset): e.g. unlinked
        original_transaction_id (None | str | Unset):
        account_id (None | str | Unset):
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageNotificationOut
    """

    return sync_detailed(
        client=client,
        outcome=outcome,
        original_transaction_id=original_transaction_id,
        account_id=account_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    outcome: ListNotificationsOutcomeType0 | None | Unset = UNSET,
    original_transaction_id: None | str | Unset = UNSET,
    account_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Error | PageNotificationOut]:
    """List Notifications

     Received App Store notifications, newest first (staff): what each one did.

    Args:
        outcome (ListNotificationsOutcomeType0 | None | Unset): e.g. unlinked
        original_transaction_id (None | str | Unset):
        account_id (None | str | Unset):
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PageNotificationOut]
    """

    kwargs = _get_kwargs(
        outcome=outcome,
        original_transaction_id=original_transaction_id,
        account_id=account_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    outcome: ListNotificationsOutcomeType0 | None | Unset = UNSET,
    original_transaction_id: None | str | Unset = UNSET,
    account_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Error | PageNotificationOut | None:
    """List Notifications

     Received App Store notifications, newest first (staff): what each one did.

    Args:
        outcome (ListNotificationsOutcomeType0 | None | Unset): e.g. unlinked
        original_transaction_id (None | str | Unset):
        account_id (None | str | Unset):
        limit (int | Unset): Items per page (at most 200). Default: 50.
        cursor (None | str | Unset): The next_cursor of the previous page; none for the first
            page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PageNotificationOut
    """

    return (
        await asyncio_detailed(
            client=client,
            outcome=outcome,
            original_transaction_id=original_transaction_id,
            account_id=account_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
