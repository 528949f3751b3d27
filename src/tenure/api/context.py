"""Per-request context and the dependencies that say who may call an endpoint (X-8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from tenure.accounts.models import Account
from tenure.api.routing import session_of
from tenure.auth.service import Principal, authenticate
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.errors import Forbidden, InvalidInput
from tenure.kit.i18n import negotiate


@dataclass
class Ctx:
    session: Session
    container: Container
    principal: Principal | None
    locale: str
    now: datetime

    @property
    def actor(self) -> Actor:
        return self.principal.actor if self.principal else Actor.system()

    @property
    def me(self) -> Principal:
        if self.principal is None:  # pragma: no cover - guarded by the dependency
            raise Forbidden("forbidden", "You may not access this resource.")
        return self.principal

    def account_scope(self, account_id: str | None) -> str:
        """The account a request acts on: the caller's own, or (staff) the one named."""
        me = self.me
        if me.is_staff:
            if not account_id:
                raise InvalidInput("account_id_required", "Name the account (account_id).")
            return account_id
        if account_id and account_id != me.account_id:
            raise Forbidden("forbidden", "You may not access this resource.")
        assert me.account_id is not None
        return me.account_id


def container_of(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _build(request: Request, *, authenticate_caller: bool) -> Ctx:
    container = container_of(request)
    session = session_of(request)
    now = container.clock.now()
    principal: Principal | None = None
    fallback: str | None = None
    if authenticate_caller:
        # Who is calling is read in a short read-only transaction of its own, so that a write
        # request takes its locks (SQLite's write lock, PostgreSQL's row locks) only inside
        # the endpoint, in one thread, and holds them until the commit right after it.
        with container.db.transaction(write=False) as reader:
            principal = authenticate(reader, bearer=_bearer(request), now=now)
            if principal.account_id is not None:
                account = reader.get(Account, principal.account_id)
                fallback = account.locale if account else None
    locale = negotiate(request.headers.get("accept-language"), fallback)
    request.state.locale = locale
    return Ctx(session=session, container=container, principal=principal, locale=locale, now=now)


def public_ctx(request: Request) -> Ctx:
    return _build(request, authenticate_caller=False)


def any_ctx(request: Request) -> Ctx:
    return _build(request, authenticate_caller=True)


def staff_ctx(request: Request) -> Ctx:
    ctx = _build(request, authenticate_caller=True)
    if not ctx.me.is_staff:
        raise Forbidden("staff_only", "Only staff may do this.")
    return ctx


def account_ctx(request: Request) -> Ctx:
    ctx = _build(request, authenticate_caller=True)
    if ctx.me.kind != "account":
        raise Forbidden("account_only", "Only the account's owner may do this.")
    return ctx


def staff_or_account_ctx(request: Request) -> Ctx:
    ctx = _build(request, authenticate_caller=True)
    if ctx.me.kind not in ("staff", "account"):
        raise Forbidden("forbidden", "You may not access this resource.")
    return ctx


PublicCtx = Annotated[Ctx, Depends(public_ctx)]
AnyCtx = Annotated[Ctx, Depends(any_ctx)]
StaffCtx = Annotated[Ctx, Depends(staff_ctx)]
AccountCtx = Annotated[Ctx, Depends(account_ctx)]
OwnerCtx = Annotated[Ctx, Depends(staff_or_account_ctx)]
