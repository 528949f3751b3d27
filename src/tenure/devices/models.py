from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class Device(Base):
    """One installation of an app, linked to an account (DEV-1).

    Unlinking keeps the row (``unlinked_at``) so deliveries and the audit trail still name
    it; the device's token is revoked and its connections end.
    """

    __tablename__ = "devices"
    __table_args__ = (Index("ix_devices_account", "account_id", "unlinked_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    name: Mapped[str] = mapped_column(String(100))
    platform: Mapped[str] = mapped_column(String(20))
    os_version: Mapped[str | None] = mapped_column(String(40))
    app_version: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(2))
    fingerprint: Mapped[str | None] = mapped_column(String(200))
    is_vm: Mapped[bool] = mapped_column(Boolean, default=False)
    # The subscription the app on this device uses (DEV-5 puts it there).
    subscription_id: Mapped[str | None] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    installed_at: Mapped[datetime | None]
    linked_at: Mapped[datetime]
    last_check_in_at: Mapped[datetime | None]
    unlinked_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


class LinkCode(Base):
    """A one-time code a new installation redeems to link itself to the account (DEV-2).

    Only an HMAC of the code (keyed with the server's secret) is stored.
    """

    __tablename__ = "device_link_codes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    device_id: Mapped[str | None] = mapped_column(String(40))


class LinkAttempt(Base):
    """A failed link-code redemption, kept for rate limiting across processes (DEV-2)."""

    __tablename__ = "device_link_attempts"
    __table_args__ = (
        Index("ix_device_link_attempts_client", "client", "at"),
        Index("ix_device_link_attempts_prefix", "prefix", "at"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    client: Mapped[str] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime]


class Delivery(Base):
    """A subscription on its way to a linked device (DEV-5).

    ``awaiting_release`` → ``pending`` → ``completed``; or ``canceled`` (undone by the
    owner), or ``expired`` (24 hours after creation, computed from the clock — the stored
    status is brought in line by the scheduler for the audit trail).
    """

    __tablename__ = "device_deliveries"
    __table_args__ = (
        Index("ix_device_deliveries_device", "device_id", "status"),
        Index("ix_device_deliveries_subscription", "subscription_id", "status"),
        Index("ix_device_deliveries_open", "status", "expires_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    subscription_id: Mapped[str] = mapped_column(ForeignKey("subscriptions.id"))
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    status: Mapped[str] = mapped_column(String(20))
    release_device_id: Mapped[str | None] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    released_at: Mapped[datetime | None]
    picked_up_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    canceled_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
