"""Delivering the outbox (scheduler job ``email.deliver``).

A worker takes one email at a time. In a short transaction it claims the email due longest
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL), counts the attempt, marks it ``sending`` and sets
``next_attempt_at`` to the end of its *lease* (``email_send_lease_seconds`` from now), and
commits. It then sends the message outside any transaction, so a slow or unreachable SMTP
server never holds a database lock, while a helper thread renews the lease every third of its
length; the result is written in a transaction of its own. See docs/email.md.

Consequences:

* an email being sent is never claimed by another worker, however long the send takes: only
  a lease that has run out (its worker stopped renewing it) is claimed again; without a crash
  every email is sent exactly once;
* a worker that dies mid-send leaves its email ``sending`` until the lease ends; then another
  worker sends it, with the same Message-ID (at least once delivery). The lease is longer
  than the SMTP timeout (``Settings.check``);
* nothing is lost when the SMTP server is down: the email goes back to ``pending`` and is
  retried with exponential backoff (``email_retry_base_seconds`` doubling up to
  ``email_retry_max_seconds``), and is marked ``failed`` after ``email_max_attempts``;
* a permanent refusal (SMTP 5xx for the recipient or the message) fails the email at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Final, Literal

import structlog
from sqlalchemy.orm import Session

from tenure.container import Container
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.ports import Mailer, PermanentDeliveryError
from tenure.notifications import repository
from tenure.notifications.mailer import compose
from tenure.notifications.models import FAILED, PENDING, SENDING, SENT, Email
from tenure.notifications.rendering import redact
from tenure.notifications.service import rendered
from tenure.scheduler.registry import register

log = structlog.get_logger(__name__)

RENEWALS_PER_LEASE: Final = 3
"""A sending lease is renewed this many times per lease length: when one renewal fails (or
is late), the next still comes a third of a lease before the end."""


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
    """The claim's number: the lease is this worker's while ``attempts`` is unchanged."""


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
            claimed = _claim(container, now=now)
            if claimed is None:
                break
            done += 1
            if claimed != "settled":
                _deliver(container, mailer, claimed, now=now)
        return done


def _mailer(container: Container) -> Mailer | None:
    if not container.settings.email_enabled:
        return None
    return container.mailer


def _lease(container: Container) -> timedelta:
    return timedelta(seconds=container.settings.email_send_lease_seconds)


def _claim(container: Container, *, now: datetime) -> _Claimed | Literal["settled"] | None:
    """Claim the next due email for sending (``None``: nothing is due). An email claimed for
    the first time is rendered now and its text stored; one whose template cannot render its
    context fails at once (``"settled"``)."""
    with container.db.transaction() as session:
        email = repository.claim_next(session, now=now)
        if email is None:
            return None
        email.attempts += 1
        email.status = SENDING
        email.next_attempt_at = container.clock.now() + _lease(container)
        try:
            text = rendered(email)
        except ValueError as exc:
            _settle(container, session, email, error=str(exc), permanent=True, now=now)
            return "settled"
        email.subject, email.text_body, email.html_body = text.subject, text.text, text.html
        return _Claimed(
            id=email.id,
            to=email.to_address,
            subject=text.subject,
            text=text.text,
            html=text.html,
            locale=email.locale,
            template=email.template,
            attempts=email.attempts,
        )


class _LeaseRenewal:
    """While the mailer works, a daemon thread renews the email's lease every third of its
    length, so the send may take as long as the SMTP server needs. It stops when the block
    ends — or when the process dies, which lets the lease run out."""

    def __init__(self, container: Container, item: _Claimed) -> None:
        self._container = container
        self._item = item
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"email-lease-{item.id}", daemon=True
        )

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stopped.set()
        self._thread.join()

    def _run(self) -> None:
        container, item = self._container, self._item
        lease = _lease(container)
        while not self._stopped.wait(lease.total_seconds() / RENEWALS_PER_LEASE):
            try:
                with container.db.transaction() as session:
                    kept = repository.renew_lease(
                        session,
                        email_id=item.id,
                        attempt=item.attempts,
                        until=container.clock.now() + lease,
                    )
            except Exception as exc:  # e.g. the database is briefly away: try again
                log.warning("email.lease_renewal_failed", email_id=item.id, error=str(exc))
                continue
            if not kept:  # pragma: no cover - only after renewals failed for a whole lease
                log.warning("email.lease_lost", email_id=item.id, attempts=item.attempts)
                return


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
        with _LeaseRenewal(container, item):
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
        email = repository.lock(session, item.id)
        if email is None or email.status != SENDING:
            return  # settled meanwhile (only possible after this worker lost its lease)
        if email.attempts != item.attempts:  # pragma: no cover - renewals failed a whole lease
            # Another worker claimed it after this worker's lease ran out. A delivery still
            # counts; a failure is the other worker's to report.
            log.warning("email.lease_lost", email_id=item.id, attempts=item.attempts)
            if error is not None:
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
            email.status = PENDING
            email.next_attempt_at = container.clock.now() + retry_delay(
                email.attempts,
                base_seconds=container.settings.email_retry_base_seconds,
                max_seconds=container.settings.email_retry_max_seconds,
            )
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
