"""Queueing email (X-5, BIZ-2, DEV-3). Services never commit: the caller's transaction makes
the email part of the same state change, so a rolled-back change never sends mail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, cast

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.sql.dml import ReturningInsert

from tenure.accounts.service import find_account
from tenure.events import service as events
from tenure.kit.errors import Conflict, NotFound
from tenure.kit.hooks import Slot
from tenure.notifications import repository
from tenure.notifications.models import FAILED, PENDING, Email
from tenure.notifications.rendering import Rendered, render, template_spec
from tenure.notifications.rows import email_row

if TYPE_CHECKING:
    from tenure.accounts.models import Account
    from tenure.kit.actor import Actor


def enqueue_email(
    session: Session,
    *,
    to: str,
    template: str,
    locale: str,
    context: dict[str, Any],
    now: datetime,
    account_id: str | None = None,
    dedupe_key: str | None = None,
) -> Email | None:
    """Put an email from ``template`` in ``locale`` in the outbox, due at ``now``. The
    context is checked and stored; the text is rendered when the email is sent (see
    :class:`Email`).

    Returns ``None`` and stores nothing when ``dedupe_key`` was used before (also when a
    concurrent transaction used it first: the row is inserted with ``ON CONFLICT DO
    NOTHING``, so the unique key decides without aborting the caller's transaction, and on
    PostgreSQL a concurrent insert of the same key is waited for). Raises ``ValueError`` for
    an unknown template, a missing context key or an invalid address.
    """
    row = email_row(
        to=_check_address(to),
        template=template,
        locale=locale,
        context=context,
        now=now,
        account_id=account_id,
        dedupe_key=dedupe_key,
    )
    email = Email(**row)
    if dedupe_key is None:
        session.add(email)
        return email
    # Inserted at once rather than at the next flush, and without a SAVEPOINT, so that the
    # caller's other pending changes are not flushed (which matters to the scheduler's
    # batches of renewals, each of which sends a receipt). Only emails without a key are
    # ever left pending, and those cannot conflict.
    with session.no_autoflush:
        inserted = session.execute(
            _insert_unless_key_taken(session.get_bind().dialect.name),
            row,
        ).first()
    if inserted is None:  # the key was taken
        return None
    make_transient_to_detached(email)  # the row exists: track the object as loaded from it
    session.add(email)
    return email


_EMAILS = cast(Table, Email.__table__)


@cache
def _insert_unless_key_taken(dialect: str) -> ReturningInsert[tuple[str]]:
    """``INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING id``, built once."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(_EMAILS)
        .on_conflict_do_nothing(index_elements=[_EMAILS.c.dedupe_key])
        .returning(_EMAILS.c.id)
    )


@dataclass(frozen=True, slots=True)
class Recipient:
    """One person an account's email goes to, in their own language."""

    address: str
    locale: str
    name: str = ""


class Audience(Protocol):
    """Who an email about ``account_id`` from ``template`` goes to, when that is not the
    account's own address: an organization's billing account mails its admins about grace
    (BIZ-2), and admins and members about its plan's end (BIZ-10). ``None``: the account's
    address. The organizations package answers (``tenure.wiring`` plugs it in); the extra
    ``context`` is added to each recipient's email (the organization's name)."""

    def __call__(
        self, session: Session, account_id: str, template: str
    ) -> tuple[Sequence[Recipient], dict[str, Any]] | None: ...


def _own_address(
    session: Session, account_id: str, template: str
) -> tuple[Sequence[Recipient], dict[str, Any]] | None:
    return None


audience: Slot[Audience] = Slot("notifications.audience", default=_own_address)


def enqueue_for_account(
    session: Session,
    *,
    account_id: str,
    template: str,
    context: dict[str, Any],
    now: datetime,
    dedupe_key: str | None = None,
) -> Email | None:
    """:func:`enqueue_email` to an account's address, in the account's language; or, when
    the :data:`audience` says so, one email to each of its recipients, each in their own
    language (the first is returned). Every email is filed under ``account_id``."""
    account = find_account(session, account_id)
    if account is None:
        raise ValueError(f"no account {account_id!r} to email")
    chosen = audience()(session, account_id, template)
    if chosen is not None:
        recipients, extra = chosen
        first: Email | None = None
        for recipient in recipients:
            email = enqueue_email(
                session,
                to=recipient.address,
                template=template,
                locale=recipient.locale,
                context={**context, **extra, "name": recipient.name},
                now=now,
                account_id=account.id,
                dedupe_key=f"{dedupe_key}:{recipient.address}" if dedupe_key else None,
            )
            first = first or email
        return first
    return enqueue_email(
        session,
        to=account.email,
        template=template,
        locale=account.locale,
        context=context,
        now=now,
        account_id=account.id,
        dedupe_key=dedupe_key,
    )


def send_magic_link(
    session: Session, *, account: Account, link: str, expires_minutes: int, now: datetime
) -> None:
    """Queue the email carrying an account's one-time sign-in link (the
    ``accounts.service.MagicLinkMailer`` that ``tenure.wiring`` plugs in)."""
    enqueue_email(
        session,
        to=account.email,
        template="magic_link",
        locale=account.locale,
        context={"name": account.name, "link": link, "expires_minutes": expires_minutes},
        now=now,
        account_id=account.id,
    )


def outbox_counts(session: Session) -> dict[str, int]:
    """How many emails the outbox holds by status (X-12)."""
    return repository.counts_by_status(session)


def oldest_undelivered(session: Session) -> datetime | None:
    """When the oldest email not yet sent (pending or sending) was queued (X-12)."""
    return repository.oldest_undelivered(session)


def retrying_count(session: Session) -> int:
    """How many pending emails failed at least once and wait for a retry (X-12)."""
    return repository.count_retrying(session)


def last_queued(session: Session, *, account_id: str, template: str) -> datetime | None:
    """When the newest email from ``template`` filed under ``account_id`` was queued."""
    return repository.last_queued(session, account_id=account_id, template=template)


def rendered(email: Email) -> Rendered:
    """The email's subject and bodies: as sent, or as they will be sent. Raises
    ``ValueError`` if the template cannot render the stored context."""
    if email.subject is not None and email.text_body is not None and email.html_body is not None:
        return Rendered(subject=email.subject, text=email.text_body, html=email.html_body)
    return render(email.template, email.locale, email.context)


def retry_failed(session: Session, *, email_id: str, now: datetime, actor: Actor) -> Email:
    """Put a failed email back in the queue (e.g. after fixing the SMTP settings)."""
    email = repository.get(session, email_id)
    if email is None:
        raise NotFound("email_not_found", "Email {email_id} not found.", email_id=email_id)
    if email.status != FAILED:
        raise Conflict(
            "email_not_failed", "Only a failed email can be retried.", status=email.status
        )
    if template_spec(email.template).secret:
        raise Conflict(
            "email_link_not_kept",
            "This email held a one-time link that is no longer stored; send a new one instead.",
            template=email.template,
        )
    email.status = PENDING
    email.attempts = 0
    email.next_attempt_at = now
    events.record(
        session,
        type="email.requeued",
        at=now,
        actor=actor,
        subject_type="email",
        subject_id=email.id,
        account_id=email.account_id,
        data={"template": email.template},
    )
    return email


def _check_address(to: str) -> str:
    try:
        return validate_email(to, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"not a valid email address: {to!r} ({exc})") from exc
