"""The vault index (BIZ-5 … BIZ-8): the vendor's backend registers an organization's items,
their shares and its sharing groups (bulk, idempotent); Tenure keeps the revocation plans it
decides (:mod:`tenure.domain.vault`) and the backend confirms the rows it applied.
Services never commit: the entrypoint does."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from tenure.domain import vault as rules
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.errors import Conflict, InvalidInput
from tenure.kit.ids import new_id
from tenure.kit.pages import Window
from tenure.vault import repository
from tenure.vault.models import VaultDecision, VaultGroup, VaultItem, VaultShare

MAX_BATCH = 500


@dataclass(frozen=True, slots=True)
class ShareIn:
    recipient_account_id: str | None = None
    group_id: str | None = None
    shared_by_account_id: str | None = None  # for a group share; the owner when not told


@dataclass(frozen=True, slots=True)
class ItemIn:
    item_id: str
    owner_account_id: str
    kind: str
    scope: str
    domain: str | None = None
    shares: tuple[ShareIn, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupIn:
    group_id: str
    name: str = ""
    members: tuple[str, ...] = ()


def _not_a_member(field: str, account_id: str) -> InvalidInput:
    return InvalidInput(
        "not_a_member",
        "{account_id} is not a member of the organization.",
        field=field,
        account_id=account_id,
    )


def _unique(ids: Sequence[str], field: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise InvalidInput(
                "duplicate_id",
                "{id} appears more than once in the request.",
                field=f"{field}[{index}]",
                id=value,
            )
        seen.add(value)


def upsert_items(
    session: Session,
    organization_id: str,
    items: Sequence[ItemIn],
    *,
    members: Collection[str],
    now: datetime,
    actor: Actor,
) -> int:
    """Register or replace items (their shares are replaced too). Owners and recipients must
    be members; a group share names a live sharing group. Nothing is stored unless every
    item is valid."""
    _unique([item.item_id for item in items], "items")
    everyone = set(members)
    groups = repository.groups_by_id(session, organization_id)
    cleaned: list[tuple[ItemIn, str | None]] = []
    for index, item in enumerate(items):
        where = f"items[{index}]"
        if item.owner_account_id not in everyone:
            raise _not_a_member(f"{where}.owner_account_id", item.owner_account_id)
        domain: str | None = None
        if item.domain is not None:
            try:
                domain = rules.normalize_domain(item.domain)
            except rules.InvalidDomain:
                raise InvalidInput(
                    "invalid_domain",
                    "{domain} is not a host name (such as login.example.com) nor a keyed hash "
                    "of one (hmac-sha256: and 64 hexadecimal digits).",
                    field=f"{where}.domain",
                    domain=item.domain,
                ) from None
        for number, share in enumerate(item.shares):
            at = f"{where}.shares[{number}]"
            if (share.recipient_account_id is None) == (share.group_id is None):
                raise InvalidInput(
                    "invalid_share",
                    "A share names either a recipient (recipient_account_id) or a sharing "
                    "group (group_id).",
                    field=at,
                )
            if share.recipient_account_id is not None:
                if share.recipient_account_id not in everyone:
                    raise _not_a_member(f"{at}.recipient_account_id", share.recipient_account_id)
            else:
                group = groups.get(share.group_id or "")
                if group is None or group.ended_at is not None:
                    raise InvalidInput(
                        "unknown_sharing_group",
                        "There is no sharing group {group_id} (or it has ended).",
                        field=f"{at}.group_id",
                        group_id=share.group_id,
                    )
            by = share.shared_by_account_id
            if by is not None and by not in everyone:
                raise _not_a_member(f"{at}.shared_by_account_id", by)
        cleaned.append((item, domain))
    existing = repository.items_by_id(session, organization_id, [i.item_id for i, _ in cleaned])
    repository.drop_shares(session, [row.id for row in existing.values()])
    for item, domain in cleaned:
        row = existing.get(item.item_id)
        if row is None:
            row = VaultItem(
                id=new_id("vit"),
                organization_id=organization_id,
                item_id=item.item_id,
                owner_account_id=item.owner_account_id,
                kind=item.kind,
                scope=item.scope,
                domain=domain,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
        row.owner_account_id = item.owner_account_id
        row.kind = item.kind
        row.scope = item.scope
        row.domain = domain
        row.updated_at = now
        for share in item.shares:
            session.add(
                VaultShare(
                    id=new_id("vsh"),
                    organization_id=organization_id,
                    item_pk=row.id,
                    recipient_account_id=share.recipient_account_id,
                    group_id=share.group_id,
                    shared_by_account_id=share.shared_by_account_id or item.owner_account_id,
                )
            )
    _record(
        session, organization_id, "vault_items_upserted", now=now, actor=actor, count=len(cleaned)
    )
    return len(cleaned)


def delete_items(
    session: Session, organization_id: str, item_ids: Sequence[str], *, now: datetime, actor: Actor
) -> int:
    """Forget items (and their shares); unknown ids are ignored, so a retry changes nothing."""
    _unique(item_ids, "item_ids")
    deleted = repository.drop_items(session, organization_id, item_ids)
    if deleted:
        _record(
            session, organization_id, "vault_items_deleted", now=now, actor=actor, count=deleted
        )
    return deleted


def upsert_groups(
    session: Session,
    organization_id: str,
    groups: Sequence[GroupIn],
    *,
    members: Collection[str],
    now: datetime,
    actor: Actor,
) -> int:
    """Register or replace sharing groups and their members (who must be members). A group
    that ended when the plan expired cannot come back: register a new one (BIZ-7)."""
    _unique([group.group_id for group in groups], "groups")
    everyone = set(members)
    existing = repository.groups_by_id(session, organization_id, [g.group_id for g in groups])
    for index, group in enumerate(groups):
        for number, member in enumerate(group.members):
            if member not in everyone:
                raise _not_a_member(f"groups[{index}].members[{number}]", member)
        found = existing.get(group.group_id)
        if found is not None and found.ended_at is not None:
            raise Conflict(
                "sharing_group_ended",
                "The sharing group {group_id} ended when the plan expired and cannot be "
                "restored; create a new group.",
                group_id=group.group_id,
            )
    for group in groups:
        row = existing.get(group.group_id)
        if row is None:
            row = VaultGroup(
                id=new_id("vgr"),
                organization_id=organization_id,
                group_id=group.group_id,
                name=group.name,
                ended_at=None,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
        row.name = group.name
        row.updated_at = now
        repository.set_group_members(session, row.id, group.members)
    _record(
        session, organization_id, "vault_groups_upserted", now=now, actor=actor, count=len(groups)
    )
    return len(groups)


def items(
    session: Session, organization_id: str, *, window: Window, owner: str | None = None
) -> Sequence[VaultItem]:
    return repository.items_page(session, organization_id, window=window, owner=owner)


def shares_by_item(session: Session, item_pks: Collection[str]) -> dict[str, list[VaultShare]]:
    out: dict[str, list[VaultShare]] = {}
    for share in repository.shares_of_items(session, item_pks):
        out.setdefault(share.item_pk, []).append(share)
    return out


def groups(session: Session, organization_id: str, *, window: Window) -> Sequence[VaultGroup]:
    return repository.groups_page(session, organization_id, window=window)


def members_of_groups(session: Session, group_pks: Collection[str]) -> dict[str, list[str]]:
    return repository.group_members(session, group_pks)


# --------------------------------------------------------------------------- the rules' view


def facts(
    session: Session, organization_id: str
) -> tuple[list[rules.ItemFacts], dict[str, list[str]]]:
    """The index as the rules see it: every item with its shares, and the members of each
    live sharing group."""
    live = {
        g.group_id: g
        for g in repository.groups_by_id(session, organization_id).values()
        if g.ended_at is None
    }
    members = repository.group_members(session, [g.id for g in live.values()])
    by_group = {group_id: members.get(g.id, []) for group_id, g in live.items()}
    shares: dict[str, list[VaultShare]] = {}
    for share in repository.shares_of(session, organization_id):
        shares.setdefault(share.item_pk, []).append(share)
    out: list[rules.ItemFacts] = []
    for row in repository.all_items(session, organization_id):
        mine = shares.get(row.id, [])
        out.append(
            rules.ItemFacts(
                item_id=row.item_id,
                owner=row.owner_account_id,
                kind=row.kind,
                scope=row.scope,
                domain=row.domain,
                recipients=frozenset(
                    s.recipient_account_id for s in mine if s.recipient_account_id
                ),
                groups=tuple(
                    rules.GroupShare(s.group_id, s.shared_by_account_id)
                    for s in sorted(mine, key=lambda s: (s.group_id or "", s.id))
                    if s.group_id and s.group_id in live
                ),
            )
        )
    return out, by_group


def access_of(
    session: Session, organization_id: str, account_id: str
) -> list[tuple[str, rules.Access, str, VaultDecision | None]]:
    """Per item a member has: the item id, how they have it, and its state — ``active``,
    or the newest decision's action (``revoke``, ``restore``, ``not_restored``)."""
    found, by_group = facts(session, organization_id)
    latest = repository.latest_decisions(session, organization_id, account_id)
    out: list[tuple[str, rules.Access, str, VaultDecision | None]] = []
    for item in found:
        access = rules.holders(item, by_group).get(account_id)
        decided = latest.get(item.item_id)
        if access is None and decided is None:
            continue
        state = "active" if decided is None or decided.action == "restore" else decided.action
        how: rules.Access = access if access is not None else _access(decided)
        out.append((item.item_id, how, state, decided))
    return out


