from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class PaymentMethod(Base):
    """A way an account pays (SUB-9): a card, PayPal, Bitcoin or Paymentwall.

    Only the gateway's token and display details are kept; never a full card number or a
    security code. Removing a method keeps the row (``removed_at``) for the audit trail.
    At most one live method per account is the default (a partial unique index).
    """

    __tablename__ = "payment_methods"
    __table_args__ = (
        Index(
            "uq_payment_methods_default",
            "account_id",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(20))  # card | paypal | bitcoin | paymentwall
    gateway: Mapped[str] = mapped_column(String(40))
    token: Mapped[str] = mapped_column(String(255))
    brand: Mapped[str | None] = mapped_column(String(40))
    last4: Mapped[str | None] = mapped_column(String(4))
    exp_month: Mapped[int | None]
    exp_year: Mapped[int | None]
    label: Mapped[str | None] = mapped_column(String(320))
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]
