from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tenure.kit.db import Base

PENDING: Final = "pending"
SENDING: Final = "sending"
SENT: Final = "sent"
FAILED: Final = "failed"
STATUSES: Final = (PENDING, SENDING, SENT, FAILED)


class Email(Base):
    """One email in the outbox.

    The email is queued with its template, locale and context (checked against the template's
    required keys) in the same transaction as the state change that caused it, so a
    rolled-back change never sends one. Subject and bodies are rendered when the email is first
    claimed for sending and stored then, so they show exactly what was sent and a retry sends
    the same text; until then they are ``NULL``. Queueing is therefore cheap enough for the
    scheduler to queue a receipt with every one of thousands of renewals per second.
    ``dedupe_key`` (unique when set) makes sure the same notification is queued at most once,
    e.g. ``grace_reminder:sub_x:2026-03-01:7``.

    ``status`` is ``pending`` (waiting for ``next_attempt_at``), ``sending`` (a worker has
    claimed it and is talking to the mail server; ``next_attempt_at`` is then the end of
    that worker's lease and ``attempts`` numbers the claim), ``sent`` or ``failed``.
    """

    __tablename__ = "emails"
    __table_args__ = (Index("ix_emails_due", "status", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str | None] = mapped_column(String(40), index=True)
    to_address: Mapped[str] = mapped_column(String(320), index=True)
    template: Mapped[str] = mapped_column(String(60))
    locale: Mapped[str] = mapped_column(String(8))
    context: Mapped[dict[str, Any]]
    subject: Mapped[str | None] = mapped_column(String(500))
    text_body: Mapped[str | None] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
