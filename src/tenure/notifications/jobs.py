"""Delivering the outbox (scheduler job ``email.deliver``).

Each round claims a small batch of due emails in one short transaction: it counts the
attempt and moves ``next_attempt_at`` to the retry time *before* sending, which also works
as a lease (another worker will not pick the email up again before then). The messages are
sent outside any transaction, so a slow or unreachable SMTP server never holds a database
lock, and each result is written in its own transaction.

Consequences:

* nothing is lost when the SMTP server is down: the email stays ``pending`` and is retried
  with exponential backoff (``email_retry_base_seconds`` doubling up to
  ``email_retry_max_seconds``), and is marked ``failed`` after ``email_max_attempts``;
* a crash between the SMTP server's acceptance and the commit of ``sent`` sends that one
  email again after the retry delay (at least once delivery, same Message-ID);
* a permanent refusal (SMTP 5xx for the recipient or the message) fails the email at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy.orm import Session

from tenure.container import Container
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.notifications import repository
from tenure.notifications.mailer import Mailer, PermanentDeliveryError, compose
from tenure.notifications.models import FAILED, PENDING, SENT, Email
from tenure.notifications.rendering import redact
from tenure.notifications.service import rendered
from tenure.scheduler.registry import register

log = structlog.get_logger(__name__)

BATCH_SIZE = 10


def retry_delay(attempts: int, *, base_seconds: int, max_seconds: int) -> timedelta:
    """Wait after the ``attempts``-th failed try: base, 2×base, 4×base … capped."""
    exponent = min(max(attempts - 1, 0), 30)
    return timedelta(seconds=min(base_seconds * 2**exponent, max_seconds))


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: str
    to: str
    subject: str
    text: str
    html: str
    locale: str
    template: str
    attempts: int


class EmailDeliveryJob:
    name = "email.deliver"

    def next_due_at(self, container: Container) -> datetime | None:
        if _mailer(container) is None:
            return None
        with container.db.transaction(write=False) as session:
            return repository.next_due_at(session)

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        mailer = _mailer(container)
        if mailer is None:
            return 0
        done = 0
        while done < limit:
            claimed = _claim(container, now=now, limit=min(BATCH_SIZE, limit - done))
            if not claimed:
                break
            for item in claimed:
                _deliver(container, mailer, item, now=now)
            done += len(claimed)
        return done


def _mailer(container: Container) -> Mailer | None:
    if not container.settings.email_enabled:
        return None
    return container.mailer


def _claim(container: Container, *, now: datetime, limit: int) -> list[_Claimed]:
    """Claim due emails; an email claimed for the first time is rendered now and its text
    stored. One whose template cannot render its context fails at once."""
    settings = container.settings
    with container.db.transaction() as session:
        claimed = []
        for email in repository.claim_due(session, now=now, limit=limit):
            email.attempts += 1
            email.next_attempt_at = now + retry_delay(
                email.attempts,
                base_seconds=settings.email_retry_base_seconds,
                max_seconds=settings.email_retry_max_seconds,
            )
            try:
                text = rendered(email)
            except ValueError as exc:
                _settle(container, session, email, error=str(exc), permanent=True, now=now)
                continue
            email.subject, email.text_body, email.html_body = text.subject, text.text, text.html
            claimed.append(
                _Claimed(
                    id=email.id,
                    to=email.to_address,
                    subject=text.subject,
                    text=text.text,
                    html=text.html,
                    locale=email.locale,
                    template=email.template,
                    attempts=email.attempts,
                )
            )
        return claimed


def _deliver(container: Container, mailer: Mailer, item: _Claimed, *, now: datetime) -> None:
    message = compose(
        email_id=item.id,
        sender=container.settings.email_from,
        to=item.to,
        subject=item.subject,
        text=item.text,
        html=item.html,
        locale=item.locale,
        template=item.template,
        now=now,
    )
    error: str | None = None
    permanent = False
    try:
        mailer.send(message)
    except PermanentDeliveryError as exc:
        error, permanent = str(exc), True
    except Exception as exc:  # any other failure is temporary: retry later
        error = f"{type(exc).__name__}: {exc}"
    _record(container, item, error=error, permanent=permanent, now=now)


def _record(
    container: Container, item: _Claimed, *, error: str | None, permanent: bool, now: datetime
) -> None:
    with container.db.transaction() as session:
        email = repository.get(session, item.id)
        if email is None or email.status != PENDING:
            return
        _settle(container, session, email, error=error, permanent=permanent, now=now)


def _settle(
    container: Container,
    session: Session,
    email: Email,
    *,
    error: str | None,
    permanent: bool,
    now: datetime,
) -> None:
    """Record a sending attempt's outcome: sent, to be retried, or failed for good."""
    if error is None:
        email.status = SENT
        email.sent_at = now
        email.next_attempt_at = None
        email.last_error = None
        log.info("email.sent", email_id=email.id, template=email.template)
    else:
        email.last_error = error[:2000]
        give_up = permanent or email.attempts >= container.settings.email_max_attempts
        log.warning(
            "email.send_failed",
            email_id=email.id,
            attempts=email.attempts,
            error=error,
            final=give_up,
        )
        if not give_up:
            return
        email.status = FAILED
        email.next_attempt_at = None
    _forget_secrets(email)
    events.record(
        session,
        type=f"email.{email.status}",
        at=now,
        actor=Actor.scheduler(),
        subject_type="email",
        subject_id=email.id,
        account_id=email.account_id,
        data={
            "template": email.template,
            "attempts": email.attempts,
            "error": email.last_error,
        },
    )


def _forget_secrets(email: Email) -> None:
    """A delivered (or abandoned) sign-in or download link need not stay in the database."""
    email.context, text, html = redact(
        email.template, email.context, email.text_body or "", email.html_body or ""
    )
    if email.text_body is not None:
        email.text_body, email.html_body = text, html


JOB = register(EmailDeliveryJob())
