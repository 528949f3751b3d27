"""What operators count (X-12), scraped through HTTP as Prometheus would: renewals charged
and failed, grace entered (counted from the events table, so every process shows the work
any process did), the email outbox, each scheduler job's lag, refused connection admissions
by reason; /metrics on a port of its own for the API server and for the worker; and the
extension point through which a package adds its own gauges."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from support import Api
from support.commerce import FAILING_CARD, Customer, add_card, make_customer
from support.devices import device_catalog, link_device, owner
from support.metrics import parse_metrics, scrape
from support.servers import api_processes, free_port
from tenure.api.metrics import SOURCES, EventTotals
from tenure.app import build_container, create_app
from tenure.container import Container
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.clock import SimulatedClock
from tenure.kit.db import Database, normalize_url
from tenure.kit.settings import Settings
from tenure.migrations import alembic_config

__all__ = ["device_catalog", "owner"]


@pytest.fixture
def settings(database_url: str) -> Settings:
    """The tests' settings, with figures read afresh at every scrape."""
    return Settings(
        environment="test",
        database_url=database_url,
        simulated_clock=True,
        email_enabled=False,
        session_ttl_hours=24 * 365 * 5,
        metrics_cache_seconds=0,
    )


def http_get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def renew_one_and_fail_one(staff_api: Api) -> tuple[str, str]:
    """Two monthly subscribers: one card works at the renewal, the other is declined (their
    subscriptions' ids)."""
    paying = make_customer(staff_api, "paying@example.com")
    add_card(paying.api)
    renewed = paying.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    declined = make_customer(staff_api, "declined@example.com")
    good = add_card(declined.api)
    in_grace = declined.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    add_card(declined.api, FAILING_CARD)
    declined.api.delete(f"/v1/payment_methods/{good['id']}")
    staff_api.post("/v1/clock/advance", {"to": "2026-02-05T13:00:00Z"})  # the renewal date
    return renewed["id"], in_grace["id"]


def test_x12_renewals_grace_and_emails_are_counted_from_the_database(
    client: TestClient, staff_api: Api, catalog: None, container: Container
) -> None:
    before = scrape(client)
    assert before["tenure_metrics_database_up{}"] == 1
    assert before["tenure_renewals_charged_total{}"] == 0
    assert before["tenure_renewals_failed_total{}"] == 0
    assert before["tenure_grace_entered_total{}"] == 0
    assert before["tenure_scheduler_lag_seconds{}"] == 0

    _renewed, in_grace = renew_one_and_fail_one(staff_api)
    found = scrape(client)
    assert found["tenure_renewals_charged_total{}"] == 1
    assert found["tenure_renewals_failed_total{}"] == 1
    assert found["tenure_grace_entered_total{}"] == 1
    assert found["tenure_subscriptions_in_grace{}"] == 1
    # Email is off in tests: receipts and the "payment failed" email wait in the outbox.
    assert found["tenure_emails{status=pending}"] >= 2
    assert found["tenure_emails{status=sent}"] == 0
    assert found["tenure_emails_retrying{}"] == 0
    assert found["tenure_email_oldest_undelivered_age_seconds{}"] > 0
    # Every job is listed; nothing is late right after a sweep.
    assert found["tenure_scheduler_job_lag_seconds{job=subscription_lifecycle}"] == 0
    assert found["tenure_scheduler_lag_seconds{}"] == 0

    # Time passes without a sweep (the worker is down): the next retry waits.
    clock = container.clock
    assert isinstance(clock, SimulatedClock)
    clock.advance(timedelta(days=10))
    late = scrape(client)
    lag = late["tenure_scheduler_job_lag_seconds{job=subscription_lifecycle}"]
    assert lag > 0 and late["tenure_scheduler_lag_seconds{}"] == lag
    # Counters only grow: the same totals on every scrape.
    assert late["tenure_renewals_charged_total{}"] == 1
    assert staff_api.get(f"/v1/subscriptions/{in_grace}")["status"] == "past_due"
    assert late["tenure_subscriptions_in_grace{}"] == 1


def test_x12_refused_connection_admissions_are_counted_by_reason(
    client: TestClient, owner: Customer
) -> None:
    device = link_device(owner, name="Laptop")
    refused = device.api.post("/v1/connections", expect=403)
    assert refused["error"]["code"] == "not_entitled"
    device.api.post("/v1/connections", expect=403)
    found = scrape(client)
    assert found["tenure_connection_admissions_refused_total{reason=not_entitled}"] == 2


def test_x12_a_package_adds_its_own_gauges_through_the_sources(
    client: TestClient, container: Container
) -> None:
    """The extension point another package (webhooks, say) uses from tenure.wiring."""

    def gauges(session: Session, now: Any) -> Iterator[Metric]:
        yield GaugeMetricFamily("tenure_example_items", "An example package's items.", value=3)

    SOURCES.add_gauges("example", gauges)
    try:
        assert scrape(client)["tenure_example_items{}"] == 3
    finally:
        del SOURCES.gauges["example"]
    assert "tenure_example_items{}" not in scrape(client)


