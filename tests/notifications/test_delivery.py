"""The email outbox delivered by the scheduler to a real SMTP server on loopback (aiosmtpd):
language of the recipient (X-5), BIZ-2 notifications queued once, nothing lost while the
server is down, permanent refusals."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from support import Api
from support.smtp import LocalSmtp, email_settings
from tenure.accounts.models import Account
from tenure.container import Container
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.clock import SimulatedClock
from tenure.kit.errors import Conflict
from tenure.kit.ids import new_id
from tenure.kit.settings import Settings
from tenure.notifications import repository
from tenure.notifications.jobs import JOB
from tenure.notifications.models import Email
from tenure.notifications.service import (
    enqueue_email,
    enqueue_for_account,
    rendered,
    retry_failed,
)
from tenure.scheduler.runner import sweep

DEADLINE = datetime(2026, 2, 4, 12, 0, tzinfo=UTC)
GRACE = {"plan_name": "Vault Business", "grace_ends_at": DEADLINE}


@pytest.fixture
def settings(database_url: str, smtp: LocalSmtp) -> Settings:
    """Overrides tests/conftest.py: email on, pointing at the local server."""
    return email_settings(
        database_url,
        smtp.port,
        email_from="Vault <no-reply@vault.example>",
        email_max_attempts=4,
    )


def _account(container: Container, *, locale: str, email: str = "mette@example.dk") -> str:
    now = container.clock.now()
    with container.db.transaction() as session:
        account = Account(
            id=new_id("acct"), email=email, name="Mette", locale=locale, created_at=now,
            updated_at=now,
        )  # fmt: skip
        session.add(account)
    return account.id


def _email(container: Container, email_id: str) -> Email:
    with container.db.transaction(write=False) as session:
        found = repository.get(session, email_id)
        assert found is not None
        return found


def _queue(container: Container, **kwargs: Any) -> Email | None:
    args: dict[str, Any] = {
        "to": "admin@example.com", "template": "grace_started", "locale": "en", "context": GRACE,
    }  # fmt: skip
    with container.db.transaction() as session:
        return enqueue_email(session, now=container.clock.now(), **{**args, **kwargs})


def test_x5_biz2_danish_account_gets_danish_email_through_the_job(
    container: Container, smtp: LocalSmtp
) -> None:
    smtp.start()
    account_id = _account(container, locale="da")
    with container.db.transaction() as session:
        queued = enqueue_for_account(
            session,
            account_id=account_id,
            template="grace_started",
            context={**GRACE, "name": "Mette <Admin>"},
            now=container.clock.now(),
        )
    assert queued is not None
    assert queued.locale == "da"

    assert sweep(container) == 1
    [message] = smtp.messages
    assert message["Subject"] == "Handling påkrævet: opdater betalingen for Vault Business"
    assert message["To"] == "mette@example.dk"
    assert message["From"] == "Vault <no-reply@vault.example>"
    assert message["Content-Language"] == "da"
    assert message["Message-ID"] == f"<{queued.id}@vault.example>"
    assert message["Date"] == "Mon, 05 Jan 2026 12:00:00 +0000"
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    assert "Frist: 4. februar 2026 kl. 12.00 UTC" in plain.get_content()
    assert "Hej Mette <Admin>," in plain.get_content()
    assert "Hej Mette &lt;Admin&gt;," in html.get_content()
    assert "<Admin>" not in html.get_content()

    sent = _email(container, queued.id)
    assert (sent.status, sent.attempts, sent.sent_at) == ("sent", 1, container.clock.now())
    with container.db.transaction(write=False) as session:
        assert [e.type for e in events.for_subject(session, queued.id)] == ["email.sent"]
    assert sweep(container) == 0  # never sent twice
    assert len(smtp.messages) == 1


def test_x5_smtp_down_loses_nothing_and_retries_with_backoff(
    container: Container, smtp: LocalSmtp, clock: SimulatedClock, staff_api: Api
) -> None:
    queued = _queue(container, locale="de")
    assert queued is not None
    start = clock.now()

    sweep(container)  # the server is down: connection refused
    first = _email(container, queued.id)
    assert (first.status, first.attempts) == ("pending", 1)
    assert first.next_attempt_at == start + timedelta(minutes=1)
    assert first.last_error
    assert "ConnectionRefusedError" in first.last_error

    staff_api.post("/v1/clock/advance", {"seconds": 90})  # stops at +1 min: tries again
    second = _email(container, queued.id)
    assert (second.status, second.attempts) == ("pending", 2)
    assert second.next_attempt_at == start + timedelta(minutes=3)

    smtp.start()
    staff_api.post("/v1/clock/advance", {"minutes": 2})
    delivered = _email(container, queued.id)
    assert (delivered.status, delivered.attempts) == ("sent", 3)
    assert delivered.sent_at == start + timedelta(minutes=3)
    [message] = smtp.messages
    assert (
        message["Subject"]
        == "Handlungsbedarf: Bitte aktualisieren Sie die Zahlung für Vault Business"
    )


def test_email_fails_after_max_attempts_and_staff_can_requeue_it(
    container: Container, smtp: LocalSmtp, clock: SimulatedClock
) -> None:
    queued = _queue(container)
    assert queued is not None
    for _ in range(4):  # email_max_attempts=4; 1 + 2 + 4 minutes of backoff in between
        sweep(container)
        clock.advance(timedelta(minutes=10))
    failed = _email(container, queued.id)
    assert (failed.status, failed.attempts, failed.next_attempt_at) == ("failed", 4, None)
    assert JOB.next_due_at(container) is None

    with container.db.transaction() as session:
        retry_failed(session, email_id=queued.id, now=clock.now(), actor=Actor("staff", "key_1"))
    smtp.start()
    assert sweep(container) == 1
    assert _email(container, queued.id).status == "sent"
    with container.db.transaction(write=False) as session:
        types = [e.type for e in events.for_subject(session, queued.id)]
    assert types == ["email.failed", "email.requeued", "email.sent"]


def test_a_permanently_refused_recipient_fails_at_once(
    container: Container, smtp: LocalSmtp
) -> None:
    smtp.start()
    queued = _queue(container, to="nobody@refused.example.com")
    assert queued is not None
    sweep(container)
    failed = _email(container, queued.id)
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.last_error
    assert "550" in failed.last_error
    assert smtp.messages == []


def test_biz2_dedupe_key_queues_a_notification_once(container: Container, smtp: LocalSmtp) -> None:
    smtp.start()
    key = "grace_reminder:sub_x:2026-02-04:7"
    context = {**GRACE, "days_left": 7}
    with container.db.transaction() as session:
        now = container.clock.now()
        first = enqueue_email(
            session, to="admin@example.com", template="grace_reminder", locale="en",
            context=context, now=now, dedupe_key=key,
        )  # fmt: skip
        again = enqueue_email(
            session, to="admin@example.com", template="grace_reminder", locale="en",
            context=context, now=now, dedupe_key=key,
        )  # fmt: skip
    assert first is not None
    assert again is None
    assert _queue(container, template="grace_reminder", context=context, dedupe_key=key) is None
    sweep(container)
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["Subject"] == "Reminder: Vault Business expires in 7 days"


def test_biz2_concurrent_duplicate_does_not_abort_the_callers_transaction(
    container: Container,
) -> None:
    """A second transaction that queues the same key while the first is still open gets
    ``None`` (on PostgreSQL its ``INSERT … ON CONFLICT DO NOTHING`` waits for the first
    transaction, then skips the taken key) and can go on writing and commit."""
    key = "grace_started:sub_y:2026-01-05"
    results: list[Email | None] = []
    errors: list[BaseException] = []

    def second_transaction() -> None:
        try:
            with container.db.transaction() as session:
                now = container.clock.now()
                results.append(
                    enqueue_email(session, to="a@example.com", template="grace_started",
                                  locale="en", context=GRACE, now=now, dedupe_key=key)
                )  # fmt: skip
                results.append(
                    enqueue_email(session, to="b@example.com", template="grace_started",
                                  locale="en", context=GRACE, now=now)
                )  # fmt: skip
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=second_transaction)
    with container.db.transaction() as session:
        mine = enqueue_email(
            session, to="a@example.com", template="grace_started", locale="en",
            context=GRACE, now=container.clock.now(), dedupe_key=key,
        )  # fmt: skip
        session.flush()
        worker.start()
        time.sleep(0.3)  # let the other transaction reach the same key and wait on ours
    worker.join(timeout=30)
    assert not errors
    assert mine is not None
    assert results[0] is None
    assert results[1] is not None
    with container.db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Email)) == 2


def test_disabled_email_stays_queued_and_does_not_stop_the_clock(
    container: Container, smtp: LocalSmtp, clock: SimulatedClock
) -> None:
    smtp.start()
    container.settings = container.settings.model_copy(update={"email_enabled": False})
    queued = _queue(container)
    assert queued is not None
    assert JOB.next_due_at(container) is None
    assert JOB.run_due(container, now=clock.now()) == 0
    assert sweep(container) == 0
    assert _email(container, queued.id).status == "pending"
    assert smtp.messages == []

    container.settings = container.settings.model_copy(update={"email_enabled": True})
    assert JOB.next_due_at(container) == clock.now()
    assert sweep(container) == 1
    assert len(smtp.messages) == 1


def test_enqueue_refuses_a_bad_address_and_renders_the_stored_context_when_sent(
    container: Container, smtp: LocalSmtp
) -> None:
    with pytest.raises(ValueError, match="not a valid email address"):
        _queue(container, to="not-an-address")
    queued = _queue(container, locale="de-DE")
    assert queued is not None
    stored = _email(container, queued.id)
    assert stored.locale == "de"
    assert stored.context == {"plan_name": "Vault Business", "name": None,
                              "organization_name": None,
                              "grace_ends_at": "2026-02-04T12:00:00+00:00"}  # fmt: skip
    assert stored.subject is None  # rendered when it is sent
    assert rendered(stored).subject.startswith("Handlungsbedarf")

    smtp.start()
    sweep(container)
    [message] = smtp.messages
    sent = _email(container, queued.id)
    assert sent.status == "sent"
    assert sent.subject is not None and sent.subject.startswith("Handlungsbedarf")
    assert message["Subject"] == sent.subject
    assert sent.text_body is not None and sent.html_body is not None
    assert "Frist: 4. Februar 2026 um 12:00 Uhr UTC" in sent.text_body
    assert sent.html_body.startswith("<!DOCTYPE html>")


def test_an_email_whose_context_cannot_be_rendered_fails_at_once(
    container: Container, smtp: LocalSmtp
) -> None:
    smtp.start()
    queued = _queue(container, template="receipt", context={
        "plan_name": "Vault", "amount": {"amount": 100}, "period_end": DEADLINE,
        "invoice_id": "inv_x",
    })  # fmt: skip
    assert queued is not None
    sweep(container)
    assert smtp.messages == []
    stored = _email(container, queued.id)
    assert stored.status == "failed"
    assert stored.last_error is not None and "receipt" in stored.last_error
    with container.db.transaction(write=False) as session:
        assert [e.type for e in events.for_subject(session, queued.id)] == ["email.failed"]


def test_a_sent_sign_in_link_is_not_kept_in_the_outbox(
    container: Container, smtp: LocalSmtp
) -> None:
    smtp.start()
    link = "https://vault.example/sign-in?token=s3cret&x=1"
    context = {"name": "Ann", "link": link, "expires_minutes": 15}
    queued = _queue(container, template="magic_link", context=context)
    assert queued is not None
    assert _email(container, queued.id).context["link"] == link  # pending: needed to send it

    sweep(container)
    [message] = smtp.messages
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    assert link in plain.get_content()
    assert "token=s3cret&amp;x=1" in html.get_content()
    stored = _email(container, queued.id)
    assert stored.status == "sent"
    assert stored.context["link"] == "[redacted]"
    assert stored.context["name"] == "Ann"
    assert stored.text_body is not None and stored.html_body is not None
    for body in (stored.text_body, stored.html_body, str(stored.context)):
        assert "s3cret" not in body
    assert "[redacted]" in stored.text_body
    assert "[redacted]" in stored.html_body


def test_a_failed_sign_in_link_cannot_be_requeued(container: Container, smtp: LocalSmtp) -> None:
    smtp.start()
    context = {"name": "Ann", "link": "https://vault.example/l?t=abc", "expires_minutes": 15}
    queued = _queue(container, to="ann@refused.example.com", template="magic_link", context=context)
    assert queued is not None
    sweep(container)
    failed = _email(container, queued.id)
    assert failed.status == "failed"
    assert failed.context["link"] == "[redacted]"
    with container.db.transaction() as session, pytest.raises(Conflict) as refused:
        retry_failed(session, email_id=queued.id, now=container.clock.now(), actor=Actor.system())
    assert refused.value.code == "email_link_not_kept"
