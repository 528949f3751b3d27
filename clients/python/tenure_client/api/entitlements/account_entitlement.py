from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entitlement_out import EntitlementOut
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    *,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
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

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    json_product: None | str | Unset
    if isinstance(product, Unset):
        json_product = UNSET
    else:
        json_product = product
    params["product"] = json_product

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/accounts/{account_id}/entitlement".format(
            account_id=quote(str(account_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | EntitlementOut | Error | None:
    if response.status_code == 200:
        response_200 = EntitlementOut.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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
) -> Response[Any | EntitlementOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | EntitlementOut | Error]:
    """Account Entitlement

     Staff (or the account itself) read an account's entitlement.

    Args:
        account_id (str):
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | EntitlementOut | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        product=product,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Any | EntitlementOut | Error | None:
    """Account Entitlement

     Staff (or the account itself) read an account's entitlement.

    Args:
        account_id (str):
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | EntitlementOut | Error
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        product=product,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | EntitlementOut | Error]:
    """Account Entitlement

     Staff (or the account itself) read an account's entitlement.

    Args:
        account_id (str):
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | EntitlementOut | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        product=product,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Any | EntitlementOut | Error | None:
    """Account Entitlement

     Staff (or the account itself) read an account's entitlement.

    Args:
        account_id (str):
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        if_none_match (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | EntitlementOut | Error
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            product=product,
            x_app_platform=x_app_platform,
            x_app_version=x_app_version,
            x_os_version=x_os_version,
            x_app_store_storefront=x_app_store_storefront,
            if_none_match=if_none_match,
        )
    ).parsed
