from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class Event(Base):
    """Every state change, written in the same transaction as the change itself (SUB-1, X-3).

    The table is the audit trail and the outbox that email, the event feed and the status
    stream are fed from (outgoing webhooks are not built yet).
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_subject", "subject_id", "seq"),
        Index("ix_events_account", "account_id", "seq"),
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )
    id: Mapped[str] = mapped_column(String(40), unique=True)
    type: Mapped[str] = mapped_column(String(80), index=True)
    occurred_at: Mapped[datetime]
    actor_kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str | None] = mapped_column(String(64))
    account_id: Mapped[str | None] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]]
