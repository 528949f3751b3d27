"""Outgoing webhooks (X-4), through the HTTP API and a real receiver on loopback that
verifies every request with the ``standardwebhooks`` library. Runs on SQLite and on
PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command as alembic_command
from sqlalchemy import select

from support import Api
from support.commerce import Customer, add_card, make_customer
from support.devices import buy
from support.metrics import scrape
from support.organizations import create_org, join
from support.webhooks import Receiver, receiver
from tenure.container import Container
from tenure.domain.webhooks import EVENT_KINDS, RETRY_SCHEDULE, kind_of
from tenure.events.models import Event
from tenure.kit.settings import Settings
from tenure.migrations import alembic_config
from tenure.notifications.models import Email
from tenure.scheduler.runner import advance_to, sweep
from tenure.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The receivers run on loopback over plain HTTP, which a real server refuses unless
    told (see test_x4_only_public_https_addresses_are_called)."""
    return settings.model_copy(
        update={
            "webhook_allow_http": True,
            "webhook_allow_private_addresses": True,
            "operations_email": "ops@vendor.example",
            "metrics_cache_seconds": 0,
        }
    )


@pytest.fixture
def hooks() -> Iterator[Receiver]:
    with receiver() as found:
        yield found


def endpoint(staff_api: Api, hooks: Receiver, **extra: Any) -> dict[str, Any]:
    made: dict[str, Any] = staff_api.post(
        "/v1/webhook_endpoints", {"url": hooks.url, **extra}, expect=201
    )
    hooks.secrets.append(made["secret"])
    return made


