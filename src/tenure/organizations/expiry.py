"""When an organization's business plan expires (BIZ-3 … BIZ-7): applied once, in the same
transaction as the subscription's expiry (the end of grace, or the end of a cancelled or
non-renewing period), at that instant, by whichever worker runs it.

* every member, admins included, gets a trial of the plan's ``expiry_trial`` (30 days of
  Premium) on their own account, ending in the plan's ``fallback_plan`` (Free) unless
  bought (BIZ-3) — not those whose account is suspended by single sign-on, nor those who
  already hold a subscription of that product;
* the business features stop for everyone: the memberships end (admins at expiry are
  remembered for a restore) and pending invitations are revoked;
* with single sign-on on, every member's account is suspended (BIZ-4);
* the revocation plan is decided from the vault index (data policy BIZ-5, company domains
  BIZ-6, sharing BIZ-7), stored and announced; sharing groups end; the directory connection
  is dropped;
* admins and members are emailed their new status, each in their language.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from tenure.accounts import lookups as account_lookups
from tenure.accounts.service import suspend_account
from tenure.catalog.service import current_catalog, plan_of
from tenure.domain import vault as vault_rules
from tenure.kit.clock import rfc3339
from tenure.kit.ids import new_id
from tenure.notifications.service import enqueue_email
from tenure.organizations import repository
from tenure.organizations.models import ADMIN, REVOKED, OrganizationExpiry
from tenure.organizations.service import (
    live_subscriptions,
    memberships_ended,
    policy_of,
    record_event,
)
from tenure.subscriptions import purchase
from tenure.vault import service as vault

if TYPE_CHECKING:
    from tenure.catalog.schema import Plan
    from tenure.kit.actor import Actor
    from tenure.organizations.models import Organization
    from tenure.subscriptions.models import Subscription

SSO_PLAN_EXPIRED = "sso_plan_expired"


class BusinessLifecycle:
    """What a business plan adds to the subscription life cycle: its end is the
    organization's expiry (plugged in by :mod:`tenure.wiring`)."""

    def renewal_terms(self, session: Session, sub: Subscription, plan: Plan) -> tuple[int, int]:
        unit = sub.unit_amount if plan.code == sub.plan_code else plan.prices.get(sub.currency, 0)
        return sub.quantity, unit

    def on_roll(self, session: Session, sub: Subscription, *, now: datetime, actor: Actor) -> None:
        return None

    def on_end(self, session: Session, sub: Subscription, *, now: datetime, actor: Actor) -> None:
        expire_organization(session, sub, now=now, actor=actor)


