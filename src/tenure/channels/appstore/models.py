from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base


class AppStoreAccountToken(Base):
    """The ``appAccountToken`` Tenure gives an app before an in-app purchase: the app passes
    it to StoreKit, Apple returns it in every notification about the purchase, and Tenure
    links the subscription to the account it was issued for. One token per account."""

    __tablename__ = "appstore_account_tokens"

    token: Mapped[str] = mapped_column(String(36), primary_key=True)  # a UUID, lower case
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), unique=True)
    issued_by_kind: Mapped[str] = mapped_column(String(20))
    issued_by_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]


class AppStoreNotification(Base):
    """Every verified notification, once (keyed by Apple's ``notificationUUID``), with what
    it did: ``applied``, ``stale`` (older than the state already applied), ``recorded``
    (a type that changes nothing), ``unlinked`` (no account known for it),
    ``unknown_product`` (no plan has its productId)."""

    __tablename__ = "appstore_notifications"
    __table_args__ = (
        Index("ix_appstore_notifications_transaction", "original_transaction_id"),
        Index("ix_appstore_notifications_outcome", "outcome", "received_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    notification_uuid: Mapped[str] = mapped_column(String(64), unique=True)
    notification_type: Mapped[str] = mapped_column(String(40))
    subtype: Mapped[str | None] = mapped_column(String(40))
    signed_at: Mapped[datetime]
    environment: Mapped[str | None] = mapped_column(String(20))
    original_transaction_id: Mapped[str | None] = mapped_column(String(64))
    transaction_id: Mapped[str | None] = mapped_column(String(64))
    product_id: Mapped[str | None] = mapped_column(String(200))
    app_account_token: Mapped[str | None] = mapped_column(String(64))
    account_id: Mapped[str | None] = mapped_column(String(40), index=True)
    subscription_id: Mapped[str | None] = mapped_column(String(40), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str | None] = mapped_column(String(200))
    # The verified, decoded transaction and renewal info (no signatures, no payment data):
    # what staff see, and what linking an unlinked notification replays.
    data: Mapped[dict[str, Any]]
    received_at: Mapped[datetime]
    processed_at: Mapped[datetime | None]
