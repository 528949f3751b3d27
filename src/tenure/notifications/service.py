"""Queueing email (X-5, BIZ-2, DEV-3). Services never commit: the caller's transaction makes
the email part of the same state change, so a rolled-back change never sends mail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tenure.accounts.models import Account
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.errors import Conflict, NotFound
from tenure.kit.ids import new_id
from tenure.notifications import repository
from tenure.notifications.models import FAILED, PENDING, Email
from tenure.notifications.rendering import (
    prepare_context,
    render,
    resolve_locale,
    template_spec,
)


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
    """Render ``template`` in ``locale`` and put the email in the outbox, due at ``now``.

    Returns ``None`` and stores nothing when ``dedupe_key`` was used before (also when a
    concurrent transaction used it first: the insert runs in a SAVEPOINT, so the unique
    violation does not abort the caller's transaction). Raises ``ValueError`` for an unknown
    template, a missing context key or an invalid address.
    """
    address = _check_address(to)
    values = prepare_context(template, context)
    locale = resolve_locale(locale)
    rendered = render(template, locale, values)
    if dedupe_key is not None and repository.dedupe_key_used(session, dedupe_key):
        return None
    email = Email(
        id=new_id("eml"),
        account_id=account_id,
        to_address=address,
        template=template,
        locale=locale,
        context=values,
        subject=rendered.subject,
        text_body=rendered.text,
        html_body=rendered.html,
        status=PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
        dedupe_key=dedupe_key,
    )
    try:
        with session.begin_nested():
            session.add(email)
    except IntegrityError:
        # Another transaction queued the same notification first (PostgreSQL).
        if dedupe_key is not None and repository.dedupe_key_used(session, dedupe_key):
            return None
        raise
    return email


def enqueue_for_account(
    session: Session,
    *,
    account_id: str,
    template: str,
    context: dict[str, Any],
    now: datetime,
    dedupe_key: str | None = None,
) -> Email | None:
    """:func:`enqueue_email` to an account's address, in the account's language."""
    account = session.get(Account, account_id)
    if account is None:
        raise ValueError(f"no account {account_id!r} to email")
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
