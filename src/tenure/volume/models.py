from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class VolumeRequest(Base):
    """An account's request to buy volume licensing (VL-1). Once staff approve it the account
    is enrolled and may buy volume subscriptions (several, each with its own renewal date)."""

    __tablename__ = "volume_requests"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    company_name: Mapped[str] = mapped_column(String(200))
    licenses_wanted: Mapped[int]
    billing_period_months: Mapped[int]
    note: Mapped[str] = mapped_column(String(2000), default="")
    status: Mapped[str] = mapped_column(String(20))  # pending | approved | rejected
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime]
