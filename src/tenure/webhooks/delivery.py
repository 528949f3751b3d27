"""Sending deliveries (scheduler job ``webhooks.deliver``), at least once.

A worker claims a batch of due deliveries in a short transaction (``FOR UPDATE SKIP LOCKED``
on PostgreSQL): each becomes ``sending`` under the batch's *lease*, whose end is its
``next_attempt_at``, and the transaction commits. The requests go out with no transaction
open, while a helper thread renews the lease; the outcomes are written in one transaction
of their own. So:

* a delivery in flight is never claimed by a second worker; one whose worker died is
  claimed again when its lease runs out, and sent again with the same ``webhook-id`` —
  nothing is lost;
* one endpoint's deliveries go out one after the other, in event order; when one fails, the
  rest of that endpoint's batch is put back unattempted, due with the failed one's retry;
* an attempt counts as delivered only on a 2xx answer within ``webhook_timeout_seconds``;
  redirects are not followed, at most the first KiB of the answer is read and kept;
* a failed delivery is tried again on :data:`tenure.domain.webhooks.RETRY_SCHEDULE` (with
  jitter); after the last attempt it has failed for good, and an endpoint that has not
  answered a single delivery with success since that delivery was first tried is switched
  off and the operations address emailed.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

import httpx2
import structlog
from sqlalchemy import func
from sqlalchemy.orm import Session
from standardwebhooks import Webhook

from tenure.container import Container
from tenure.domain import webhooks as rules
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.clock import SystemClock, rfc3339
from tenure.kit.ids import new_id
from tenure.notifications import service as notifications
from tenure.webhooks import repository, service
from tenure.webhooks.models import (
    DELIVERED,
    FAILED,
    PENDING,
    SENDING,
    WebhookDelivery,
    WebhookEndpoint,
)

if TYPE_CHECKING:
    from tenure.events.models import Event

log = structlog.get_logger(__name__)

BATCH: Final = 100
"""Deliveries claimed per transaction."""
SENDERS: Final = 8
"""Endpoints sent to at once (each endpoint's deliveries one after the other)."""
EXCERPT_BYTES: Final = 1024
RENEWALS_PER_LEASE: Final = 3
USER_AGENT: Final = "Tenure-Webhooks/1"

_WALL = SystemClock()
"""The ``webhook-timestamp`` header is when the request is really sent: the receiver
compares it with its own clock to refuse replayed requests, so it is the wall clock even
where Tenure runs on a simulated one."""


def payload(event: Event) -> bytes:
    """The JSON body of an event's webhook (documented in the OpenAPI document's
    ``webhooks``)."""
    body = {
        "type": event.type,
        "timestamp": rfc3339(event.occurred_at),
        "data": {
            "event_id": event.id,
            "account_id": event.account_id,
            "subject_type": event.subject_type,
            "subject_id": event.subject_id,
            "actor": {"kind": event.actor_kind, "id": event.actor_id},
            "details": event.data,
        },
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(slots=True)
class _Item:
    delivery_id: str
    endpoint_id: str
    event_id: str
    url: str
    body: bytes
    secrets: list[str]


@dataclass(slots=True)
class _Outcome:
    delivery_id: str
    attempted_at: datetime
    status_code: int | None = None
    latency_ms: int = 0
    excerpt: str | None = None
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300


@dataclass(slots=True)
class _Batch:
    lease: str
    items: list[_Item] = field(default_factory=list)
    dropped: int = 0


class DeliveryJob:
    name = "webhooks.deliver"

    def __init__(self) -> None:
        self._clients: dict[float, httpx2.Client] = {}
        self._client_lock = threading.Lock()

    def next_due_at(self, container: Container) -> datetime | None:
        if not container.settings.webhooks_enabled:
            return None
        with container.db.transaction(write=False) as session:
            return repository.next_due_at(session)

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        if not container.settings.webhooks_enabled:
            return 0
        done = 0
        while done < limit:
            batch = _claim(container, now=now, limit=min(BATCH, limit - done))
            if batch is None:
                break
            done += len(batch.items) + batch.dropped
            if batch.items:
                with _LeaseRenewal(container, batch.lease):
                    outcomes = self._send(container, batch.items)
                _record(container, batch, outcomes)
        return done

    def client(self, container: Container) -> httpx2.Client:
        """The connection pool (kept between batches), one per timeout setting."""
        timeout = container.settings.webhook_timeout_seconds
        with self._client_lock:
            if timeout not in self._clients:
                self._clients[timeout] = httpx2.Client(
                    timeout=timeout,
                    follow_redirects=False,
                    trust_env=False,
                    headers={"user-agent": USER_AGENT},
                    limits=httpx2.Limits(max_connections=64, max_keepalive_connections=32),
                )
            return self._clients[timeout]

    def _send(self, container: Container, items: Sequence[_Item]) -> dict[str, _Outcome | None]:
        """Send each endpoint's items in order, endpoints side by side. ``None``: not
        attempted (an earlier delivery to the same endpoint failed in this batch)."""
        groups: dict[str, list[_Item]] = {}
        for item in items:
            groups.setdefault(item.endpoint_id, []).append(item)
        client = self.client(container)
        allow_private = container.settings.webhook_allow_private_addresses

        def send_group(group: list[_Item]) -> list[tuple[str, _Outcome | None]]:
            results: list[tuple[str, _Outcome | None]] = []
            failed = False
            for item in group:
                if failed:
                    results.append((item.delivery_id, None))
                    continue
                outcome = _attempt(client, item, allow_private=allow_private)
                failed = not outcome.succeeded
                results.append((item.delivery_id, outcome))
            return results

        found: dict[str, _Outcome | None] = {}
        if len(groups) == 1:
            for delivery_id, outcome in send_group(next(iter(groups.values()))):
                found[delivery_id] = outcome
            return found
        with ThreadPoolExecutor(max_workers=min(SENDERS, len(groups))) as pool:
            for results in pool.map(send_group, groups.values()):
                found.update(results)
        return found


def _attempt(client: httpx2.Client, item: _Item, *, allow_private: bool) -> _Outcome:
    sent_at = _WALL.now()
    outcome = _Outcome(delivery_id=item.delivery_id, attempted_at=sent_at)
    started = time.perf_counter()
    try:
        if not allow_private:
            _check_resolves_public(item.url)
        headers = {
            "content-type": "application/json",
            "webhook-id": item.event_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": " ".join(
                Webhook(secret).sign(item.event_id, sent_at, item.body) for secret in item.secrets
            ),
        }
        with client.stream("POST", item.url, content=item.body, headers=headers) as response:
            outcome.status_code = response.status_code
            outcome.excerpt = _excerpt(response)
        if not 200 <= response.status_code < 300:
            outcome.error = f"HTTP {response.status_code}"
    except rules.AddressRefused:
        outcome.error = "address_not_allowed: the host resolves to a non-public address"
    except httpx2.TimeoutException:
        outcome.error = "timeout"
    except (httpx2.HTTPError, OSError, ValueError) as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"[:500]
    outcome.latency_ms = round((time.perf_counter() - started) * 1000)
    return outcome


def _excerpt(response: httpx2.Response) -> str:
    """At most the first :data:`EXCERPT_BYTES` of the answer; the rest is never read."""
    read = bytearray()
    for chunk in response.iter_raw():
        read.extend(chunk)
        if len(read) >= EXCERPT_BYTES:
            break
    return bytes(read[:EXCERPT_BYTES]).decode("utf-8", errors="replace")


def _check_resolves_public(url: str) -> None:
    """Every address the host resolves to must be public (a name may point anywhere)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for *_, address in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP):
        rules.check_address(str(address[0]), allow_private=False)


def _claim(container: Container, *, now: datetime, limit: int) -> _Batch | None:
    """Claim up to ``limit`` due deliveries under a new lease and read what to send."""
    settings = container.settings
    with container.db.transaction() as session:
        rows = repository.claim_due(session, now=now, limit=limit)
        if not rows:
            return None
        batch = _Batch(lease=secrets.token_hex(16))
        endpoints = repository.endpoints_by_id(session, sorted({r.endpoint_id for r in rows}))
        found = events.by_seqs(session, [row.event_seq for row in rows])
        signing = {
            e.id: service.signing_secrets(e, secret_key=settings.secret_key, now=now)
            for e in endpoints.values()
            if e.enabled
        }
        dropped: dict[str, list[str]] = {}
        for row in rows:
            endpoint = endpoints.get(row.endpoint_id)
            event = found.get(row.event_seq)
            if endpoint is None or not endpoint.enabled or event is None:
                reason = "endpoint_disabled" if event is not None else "event_missing"
                dropped.setdefault(reason, []).append(row.id)
                continue
            batch.items.append(
                _Item(
                    delivery_id=row.id,
                    endpoint_id=endpoint.id,
                    event_id=row.event_id,
                    url=endpoint.url,
                    body=payload(event),
                    secrets=signing[endpoint.id],
                )
            )
        for reason, ids in dropped.items():
            repository.set_many(session, ids, status=FAILED, lease=None, next_attempt_at=None,
                                last_error=reason)  # fmt: skip
            batch.dropped += len(ids)
        repository.set_many(
            session,
            [item.delivery_id for item in batch.items],
            status=SENDING,
            lease=batch.lease,
            next_attempt_at=container.clock.now() + _lease(container),
        )
        return batch


def _lease(container: Container) -> timedelta:
    return timedelta(seconds=container.settings.webhook_lease_seconds)


def _record(container: Container, batch: _Batch, outcomes: dict[str, _Outcome | None]) -> None:
    """Write a batch's outcomes in one transaction: the successes with a few set-wise
    statements, each failure on its own (its retry, or the end of its endpoint)."""
    now = container.clock.now()
    with container.db.transaction() as session:
        held = repository.held_ids(session, lease=batch.lease)
        lost = [item.delivery_id for item in batch.items if item.delivery_id not in held]
        if lost:  # pragma: no cover - the lease ran out and another worker has them
            log.warning("webhook.lease_lost", deliveries=lost)
        items = [item for item in batch.items if item.delivery_id in held]
        endpoints = repository.endpoints_by_id(
            session, sorted({item.endpoint_id for item in items}), for_update=True
        )
        repository.add_attempts(
            session,
            [
                _attempt_row(item, outcome, now=now)
                for item in items
                if (outcome := outcomes.get(item.delivery_id)) is not None
            ],
        )
        delivered: dict[int | None, list[str]] = {}
        retry_at: dict[str, datetime | None] = {}
        untried: dict[str, list[str]] = {}
        for item in items:
            endpoint = endpoints.get(item.endpoint_id)
            if endpoint is None:  # deleted meanwhile: its deliveries went with it
                continue
            outcome = outcomes.get(item.delivery_id)
            if outcome is None:
                untried.setdefault(item.endpoint_id, []).append(item.delivery_id)
            elif outcome.succeeded:
                delivered.setdefault(outcome.status_code, []).append(item.delivery_id)
                endpoint.last_success_at, endpoint.failing_since = now, None
            else:
                retry_at[item.endpoint_id] = _failed(
                    session, container, endpoint, item.delivery_id, outcome, now=now
                )
        for status_code, ids in delivered.items():
            repository.set_many(
                session,
                ids,
                status=DELIVERED,
                delivered_at=now,
                next_attempt_at=None,
                lease=None,
                attempts=WebhookDelivery.attempts + 1,
                first_attempt_at=func.coalesce(WebhookDelivery.first_attempt_at, now),
                last_attempt_at=now,
                last_status_code=status_code,
                last_error=None,
            )
        for endpoint_id, ids in untried.items():  # due again with the failed one's retry
            repository.set_many(session, ids, status=PENDING, lease=None,
                                next_attempt_at=retry_at.get(endpoint_id) or now)  # fmt: skip


def _attempt_row(item: _Item, outcome: _Outcome, *, now: datetime) -> dict[str, object]:
    return {
        "id": new_id("wha"),
        "delivery_id": item.delivery_id,
        "endpoint_id": item.endpoint_id,
        "attempted_at": now,
        "status_code": outcome.status_code,
        "latency_ms": outcome.latency_ms,
        "response_excerpt": outcome.excerpt,
        "error": outcome.error,
        "succeeded": outcome.succeeded,
    }


def _failed(
    session: Session,
    container: Container,
    endpoint: WebhookEndpoint,
    delivery_id: str,
    outcome: _Outcome,
    *,
    now: datetime,
) -> datetime | None:
    """Record a failed attempt: the delivery's retry, or its end (and maybe its endpoint's).
    Returns when it is tried again."""
    row = repository.delivery(session, delivery_id)
    assert row is not None  # held under this worker's lease, locked
    row.attempts += 1
    row.lease = None
    row.first_attempt_at = row.first_attempt_at or now
    row.last_attempt_at = now
    row.last_status_code = outcome.status_code
    row.last_error = outcome.error
    endpoint.failing_since = endpoint.failing_since or now
    retry = rules.next_attempt(row.attempts, now=now)
    if retry is not None:
        row.status, row.next_attempt_at = PENDING, retry
        return retry
    row.status, row.next_attempt_at = FAILED, None
    log.warning("webhook.failed", delivery_id=row.id, endpoint_id=endpoint.id, error=outcome.error)
    if endpoint.enabled and rules.disables(
        failing_since=endpoint.failing_since, first_attempt_at=row.first_attempt_at
    ):
        service.disable_failing(session, endpoint, now=now, actor=Actor.scheduler())
        _tell_operations(session, container, endpoint, now=now)
    return None


def _tell_operations(
    session: Session, container: Container, endpoint: WebhookEndpoint, *, now: datetime
) -> None:
    settings = container.settings
    log.error("webhook.endpoint_disabled", endpoint_id=endpoint.id, url=endpoint.url)
    if settings.operations_email is None:
        return
    notifications.enqueue_email(
        session,
        to=settings.operations_email,
        template="webhook_endpoint_disabled",
        locale=settings.operations_locale,
        context={
            "endpoint_id": endpoint.id,
            "url": endpoint.url,
            "failing_since": endpoint.failing_since or now,
        },
        now=now,
        dedupe_key=f"webhook_endpoint_disabled:{endpoint.id}:{rfc3339(now)}",
    )


class _LeaseRenewal:
    """While a batch is sent, renew its lease every third of its length."""

    def __init__(self, container: Container, lease: str) -> None:
        self._container = container
        self._lease = lease
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhook-lease", daemon=True)

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join()

    def _run(self) -> None:
        container = self._container
        length = _lease(container)
        while not self._stopped.wait(length.total_seconds() / RENEWALS_PER_LEASE):
            try:
                with container.db.transaction() as session:
                    repository.renew_leases(
                        session, lease=self._lease, until=container.clock.now() + length
                    )
            except Exception as exc:  # the database briefly away: try again
                log.warning("webhook.lease_renewal_failed", error=str(exc))