def test_x12_event_totals_count_a_late_commit_of_a_lower_seq(container: Container) -> None:
    """PostgreSQL may commit seq 10 after seq 11: rows above the settled mark are counted
    again at each reading, so a late row is never lost."""
    totals = EventTotals(settle_seconds=60)
    kinds = ("subscription.renewal_paid",)

    def write() -> None:
        with container.db.transaction() as session:
            events.record(
                session, type=kinds[0], at=container.clock.now(), actor=Actor.system(),
                subject_type="subscription", subject_id="sub_x", account_id=None,
            )  # fmt: skip

    with container.db.transaction(write=False) as session:
        assert totals.read(session, kinds, at=0) == {kinds[0]: 0}
    write()
    with container.db.transaction(write=False) as session:
        assert totals.read(session, kinds, at=10) == {kinds[0]: 1}
    write()
    with container.db.transaction(write=False) as session:
        assert totals.read(session, kinds, at=100) == {kinds[0]: 2}  # the base settles
        assert totals.base_seq > 0
        assert totals.read(session, kinds, at=200) == {kinds[0]: 2}


def test_x12_metrics_on_a_port_of_their_own_show_the_work_of_other_processes(
    database_url: str, tmp_path: Path, staff_api: Api, catalog: None
) -> None:
    """A real API process with TENURE_METRICS_PORT: /metrics leaves the API port, answers on
    loopback at the metrics port (with the token), and counts renewals another process ran
    (here the tests' own, standing in for the worker)."""
    renew_one_and_fail_one(staff_api)
    metrics_port = free_port()
    with api_processes(
        database_url, tmp_path, 1, metrics_port=str(metrics_port), metrics_token="scrape-me",
        metrics_cache_seconds="0",
    ) as servers:  # fmt: skip
        api_port = servers[0].port
        assert http_get(api_port, "/metrics")[0] == 404
        status, body = http_get(metrics_port, "/metrics")
        assert status == 401 and "unauthenticated" in body
        assert http_get(metrics_port, "/other")[0] == 404
        status, body = http_get(metrics_port, "/metrics", {"Authorization": "Bearer scrape-me"})
        assert status == 200
        found = parse_metrics(body)
        assert found["tenure_renewals_charged_total{}"] == 1
        assert found["tenure_renewals_failed_total{}"] == 1
        assert found["tenure_grace_entered_total{}"] == 1
        # Its own requests are counted too (this process's).
        assert found["tenure_http_requests_total{method=GET,route=/healthz,status=200}"] >= 1


@pytest.fixture
def stamped(database_url: str) -> Iterator[str]:
    """The test database marked as migrated (its schema is the models' own), for a command
    that insists on it; the mark is removed after (PostgreSQL's database is shared)."""
    command.stamp(alembic_config(database_url), "head")
    yield database_url
    engine = create_engine(normalize_url(database_url))
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()


def test_x12_the_worker_serves_its_metrics_on_its_own_port(
    stamped: str, tmp_path: Path, staff_api: Api, catalog: None
) -> None:
    """``tenure worker`` with TENURE_METRICS_PORT: the same figures from the database as the
    API's (without the API's requests)."""
    database_url = stamped
    for sub in renew_one_and_fail_one(staff_api):
        # Ended, so that the worker (on the real clock, months after the simulated one)
        # finds nothing due and the totals stay what the tests' process made them.
        staff_api.post(f"/v1/subscriptions/{sub}/cancel", {"at_period_end": False})
    metrics_port = free_port()
    env = {
        **os.environ,
        "TENURE_DATABASE_URL": database_url,
        "TENURE_ENVIRONMENT": "test",
        "TENURE_EMAIL_ENABLED": "false",
        "TENURE_METRICS_PORT": str(metrics_port),
        "TENURE_METRICS_CACHE_SECONDS": "0",
        "TENURE_SCHEDULER_INTERVAL_SECONDS": "60",
    }
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "tenure.cli", "worker"], env=env, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            assert worker.poll() is None, log.read_text()
            try:
                status, body = http_get(metrics_port, "/metrics")
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        assert status == 200
        found = parse_metrics(body)
        assert found["tenure_renewals_charged_total{}"] == 1
        assert found["tenure_grace_entered_total{}"] == 1
        assert "tenure_scheduler_lag_seconds{}" in found
        assert "tenure_scheduler_job_lag_seconds{job=email.deliver}" in found
        assert not any(name.startswith("tenure_http_requests_total") for name in found)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)


def test_x12_without_the_database_metrics_still_answer_with_what_the_process_knows(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'dir' / 'tenure.db'}"
    settings = Settings(environment="test", database_url=url, email_enabled=False,
                        metrics_cache_seconds=0)  # fmt: skip
    container = build_container(settings, clock=SimulatedClock(), db=Database(url))
    with TestClient(create_app(container)) as client:
        client.get("/livez")
        found = scrape(client)
    container.db.dispose()
    assert found["tenure_metrics_database_up{}"] == 0
    assert found["tenure_http_requests_total{method=GET,route=/livez,status=200}"] == 1
    assert "tenure_renewals_charged_total{}" not in found
