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

from tenure.accounts.service import find_account, reinstate_account, suspend_account
from tenure.catalog.service import plan_of
from tenure.domain import vault as vault_rules
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, Forbidden, NotFound
from tenure.kit.ids import new_id
from tenure.organizations import repository
from tenure.organizations.expiry import SSO_PLAN_EXPIRED
from tenure.organizations.models import ADMIN, Membership, Organization, OrganizationExpiry
from tenure.organizations.service import (
    ensure_allowed,
    live_subscriptions,
    memberships_ended,
    record_event,
)
from tenure.vault import service as vault

if TYPE_CHECKING:
    from tenure.auth.service import Principal
    from tenure.kit.actor import Actor

PAY_WITHIN = timedelta(days=3)
OPEN = ("expired", "restore_requested", "lapsed")


def find_latest(session: Session, org: Organization) -> OrganizationExpiry | None:
    return repository.latest_expiry(session, org.id)


def readable(session: Session, org: Organization, principal: Principal) -> OrganizationExpiry:
    """The latest expiry, for staff, the organization's admins and those who were admins
    at expiry; who may not is told so before being told there is none."""
    expiry = find_latest(session, org)
    if not principal.is_staff and (expiry is None or principal.account_id not in expiry.admins):
        ensure_allowed(session, org, principal, admin=True)
    return latest(session, org)


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
            restore_until=rfc3339(expiry.restore_until),
        )


def request(
    session: Session, org: Organization, *, account_id: str, now: datetime, actor: Actor
) -> OrganizationExpiry:
    """An admin at expiry asks support to restore the plan."""
    expiry = find_latest(session, org)
    if expiry is None:  # nothing to restore: said only to those who may ask
        principal_admin = repository.membership(session, org.id, account_id)
        if principal_admin is None or principal_admin.role != ADMIN:
            raise Forbidden(
                "organization_admin_only", "Only an admin of the organization may do this."
            )
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
            restore_until=rfc3339(expiry.restore_until),
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
    expiry.restores += 1
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
        pay_by=rfc3339(expiry.pay_by),
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
    """The plan of what the latest restore brought back (a restore after a lapse makes a
    new one)."""
    base = f"restore:{expiry.id}"
    return base if expiry.restores <= 1 else f"{base}:{expiry.restores}"


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
    session: Session, org: Organization, account_id: str, *, now: datetime, actor: Actor
) -> None:
    """A member at expiry re-joins a restored (or renewed) organization by accepting a new
    invitation: their owned items come back (BIZ-8)."""
    expiry = repository.latest_expiry(session, org.id)
    if expiry is None or expiry.status not in ("restored", "renewed"):
        return
    if account_id not in expiry.members or now >= expiry.restore_until:
        return
    rows = bring_back(session, org, expiry, accounts=[account_id], now=now)
    record_event(
        session,
        org,
        "items_restored",
        at=now,
        actor=actor,
        account_id=account_id,
        member_account_id=account_id,
        plan_id=restore_plan_id(expiry),
        rows=rows,
    )


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
    """At ``pay_by``: a restored plan bought again (through any route) is ``renewed``; one
    not paid lapses — the admins are removed again, what the restore gave back is revoked
    again and the accounts single sign-on suspended are suspended again."""
    expiry = repository.lock_expiry(session, expiry_id)
    if expiry is None or expiry.status != "restored" or expiry.pay_by is None:
        return False
    if expiry.pay_by > now:
        return False
    org = repository.get(session, expiry.organization_id)
    assert org is not None
    if any(plan_of(session, s).kind == "business" for s in live_subscriptions(session, org)):
        on_plan_bought(session, org, now=now, actor=actor)
        return True
    for membership in repository.members(session, org.id):
        session.delete(membership)
    given_back = [
        vault_rules.Decision(r.item_id, r.account_id, "revoke", "restore_lapsed", "owner")
        for r in vault.plan_rows(session, restore_plan_id(expiry))
        if r.action == "restore"
    ]
    lapse_plan = f"lapse:{restore_plan_id(expiry).removeprefix('restore:')}"
    rows = vault.decide(
        session, org.id, plan_id=lapse_plan, cause="restore_lapsed", decisions=given_back, now=now
    )
    if expiry.sso_enabled:
        for account_id in expiry.members:
            if find_account(session, account_id) is not None:
                suspend_account(
                    session, account_id, reason=SSO_PLAN_EXPIRED, by=org.id, now=now, actor=actor
                )
    expiry.status = "lapsed"
    expiry.settled_at = now
    expiry.updated_at = now
    record_event(
        session,
        org,
        "restore_lapsed",
        at=now,
        actor=actor,
        expiry_id=expiry.id,
        plan_id=lapse_plan,
        rows=rows,
    )
    memberships_ended(session, org, expiry.admins, reason="restore_lapsed", at=now, actor=actor)
    return True


def purge(session: Session, expiry_id: str, *, now: datetime, actor: Actor) -> bool:
    """The restore window is over: what was revoked at expiry and did not come back is gone
    for good (for a renewed plan: that of the members who did not re-join)."""
    expiry = repository.lock_expiry(session, expiry_id)
    if expiry is None or expiry.purged_at is not None or expiry.restore_until > now:
        return False
    if expiry.status not in (*OPEN, "renewed"):
        return False
    org = repository.get(session, expiry.organization_id)
    assert org is not None
    revoked = {r.account_id for r in vault.plan_rows(session, expiry.plan_id)}
    if expiry.status == "renewed":
        back = {r.account_id for r in vault.plan_rows(session, restore_plan_id(expiry))}
        gone = sorted(revoked - back)
    else:
        expiry.status = "purged"
        gone = sorted(revoked)
    expiry.purged_at = now
    expiry.settled_at = expiry.settled_at or now
    expiry.updated_at = now
    record_event(
        session,
        org,
        "items_purged",
        at=now,
        actor=actor,
        expiry_id=expiry.id,
        plan_id=expiry.plan_id,
        accounts=gone,
    )
    return True
