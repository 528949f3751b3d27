"""Per-request context and the dependencies that say who may call an endpoint (X-8)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from tenure.accounts.service import find_account
from tenure.api.routing import session_of
from tenure.auth.service import Principal, administers_account, authenticate
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
        """The account a request acts on: the caller's own, (staff) the one named, or (an
        organization's admin) their organization's billing account, named."""
        me = self.me
        if me.is_staff:
            if not account_id:
                raise InvalidInput("account_id_required", "Name the account (account_id).")
            return account_id
        if account_id and account_id != me.account_id:
            self.ensure_can_access(account_id)
            return account_id
        assert me.account_id is not None
        return me.account_id

    def acts_for(self, account_id: str) -> bool:
        """May the caller act on ``account_id``'s subscriptions, payment methods, invoices and
        credit? Staff on every account; a customer on their own, and on the billing account
        of an organization they are an admin of (BIZ-1)."""
        me = self.me
        if me.is_staff or me.account_id == account_id:
            return True
        return (
            me.kind == "account"
            and me.account_id is not None
            and administers_account()(
                self.session, account_id=me.account_id, billing_account_id=account_id
            )
        )

    def ensure_can_access(self, account_id: str) -> None:
        """:meth:`acts_for`, or ``403 forbidden``."""
        if not self.acts_for(account_id):
            raise Forbidden("forbidden", "You may not access this resource.")


@dataclass(frozen=True)
class Access:
    """Who may call the routes that depend on a dependency, for the API contract (X-11):
    the bearer schemes that may authenticate (none: public), and whether credentials are
    optional (sent by staff to see more). ``tenure.api.openapi`` derives each operation's
    ``security`` and its 401/403 answers from it."""

    schemes: tuple[str, ...] = ()
    optional: bool = False

    def security(self) -> list[dict[str, list[str]]]:
        requirements: list[dict[str, list[str]]] = [{name: []} for name in self.schemes]
        return [{}, *requirements] if self.optional and requirements else requirements


PUBLIC = Access()
STAFF = Access(("staffKey",))
SESSION = Access(("sessionToken",))
STAFF_OR_SESSION = Access(("staffKey", "sessionToken"))

# Each dependency that says who may call, with what it allows (see :func:`access`).
ACCESS: dict[Callable[..., Any], Access] = {}
F = TypeVar("F", bound=Callable[..., Any])


def access(allowed: Access) -> Callable[[F], F]:
    """Register a dependency as saying who may call the routes that use it."""

    def register(dependency: F) -> F:
        ACCESS[dependency] = allowed
        return dependency

    return register


def credentials(allowed: Access, name: str) -> Callable[[], None]:
    """A dependency that only documents who may call, for routes that check the caller's
    token themselves (the devices' connection requests, the entitlement stream)."""

    def documented() -> None:
        return None

    documented.__name__ = name
    return access(allowed)(documented)


# The routes of a signed-in customer, device or licensed user ("me") name, in their
# ``openapi_extra``, the route staff use for the same thing (``staff_route``).
STAFF_ROUTE = "x-tenure-staff-route"


def staff_route(route: str) -> dict[str, str]:
    """``openapi_extra`` of a "me" route: a staff key calling it is told to use ``route``."""
    return {STAFF_ROUTE: route}


def refuse_staff_on_me(request: Request, principal: Principal) -> None:
    """A staff API key acts for no one: on a "me" route it is told the staff route (X-11)."""
    if not principal.is_staff:
        return
    route = request.scope.get("route")
    instead = (getattr(route, "openapi_extra", None) or {}).get(STAFF_ROUTE)
    if instead:
        raise Forbidden(
            "staff_use_staff_route",
            "A staff API key is not signed in as a customer, device or licensed user: "
            "use {staff_route}.",
            staff_route=instead,
        )


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
            refuse_staff_on_me(request, principal)
            if principal.account_id is not None:
                account = find_account(reader, principal.account_id)
                fallback = account.locale if account else None
    locale = negotiate(request.headers.get("accept-language"), fallback)
    request.state.locale = locale
    return Ctx(session=session, container=container, principal=principal, locale=locale, now=now)


@access(PUBLIC)
def public_ctx(request: Request) -> Ctx:
    return _build(request, authenticate_caller=False)


@access(STAFF_OR_SESSION)
def any_ctx(request: Request) -> Ctx:
    return _build(request, authenticate_caller=True)


@access(STAFF)
def staff_ctx(request: Request) -> Ctx:
    ctx = _build(request, authenticate_caller=True)
    if not ctx.me.is_staff:
        raise Forbidden("staff_only", "Only staff may do this.")
    return ctx


@access(SESSION)
def account_ctx(request: Request) -> Ctx:
    ctx = _build(request, authenticate_caller=True)
    if ctx.me.kind != "account":
        raise Forbidden("account_only", "Only the account's owner may do this.")
    return ctx


@access(STAFF_OR_SESSION)
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
