from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import BigInteger, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base, JSONType

PENDING: Final = "pending"
SENDING: Final = "sending"
DELIVERED: Final = "delivered"
FAILED: Final = "failed"
STATUSES: Final = (PENDING, SENDING, DELIVERED, FAILED)


class WebhookEndpoint(Base):
    """A URL of the vendor's that receives events (X-4).

    ``event_types`` is the filter (``None``: every event). ``secret_sealed`` signs every
    delivery; after a rotation ``previous_secret_sealed`` signs too until
    ``previous_secret_until``, so a receiver that still has the old secret keeps verifying.
    Only events after ``created_after_seq`` (the newest event when the endpoint was made)
    are delivered to it. ``failing_since`` is the first failed attempt since its last
    success; ``disabled_reason`` says why it is off (``staff`` or ``failing``).
    """

    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(500), default="")
    event_types: Mapped[list[str] | None] = mapped_column(JSONType)
    enabled: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(20))
    disabled_at: Mapped[datetime | None]
    secret_sealed: Mapped[str] = mapped_column(Text)
    previous_secret_sealed: Mapped[str | None] = mapped_column(Text)
    previous_secret_until: Mapped[datetime | None]
    created_after_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    failing_since: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class WebhookDelivery(Base):
    """One event to one endpoint, until it is delivered or has failed for good.

    ``status`` is ``pending`` (due at ``next_attempt_at``), ``sending`` (a worker holds it
    until ``next_attempt_at``, the end of its lease; ``lease`` names the claim),
    ``delivered`` or ``failed``. ``attempts`` counts the attempts of the current run (a
    resend starts a new run); every attempt is a :class:`WebhookAttempt`.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_seq", name="uq_webhook_deliveries_event"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at", "event_seq"),
        Index("ix_webhook_deliveries_endpoint", "endpoint_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    endpoint_id: Mapped[str] = mapped_column(String(40))
    event_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    event_id: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    lease: Mapped[str | None] = mapped_column(String(40))
    first_attempt_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class WebhookAttempt(Base):
    """One HTTP request of a delivery and how it went (the delivery log)."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_delivery", "delivery_id", "attempted_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    delivery_id: Mapped[str] = mapped_column(String(40))
    endpoint_id: Mapped[str] = mapped_column(String(40), index=True)
    attempted_at: Mapped[datetime]
    status_code: Mapped[int | None]
    latency_ms: Mapped[int]
    response_excerpt: Mapped[str | None] = mapped_column(String(1100))
    error: Mapped[str | None] = mapped_column(String(500))
    succeeded: Mapped[bool]


class WebhookCursor(Base):
    """How far the events have been turned into deliveries: every event up to ``last_seq``
    except the ``gaps`` (sequence numbers not yet seen when later ones were — on PostgreSQL a
    transaction may commit its event after a later one — with when they were first missed;
    each is looked for again until it is older than a transaction can last)."""

    __tablename__ = "webhook_cursor"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    gaps: Mapped[dict[str, str]] = mapped_column(JSONType)
    updated_at: Mapped[datetime]


class WebhookEntitlementState(Base):
    """The last entitlement of an account sent as ``entitlement.updated`` (its ETag), so an
    event that changes nothing the account may use sends nothing."""

    __tablename__ = "webhook_entitlement_states"

    account_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    etag: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime]
