from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.organization_out import OrganizationOut
from ...models.settings_in import SettingsIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    organization_id: str,
    *,
    body: SettingsIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/organizations/{organization_id}/settings".format(
            organization_id=quote(str(organization_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | OrganizationOut | None:
    if response.status_code == 200:
        response_200 = OrganizationOut.from_dict(response.json())

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
) -> Response[Error | OrganizationOut]:
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
    body: SettingsIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | OrganizationOut]:
    """Change Settings

     Admins choose single sign-on (BIZ-4), the data policy on expiry (BIZ-5: lose_all,
    keep_all, keep_personal), revoking the company's logins from removed members with the
    company's domains (BIZ-6), and record (or drop, with null) the directory connection.

    Args:
        organization_id (str):
        idempotency_key (str | Unset):
        body (SettingsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | OrganizationOut]
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
    body: SettingsIn,
    idempotency_key: str | Unset = UNSET,
) -> Error | OrganizationOut | None:
    """Change Settings

     Admins choose single sign-on (BIZ-4), the data policy on expiry (BIZ-5: lose_all,
    keep_all, keep_personal), revoking the company's logins from removed members with the
    company's domains (BIZ-6), and record (or drop, with null) the directory connection.

    Args:
        organization_id (str):
        idempotency_key (str | Unset):
        body (SettingsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | OrganizationOut
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
    body: SettingsIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | OrganizationOut]:
    """Change Settings

     Admins choose single sign-on (BIZ-4), the data policy on expiry (BIZ-5: lose_all,
    keep_all, keep_personal), revoking the company's logins from removed members with the
    company's domains (BIZ-6), and record (or drop, with null) the directory connection.

    Args:
        organization_id (str):
        idempotency_key (str | Unset):
        body (SettingsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | OrganizationOut]
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
    body: SettingsIn,
    idempotency_key: str | Unset = UNSET,
) -> Error | OrganizationOut | None:
    """Change Settings

     Admins choose single sign-on (BIZ-4), the data policy on expiry (BIZ-5: lose_all,
    keep_all, keep_personal), revoking the company's logins from removed members with the
    company's domains (BIZ-6), and record (or drop, with null) the directory connection.

    Args:
        organization_id (str):
        idempotency_key (str | Unset):
        body (SettingsIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | OrganizationOut
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
