"""Restoring an expired business plan (BIZ-8).

* Within the plan's restore window (30 days) someone who was an **admin at expiry** asks;
  a member's request is refused (``restore_admins_only``), a late one too
  (``restore_window_over``).
* Staff restore it: the admins at expiry are members (admins) again at once, accounts
  suspended by the expiry (single sign-on) are reinstated, and for ``pay_by`` (3 days) the
  admins can update billing and buy the plan again. What was revoked from the admins at
  expiry comes back, except shared items and sharing groups (the restore plan says so, row
  by row); the other members come back by a new invitation, and their items when they
  accept.
* Bought in time: ``renewed``. Not bought by ``pay_by``: the restore **lapses** — the admins
  are removed again and the organization is expired as before (a new request may follow
  while the window lasts).
* At the end of the window, unless renewed, the revoked items are gone for good: an event
  (``organization.items_purged``) tells the vendor's backend to delete them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tenure.accounts.service import find_account, reinstate_account
from tenure.domain import vault as vault_rules
from tenure.kit.errors import Conflict, Forbidden, NotFound
from tenure.kit.ids import new_id
from tenure.organizations import repository
from tenure.organizations.models import ADMIN, Membership, Organization, OrganizationExpiry
from tenure.organizations.service import record_event
from tenure.vault import service as vault

if TYPE_CHECKING:
    from tenure.kit.actor import Actor

PAY_WITHIN = timedelta(days=3)
OPEN = ("expired", "restore_requested", "lapsed")


def find_latest(session: Session, org: Organization) -> OrganizationExpiry | None:
    return repository.latest_expiry(session, org.id)


def latest(session: Session, org: Organization) -> OrganizationExpiry:
    found = repository.latest_expiry(session, org.id)
    if found is None:
        raise NotFound("organization_not_expired", "The organization's plan has not expired.")
    return found


def _within_window(expiry: OrganizationExpiry, now: datetime) -> None:
    if now >= expiry.restore_until or expiry.status == "purged":
        raise Conflict(
            "restore_window_over",
            "The plan can be restored only until {restore_until}; after that the revoked "
            "items are gone for good.",
            restore_until=expiry.restore_until.isoformat(),
        )


def request(
    session: Session, org: Organization, *, account_id: str, now: datetime, actor: Actor
) -> OrganizationExpiry:
    """An admin at expiry asks support to restore the plan."""
    expiry = latest(session, org)
    if account_id not in expiry.admins:
        raise Forbidden(
            "restore_admins_only",
            "Only someone who was an admin of the organization when its plan expired may ask "
            "to restore it.",
        )
    _within_window(expiry, now)
    if expiry.status not in OPEN:
        raise Conflict(
            "restore_not_possible",
            "The plan is {status}; there is nothing to restore.",
            status=expiry.status,
        )
    if expiry.status != "restore_requested":
        expiry.status = "restore_requested"
        expiry.requested_by = account_id
        expiry.requested_at = now
        expiry.updated_at = now
        record_event(
            session,
            org,
            "restore_requested",
            at=now,
            actor=actor,
            expiry_id=expiry.id,
            restore_until=expiry.restore_until.isoformat(),
        )
    return expiry


def restore(
    session: Session, org: Organization, *, now: datetime, actor: Actor
) -> OrganizationExpiry:
    """Staff restore the plan (requested or not, e.g. an invoice-paid plan): see the
    module."""
    expiry = latest(session, org)
    _within_window(expiry, now)
    if expiry.status not in OPEN:
        raise Conflict(
            "restore_not_possible",
            "The plan is {status}; there is nothing to restore.",
            status=expiry.status,
        )
    back: list[str] = []
    for account_id in expiry.members:
        if find_account(session, account_id) is None:
            continue
        reinstate_account(session, account_id, by=org.id, now=now, actor=actor)
        if (
            account_id in expiry.admins
            and repository.membership(session, org.id, account_id) is None
        ):
            session.add(
                Membership(
                    id=new_id("mem"),
                    organization_id=org.id,
                    account_id=account_id,
                    role=ADMIN,
                    invitation_id=None,
                    created_at=now,
                    updated_at=now,
                )
            )
            back.append(account_id)
    expiry.status = "restored"
    expiry.restored_at = now
    expiry.pay_by = now + PAY_WITHIN
    expiry.updated_at = now
    rows = bring_back(session, org, expiry, accounts=back, now=now)
    record_event(
        session,
        org,
        "restored",
        at=now,
        actor=actor,
        expiry_id=expiry.id,
        admins=back,
        pay_by=expiry.pay_by.isoformat(),
        plan_id=restore_plan_id(expiry),
        rows=rows,
    )
    for account_id in back:
        record_event(
            session,
            org,
            "member_added",
            at=now,
            actor=actor,
            account_id=account_id,
            member_account_id=account_id,
            role=ADMIN,
            reason="restored",
        )
    return expiry


def restore_plan_id(expiry: OrganizationExpiry) -> str:
    return f"restore:{expiry.id}"


def bring_back(
    session: Session,
    org: Organization,
    expiry: OrganizationExpiry,
    *,
    accounts: list[str],
    now: datetime,
) -> int:
    """What was revoked at expiry from ``accounts`` comes back, shared items excepted."""
    revoked = [
        vault_rules.Decision(r.item_id, r.account_id, "revoke", r.reason, r.access)  # type: ignore[arg-type]
        for r in vault.plan_rows(session, expiry.plan_id)
    ]
    decisions = vault_rules.restore_plan(revoked, back=accounts)
    return vault.decide(
        session,
        org.id,
        plan_id=restore_plan_id(expiry),
        cause="restore",
        decisions=decisions,
        now=now,
    )


def on_member_joined(
    session: Session, org: Organization, account_id: str, *, now: datetime
) -> None:
    """A member at expiry re-joins a restored (or renewed) organization by accepting a new
    invitation: their owned items come back (BIZ-8)."""
    expiry = repository.latest_expiry(session, org.id)
    if expiry is None or expiry.status not in ("restored", "renewed"):
        return
    if account_id not in expiry.members or now >= expiry.restore_until:
        return
    bring_back(session, org, expiry, accounts=[account_id], now=now)


def on_plan_bought(session: Session, org: Organization, *, now: datetime, actor: Actor) -> None:
    """A business plan bought while restored settles the restore (``renewed``)."""
    expiry = repository.latest_expiry(session, org.id)
    if expiry is None or expiry.status != "restored":
        return
    expiry.status = "renewed"
    expiry.settled_at = now
    expiry.updated_at = now
    record_event(session, org, "restore_renewed", at=now, actor=actor, expiry_id=expiry.id)


def lapse(session: Session, expiry_id: str, *, now: datetime, actor: Actor) -> bool:
    """A restore not paid by ``pay_by`` lapses: the admins are removed again."""
    expiry = repository.lock_expiry(session, expiry_id)
    if expiry is None or expiry.status != "restored" or expiry.pay_by is None:
        return False
    if expiry.pay_by > now:
        return False
    org = repository.get(session, expiry.organization_id)
    assert org is not None
    for membership in repository.members(session, org.id):
        session.delete(membership)
    expiry.status = "lapsed"
    expiry.settled_at = now
    expiry.updated_at = now
    record_event(session, org, "restore_lapsed", at=now, actor=actor, expiry_id=expiry.id)
    for account_id in expiry.admins:
        record_event(
            session,
            org,
            "membership_ended",
            at=now,
            actor=actor,
            account_id=account_id,
            member_account_id=account_id,
            reason="restore_lapsed",
        )
    return True


def purge(session: Session, expiry_id: str, *, now: datetime, actor: Actor) -> bool:
    """The restore window is over: the revoked items are gone for good."""
    expiry = repository.lock_expiry(session, expiry_id)
    if expiry is None or expiry.status not in OPEN or expiry.restore_until > now:
        return False
    org = repository.get(session, expiry.organization_id)
    assert org is not None
    expiry.status = "purged"
    expiry.settled_at = now
    expiry.updated_at = now
    record_event(
        session,
        org,
        "items_purged",
        at=now,
        actor=actor,
        expiry_id=expiry.id,
        plan_id=expiry.plan_id,
    )
    return True
