from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base

ADMIN: Final = "admin"
MEMBER: Final = "member"
ROLES: Final = (ADMIN, MEMBER)

PENDING: Final = "pending"
ACCEPTED: Final = "accepted"
REVOKED: Final = "revoked"


class Organization(Base):
    """A business customer (BIZ-1). Its subscriptions, payment methods, invoices and credit
    belong to its billing account (``account_id``, an account of kind ``organization`` that
    holds the billing email and language)."""

    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
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
