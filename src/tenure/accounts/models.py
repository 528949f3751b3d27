from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base

PERSON: Final = "person"
ORGANIZATION: Final = "organization"
_PERSON_ONLY = "kind = 'person'"


class Account(Base):
    """A customer login, identified by email (``kind`` ``person``), or the billing account of
    an organization (``kind`` ``organization``): the owner its subscriptions, payment
    methods, invoices and credit belong to, so the life cycle serves both alike. Only a
    person signs in; an organization's ``email`` is its billing address and need not be
    unique (it is often one of its admins' own address)."""

    __tablename__ = "accounts"
    __table_args__ = (
        Index(
            "uq_accounts_person_email",
            "email",
            unique=True,
            sqlite_where=text(_PERSON_ONLY),
            postgresql_where=text(_PERSON_ONLY),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default=PERSON, server_default=PERSON)
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str | None] = mapped_column(String(2))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    credit_balance: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), default=0
    )
    credit_currency: Mapped[str] = mapped_column(String(3), default="USD")
    # Set while the person may not use their account at all (BIZ-4: their organization's
    # single sign-on ended with its plan): why, since when, and which organization.
    suspended_reason: Mapped[str | None] = mapped_column(String(40))
    suspended_at: Mapped[datetime | None]
    suspended_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class MagicLink(Base):
    """A one-time sign-in link sent by email; only its hash is stored."""

    __tablename__ = "magic_links"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
