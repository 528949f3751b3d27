"""Organizations (BIZ-1): creating one, its settings, its admins and members, seats,
what its subscriptions grant its people, who its emails go to (BIZ-2, BIZ-10) and the staff
worklist of organizations in grace (BIZ-9). Services never commit: the entrypoint does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from tenure.accounts import lookups as account_lookups
from tenure.accounts.service import (
    create_billing_account,
    get_account,
    update_billing_account,
)
from tenure.billing.service import open_invoice_of_subscription
from tenure.catalog.service import plan_of
from tenure.domain import vault as vault_rules
from tenure.domain.entitlement import COUNTING_STATUSES
from tenure.entitlements.extensions import Grant
from tenure.events import service as events
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from tenure.kit.ids import new_id
from tenure.kit.money import Money
from tenure.kit.pages import Window, window_of
from tenure.notifications.service import Recipient, last_queued
from tenure.organizations import repository
from tenure.organizations.models import (
    ADMIN,
    DATA_POLICIES,
    KEEP_ALL,
    Membership,
    Organization,
)
from tenure.subscriptions import lookups as subscriptions
from tenure.vault import service as vault

if TYPE_CHECKING:
    from tenure.accounts.models import Account
    from tenure.auth.service import Principal
    from tenure.events.models import Event
    from tenure.kit.actor import Actor
    from tenure.subscriptions.models import Subscription

# Emails about an organization's billing account go to these people instead of its billing
# address: grace to the admins (BIZ-2), the plan's end to everyone (BIZ-2, BIZ-10).
ADMIN_TEMPLATES = frozenset({"payment_failed", "grace_started", "grace_reminder"})
EVERYONE_TEMPLATES = frozenset({"plan_ending"})
# When its last business plan ends its people are told by ``organization_expired``
# (organizations.expiry); when another one remains, everyone is told this one ended.
NOBODY_TEMPLATES = frozenset({"subscription_expired"})


def record_event(
    session: Session,
    org: Organization,
    type: str,
    *,
    at: datetime,
    actor: Actor,
    account_id: str | None = None,
    **data: Any,
) -> None:
    """``organization.{type}``, about the organization (X-3). ``account_id``: the person it
    concerns (their status stream wakes), else the organization's billing account."""
    events.record(
        session,
        type=f"organization.{type}",
        at=at,
        actor=actor,
        subject_type="organization",
        subject_id=org.id,
        account_id=account_id or org.account_id,
        data={"organization_id": org.id, **data},
    )


# --------------------------------------------------------------------------- organizations


def _check_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput("invalid_name", "Give the organization a name.", field="name")
    return cleaned


def create(
    session: Session,
    *,
    name: str,
    billing_email: str,
    locale: str,
    admin_account_id: str,
    now: datetime,
    actor: Actor,
) -> Organization:
    """A new organization with its billing account and its first admin."""
    admin = get_account(session, admin_account_id)
    if admin.kind != "person":
        raise InvalidInput(
            "admin_must_be_a_person",
            "The first admin must be a person's account.",
            field="admin_account_id",
        )
    cleaned = _check_name(name)
    account = create_billing_account(
        session, email=billing_email, name=cleaned, locale=locale, now=now
    )
    session.flush()  # the billing account exists before the organization refers to it
    org = Organization(
        id=new_id("org"),
        account_id=account.id,
        name=cleaned,
        sso_enabled=False,
        data_policy=KEEP_ALL,
        revoke_company_items=False,
        company_domains=[],
        directory=None,
        created_at=now,
        updated_at=now,
    )
    session.add(org)
    session.flush()
    session.add(
        Membership(
            id=new_id("mem"),
            organization_id=org.id,
            account_id=admin.id,
            role=ADMIN,
            invitation_id=None,
            created_at=now,
            updated_at=now,
        )
    )
    record_event(
        session,
        org,
        "created",
        at=now,
        actor=actor,
        name=org.name,
        billing_email=account.email,
        locale=account.locale,
    )
    record_event(
        session,
        org,
        "member_added",
        at=now,
        actor=actor,
        account_id=admin.id,
        member_account_id=admin.id,
        role=ADMIN,
    )
    return org