def events_of(staff_api: Api, account_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = staff_api.get(f"/v1/events?account_id={account_id}&limit=200")[
        "data"
    ]
    return found


def sent_since(staff_api: Api, endpoint_id: str) -> list[str]:
    """The ids of every event from the endpoint's creation on: what it should receive."""
    every: list[dict[str, Any]] = staff_api.get("/v1/events?limit=200")["data"]
    start = next(i for i, e in enumerate(every) if e["subject"]["id"] == endpoint_id)
    return [e["id"] for e in every[start:]]


def subscriber(staff_api: Api, email: str = "kim@example.com") -> Customer:
    customer = make_customer(staff_api, email)
    add_card(customer.api)
    buy(customer, "vpn-monthly")
    return customer


def test_x4_every_event_reaches_the_endpoint_signed_once_in_order(
    container: Container, staff_api: Api, hooks: Receiver
) -> None:
    made = endpoint(staff_api, hooks, description="backend")
    assert made["secret"].startswith("whsec_")
    assert "secret" not in staff_api.get(f"/v1/webhook_endpoints/{made['id']}")
    customer = subscriber(staff_api)

    sweep(container)

    recorded = events_of(staff_api, customer.id)
    theirs = [r for r in hooks.received if r.body["data"]["account_id"] == customer.id]
    assert [r.webhook_id for r in theirs] == [e["id"] for e in recorded]
    assert hooks.received[0].type == "webhook_endpoint.created"  # its own, first
    assert all(r.verified_by == (0,) for r in hooks.received)
    first = theirs[0].body
    assert first["type"] == "account.created" == recorded[0]["type"]
    assert first["data"]["account_id"] == customer.id
    assert first["data"]["event_id"] == recorded[0]["id"]
    assert "subscription.created" in hooks.types() or "subscription.activated" in hooks.types()
    # Sent and acknowledged once: another sweep sends nothing.
    sweep(container)
    assert len(hooks.received) == len(recorded) + 1

    log = staff_api.get(f"/v1/webhook_endpoints/{made['id']}/deliveries")["data"]
    assert {d["status"] for d in log} == {"delivered"}
    one = staff_api.get(f"/v1/webhook_deliveries/{log[0]['id']}")
    assert one["log"][0]["succeeded"] is True
    assert one["log"][0]["status_code"] == 204
    # Every event kind Tenure recorded is one the OpenAPI document describes.
    with container.db.transaction(write=False) as session:
        types = set(session.scalars(select(Event.type)).all())
    assert {kind_of(t) for t in types} <= set(EVENT_KINDS), types


def test_x4_the_filter_takes_types_and_kinds(
    container: Container, staff_api: Api, hooks: Receiver
) -> None:
    endpoint(staff_api, hooks, event_types=["subscription.*", "invoice.paid"])
    subscriber(staff_api)

    sweep(container)

    assert hooks.types()
    assert all(t.startswith("subscription.") or t == "invoice.paid" for t in hooks.types())
    assert "invoice.paid" in hooks.types()

    refused = staff_api.post(
        "/v1/webhook_endpoints", {"url": hooks.url, "event_types": ["subscriptions.*"]},
        expect=422,
    )  # fmt: skip
    assert refused["error"]["code"] == "unknown_event_type"
    assert refused["error"]["pattern"] == "subscriptions.*"


def test_x4_a_receiver_that_fails_then_recovers_gets_every_event_once(
    container: Container, staff_api: Api
) -> None:
    down = {"until": 3}  # the first three requests fail

    with receiver(answer=lambda n: 503 if n < down["until"] else 200, body=b"busy") as hooks:
        made = endpoint(staff_api, hooks)
        subscriber(staff_api)
        recorded = sent_since(staff_api, made["id"])

        sweep(container)  # the first delivery fails; the rest of the batch waits behind it
        assert [r.webhook_id for r in hooks.received] == recorded[:1]
        first = staff_api.get(f"/v1/webhook_endpoints/{made['id']}/deliveries?status=pending")
        failed_once = [d for d in first["data"] if d["attempts"] == 1]
        assert len(failed_once) == 1 and failed_once[0]["last_status_code"] == 503
        log = staff_api.get(f"/v1/webhook_deliveries/{failed_once[0]['id']}")["log"]
        assert log[0]["response_excerpt"] == "busy" and log[0]["succeeded"] is False
        assert staff_api.get(f"/v1/webhook_endpoints/{made['id']}")["failing_since"]

        advance_to(container, container.clock.now() + timedelta(hours=1))

        recorded = sent_since(staff_api, made["id"])  # and what happened meanwhile
        acknowledged = hooks.acknowledged()
        assert sorted(acknowledged) == sorted(recorded)  # every event …
        assert len(set(acknowledged)) == len(acknowledged)  # … none twice once acknowledged
        assert acknowledged == recorded  # … in the order they happened
        attempts_in_order = [r.webhook_id for r in hooks.received]
        assert attempts_in_order[:3] == [recorded[0]] * 3  # retried before the others went
        assert staff_api.get(f"/v1/webhook_endpoints/{made['id']}")["failing_since"] is None


def test_x4_x12_an_endpoint_failing_for_the_whole_window_is_switched_off_and_operations_told(
    container: Container, staff_api: Api
) -> None:
    with receiver(answer=lambda n: 500) as hooks:
        made = endpoint(staff_api, hooks)
        make_customer(staff_api)
        window = sum(RETRY_SCHEDULE, timedelta()) * 1.2

        advance_to(container, container.clock.now() + timedelta(hours=1))
        waiting = scrape(staff_api.client)  # operators see it
        assert waiting["tenure_webhook_deliveries_retrying{}"] == 1
        assert waiting["tenure_webhook_deliveries{status=pending}"] >= 2
        assert waiting["tenure_webhook_oldest_undelivered_age_seconds{}"] >= 3600
        advance_to(container, container.clock.now() + window)
        after = scrape(staff_api.client)
        assert after["tenure_webhook_endpoints_disabled_total{}"] == 1
        assert after["tenure_webhook_endpoints_failing_disabled{}"] == 1
        assert after["tenure_webhook_deliveries{status=pending}"] == 0

        shown = staff_api.get(f"/v1/webhook_endpoints/{made['id']}")
        assert shown["enabled"] is False and shown["disabled_reason"] == "failing"
        tries = {r.webhook_id for r in hooks.received}
        assert len(hooks.received) == len(RETRY_SCHEDULE) + 1  # one event, every attempt
        assert len(tries) == 1
        failed = staff_api.get(f"/v1/webhook_endpoints/{made['id']}/deliveries?status=failed")
        # The first event was tried on the whole schedule; those queued behind it were never
        # tried (each time their turn came, the one before had just failed) and fail with
        # the endpoint.
        tried = sorted((d["attempts"], d["last_error"]) for d in failed["data"])
        assert tried[-1] == (len(RETRY_SCHEDULE) + 1, "HTTP 500")
        assert len(tried) > 1 and set(tried[:-1]) == {(0, "endpoint_disabled")}
    with container.db.transaction(write=False) as session:
        emails = session.scalars(select(Email).where(Email.to_address == "ops@vendor.example"))
        templates = [e.template for e in emails]
    assert templates == ["webhook_endpoint_disabled"]
    kinds = [e["type"] for e in staff_api.get(f"/v1/events?subject_id={made['id']}")["data"]]
    assert kinds == ["webhook_endpoint.created", "webhook_endpoint.disabled"]


def test_x4_a_rotated_secret_signs_beside_the_new_one_for_the_overlap(
    container: Container, staff_api: Api, hooks: Receiver
) -> None:
    made = endpoint(staff_api, hooks)
    rotated = staff_api.post(
        f"/v1/webhook_endpoints/{made['id']}/rotate_secret", {"overlap_hours": 2}
    )
    hooks.secrets.append(rotated["secret"])
    assert rotated["secret"] != made["secret"]
    make_customer(staff_api, "a@example.com")
    sweep(container)
    assert {r.verified_by for r in hooks.received} == {(0, 1)}  # old and new both verify

    advance_to(container, container.clock.now() + timedelta(hours=3))
    make_customer(staff_api, "b@example.com")
    sweep(container)
    late = [r for r in hooks.received if r.body["data"]["details"].get("email") == "b@example.com"]
    assert late and {r.verified_by for r in late} == {(1,)}  # the old secret signs no more


def test_x4_resend_one_delivery_and_replay_what_an_endpoint_missed(
    container: Container, staff_api: Api, hooks: Receiver
) -> None:
    made = endpoint(staff_api, hooks, event_types=["account.*"])
    make_customer(staff_api, "a@example.com")
    sweep(container)
    delivery = staff_api.get(f"/v1/webhook_endpoints/{made['id']}/deliveries")["data"][0]

    resent = staff_api.post(f"/v1/webhook_deliveries/{delivery['id']}/resend")
    assert resent["status"] == "pending"
    sweep(container)
    ids = [r.webhook_id for r in hooks.received]
    assert ids.count(delivery["event_id"]) == 2  # the same webhook-id: the receiver dedupes

    before = container.clock.now()
    staff_api.patch(f"/v1/webhook_endpoints/{made['id']}", {"enabled": False})
    missed = make_customer(staff_api, "b@example.com")
    sweep(container)
    assert missed.id not in {r.body["data"]["account_id"] for r in hooks.received}
    naive = before.replace(tzinfo=None).isoformat()
    unzoned = staff_api.post(f"/v1/webhook_endpoints/{made['id']}/replay", {"since": naive},
                             expect=422)  # fmt: skip
    assert unzoned["error"]["code"] == "invalid_request"
    refused = staff_api.post(
        f"/v1/webhook_endpoints/{made['id']}/replay", {"since": before.isoformat()}, expect=409
    )
    assert refused["error"]["code"] == "webhook_endpoint_disabled"
    staff_api.patch(f"/v1/webhook_endpoints/{made['id']}", {"enabled": True})

    replayed = staff_api.post(
        f"/v1/webhook_endpoints/{made['id']}/replay", {"since": before.isoformat()}
    )
    assert replayed["queued"] >= 1 and replayed["has_more"] is False
    sweep(container)
    assert missed.id in {r.body["data"]["account_id"] for r in hooks.received}


def test_x4_the_webhooks_are_documented_in_openapi(staff_api: Api) -> None:
    document = staff_api.get("/openapi.json")
    assert document["openapi"].startswith("3.1")
    documented = set(document["webhooks"])
    assert documented == {*EVENT_KINDS, "other"}
    body = document["webhooks"]["subscription"]["post"]["requestBody"]["content"]
    schema = body["application/json"]["schema"]
    assert schema["$ref"].endswith("/SubscriptionWebhook")
    kinds = staff_api.get("/v1/webhook_event_kinds")
    assert {k["kind"] for k in kinds} == set(EVENT_KINDS)


def test_x4_customers_cannot_manage_webhooks(staff_api: Api, hooks: Receiver) -> None:
    customer = make_customer(staff_api)
    made = endpoint(staff_api, hooks)
    for method, url in [
        ("GET", "/v1/webhook_endpoints"),
        ("POST", "/v1/webhook_endpoints"),
        ("GET", f"/v1/webhook_endpoints/{made['id']}"),
        ("POST", f"/v1/webhook_endpoints/{made['id']}/rotate_secret"),
    ]:
        answer = customer.api.client.request(
            method, url, headers=customer.api.headers, json={"url": hooks.url}
        )
        assert answer.status_code == 403, (method, url, answer.text)


def test_x4_only_public_https_addresses_are_called(
    container: Container, staff_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(container.settings, "webhook_allow_http", False)
    monkeypatch.setattr(container.settings, "webhook_allow_private_addresses", False)
    for url, reason in [
        ("http://hooks.vendor.example/tenure", "scheme"),
        ("ftp://hooks.vendor.example/tenure", "scheme"),
        ("https://user:pw@hooks.vendor.example/tenure", "host"),
        ("https://127.0.0.1/tenure", "address"),
        ("https://10.1.2.3/tenure", "address"),
        ("https://192.168.0.10:8443/tenure", "address"),
        ("https://169.254.169.254/latest/meta-data", "address"),
        ("https://[::1]/tenure", "address"),
        ("https://[::ffff:127.0.0.1]/tenure", "address"),
        ("https://[::1/tenure", "host"),
        ("https://h.example:port/tenure", "host"),
    ]:
        refused = staff_api.post("/v1/webhook_endpoints", {"url": url}, expect=422)
        assert refused["error"]["code"] == "webhook_url_not_allowed", url
        assert refused["error"]["reason"] == reason, url
    staff_api.post("/v1/webhook_endpoints", {"url": "https://hooks.vendor.example/t"}, expect=201)

    # A name is checked when it is called: one that resolves to loopback is never called.
    monkeypatch.setattr(container.settings, "webhook_allow_http", True)
    with receiver() as hooks:
        made = staff_api.post(
            "/v1/webhook_endpoints",
            {"url": f"http://localhost:{hooks.port}/hooks", "event_types": ["account.*"]},
            expect=201,
        )
        make_customer(staff_api)
        sweep(container)
        assert hooks.arrivals == []
    log = staff_api.get(f"/v1/webhook_endpoints/{made['id']}/deliveries")["data"]
    assert log and log[-1]["last_error"].startswith("address_not_allowed")


def test_x4_no_redirect_is_followed_answers_are_read_in_part_and_slow_ones_time_out(
    container: Container, staff_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(container.settings, "webhook_timeout_seconds", 0.5)
    with (
        receiver() as target,
        receiver(answer=lambda n: 307) as redirecting,
        receiver(answer=lambda n: 200, body=b"x" * 2_000_000) as talkative,
        receiver(hold=threading.Event()) as slow,
    ):
        redirecting.location = target.url
        made = {
            name: endpoint(staff_api, hooks, event_types=["account.created"])["id"]
            for name, hooks in [("redirect", redirecting), ("talk", talkative), ("slow", slow)]
        }
        make_customer(staff_api)
        sweep(container)

        assert target.arrivals == []  # the redirect was not followed
        assert len(slow.arrivals) == 1

    def last(endpoint_id: str) -> dict[str, Any]:
        found: dict[str, Any] = staff_api.get(f"/v1/webhook_endpoints/{endpoint_id}/deliveries")[
            "data"
        ][0]
        return found

    assert last(made["redirect"])["status"] == "pending"
    assert last(made["redirect"])["last_status_code"] == 307
    talked = last(made["talk"])
    assert talked["status"] == "delivered"
    excerpt = staff_api.get(f"/v1/webhook_deliveries/{talked['id']}")["log"][0]
    assert excerpt["response_excerpt"] == "x" * 1024
    assert last(made["slow"])["last_error"] == "timeout"


def test_x4_a_worker_killed_mid_delivery_loses_nothing(
    container: Container, staff_api: Api, database_url: str, tmp_path: Path
) -> None:
    """A real ``tenure worker`` is killed (SIGKILL) while its first request waits for an
    answer; a second worker sends the batch again once the first one's lease has run out.
    Every event is acknowledged exactly once."""
    hold = threading.Event()
    with (
        receiver(hold=hold, answer=lambda n: 503 if n == 0 else 204) as hooks,
        ExitStack() as stack,
    ):
        endpoint(staff_api, hooks, event_types=["account.*"])
        for n in range(5):
            make_customer(staff_api, f"p{n}@example.com")
        env = {
            **os.environ,
            "TENURE_DATABASE_URL": database_url,
            "TENURE_ENVIRONMENT": "test",
            "TENURE_SIMULATED_CLOCK": "false",
            "TENURE_EMAIL_ENABLED": "false",
            "TENURE_WEBHOOK_ALLOW_HTTP": "true",
            "TENURE_WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",
            "TENURE_WEBHOOK_TIMEOUT_SECONDS": "2",
            "TENURE_WEBHOOK_LEASE_SECONDS": "3",
        }
        # The tests' schema is made from the models, which are the one migration: say so.
        alembic_command.stamp(alembic_config(database_url), "head")
        command = [sys.executable, "-m", "tenure.cli", "worker", "--interval", "0.2"]
        log = stack.enter_context((tmp_path / "worker.log").open("wb"))
        first = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait(lambda: len(hooks.arrivals) == 1, first)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        hold.set()
        second = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait(lambda: _all_delivered(container), second)
        finally:
            second.terminate()
            second.wait(timeout=30)
        acknowledged = hooks.acknowledged()
        cut_off = hooks.arrivals[0]
    with container.db.transaction(write=False) as session:
        expected = set(session.scalars(select(WebhookDelivery.event_id)).all())
    assert len(acknowledged) == len(set(acknowledged)) == len(expected)  # none twice …
    assert set(acknowledged) == expected  # … none lost
    assert cut_off in acknowledged  # the one cut off was sent again


def _all_delivered(container: Container) -> bool:
    with container.db.transaction(write=False) as session:
        statuses = set(session.scalars(select(WebhookDelivery.status)).all())
    return statuses == {"delivered"}


def _wait(done: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not done():
        assert process.poll() is None, "the worker stopped"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_x4_entitlement_updated_is_sent_when_what_an_account_may_use_changes(
    container: Container, staff_api: Api, hooks: Receiver
) -> None:
    endpoint(staff_api, hooks, event_types=["entitlement.updated"])
    customer = make_customer(staff_api)
    add_card(customer.api)
    sub = buy(customer, "vpn-monthly")
    sweep(container)

    def sent_to(account_id: str) -> list[dict[str, Any]]:
        return [
            r.body["data"]["details"]["entitlement"]
            for r in hooks.received
            if r.body["data"]["account_id"] == account_id
        ]

    assert set(hooks.types()) == {"entitlement.updated"}
    status = customer.api.get("/v1/me/entitlement")
    assert sent_to(customer.id)[-1] == status  # what the app would read, as it was then
    assert status["active"] is True
    before = len(hooks.received)
    sweep(container)
    assert len(hooks.received) == before  # nothing changed, nothing sent

    # A member whose organization's plan grants access is told too (BIZ-1).
    admin = make_customer(staff_api, "admin@fjord.example")
    org = create_org(admin, plan="pm-team")
    member = make_customer(staff_api, "m@fjord.example")
    join(container, admin.api, org, member, "m@fjord.example")
    sweep(container)
    assert sent_to(member.id)[-1]["active"] is True
    assert sent_to(member.id)[-1]["subscriptions"][0]["organization_id"] == org["id"]

    # The end of access is sent when it happens.
    customer.api.post(f"/v1/subscriptions/{sub['id']}/cancel")
    advance_to(container, container.clock.now() + timedelta(days=40))
    assert sent_to(customer.id)[-1]["active"] is False