def expire_organization(
    session: Session, sub: Subscription, *, now: datetime, actor: Actor
) -> OrganizationExpiry | None:
    """Apply the expiry of ``sub`` to its organization (see the module), once. ``None`` when
    ``sub`` is no organization's, was switched to another plan, or the organization keeps
    another live business subscription."""
    if sub.end_reason == "switched":
        return None
    org = repository.by_account(session, sub.account_id)
    if org is None:
        return None
    if repository.expiry_of_subscription(session, sub.id) is not None:
        return None  # applied already
    still = [
        s
        for s in live_subscriptions(session, org)
        if s.id != sub.id and plan_of(session, s).kind == "business"
    ]
    if still:
        return None
    plan = plan_of(session, sub)
    # BIZ-4: single sign-on is a feature of the plan (Business); on another plan the setting
    # has no effect.
    sso = org.sso_enabled and "sso" in plan.features
    memberships = list(repository.members(session, org.id))
    admins = sorted(m.account_id for m in memberships if m.role == ADMIN)
    everyone = sorted(m.account_id for m in memberships)
    expiry = OrganizationExpiry(
        id=new_id("oex"),
        organization_id=org.id,
        subscription_id=sub.id,
        plan_code=sub.plan_code,
        reason=sub.end_reason or "expired",
        expired_at=now,
        admins=admins,
        members=everyone,
        sso_enabled=sso,
        plan_id="",
        restore_until=now + timedelta(days=plan.restore_window_days),
        status="expired",
        requested_by=None,
        requested_at=None,
        restored_at=None,
        pay_by=None,
        settled_at=None,
        purged_at=None,
        restores=0,
        created_at=now,
        updated_at=now,
    )
    expiry.plan_id = f"expiry:{expiry.id}"
    session.add(expiry)

    # The revocation plan (BIZ-5, BIZ-6, BIZ-7), decided before the groups end.
    items, by_group = vault.facts(session, org.id)
    decisions = vault_rules.expiry_plan(items, by_group, members=everyone, policy=policy_of(org))
    rows = vault.decide(
        session, org.id, plan_id=expiry.plan_id, cause="expiry", decisions=decisions, now=now
    )
    ended_groups = vault.end_groups(session, org.id, now=now)
    directory = org.directory
    org.directory = None
    org.updated_at = now

    # The memberships end; pending invitations with them.
    for membership in memberships:
        session.delete(membership)
    for invitation in repository.pending_invitations(session, org.id):
        invitation.status = REVOKED
        invitation.revoked_at = now
        invitation.updated_at = now

    # BIZ-4, then BIZ-3.
    trials: dict[str, Subscription] = {}
    for account_id in everyone:
        if sso:
            suspend_account(
                session, account_id, reason=SSO_PLAN_EXPIRED, by=org.id, now=now, actor=actor
            )
            continue
        if plan.expiry_trial is not None:
            granted = purchase.grant_trial(
                session,
                account_id=account_id,
                plan_code=plan.expiry_trial.plan,
                days=plan.expiry_trial.days,
                reason=f"organization_expired:{org.id}",
                now=now,
                actor=actor,
            )
            if granted is not None:
                trials[account_id] = granted

    record_event(
        session,
        org,
        "expired",
        at=now,
        actor=actor,
        subscription_id=sub.id,
        plan=sub.plan_code,
        reason=expiry.reason,
        admins=admins,
        members=everyone,
        sso_enabled=sso,
        restore_until=rfc3339(expiry.restore_until),
        trials=sorted(trials),
        sharing_groups_ended=ended_groups,
        directory_dropped=directory is not None,
    )
    record_event(
        session,
        org,
        "items_revoked",
        at=now,
        actor=actor,
        plan_id=expiry.plan_id,
        cause="expiry",
        rows=rows,
    )
    memberships_ended(session, org, everyone, reason="plan_expired", at=now, actor=actor)
    _tell_everyone(session, org, expiry, plan=plan, trials=trials, now=now)
    return expiry


def _tell_everyone(
    session: Session,
    org: Organization,
    expiry: OrganizationExpiry,
    *,
    plan: Plan,
    trials: dict[str, Subscription],
    now: datetime,
) -> None:
    """Admins and members are emailed their new status, each in their language (BIZ-2)."""
    loaded = current_catalog(session)
    trial_plan = loaded.find_plan(plan.expiry_trial.plan) if plan.expiry_trial else None
    fallback = loaded.find_plan(plan.fallback_plan) if plan.fallback_plan else None
    for person in account_lookups.load_many(session, expiry.members):
        trial = trials.get(person.id)
        context: dict[str, Any] = {
            "organization_name": org.name,
            "plan_name": plan.name,
            "role": ADMIN if person.id in expiry.admins else "member",
            "suspended": expiry.sso_enabled,
            "trial_plan_name": trial_plan.name if trial and trial_plan else None,
            "trial_ends_at": trial.trial_end if trial else None,
            "fallback_plan_name": fallback.name if fallback else None,
            "restore_until": expiry.restore_until if person.id in expiry.admins else None,
            "name": person.name,
        }
        enqueue_email(
            session,
            to=person.email,
            template="organization_expired",
            locale=person.locale,
            context=context,
            now=now,
            account_id=person.id,
            dedupe_key=f"organization_expired:{expiry.id}:{person.id}",
        )