def get(session: Session, organization_id: str, *, for_update: bool = False) -> Organization:
    org = repository.get(session, organization_id, for_update=for_update)
    if org is None:
        raise NotFound(
            "organization_not_found",
            "Organization {organization_id} was not found.",
            organization_id=organization_id,
        )
    return org


def billing_account(session: Session, org: Organization) -> Account:
    return get_account(session, org.account_id)


def update(
    session: Session,
    org: Organization,
    *,
    name: str | None,
    billing_email: str | None,
    locale: str | None,
    now: datetime,
    actor: Actor,
) -> Organization:
    changed: dict[str, Any] = {}
    if name is not None and name.strip() != org.name:
        org.name = _check_name(name)
        changed["name"] = org.name
    account = update_billing_account(
        session,
        org.account_id,
        email=billing_email,
        name=org.name,
        locale=locale,
        now=now,
    )
    if billing_email is not None:
        changed["billing_email"] = account.email
    if locale is not None:
        changed["locale"] = account.locale
    if changed:
        org.updated_at = now
        record_event(session, org, "updated", at=now, actor=actor, **changed)
    return org


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """What an admin changes (``None``: unchanged)."""

    sso_enabled: bool | None = None
    data_policy: str | None = None
    revoke_company_items: bool | None = None
    company_domains: Sequence[str] | None = None
    directory: dict[str, Any] | None = None
    drop_directory: bool = False


def policy_of(org: Organization) -> vault_rules.Policy:
    """The settings that decide what happens to items (BIZ-5, BIZ-6)."""
    return vault_rules.Policy(
        data_policy=org.data_policy,
        revoke_company_items=org.revoke_company_items,
        company_domains=tuple(org.company_domains or ()),
    )


def change_settings(
    session: Session, org: Organization, change: SettingsChange, *, now: datetime, actor: Actor
) -> Organization:
    """Admins choose single sign-on (BIZ-4), the data policy on expiry (BIZ-5), revoking the
    company's logins from removed members with the company's domains (BIZ-6) and record the
    directory connection. Domains are normalized like the items' (a host, or a keyed hash)."""
    changed: dict[str, Any] = {}
    if change.data_policy is not None:
        if change.data_policy not in DATA_POLICIES:
            raise InvalidInput(
                "invalid_data_policy",
                "The data policy is one of: {allowed}.",
                field="data_policy",
                allowed=", ".join(DATA_POLICIES),
            )
        org.data_policy = change.data_policy
        changed["data_policy"] = org.data_policy
    if change.company_domains is not None:
        domains: list[str] = []
        for index, domain in enumerate(change.company_domains):
            try:
                normalized = vault_rules.normalize_domain(domain)
            except vault_rules.InvalidDomain:
                raise InvalidInput(
                    "invalid_domain",
                    "{domain} is not a host name (such as login.example.com) nor a keyed "
                    "hash of one (hmac-sha256: and 64 hexadecimal digits).",
                    field=f"company_domains[{index}]",
                    domain=domain,
                ) from None
            if normalized not in domains:
                domains.append(normalized)
        org.company_domains = domains
        changed["company_domains"] = domains
    if change.sso_enabled is not None:
        org.sso_enabled = change.sso_enabled
        changed["sso_enabled"] = org.sso_enabled
    if change.revoke_company_items is not None:
        org.revoke_company_items = change.revoke_company_items
        changed["revoke_company_items"] = org.revoke_company_items
    if change.drop_directory:
        org.directory = None
        changed["directory"] = None
    elif change.directory is not None:
        org.directory = {**change.directory, "connected_at": rfc3339(now)}
        changed["directory"] = org.directory
    if changed:
        org.updated_at = now
        record_event(session, org, "settings_changed", at=now, actor=actor, **changed)
    return org


def listed(session: Session, *, window: Window, name: str | None) -> Sequence[Organization]:
    """Staff: every organization (whose name contains ``name``), oldest first."""
    return repository.page(session, window=window, name=name)


def of_member(session: Session, account_id: str, *, window: Window) -> Sequence[Organization]:
    """The organizations ``account_id`` belongs to."""
    return repository.of_member(session, account_id, window=window)


