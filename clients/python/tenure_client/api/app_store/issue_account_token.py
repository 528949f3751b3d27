from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.account_token_in import AccountTokenIn
from ...models.account_token_out import AccountTokenOut
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: AccountTokenIn | None | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_app_platform, Unset):
        headers["X-App-Platform"] = x_app_platform

    if not isinstance(x_app_version, Unset):
        headers["X-App-Version"] = x_app_version

    if not isinstance(x_os_version, Unset):
        headers["X-OS-Version"] = x_os_version

    if not isinstance(x_app_store_storefront, Unset):
        headers["X-App-Store-Storefront"] = x_app_store_storefront

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/channels/app_store/account_token",
    }

    if isinstance(body, AccountTokenIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccountTokenOut | Error | None:
    if response.status_code == 200:
        response_200 = AccountTokenOut.from_dict(response.json())

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
) -> Response[AccountTokenOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AccountTokenIn | None | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[AccountTokenOut | Error]:
    """Issue Account Token

     The account's appAccountToken, for StoreKit: links an in-app purchase to the account.

    For a signed-in customer or a linked device (staff name the account). The app passes it
    to StoreKit when a purchase starts; the same token is returned every time. With the
    storefront (``X-App-Store-Storefront``, or ``storefront`` in the body) it says per
    product whether it and its free trial are offered in that App Store (APP-11).

    Args:
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        idempotency_key (str | Unset):
        body (AccountTokenIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountTokenOut | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: AccountTokenIn | None | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> AccountTokenOut | Error | None:
    """Issue Account Token

     The account's appAccountToken, for StoreKit: links an in-app purchase to the account.

    For a signed-in customer or a linked device (staff name the account). The app passes it
    to StoreKit when a purchase starts; the same token is returned every time. With the
    storefront (``X-App-Store-Storefront``, or ``storefront`` in the body) it says per
    product whether it and its free trial are offered in that App Store (APP-11).

    Args:
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        idempotency_key (str | Unset):
        body (AccountTokenIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountTokenOut | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AccountTokenIn | None | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[AccountTokenOut | Error]:
    """Issue Account Token

     The account's appAccountToken, for StoreKit: links an in-app purchase to the account.

    For a signed-in customer or a linked device (staff name the account). The app passes it
    to StoreKit when a purchase starts; the same token is returned every time. With the
    storefront (``X-App-Store-Storefront``, or ``storefront`` in the body) it says per
    product whether it and its free trial are offered in that App Store (APP-11).

    Args:
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        idempotency_key (str | Unset):
        body (AccountTokenIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountTokenOut | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AccountTokenIn | None | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> AccountTokenOut | Error | None:
    """Issue Account Token

     The account's appAccountToken, for StoreKit: links an in-app purchase to the account.

    For a signed-in customer or a linked device (staff name the account). The app passes it
    to StoreKit when a purchase starts; the same token is returned every time. With the
    storefront (``X-App-Store-Storefront``, or ``storefront`` in the body) it says per
    product whether it and its free trial are offered in that App Store (APP-11).

    Args:
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        idempotency_key (str | Unset):
        body (AccountTokenIn | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountTokenOut | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_app_platform=x_app_platform,
            x_app_version=x_app_version,
            x_os_version=x_os_version,
            x_app_store_storefront=x_app_store_storefront,
            idempotency_key=idempotency_key,
        )
    ).parsed
