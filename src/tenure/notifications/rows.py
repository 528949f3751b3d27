"""The row of the ``emails`` table (the outbox): the one place that says what a queued
email's columns hold.

The ORM path (:func:`tenure.notifications.service.enqueue_email`) builds its :class:`Email`
from :func:`email_row`; a set-based writer (the scheduler's renewals, which queue a receipt
with each) hands the same dict to :func:`tenure.kit.bulk.insert_rows`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table

from tenure.kit.bulk import insert_rows
from tenure.kit.ids import new_id
from tenure.notifications.models import PENDING, Email
from tenure.notifications.rendering import prepare_context, resolve_locale


def email_row(
    *,
    to: str,
    template: str,
    locale: str | None,
    context: Mapping[str, Any],
    now: datetime,
    account_id: str | None = None,
    dedupe_key: str | None = None,
) -> dict[str, Any]:
    """An email from ``template`` to ``to`` (an address already checked, as an account's
    is), queued and due at ``now``. The context is checked against the template and stored
    as JSON (:func:`prepare_context`); the locale is one Tenure speaks
    (:func:`resolve_locale`). Subject and bodies are rendered when it is sent.

    Raises ``ValueError`` for an unknown template or a missing context key.
    """
    values = prepare_context(template, context)
    return {
        "id": new_id("eml"),
        "account_id": account_id,
        "to_address": to,
        "template": template,
        "locale": resolve_locale(locale),
        "context": values,
        "subject": None,
        "text_body": None,
        "html_body": None,
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "last_error": None,
        "sent_at": None,
        "created_at": now,
        "dedupe_key": dedupe_key,
    }


def insert_many(connection: Connection, emails: Sequence[Mapping[str, Any]]) -> None:
    """Queue emails built by :func:`email_row` in one multi-row statement."""
    insert_rows(connection, cast(Table, Email.__table__), emails)
