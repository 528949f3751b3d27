"""Accounts API: staff create and find accounts; customers sign up and manage their own."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from tenure.accounts import service
from tenure.accounts.schemas import AccountCreate, AccountOut, AccountUpdate
from tenure.api.context import (
    Access,
    AccountCtx,
    Ctx,
    OwnerCtx,
    StaffCtx,
    access,
    any_ctx,
    public_ctx,
    staff_route,
)
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.kit.actor import Actor
from tenure.kit.errors import InvalidInput

api = router("/v1", tags=["accounts"])


@access(Access(("staffKey",), optional=True))
def _signup_ctx(request: Request) -> Ctx:
    """Anyone may sign up; a caller who sends credentials is authenticated (staff)."""
    if request.headers.get("authorization"):
        return any_ctx(request)
    return public_ctx(request)


SignupCtx = Annotated[Ctx, Depends(_signup_ctx)]


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


@api.post("/accounts", status_code=201)
def create_account(body: AccountCreate, ctx: SignupCtx) -> AccountOut:
    """Staff create an account for a customer (the password is optional: the customer can
    sign in with a magic link). Without an API key this is the public self sign-up, which
    needs a password."""
    is_staff = ctx.principal is not None and ctx.principal.is_staff
    if not is_staff and body.password is None:
        raise InvalidInput("password_required", "Choose a password to sign up.", field="password")
    account = service.create_account(
        ctx.session,
        email=body.email,
        name=body.name,
        country=body.country,
        locale=body.locale,
        password=body.password,
        now=ctx.now,
        actor=ctx.actor if is_staff else Actor("account", None),
    )
    return AccountOut.of(account)


@api.get("/accounts")
def list_accounts(
    ctx: StaffCtx,
    window: Paging,
    email: Annotated[
        str | None, Query(max_length=320, description="Find the account with this email.")
    ] = None,
) -> Page[AccountOut]:
    """Staff: find an account by email, or list the accounts, newest first."""
    accounts = service.recent_accounts(ctx.session, window=window, email=email)
    return page(accounts, window, key=lambda a: (a.id,), out=AccountOut.of)


@api.get("/accounts/{account_id}")
def read_account(account_id: str, ctx: OwnerCtx) -> AccountOut:
    ctx.ensure_can_access(account_id)
    return AccountOut.of(service.get_account(ctx.session, account_id))


@api.patch("/accounts/{account_id}")
def update_account(
    account_id: str, body: AccountUpdate, ctx: OwnerCtx, request: Request
) -> AccountOut:
    """Change name, country, language or password. An account changing its own password
    gives the current one; the new password signs out the account's other sessions."""
    ctx.ensure_can_access(account_id)
    country = body.country
    if "country" in body.model_fields_set and country is None:
        country = ""  # an explicit null clears the country
    account = service.update_account(
        ctx.session,
        account_id=account_id,
        name=body.name,
        country=country,
        locale=body.locale,
        password=body.password,
        current_password=body.current_password,
        require_current_password=not ctx.me.is_staff,
        keep_session=None if ctx.me.is_staff else _bearer(request),
        now=ctx.now,
        actor=ctx.actor,
    )
    return AccountOut.of(account)


@api.get("/me", openapi_extra=staff_route("GET /v1/accounts/{account_id}"))
def read_me(ctx: AccountCtx) -> AccountOut:
    """The signed-in customer's own account."""
    assert ctx.me.account_id is not None
    return AccountOut.of(service.get_account(ctx.session, ctx.me.account_id))
