from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from tenure.api.pages import Page
from tenure.connections.service import LeaseLike, is_live


class ConnectionOut(BaseModel):
    id: str
    device_id: str
    account_id: str
    holder_type: str = Field(description="account (its own subscriptions) or license (VL-13).")
    holder_id: str
    is_vm: bool
    status: Literal["live", "ended", "expired"]
    started_at: datetime
    last_heartbeat_at: datetime
    expires_at: datetime = Field(description="Send a heartbeat before this instant.")
    ended_at: datetime | None
    end_reason: str | None
    heartbeat_interval_seconds: int = Field(description="A good interval: a third of the TTL.")
    limit: int | None = Field(
        description="Simultaneous connections allowed, as last read from the entitlement."
    )

    @classmethod
    def of(
        cls, lease: LeaseLike, *, now: datetime, ttl_seconds: int, limit: int | None = None
    ) -> ConnectionOut:
        """``limit`` defaults to the one stored on the lease when it was last checked."""
        status: Literal["live", "ended", "expired"] = (
            "live" if is_live(lease, now) else "ended" if lease.ended_at else "expired"
        )
        return cls(
            id=lease.id,
            device_id=lease.device_id,
            account_id=lease.account_id,
            holder_type=lease.holder_type,
            holder_id=lease.holder_id,
            is_vm=lease.is_vm,
            status=status,
            started_at=lease.started_at,
            last_heartbeat_at=lease.heartbeat_at,
            expires_at=lease.expires_at,
            ended_at=lease.ended_at,
            end_reason=lease.end_reason,
            heartbeat_interval_seconds=max(1, ttl_seconds // 3),
            limit=limit if limit is not None else lease.connection_limit,
        )


class LiveConnectionOut(BaseModel):
    id: str
    device_id: str
    device_name: str
    platform: str
    is_vm: bool
    started_at: datetime
    last_heartbeat_at: datetime
    expires_at: datetime


class ConnectionPage(Page[LiveConnectionOut]):
    """A page of the account's live connections, with its limit and how many are live."""

    connection_limit: int | None = Field(
        description="The account's simultaneous-connection limit (null: no limit)."
    )
    live: int = Field(description="Live connections (on every page).")
