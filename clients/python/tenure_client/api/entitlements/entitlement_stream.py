from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    last_event_id: None | str | Unset = UNSET,
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

    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id

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
        "url": "/v1/me/entitlement/stream",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
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
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    last_event_id: None | str | Unset = UNSET,
) -> Response[Any | Error]:
    """Entitlement Stream

     Server-sent events with the entitlement, at once and on every change (APP-10).

    For an account, a device or a licensed user (``text/event-stream``): an ``entitlement``
    event at once and again within seconds of any change, made on any API process. Each is
    followed by a ``token`` event (X-9): ``{"token", "kid", "expires_at"}``, the signed
    offline token ``GET /v1/me/entitlement/token`` returns, sent again when half of its
    lifetime has passed even when nothing changed.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        last_event_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        product=product,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        last_event_id=last_event_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    last_event_id: None | str | Unset = UNSET,
) -> Any | Error | None:
    """Entitlement Stream

     Server-sent events with the entitlement, at once and on every change (APP-10).

    For an account, a device or a licensed user (``text/event-stream``): an ``entitlement``
    event at once and again within seconds of any change, made on any API process. Each is
    followed by a ``token`` event (X-9): ``{"token", "kid", "expires_at"}``, the signed
    offline token ``GET /v1/me/entitlement/token`` returns, sent again when half of its
    lifetime has passed even when nothing changed.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        last_event_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        client=client,
        product=product,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        last_event_id=last_event_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    last_event_id: None | str | Unset = UNSET,
) -> Response[Any | Error]:
    """Entitlement Stream

     Server-sent events with the entitlement, at once and on every change (APP-10).

    For an account, a device or a licensed user (``text/event-stream``): an ``entitlement``
    event at once and again within seconds of any change, made on any API process. Each is
    followed by a ``token`` event (X-9): ``{"token", "kid", "expires_at"}``, the signed
    offline token ``GET /v1/me/entitlement/token`` returns, sent again when half of its
    lifetime has passed even when nothing changed.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        last_event_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        product=product,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
        x_app_store_storefront=x_app_store_storefront,
        last_event_id=last_event_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
    x_app_store_storefront: None | str | Unset = UNSET,
    last_event_id: None | str | Unset = UNSET,
) -> Any | Error | None:
    """Entitlement Stream

     Server-sent events with the entitlement, at once and on every change (APP-10).

    For an account, a device or a licensed user (``text/event-stream``): an ``entitlement``
    event at once and again within seconds of any change, made on any API process. Each is
    followed by a ``token`` event (X-9): ``{"token", "kid", "expires_at"}``, the signed
    offline token ``GET /v1/me/entitlement/token`` returns, sent again when half of its
    lifetime has passed even when nothing changed.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.
        x_app_store_storefront (None | str | Unset): The App Store storefront's country from
            StoreKit (Storefront.countryCode, e.g. DNK); it, not the device's region, decides what is
            offered (APP-11).
        last_event_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            product=product,
            x_app_platform=x_app_platform,
            x_app_version=x_app_version,
            x_os_version=x_os_version,
            x_app_store_storefront=x_app_store_storefront,
            last_event_id=last_event_id,
        )
    ).parsed