def _access(decided: VaultDecision | None) -> rules.Access:
    value = decided.access if decided is not None else "owner"
    return value if value in ("one_to_one", "group") else "owner"  # type: ignore[return-value]


# --------------------------------------------------------------------------- plans


def decide(
    session: Session,
    organization_id: str,
    *,
    plan_id: str,
    cause: str,
    decisions: Sequence[rules.Decision],
    now: datetime,
) -> int:
    """Store a plan's decisions; those already stored under ``plan_id`` are skipped, so a
    retried removal, expiry or restore never doubles a row."""
    taken = repository.existing_decisions(session, plan_id)
    added = 0
    for decision in decisions:
        key = (decision.item_id, decision.account_id, decision.action)
        if key in taken:
            continue
        session.add(
            VaultDecision(
                id=new_id("vdc"),
                organization_id=organization_id,
                plan_id=plan_id,
                cause=cause,
                item_id=decision.item_id,
                account_id=decision.account_id,
                action=decision.action,
                reason=decision.reason,
                access=decision.access,
                created_at=now,
                applied_at=None,
            )
        )
        taken.add(key)
        added += 1
    return added


def plan_rows(session: Session, plan_id: str) -> Sequence[VaultDecision]:
    return repository.decisions_of_plan(session, plan_id)


