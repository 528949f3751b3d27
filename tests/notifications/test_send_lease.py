"""X-11: an email that is being sent is never claimed by a second worker, however slow the
SMTP server; a worker that dies while sending leaves its email to the others only once its
lease has run out (docs/email.md, "Sending: claims and leases")."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from support import Api
from support.smtp import LocalSmtp, SlowCollector, _free_port, email_settings
from tenure.app import build_container
from tenure.container import Container
from tenure.kit.clock import SimulatedClock, SystemClock
from tenure.kit.db import Database
from tenure.kit.ports import Mailer
from tenure.kit.settings import Settings
from tenure.notifications import repository
from tenure.notifications.jobs import JOB
from tenure.notifications.mailer import SmtpMailer
from tenure.notifications.models import Email
from tenure.notifications.service import enqueue_email
from tenure.scheduler.runner import BackgroundScheduler, sweep

GRACE = {"plan_name": "Vault Business", "grace_ends_at": datetime(2026, 2, 4, 12, tzinfo=UTC)}
SENDER = "Vault <no-reply@vault.example>"

# The slow server waits this long before answering MAIL, RCPT and the end of DATA, so one
# message takes about 2.4 s: longer than the send lease (2 s) and than the old lease (the
# 1 s retry delay), while no single step comes near the 1.5 s SMTP timeout.
STEP_SECONDS = 0.8
EMAILS = 11  # odd: at the end one worker is idle and sweeps while the other still sends


@pytest.fixture
def settings(database_url: str, smtp: LocalSmtp) -> Settings:
    """Overrides tests/conftest.py: email on, pointing at the (fast) local server."""
    return email_settings(database_url, smtp.port, email_from=SENDER)


@pytest.fixture
def slow_smtp() -> Iterator[LocalSmtp]:
    server = LocalSmtp(_free_port(), handler=SlowCollector(STEP_SECONDS))
    server.start()
    yield server
    server.stop()


class CountingMailer:
    """The real SMTP mailer, counting what this worker sent."""

    def __init__(self, inner: Mailer) -> None:
        self.inner = inner
        self.sent = 0

    def send(self, message: EmailMessage) -> None:
        self.inner.send(message)
        self.sent += 1


def _queue(container: Container, to: str = "admin@example.com") -> Email:
    with container.db.transaction() as session:
        email = enqueue_email(
            session, to=to, template="grace_started", locale="en", context=GRACE,
            now=container.clock.now(),
        )  # fmt: skip
    assert email is not None
    return email


def _stored(container: Container, email_id: str) -> Email:
    with container.db.transaction(write=False) as session:
        found = repository.get(session, email_id)
        assert found is not None
        return found


def test_x11_two_workers_and_a_slow_smtp_server_deliver_each_email_exactly_once(
    database_url: str, slow_smtp: LocalSmtp
) -> None:
    """Two workers, each with its own engine, run the scheduler loop on the real clock
    against the same database while the SMTP server takes longer per message than any
    lease: every email arrives once (counted by Message-ID) and was claimed once."""
    settings = Settings(
        environment="test",
        database_url=database_url,
        email_enabled=True,
        smtp_host="127.0.0.1",
        smtp_port=slow_smtp.port,
        smtp_timeout_seconds=1.5,
        email_send_lease_seconds=2.0,
        email_retry_base_seconds=1,
        email_from=SENDER,
    )
    mailers = [CountingMailer(SmtpMailer(settings)) for _ in range(2)]
    workers = [
        build_container(settings, clock=SystemClock(), db=Database(database_url), mailer=mailer)
        for mailer in mailers
    ]
    loops = [BackgroundScheduler(worker, interval=0.1) for worker in workers]
    try:
        try:
            queued = [_queue(workers[0], to=f"admin{n}@example.com") for n in range(EMAILS)]
            for loop in loops:
                loop.start()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if all(_stored(workers[0], e.id).status == "sent" for e in queued):
                    break
                time.sleep(0.2)
        finally:
            for loop in loops:
                loop.stop()

        delivered = Counter(str(m["Message-ID"]) for m in slow_smtp.messages)
        assert delivered == Counter({f"<{e.id}@vault.example>": 1 for e in queued})
        assert all(mailer.sent >= 1 for mailer in mailers), "both workers sent email"
        for email in queued:
            stored = _stored(workers[0], email.id)
            assert (stored.status, stored.attempts) == ("sent", 1)
    finally:
        # Last: a read after dispose() opens a new connection that nothing would close.
        for worker in workers:
            worker.db.dispose()


class WorkerDied(BaseException):
    """Stands for the process dying (kill -9, power loss): nothing after it runs."""


class DiesWhileSending:
    def send(self, message: EmailMessage) -> None:
        raise WorkerDied


def test_x11_an_email_whose_worker_died_mid_send_is_sent_once_after_the_lease(
    container: Container,
    settings: Settings,
    smtp: LocalSmtp,
    clock: SimulatedClock,
    staff_api: Api,
) -> None:
    smtp.start()
    queued = _queue(container)
    lease = settings.email_send_lease_seconds
    assert lease > settings.email_retry_base_seconds  # a retry delay would not do

    dying = build_container(
        settings, clock=clock, db=Database(settings.database_url), mailer=DiesWhileSending()
    )
    try:
        with pytest.raises(WorkerDied):
            JOB.run_due(dying, now=clock.now())
    finally:
        dying.db.dispose()
    claimed = _stored(container, queued.id)
    assert (claimed.status, claimed.attempts) == ("sending", 1)
    assert claimed.next_attempt_at == clock.now() + timedelta(seconds=lease)

    assert sweep(container) == 0  # the surviving worker leaves it alone …
    staff_api.post("/v1/clock/advance", {"seconds": lease - 1})
    assert smtp.messages == []  # … for the whole lease
    staff_api.post("/v1/clock/advance", {"seconds": 2})
    [message] = smtp.messages
    assert message["Message-ID"] == f"<{queued.id}@vault.example>"
    sent = _stored(container, queued.id)
    assert (sent.status, sent.attempts) == ("sent", 2)
    staff_api.post("/v1/clock/advance", {"days": 2})
    assert len(smtp.messages) == 1
