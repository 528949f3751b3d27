"""Every query on the vault index and its revocation plans."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tenure.kit.pages import Window, keyset
from tenure.vault.models import VaultDecision, VaultGroup, VaultGroupMember, VaultItem, VaultShare


def items_by_id(
    session: Session, organization_id: str, item_ids: Collection[str]
) -> dict[str, VaultItem]:
    if not item_ids:
        return {}
    rows = session.scalars(
        select(VaultItem).where(
            VaultItem.organization_id == organization_id, VaultItem.item_id.in_(list(item_ids))
        )
    ).all()
    return {row.item_id: row for row in rows}


def all_items(session: Session, organization_id: str) -> Sequence[VaultItem]:
    return session.scalars(
        select(VaultItem)
        .where(VaultItem.organization_id == organization_id)
        .order_by(VaultItem.item_id)
    ).all()


def items_page(
    session: Session, organization_id: str, *, window: Window, owner: str | None
) -> Sequence[VaultItem]:
    query = select(VaultItem).where(VaultItem.organization_id == organization_id)
    if owner is not None:
        query = query.where(VaultItem.owner_account_id == owner)
    return session.scalars(keyset(query, [VaultItem.item_id], window)).all()


def shares_of(session: Session, organization_id: str) -> Sequence[VaultShare]:
    return session.scalars(
        select(VaultShare).where(VaultShare.organization_id == organization_id)
    ).all()


def shares_of_items(session: Session, item_pks: Collection[str]) -> Sequence[VaultShare]:
    if not item_pks:
        return []
    return session.scalars(select(VaultShare).where(VaultShare.item_pk.in_(list(item_pks)))).all()


def drop_shares(session: Session, item_pks: Collection[str]) -> None:
    if item_pks:
        session.execute(delete(VaultShare).where(VaultShare.item_pk.in_(list(item_pks))))


def drop_items(session: Session, organization_id: str, item_ids: Collection[str]) -> int:
    found = items_by_id(session, organization_id, item_ids)
    drop_shares(session, [row.id for row in found.values()])
    for row in found.values():
        session.delete(row)
    return len(found)


def groups_by_id(
    session: Session, organization_id: str, group_ids: Collection[str] | None = None
) -> dict[str, VaultGroup]:
    query = select(VaultGroup).where(VaultGroup.organization_id == organization_id)
    if group_ids is not None:
        if not group_ids:
            return {}
        query = query.where(VaultGroup.group_id.in_(list(group_ids)))
    return {row.group_id: row for row in session.scalars(query).all()}


def groups_page(session: Session, organization_id: str, *, window: Window) -> Sequence[VaultGroup]:
    query = select(VaultGroup).where(VaultGroup.organization_id == organization_id)
    return session.scalars(keyset(query, [VaultGroup.group_id], window)).all()


def group_members(session: Session, group_pks: Collection[str]) -> dict[str, list[str]]:
    if not group_pks:
        return {}
    rows = session.execute(
        select(VaultGroupMember.group_pk, VaultGroupMember.account_id)
        .where(VaultGroupMember.group_pk.in_(list(group_pks)))
        .order_by(VaultGroupMember.account_id)
    ).all()
    out: dict[str, list[str]] = {}
    for group_pk, account_id in rows:
        out.setdefault(group_pk, []).append(account_id)
    return out


def set_group_members(session: Session, group_pk: str, members: Collection[str]) -> None:
    session.execute(delete(VaultGroupMember).where(VaultGroupMember.group_pk == group_pk))
    for account_id in sorted(set(members)):
        session.add(VaultGroupMember(group_pk=group_pk, account_id=account_id))


def existing_decisions(session: Session, plan_id: str) -> set[tuple[str, str, str]]:
    rows = session.execute(
        select(VaultDecision.item_id, VaultDecision.account_id, VaultDecision.action).where(
            VaultDecision.plan_id == plan_id
        )
    ).all()
    return {(item, account, action) for item, account, action in rows}


def decisions_page(
    session: Session,
    organization_id: str,
    *,
    window: Window,
    plan_id: str | None,
    applied: bool | None,
) -> Sequence[VaultDecision]:
    query = select(VaultDecision).where(VaultDecision.organization_id == organization_id)
    if plan_id is not None:
        query = query.where(VaultDecision.plan_id == plan_id)
    if applied is not None:
        query = query.where(
            VaultDecision.applied_at.is_not(None) if applied else VaultDecision.applied_at.is_(None)
        )
    return session.scalars(
        keyset(query, [VaultDecision.created_at, VaultDecision.id], window)
    ).all()


def decisions_of_plan(session: Session, plan_id: str) -> Sequence[VaultDecision]:
    return session.scalars(
        select(VaultDecision)
        .where(VaultDecision.plan_id == plan_id)
        .order_by(VaultDecision.item_id, VaultDecision.account_id)
    ).all()


def decisions_by_id(
    session: Session, organization_id: str, ids: Collection[str]
) -> Sequence[VaultDecision]:
    if not ids:
        return []
    return session.scalars(
        select(VaultDecision).where(
            VaultDecision.organization_id == organization_id, VaultDecision.id.in_(list(ids))
        )
    ).all()


def latest_decisions(
    session: Session, organization_id: str, account_id: str
) -> dict[str, VaultDecision]:
    """The newest decision per item for one member (what their access is now)."""
    rows = session.scalars(
        select(VaultDecision)
        .where(
            VaultDecision.organization_id == organization_id,
            VaultDecision.account_id == account_id,
        )
        .order_by(VaultDecision.created_at, VaultDecision.id)
    ).all()
    return {row.item_id: row for row in rows}
