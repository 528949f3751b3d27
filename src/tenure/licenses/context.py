"""Who may call the License Manager and the licensed users' endpoints (VL-9, X-8).

A licensed user's principal (kind ``licensee``) carries the *owner's* ``account_id``, so
``ctx.account_scope`` and ``Principal.ensure_can_access`` alone would let it act as the
owner. The License Manager therefore admits principals by *kind* first: only staff and the
owner's own customer session (kind ``account``); every other kind (``licensee``,
``device``) is refused with ``license_manager_owner_only``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from tenure.api.context import SESSION, STAFF_OR_SESSION, Ctx, access, any_ctx
from tenure.auth.service import Principal
from tenure.kit.errors import Forbidden

MANAGER_KINDS = frozenset({"staff", "account"})


def owner_only() -> Forbidden:
    return Forbidden("license_manager_owner_only", "Only the account owner manages licenses.")


def ensure_manager(principal: Principal, account_id: str) -> None:
    """Staff, or the customer session of the account that owns the licenses."""
    if principal.kind not in MANAGER_KINDS:
        raise owner_only()
    principal.ensure_can_access(account_id)


@access(STAFF_OR_SESSION)
def manager_ctx(request: Request) -> Ctx:
    ctx = any_ctx(request)
    if ctx.me.kind not in MANAGER_KINDS:
        raise owner_only()
    return ctx


@access(SESSION)
def licensee_ctx(request: Request) -> Ctx:
    ctx = any_ctx(request)
    if ctx.me.kind != "licensee":
        raise Forbidden("licensee_only", "Only a licensed user signed in to the app may do this.")
    return ctx


ManagerCtx = Annotated[Ctx, Depends(manager_ctx)]
LicenseeCtx = Annotated[Ctx, Depends(licensee_ctx)]
