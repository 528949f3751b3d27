from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class ConnectionLease(Base):
    """One device using the service right now (DEV-4).

    A lease is *live* while ``ended_at`` is null and ``expires_at`` is in the future; every
    heartbeat moves ``expires_at`` to now + TTL. Nothing has to sweep stale leases for the
    limit to be right: a lease past its ``expires_at`` simply no longer counts.

    The limit belongs to a *holder*: ``holder_type`` ``account`` (the account's own
    subscriptions) or ``license`` (a volume license's seat, VL-13, added by the volume
    licensing issue); ``account_id`` is always the paying owner, for listing and access.
    """

    __tablename__ = "connection_leases"
    __table_args__ = (
        Index("ix_connection_leases_holder", "holder_type", "holder_id", "ended_at", "expires_at"),
        Index("ix_connection_leases_device", "device_id", "ended_at"),
        Index("ix_connection_leases_account", "account_id", "ended_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder_type: Mapped[str] = mapped_column(String(20))
    holder_id: Mapped[str] = mapped_column(String(40))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    is_vm: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    # The limit and the moment it was last read from the holder's entitlement (at connect,
    # then again on a heartbeat at least ENTITLEMENT_RECHECK later).
    connection_limit: Mapped[int | None]
    checked_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(20))
