from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base, JSONType

ADMIN: Final = "admin"
MEMBER: Final = "member"
ROLES: Final = (ADMIN, MEMBER)

PENDING: Final = "pending"
ACCEPTED: Final = "accepted"
REVOKED: Final = "revoked"

# BIZ-5: what members keep of their items when the business plan expires.
LOSE_ALL: Final = "lose_all"
KEEP_ALL: Final = "keep_all"
KEEP_PERSONAL: Final = "keep_personal"
DATA_POLICIES: Final = (LOSE_ALL, KEEP_ALL, KEEP_PERSONAL)


class Organization(Base):
    """A business customer (BIZ-1). Its subscriptions, payment methods, invoices and credit
    belong to its billing account (``account_id``, an account of kind ``organization`` that
    holds the billing email and language)."""

    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Settings its admins choose (BIZ-4 … BIZ-6): single sign-on; what members keep of their
    # items when the plan expires; revoking logins of the company's domains from removed
    # members (and from everyone on expiry); the directory (AD / SCIM) connection, if any.
    sso_enabled: Mapped[bool] = mapped_column(default=False)
    data_policy: Mapped[str] = mapped_column(String(20), default=KEEP_ALL)
    revoke_company_items: Mapped[bool] = mapped_column(default=False)
    company_domains: Mapped[list[str]] = mapped_column(JSONType, default=list)
    directory: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Membership(Base):
    """A person's place in an organization: ``admin`` or ``member``. An organization always
    keeps at least one admin. A removed member's row is deleted; the events keep the
    history (X-3)."""

    __tablename__ = "organization_members"
    __table_args__ = (
        UniqueConstraint("organization_id", "account_id"),
        Index("ix_organization_members_account", "account_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    role: Mapped[str] = mapped_column(String(10))
    invitation_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Invitation(Base):
    """An invitation by email to join with a role. Only the hash of its single-use link token
    is stored. ``status`` is ``pending``, ``accepted`` or ``revoked``; a pending invitation
    past ``expires_at`` is expired (and no longer takes a seat)."""

    __tablename__ = "organization_invitations"
    __table_args__ = (Index("ix_organization_invitations_org", "organization_id", "status"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    expires_at: Mapped[datetime]
    invited_by: Mapped[str | None] = mapped_column(String(64))
    sent_count: Mapped[int] = mapped_column(default=1)
    last_sent_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by: Mapped[str | None] = mapped_column(String(40))
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class OrganizationExpiry(Base):
    """The expiry of an organization's business plan (BIZ-3 … BIZ-8), applied once (one row
    per subscription): who were its admins and members then, the revocation plan it made
    (``plan_id``), and the restore window. ``status``: ``expired``, ``restore_requested``,
    ``restored`` (admins are back, billing must be updated by ``pay_by``), ``renewed`` (a new
    plan was bought), ``lapsed`` (a restore not paid in time) or ``purged`` (the window
    passed: revoked items are gone for good)."""

    __tablename__ = "organization_expiries"
    __table_args__ = (Index("ix_organization_expiries_org", "organization_id", "expired_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    subscription_id: Mapped[str] = mapped_column(String(40), unique=True)
    plan_code: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(40))
    expired_at: Mapped[datetime]
    admins: Mapped[list[str]] = mapped_column(JSONType)
    members: Mapped[list[str]] = mapped_column(JSONType)
    sso_enabled: Mapped[bool]
    plan_id: Mapped[str] = mapped_column(String(80))
    restore_until: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str | None] = mapped_column(String(40))
    requested_at: Mapped[datetime | None]
    restored_at: Mapped[datetime | None]
    pay_by: Mapped[datetime | None]
    settled_at: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]
    restores: Mapped[int] = mapped_column(default=0)  # how many times staff restored it
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