def decisions(
    session: Session,
    organization_id: str,
    *,
    window: Window,
    plan_id: str | None = None,
    applied: bool | None = None,
) -> Sequence[VaultDecision]:
    return repository.decisions_page(
        session, organization_id, window=window, plan_id=plan_id, applied=applied
    )


def confirm(
    session: Session, organization_id: str, ids: Sequence[str], *, now: datetime, actor: Actor
) -> int:
    """The vendor's backend applied these rows; confirming again changes nothing."""
    _unique(ids, "ids")
    rows = repository.decisions_by_id(session, organization_id, ids)
    known = {row.id for row in rows}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise InvalidInput(
            "decision_not_found",
            "{id} is not a row of this organization's plans.",
            field="ids",
            id=unknown[0],
        )
    confirmed = 0
    for row in rows:
        if row.applied_at is None:
            row.applied_at = now
            confirmed += 1
    if confirmed:
        _record(
            session,
            organization_id,
            "vault_decisions_applied",
            now=now,
            actor=actor,
            count=confirmed,
        )
    return confirmed


def end_groups(session: Session, organization_id: str, *, now: datetime) -> list[str]:
    """Every live sharing group ends (BIZ-7): it cannot be restored."""
    ended: list[str] = []
    for group in repository.groups_by_id(session, organization_id).values():
        if group.ended_at is None:
            group.ended_at = now
            group.updated_at = now
            ended.append(group.group_id)
    return sorted(ended)


def _record(
    session: Session, organization_id: str, type: str, *, now: datetime, actor: Actor, **data: Any
) -> None:
    events.record(
        session,
        type=f"organization.{type}",
        at=now,
        actor=actor,
        subject_type="organization",
        subject_id=organization_id,
        account_id=None,
        data={"organization_id": organization_id, **data},
    )
