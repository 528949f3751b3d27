"""The vault index API (BIZ-5 … BIZ-8), for the vendor's backend (a staff key): register an
organization's items, shares and sharing groups in bulk (idempotent), read what each member
has, and read and confirm the revocation plans Tenure decides."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from tenure.api.context import Ctx, StaffCtx
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.organizations import service as organizations
from tenure.vault import service
from tenure.vault.schemas import (
    AccessOut,
    ConfirmIn,
    CountOut,
    DecisionOut,
    GroupOut,
    GroupsIn,
    ItemIdsIn,
    ItemOut,
    ItemsIn,
)

api = router("/v1/organizations/{organization_id}/vault", tags=["vault index"])


def _members(ctx: Ctx, organization_id: str) -> set[str]:
    org = organizations.get(ctx.session, organization_id)
    return {m.account_id for m in organizations.all_members(ctx.session, org)}


@api.put("/items")
def upsert_items(organization_id: str, body: ItemsIn, ctx: StaffCtx) -> CountOut:
    """Register or replace up to 500 items with their shares (a retry changes nothing)."""
    members = _members(ctx, organization_id)
    count = service.upsert_items(
        ctx.session,
        organization_id,
        [
            service.ItemIn(
                item_id=i.item_id,
                owner_account_id=i.owner_account_id,
                kind=i.kind,
                scope=i.scope,
                domain=i.domain,
                shares=tuple(
                    service.ShareIn(
                        recipient_account_id=s.recipient_account_id,
                        group_id=s.group_id,
                        shared_by_account_id=s.shared_by_account_id,
                    )
                    for s in i.shares
                ),
            )
            for i in body.items
        ],
        members=members,
        now=ctx.now,
        actor=ctx.actor,
    )
    return CountOut(count=count)


@api.post("/items/delete")
def delete_items(organization_id: str, body: ItemIdsIn, ctx: StaffCtx) -> CountOut:
    """Forget up to 500 items; unknown ids are ignored (a retry changes nothing)."""
    organizations.get(ctx.session, organization_id)
    count = service.delete_items(
        ctx.session, organization_id, body.item_ids, now=ctx.now, actor=ctx.actor
    )
    return CountOut(count=count)


@api.get("/items")
def list_items(
    organization_id: str,
    ctx: StaffCtx,
    window: Paging,
    owner: Annotated[str | None, Query(max_length=40, description="One member's.")] = None,
) -> Page[ItemOut]:
    organizations.get(ctx.session, organization_id)
    rows = service.items(ctx.session, organization_id, window=window, owner=owner)
    shares = service.shares_by_item(ctx.session, [r.id for r in rows])
    return page(rows, window, key=lambda r: (r.item_id,),
                out=lambda r: ItemOut.of(r, shares.get(r.id, [])))  # fmt: skip


@api.put("/groups")
def upsert_groups(organization_id: str, body: GroupsIn, ctx: StaffCtx) -> CountOut:
    """Register or replace sharing groups and their members."""
    members = _members(ctx, organization_id)
    count = service.upsert_groups(
        ctx.session,
        organization_id,
        [service.GroupIn(g.group_id, g.name, tuple(g.members)) for g in body.groups],
        members=members,
        now=ctx.now,
        actor=ctx.actor,
    )
    return CountOut(count=count)


@api.get("/groups")
def list_groups(organization_id: str, ctx: StaffCtx, window: Paging) -> Page[GroupOut]:
    organizations.get(ctx.session, organization_id)
    rows = service.groups(ctx.session, organization_id, window=window)
    members = service.members_of_groups(ctx.session, [r.id for r in rows])
    return page(rows, window, key=lambda r: (r.group_id,),
                out=lambda r: GroupOut.of(r, members.get(r.id, [])))  # fmt: skip


@api.get("/access/{account_id}")
def member_access(organization_id: str, account_id: str, ctx: StaffCtx) -> list[AccessOut]:
    """Every item one member has (or had), how, and whether it is active or revoked."""
    organizations.get(ctx.session, organization_id)
    return [
        AccessOut(
            item_id=item_id,
            access=access,
            state=state,
            reason=decided.reason if decided is not None and state != "active" else None,
        )
        for item_id, access, state, decided in service.access_of(
            ctx.session, organization_id, account_id
        )
    ]


@api.get("/decisions")
def list_decisions(
    organization_id: str,
    ctx: StaffCtx,
    window: Paging,
    plan_id: Annotated[str | None, Query(max_length=80)] = None,
    applied: Annotated[bool | None, Query(description="Only applied (or not) rows.")] = None,
) -> Page[DecisionOut]:
    """The revocation plans, oldest row first: apply them, then confirm."""
    organizations.get(ctx.session, organization_id)
    rows = service.decisions(
        ctx.session, organization_id, window=window, plan_id=plan_id, applied=applied
    )
    return page(rows, window, key=lambda r: (r.created_at, r.id), out=DecisionOut.of)


@api.post("/decisions/confirm")
def confirm_decisions(organization_id: str, body: ConfirmIn, ctx: StaffCtx) -> CountOut:
    """Your backend applied these rows (confirming again changes nothing)."""
    organizations.get(ctx.session, organization_id)
    count = service.confirm(ctx.session, organization_id, body.ids, now=ctx.now, actor=ctx.actor)
    return CountOut(count=count)
