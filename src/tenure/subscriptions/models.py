from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from tenure.domain.subscription import Status
from tenure.kit.db import Base

_NOTICE_PENDING = (
    "status = 'active' AND next_action = 'renew' "
    "AND (renewal_notice_for IS NULL OR renewal_notice_for <> current_period_end)"
)


class Subscription(Base):
    """One customer's right to use a product under a plan, through one sales channel.

    Prices and terms are copied from the catalog version in force at purchase
    (``catalog_version``), so loading a new catalog never changes what an existing
    subscription pays. Periods are calendar periods: period boundaries are
    ``anchor_at + period_offset_months`` (+ ``billing_period_months`` for the end), computed
    from the anchor so they never drift (SUB-3).
    """

    __tablename__ = "subscriptions"
    __table_args__ = (
        # The claim reads due subscriptions in (next_action_at, id) order: the index gives them
        # in that order, so a batch costs the same with 10 or 100,000 due.
        Index("ix_subscriptions_due", "next_action_at", "id"),
        # The renewal-notice job looks on every sweep for coming renewals not announced yet;
        # only those are in this index (its condition is the job's PENDING).
        Index(
            "ix_subscriptions_renewal_notice",
            "current_period_end",
            sqlite_where=text(_NOTICE_PENDING),
            postgresql_where=text(_NOTICE_PENDING),
        ),
        Index("ix_subscriptions_account_product", "account_id", "product_code"),
        # The App Store safety net (channels/appstore/jobs.py) looks for live store
        # subscriptions past their period end.
        Index("ix_subscriptions_channel_status_end", "channel", "status", "current_period_end"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    product_code: Mapped[str] = mapped_column(String(64))
    plan_code: Mapped[str] = mapped_column(String(64))
    catalog_version: Mapped[int]
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[Status] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(default=1)
    currency: Mapped[str] = mapped_column(String(3))
    unit_amount: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    billing_period_months: Mapped[int]
    auto_renew: Mapped[bool] = mapped_column(default=True)
    payment_method_id: Mapped[str | None] = mapped_column(String(40))

    start_at: Mapped[datetime]
    trial_start: Mapped[datetime | None]
    trial_end: Mapped[datetime | None]
    anchor_at: Mapped[datetime | None]
    period_offset_months: Mapped[int] = mapped_column(default=0)
    current_period_start: Mapped[datetime | None]
    current_period_end: Mapped[datetime | None]
    paid_through: Mapped[datetime | None]
    grace_ends_at: Mapped[datetime | None]
    # The renewal date whose charge has been attempted (so a failed charge is not retried
    # by the renewal step; dunning retries it during grace).
    renewal_attempted_for: Mapped[datetime | None]
    grace_started_at: Mapped[datetime | None]
    renewal_notice_for: Mapped[
        datetime | None
    ]  # the renewal date already announced by email  # the renewal date the unpaid period began at
    next_retry_at: Mapped[datetime | None]

    cancel_at_period_end: Mapped[bool] = mapped_column(default=False)
    canceled_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(40))

    scheduled_plan_code: Mapped[str | None] = mapped_column(String(64))
    scheduled_catalog_version: Mapped[int | None]

    previous_subscription_id: Mapped[str | None] = mapped_column(String(40))

    # Store channels (APP-1): the store's identity of the subscription and the newest
    # signed state applied, so late or out-of-order notifications converge.
    store_original_transaction_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    store_environment: Mapped[str | None] = mapped_column(String(20))
    store_product_id: Mapped[str | None] = mapped_column(String(200))
    store_signed_at: Mapped[datetime | None]
    store_state: Mapped[str | None] = mapped_column(String(40))
    next_action: Mapped[str | None] = mapped_column(String(20))
    next_action_at: Mapped[datetime | None]

    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
