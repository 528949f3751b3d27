from http import HTTPStatus
from typing import Any, Literal, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entitlement_out import EntitlementOut
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    product: None | str | Unset = UNSET,
    include: Literal["token"] | None | Unset = UNSET,
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

    json_include: Literal["token"] | None | Unset
    if isinstance(include, Unset):
        json_include = UNSET
    else:
        json_include = include
    params["include"] = json_include

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/me/entitlement",
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
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    include: Literal["token"] | None | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | EntitlementOut | Error]:
    """My Entitlement

     What the signed-in account, device or licensed user may use now (APP-3).

    A device reads its owner's entitlement, a licensed user the license's. Every live
    subscription of every channel is in the one answer, with its next charge, the last
    moment to cancel before it and where to manage it; the others say why they do not count
    (APP-12). With ``X-App-Store-Storefront`` it says whether each product and its trial are
    offered in that App Store (APP-11). Poll it with ``If-None-Match``: ``304`` while nothing
    changed (APP-10). With ``include=token`` the signed offline token (X-9) comes in the
    ``X-Entitlement-Token`` header, on the 304 too.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        include (Literal['token'] | None | Unset): `token`: also send the signed offline
            entitlement token (X-9) in the `X-Entitlement-Token` header, on a 200 and on a 304 alike
            (the body and its ETag do not change).
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
        product=product,
        include=include,
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
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    include: Literal["token"] | None | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Any | EntitlementOut | Error | None:
    """My Entitlement

     What the signed-in account, device or licensed user may use now (APP-3).

    A device reads its owner's entitlement, a licensed user the license's. Every live
    subscription of every channel is in the one answer, with its next charge, the last
    moment to cancel before it and where to manage it; the others say why they do not count
    (APP-12). With ``X-App-Store-Storefront`` it says whether each product and its trial are
    offered in that App Store (APP-11). Poll it with ``If-None-Match``: ``304`` while nothing
    changed (APP-10). With ``include=token`` the signed offline token (X-9) comes in the
    ``X-Entitlement-Token`` header, on the 304 too.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        include (Literal['token'] | None | Unset): `token`: also send the signed offline
            entitlement token (X-9) in the `X-Entitlement-Token` header, on a 200 and on a 304 alike
            (the body and its ETag do not change).
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
        client=client,
        product=product,
        include=include,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    include: Literal["token"] | None | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | EntitlementOut | Error]:
    """My Entitlement

     What the signed-in account, device or licensed user may use now (APP-3).

    A device reads its owner's entitlement, a licensed user the license's. Every live
    subscription of every channel is in the one answer, with its next charge, the last
    moment to cancel before it and where to manage it; the others say why they do not count
    (APP-12). With ``X-App-Store-Storefront`` it says whether each product and its trial are
    offered in that App Store (APP-11). Poll it with ``If-None-Match``: ``304`` while nothing
    changed (APP-10). With ``include=token`` the signed offline token (X-9) comes in the
    ``X-Entitlement-Token`` header, on the 304 too.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        include (Literal['token'] | None | Unset): `token`: also send the signed offline
            entitlement token (X-9) in the `X-Entitlement-Token` header, on a 200 and on a 304 alike
            (the body and its ETag do not change).
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
        product=product,
        include=include,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    include: Literal["token"] | None | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    if_none_match: None | str | Unset = UNSET,
) -> Any | EntitlementOut | Error | None:
    """My Entitlement

     What the signed-in account, device or licensed user may use now (APP-3).

    A device reads its owner's entitlement, a licensed user the license's. Every live
    subscription of every channel is in the one answer, with its next charge, the last
    moment to cancel before it and where to manage it; the others say why they do not count
    (APP-12). With ``X-App-Store-Storefront`` it says whether each product and its trial are
    offered in that App Store (APP-11). Poll it with ``If-None-Match``: ``304`` while nothing
    changed (APP-10). With ``include=token`` the signed offline token (X-9) comes in the
    ``X-Entitlement-Token`` header, on the 304 too.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        include (Literal['token'] | None | Unset): `token`: also send the signed offline
            entitlement token (X-9) in the `X-Entitlement-Token` header, on a 200 and on a 304 alike
            (the body and its ETag do not change).
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
            client=client,
            product=product,
            include=include,
            x_app_platform=x_app_platform,
            x_app_version=x_app_version,
            x_os_version=x_os_version,
            x_app_store_storefront=x_app_store_storefront,
            if_none_match=if_none_match,
        )
    ).parsed