# --------------------------------------------------------------------------- who may


def role_of(session: Session, org: Organization, account_id: str | None) -> str | None:
    if account_id is None:
        return None
    found = repository.membership(session, org.id, account_id)
    return found.role if found else None


def ensure_allowed(
    session: Session, org: Organization, principal: Principal, *, admin: bool
) -> str | None:
    """Staff may do everything; an admin everything about their organization; a member only
    read it and their own membership; nobody else anything (X-8). Returns the caller's
    role (``None`` for staff)."""
    if principal.is_staff:
        return None
    role = role_of(session, org, principal.account_id) if principal.kind == "account" else None
    if role is None:
        raise Forbidden("forbidden", "You may not access this resource.")
    if admin and role != ADMIN:
        raise Forbidden("organization_admin_only", "Only an admin of the organization may do this.")
    return role


def administers(session: Session, *, account_id: str, billing_account_id: str) -> bool:
    """Is ``account_id`` an admin of the organization that ``billing_account_id`` belongs to?
    (Admins act on their organization's subscriptions, payment methods and invoices.)"""
    return repository.administers(
        session, account_id=account_id, billing_account_id=billing_account_id
    )


# --------------------------------------------------------------------------- members


def members(session: Session, org: Organization, *, window: Window) -> Sequence[Membership]:
    return repository.members(session, org.id, window=window)


def all_members(session: Session, org: Organization) -> Sequence[Membership]:
    return repository.members(session, org.id)


def membership_of(session: Session, org: Organization, account_id: str) -> Membership:
    found = repository.membership(session, org.id, account_id)
    if found is None:
        raise NotFound(
            "member_not_found",
            "Account {account_id} is not a member of the organization.",
            account_id=account_id,
        )
    return found


def _last_admin() -> Conflict:
    return Conflict(
        "last_admin",
        "An organization must keep at least one admin. Make another member an admin first.",
    )


def _locked_member(session: Session, org: Organization, account_id: str) -> tuple[Membership, int]:
    """The membership, with every membership of the organization locked, and how many admins
    there are (the decision is made on the whole list)."""
    everyone = repository.members_locked(session, org.id)
    target = next((m for m in everyone if m.account_id == account_id), None)
    if target is None:
        raise NotFound(
            "member_not_found",
            "Account {account_id} is not a member of the organization.",
            account_id=account_id,
        )
    return target, sum(1 for m in everyone if m.role == ADMIN)


def change_role(
    session: Session, org: Organization, *, account_id: str, role: str, now: datetime, actor: Actor
) -> Membership:
    """Promote a member to admin or demote an admin to member; the last admin stays one."""
    target, admins = _locked_member(session, org, account_id)
    if target.role == role:
        return target
    if target.role == ADMIN and admins <= 1:
        raise _last_admin()
    before = target.role
    target.role = role
    target.updated_at = now
    record_event(
        session,
        org,
        "member_promoted" if role == ADMIN else "member_demoted",
        at=now,
        actor=actor,
        account_id=account_id,
        member_account_id=account_id,
        role=role,
        previous_role=before,
    )
    return target


def remove_member(
    session: Session,
    org: Organization,
    *,
    account_id: str,
    now: datetime,
    actor: Actor,
    left: bool = False,
) -> Membership:
    """An admin removes a member, or a member leaves (``left``); the last admin can do
    neither. What the organization granted them ends at once (their status stream is told)."""
    target, admins = _locked_member(session, org, account_id)
    if target.role == ADMIN and admins <= 1:
        raise _last_admin()
    session.delete(target)
    record_event(
        session,
        org,
        "member_left" if left else "member_removed",
        at=now,
        actor=actor,
        account_id=account_id,
        member_account_id=account_id,
        role=target.role,
    )
    _revoke_company_items(session, org, account_id, now=now, actor=actor)
    return target


def memberships_ended(
    session: Session,
    org: Organization,
    account_ids: Sequence[str],
    *,
    reason: str,
    at: datetime,
    actor: Actor,
) -> None:
    """One ``organization.membership_ended`` per person, filed under them, so each one's
    status stream is told at once (the plan expired, a restore lapsed)."""
    for account_id in account_ids:
        record_event(
            session,
            org,
            "membership_ended",
            at=at,
            actor=actor,
            account_id=account_id,
            member_account_id=account_id,
            reason=reason,
        )


