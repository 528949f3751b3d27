from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entitlement_token_out import EntitlementTokenOut
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_app_platform, Unset):
        headers["X-App-Platform"] = x_app_platform

    if not isinstance(x_app_version, Unset):
        headers["X-App-Version"] = x_app_version

    if not isinstance(x_os_version, Unset):
        headers["X-OS-Version"] = x_os_version

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
        "url": "/v1/me/entitlement/token",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EntitlementTokenOut | Error | None:
    if response.status_code == 200:
        response_200 = EntitlementTokenOut.from_dict(response.json())

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
) -> Response[EntitlementTokenOut | Error]:
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
) -> Response[EntitlementTokenOut | Error]:
    """My Entitlement Token

     X-9: the entitlement as a signed, short-lived token, for an app to verify offline
    (so it never shows a false "expired" without the network). Valid for
    ``TENURE_ENTITLEMENT_TOKEN_TTL_HOURS`` (72 by default); fetch a new one while online.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntitlementTokenOut | Error]
    """

    kwargs = _get_kwargs(
        product=product,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
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
) -> EntitlementTokenOut | Error | None:
    """My Entitlement Token

     X-9: the entitlement as a signed, short-lived token, for an app to verify offline
    (so it never shows a false "expired" without the network). Valid for
    ``TENURE_ENTITLEMENT_TOKEN_TTL_HOURS`` (72 by default); fetch a new one while online.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntitlementTokenOut | Error
    """

    return sync_detailed(
        client=client,
        product=product,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    product: None | str | Unset = UNSET,
    x_app_platform: None | str | Unset = UNSET,
    x_app_version: None | str | Unset = UNSET,
    x_os_version: None | str | Unset = UNSET,
) -> Response[EntitlementTokenOut | Error]:
    """My Entitlement Token

     X-9: the entitlement as a signed, short-lived token, for an app to verify offline
    (so it never shows a false "expired" without the network). Valid for
    ``TENURE_ENTITLEMENT_TOKEN_TTL_HOURS`` (72 by default); fetch a new one while online.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntitlementTokenOut | Error]
    """

    kwargs = _get_kwargs(
        product=product,
        x_app_platform=x_app_platform,
        x_app_version=x_app_version,
        x_os_version=x_os_version,
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
) -> EntitlementTokenOut | Error | None:
    """My Entitlement Token

     X-9: the entitlement as a signed, short-lived token, for an app to verify offline
    (so it never shows a false "expired" without the network). Valid for
    ``TENURE_ENTITLEMENT_TOKEN_TTL_HOURS`` (72 by default); fetch a new one while online.

    Args:
        product (None | str | Unset): Only this product's subscriptions.
        x_app_platform (None | str | Unset): The app's platform (APP-2).
        x_app_version (None | str | Unset): The app's version.
        x_os_version (None | str | Unset): The operating system's version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntitlementTokenOut | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            product=product,
            x_app_platform=x_app_platform,
            x_app_version=x_app_version,
            x_os_version=x_os_version,
        )
    ).parsed
