from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accepted_out import AcceptedOut
from ...models.error import Error
from ...models.token_in import TokenIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: TokenIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/invitations/accept",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AcceptedOut | Error | None:
    if response.status_code == 200:
        response_200 = AcceptedOut.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AcceptedOut | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TokenIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[AcceptedOut | Error]:
    """Accept Invitation

     The invitee, signed in with the invited address (or signed up with it), accepts.
    Each failure has its own code: ``invitation_not_found``, ``invitation_already_accepted``,
    ``invitation_expired``, ``invitation_revoked``, ``invitation_for_another_email``,
    ``already_a_member``.

    Args:
        idempotency_key (str | Unset):
        body (TokenIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedOut | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: TokenIn,
    idempotency_key: str | Unset = UNSET,
) -> AcceptedOut | Error | None:
    """Accept Invitation

     The invitee, signed in with the invited address (or signed up with it), accepts.
    Each failure has its own code: ``invitation_not_found``, ``invitation_already_accepted``,
    ``invitation_expired``, ``invitation_revoked``, ``invitation_for_another_email``,
    ``already_a_member``.

    Args:
        idempotency_key (str | Unset):
        body (TokenIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedOut | Error
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TokenIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[AcceptedOut | Error]:
    """Accept Invitation

     The invitee, signed in with the invited address (or signed up with it), accepts.
    Each failure has its own code: ``invitation_not_found``, ``invitation_already_accepted``,
    ``invitation_expired``, ``invitation_revoked``, ``invitation_for_another_email``,
    ``already_a_member``.

    Args:
        idempotency_key (str | Unset):
        body (TokenIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AcceptedOut | Error]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TokenIn,
    idempotency_key: str | Unset = UNSET,
) -> AcceptedOut | Error | None:
    """Accept Invitation

     The invitee, signed in with the invited address (or signed up with it), accepts.
    Each failure has its own code: ``invitation_not_found``, ``invitation_already_accepted``,
    ``invitation_expired``, ``invitation_revoked``, ``invitation_for_another_email``,
    ``already_a_member``.

    Args:
        idempotency_key (str | Unset):
        body (TokenIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AcceptedOut | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