def _revoke_company_items(
    session: Session, org: Organization, account_id: str, *, now: datetime, actor: Actor
) -> None:
    """BIZ-6: with "revoke company items for removed users" on, the removed member loses the
    company's logins; the plan is stored and announced for the vendor's backend."""
    policy = policy_of(org)
    if not policy.revoke_company_items:
        return
    items, by_group = vault.facts(session, org.id)
    plan = vault_rules.removal_plan(items, by_group, removed=account_id, policy=policy)
    if not plan:
        return
    plan_id = f"removal:{account_id}:{now.isoformat()}"
    added = vault.decide(
        session, org.id, plan_id=plan_id, cause="member_removed", decisions=plan, now=now
    )
    record_event(
        session,
        org,
        "items_revoked",
        at=now,
        actor=actor,
        account_id=account_id,
        plan_id=plan_id,
        cause="member_removed",
        rows=added,
    )


# --------------------------------------------------------------------------- seats


@dataclass(frozen=True, slots=True)
class SeatUsage:
    """The seat limit of the organization's live business subscriptions (CAT-1) and what
    takes seats: members and pending invitations that have not expired."""

    limit: int
    members: int
    pending_invitations: int
    subscriptions: tuple[Subscription, ...]

    @property
    def used(self) -> int:
        return self.members + self.pending_invitations

    @property
    def available(self) -> int:
        return max(0, self.limit - self.used)


def live_subscriptions(session: Session, org: Organization) -> Sequence[Subscription]:
    return subscriptions.of_account_in(
        session, account_id=org.account_id, statuses=COUNTING_STATUSES
    )


def seat_usage(session: Session, org: Organization, *, now: datetime) -> SeatUsage:
    """Per-seat plans give as many seats as were bought; a plan with one price gives its
    ``seats.max`` (or what was bought if it has none)."""
    live = tuple(live_subscriptions(session, org))
    limit = 0
    for sub in live:
        plan = plan_of(session, sub)
        if plan.kind != "business":
            continue
        limit += sub.quantity if plan.price_per_seat or plan.seats.max is None else plan.seats.max
    return SeatUsage(
        limit=limit,
        members=repository.count_members(session, org.id),
        pending_invitations=repository.count_pending(session, org.id, now=now),
        subscriptions=live,
    )


def ensure_seat(session: Session, org: Organization, *, now: datetime) -> None:
    usage = seat_usage(session, org, now=now)
    if usage.limit == 0:
        raise Conflict(
            "organization_has_no_plan",
            "The organization has no business plan yet; buy one before inviting people.",
        )
    if usage.used >= usage.limit:
        raise Conflict(
            "seat_limit_reached",
            "All {limit} seats are taken (members: {members}, pending invitations: "
            "{pending_invitations}). Add seats or revoke an invitation first.",
            limit=usage.limit,
            members=usage.members,
            pending_invitations=usage.pending_invitations,
        )


def seat_subscription(
    session: Session, org: Organization, subscription_id: str | None
) -> Subscription:
    """The subscription seats are added to: the one named (it must be the organization's),
    else its only live business subscription."""
    live = [s for s in live_subscriptions(session, org) if plan_of(session, s).kind == "business"]
    if subscription_id is not None:
        chosen = next((s for s in live if s.id == subscription_id), None)
        if chosen is None:
            raise NotFound(
                "subscription_not_found",
                "Subscription {subscription_id} not found.",
                subscription_id=subscription_id,
            )
        return chosen
    if not live:
        raise Conflict(
            "organization_has_no_plan",
            "The organization has no business plan yet; buy one before inviting people.",
        )
    if len(live) > 1:
        raise InvalidInput(
            "subscription_id_required",
            "The organization has several business subscriptions; name one (subscription_id).",
            field="subscription_id",
        )
    return live[0]


# --------------------------------------------------------------------------- hooks


