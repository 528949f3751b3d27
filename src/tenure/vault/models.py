from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class VaultItem(Base):
    """One item of a member's vault, as the vendor's backend describes it: its id (the
    vendor's), owner, kind, scope and, for a login, its domain (a host or a keyed hash)."""

    __tablename__ = "vault_items"
    __table_args__ = (
        UniqueConstraint("organization_id", "item_id"),
        Index("ix_vault_items_owner", "organization_id", "owner_account_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(200))
    owner_account_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(10))
    domain: Mapped[str | None] = mapped_column(String(253))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class VaultShare(Base):
    """An item shared one-to-one (``recipient_account_id``) or through a sharing group
    (``group_id``), with who originally shared it."""

    __tablename__ = "vault_shares"
    __table_args__ = (Index("ix_vault_shares_item", "item_pk"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    item_pk: Mapped[str] = mapped_column(ForeignKey("vault_items.id", ondelete="CASCADE"))
    recipient_account_id: Mapped[str | None] = mapped_column(String(40))
    group_id: Mapped[str | None] = mapped_column(String(200))
    shared_by_account_id: Mapped[str] = mapped_column(String(40))


class VaultGroup(Base):
    """A sharing group (the vendor's id) and whether it still exists: groups end when the
    plan expires and are never restored (BIZ-7)."""

    __tablename__ = "vault_groups"
    __table_args__ = (UniqueConstraint("organization_id", "group_id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    group_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    ended_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class VaultGroupMember(Base):
    __tablename__ = "vault_group_members"

    group_pk: Mapped[str] = mapped_column(
        ForeignKey("vault_groups.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(String(40), primary_key=True)


class VaultDecision(Base):
    """One row of a revocation plan: what one member's access to one item becomes, and why
    (``plan_id`` groups the rows of one removal, expiry or restore). The vendor's backend
    applies it and confirms (``applied_at``)."""

    __tablename__ = "vault_decisions"
    __table_args__ = (
        UniqueConstraint("plan_id", "item_id", "account_id", "action"),
        Index("ix_vault_decisions_org", "organization_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    plan_id: Mapped[str] = mapped_column(String(80))
    cause: Mapped[str] = mapped_column(String(20))  # member_removed | expiry | restore
    item_id: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))  # revoke | restore | not_restored
    reason: Mapped[str] = mapped_column(String(40))
    access: Mapped[str] = mapped_column(String(20))  # owner | one_to_one | group
    created_at: Mapped[datetime]
    applied_at: Mapped[datetime | None]
