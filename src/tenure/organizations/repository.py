"""Every query on organizations, their members and invitations."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tenure.kit.pages import Window, keyset
from tenure.organizations.models import (
    ADMIN,
    PENDING,
    Invitation,
    Membership,
    Organization,
    OrganizationExpiry,
)


def get(session: Session, organization_id: str, *, for_update: bool = False) -> Organization | None:
    return session.get(Organization, organization_id, with_for_update=for_update)


def by_account(session: Session, account_id: str) -> Organization | None:
    """The organization whose billing account ``account_id`` is."""
    return session.scalar(select(Organization).where(Organization.account_id == account_id))


def by_accounts(session: Session, account_ids: Collection[str]) -> Sequence[Organization]:
    if not account_ids:
        return []
    return session.scalars(
        select(Organization).where(Organization.account_id.in_(list(account_ids)))
    ).all()


def page(session: Session, *, window: Window, name: str | None = None) -> Sequence[Organization]:
    query = select(Organization)
    if name:
        query = query.where(func.lower(Organization.name).contains(name.lower()))
    return session.scalars(keyset(query, [Organization.id], window)).all()


def of_member(session: Session, account_id: str, *, window: Window) -> Sequence[Organization]:
    query = (
        select(Organization)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.account_id == account_id)
    )
    return session.scalars(keyset(query, [Organization.id], window)).all()


def membership(session: Session, organization_id: str, account_id: str) -> Membership | None:
    return session.scalar(
        select(Membership).where(
            Membership.organization_id == organization_id, Membership.account_id == account_id
        )
    )


def memberships_of(session: Session, account_id: str) -> Sequence[tuple[Membership, Organization]]:
    """Every organization ``account_id`` belongs to, with its membership."""
    rows = session.execute(
        select(Membership, Organization)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(Membership.account_id == account_id)
        .order_by(Membership.created_at, Membership.id)
    ).all()
    return [(m, o) for m, o in rows]


def members(
    session: Session, organization_id: str, *, window: Window | None = None
) -> Sequence[Membership]:
    query = select(Membership).where(Membership.organization_id == organization_id)
    if window is None:
        return session.scalars(query.order_by(Membership.created_at, Membership.id)).all()
    return session.scalars(keyset(query, [Membership.created_at, Membership.id], window)).all()


def members_locked(session: Session, organization_id: str) -> Sequence[Membership]:
    """Every membership, locked FOR UPDATE (PostgreSQL) until the commit: role changes and
    removals are decided on the whole list (at least one admin stays)."""
    return session.scalars(
        select(Membership)
        .where(Membership.organization_id == organization_id)
        .order_by(Membership.id)
        .with_for_update()
    ).all()


def count_members(session: Session, organization_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.organization_id == organization_id)
        )
        or 0
    )


def count_pending(session: Session, organization_id: str, *, now: datetime) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(
                Invitation.organization_id == organization_id,
                Invitation.status == PENDING,
                Invitation.expires_at > now,
            )
        )
        or 0
    )


def administers(session: Session, *, account_id: str, billing_account_id: str) -> bool:
    """Is ``account_id`` an admin of the organization whose billing account is
    ``billing_account_id``?"""
    found = session.scalar(
        select(Membership.id)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(
            Organization.account_id == billing_account_id,
            Membership.account_id == account_id,
            Membership.role == ADMIN,
        )
    )
    return found is not None


def invitation(session: Session, invitation_id: str) -> Invitation | None:
    return session.get(Invitation, invitation_id)


def invitation_by_hash(session: Session, token_hash: str) -> Invitation | None:
    return session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash).with_for_update()
    )


def invitations(
    session: Session, organization_id: str, *, window: Window, status: str | None, now: datetime
) -> Sequence[Invitation]:
    """``status``: pending (still valid), expired (pending past its expiry), accepted,
    revoked, or ``None`` for all."""
    query = select(Invitation).where(Invitation.organization_id == organization_id)
    if status == PENDING:
        query = query.where(Invitation.status == PENDING, Invitation.expires_at > now)
    elif status == "expired":
        query = query.where(Invitation.status == PENDING, Invitation.expires_at <= now)
    elif status is not None:
        query = query.where(Invitation.status == status)
    return session.scalars(keyset(query, [Invitation.created_at, Invitation.id], window)).all()


def pending_for_email(
    session: Session, organization_id: str, email: str, *, now: datetime
) -> Invitation | None:
    return session.scalar(
        select(Invitation).where(
            Invitation.organization_id == organization_id,
            Invitation.email == email,
            Invitation.status == PENDING,
            or_(Invitation.expires_at > now),
        )
    )


def pending_invitations(session: Session, organization_id: str) -> Sequence[Invitation]:
    return session.scalars(
        select(Invitation).where(
            Invitation.organization_id == organization_id, Invitation.status == PENDING
        )
    ).all()


def expiry_of_subscription(session: Session, subscription_id: str) -> OrganizationExpiry | None:
    return session.scalar(
        select(OrganizationExpiry).where(OrganizationExpiry.subscription_id == subscription_id)
    )


def latest_expiry(session: Session, organization_id: str) -> OrganizationExpiry | None:
    return session.scalar(
        select(OrganizationExpiry)
        .where(OrganizationExpiry.organization_id == organization_id)
        .order_by(OrganizationExpiry.expired_at.desc(), OrganizationExpiry.id.desc())
        .limit(1)
    )


def lock_expiry(session: Session, expiry_id: str) -> OrganizationExpiry | None:
    """The expiry, locked FOR UPDATE until the commit; on PostgreSQL one another worker holds
    is skipped (``None``): it is being settled there."""
    return session.scalar(
        select(OrganizationExpiry)
        .where(OrganizationExpiry.id == expiry_id)
        .with_for_update(skip_locked=True)
    )


def due_lapses(session: Session, *, now: datetime, limit: int) -> Sequence[str]:
    return session.scalars(
        select(OrganizationExpiry.id)
        .where(OrganizationExpiry.status == "restored", OrganizationExpiry.pay_by <= now)
        .order_by(OrganizationExpiry.pay_by, OrganizationExpiry.id)
        .limit(limit)
    ).all()


def next_lapse_at(session: Session) -> datetime | None:
    return session.scalar(
        select(func.min(OrganizationExpiry.pay_by)).where(OrganizationExpiry.status == "restored")
    )


PURGEABLE = ("expired", "restore_requested", "lapsed", "renewed")


def due_purges(session: Session, *, now: datetime, limit: int) -> Sequence[str]:
    return session.scalars(
        select(OrganizationExpiry.id)
        .where(OrganizationExpiry.status.in_(PURGEABLE), OrganizationExpiry.restore_until <= now)
        .order_by(OrganizationExpiry.restore_until, OrganizationExpiry.id)
        .limit(limit)
    ).all()


def next_purge_at(session: Session) -> datetime | None:
    return session.scalar(
        select(func.min(OrganizationExpiry.restore_until)).where(
            OrganizationExpiry.status.in_(PURGEABLE), OrganizationExpiry.purged_at.is_(None)
        )
    )