def grants(session: Session, account_id: str) -> Sequence[Grant]:
    """The live subscriptions of the organizations ``account_id`` belongs to (BIZ-1): the
    ``entitlements.organization_grants`` hook."""
    out: list[Grant] = []
    for membership, org in repository.memberships_of(session, account_id):
        for sub in live_subscriptions(session, org):
            out.append(Grant(sub.id, org.id, membership.role, org.account_id))
    return out


def members_of_billing_account(session: Session, account_id: str) -> list[str]:
    """The people of the organization whose billing account ``account_id`` is (none when
    it is a person's): its plan's changes change their entitlement."""
    org = repository.by_account(session, account_id)
    if org is None:
        return []
    return [m.account_id for m in repository.members(session, org.id)]


def audience(
    session: Session, account_id: str, template: str
) -> tuple[Sequence[Recipient], dict[str, Any]] | None:
    """The ``notifications.audience`` hook: an organization's grace emails go to its admins
    (BIZ-2); the coming end of its plan to admins and members (BIZ-10); its expiry to nobody
    here (``organization_expired`` tells each person their new status); the rest (receipts,
    renewal notices) to its billing address."""
    if template not in ADMIN_TEMPLATES | EVERYONE_TEMPLATES | NOBODY_TEMPLATES:
        return None
    org = repository.by_account(session, account_id)
    if org is None:
        return None
    if template in NOBODY_TEMPLATES:
        still = any(
            plan_of(session, s).kind == "business" for s in live_subscriptions(session, org)
        )
        if not still:  # the organization's expiry tells each person (organization_expired)
            return [], {}
        template_audience = EVERYONE_TEMPLATES | NOBODY_TEMPLATES  # one of its plans ended
        extra_context: dict[str, Any] = {"fallback_plan_name": None}  # the organization stays
    else:
        template_audience = EVERYONE_TEMPLATES
        extra_context = {}
    chosen = [
        m.account_id
        for m in repository.members(session, org.id)
        if m.role == ADMIN or template in template_audience
    ]
    people = sorted(account_lookups.load_many(session, chosen), key=lambda a: a.email)
    recipients = [Recipient(address=a.email, locale=a.locale, name=a.name) for a in people]
    return recipients, {**extra_context, "organization_name": org.name}


# --------------------------------------------------------------------------- BIZ-9


@dataclass(frozen=True, slots=True)
class InGrace:
    """One line of the support worklist: an organization whose plan is in grace."""

    organization: Organization
    subscription: Subscription
    grace_ends_at: datetime
    days_left: int
    amount_due: Money | None
    admins: tuple[Account, ...]
    last_reminder_at: datetime | None


def grace_worklist(session: Session, *, now: datetime, window: Window) -> list[InGrace]:
    """Organizations in grace, soonest deadline first (BIZ-9): deadline, days left, the amount
    due, the admins to reach and when they were last reminded."""
    in_grace = subscriptions.in_grace(session)
    orgs = {
        o.account_id: o for o in repository.by_accounts(session, {s.account_id for s in in_grace})
    }
    out: list[InGrace] = []
    for sub in in_grace:
        org = orgs.get(sub.account_id)
        if org is None or sub.grace_ends_at is None:
            continue
        invoice = open_invoice_of_subscription(session, sub.id)
        admin_ids = [m.account_id for m in repository.members(session, org.id) if m.role == ADMIN]
        admins = tuple(sorted(account_lookups.load_many(session, admin_ids), key=lambda a: a.email))
        out.append(
            InGrace(
                organization=org,
                subscription=sub,
                grace_ends_at=sub.grace_ends_at,
                days_left=max(0, (sub.grace_ends_at - now).days),
                amount_due=Money(invoice.total - invoice.amount_paid, invoice.currency)
                if invoice
                else None,
                admins=admins,
                last_reminder_at=last_queued(
                    session, account_id=org.account_id, template="grace_reminder"
                ),
            )
        )
    return window_of(out, lambda e: (e.grace_ends_at, e.subscription.id), window)


# --------------------------------------------------------------------------- audit


def events_of(session: Session, org: Organization, *, window: Window) -> Sequence[Event]:
    """Every change to the organization, its members and invitations, with its actor (X-3)."""
    return events.for_subject(session, org.id, window=window)
