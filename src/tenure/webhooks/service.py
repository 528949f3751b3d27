"""Webhook endpoints managed by staff (X-4): create, change, rotate the secret, switch on and
off, resend one delivery, replay everything since a time."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from tenure.domain import webhooks as rules
from tenure.events import service as events
from tenure.kit import sealing
from tenure.kit.actor import Actor
from tenure.kit.errors import Conflict, InvalidInput, NotFound
from tenure.kit.ids import new_id
from tenure.kit.pages import Window
from tenure.webhooks import repository
from tenure.webhooks.models import (
    DELIVERED,
    FAILED,
    PENDING,
    SENDING,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

_PURPOSE = b"tenure webhook secrets v1"
SECRET_PREFIX = "whsec_"  # noqa: S105 - the format prefix, not a secret
REPLAY_LIMIT = 10_000
"""A replay queues at most this many events per request; the answer says where to go on."""


@dataclass(frozen=True, slots=True)
class Policy:
    """The settings that decide which URLs may be called."""

    allow_http: bool
    allow_private: bool


def _check_url(url: str, policy: Policy) -> str:
    try:
        checked = rules.check_url(url, allow_http=policy.allow_http)
    except rules.AddressRefused as exc:
        raise InvalidInput(
            "webhook_url_not_allowed",
            "The webhook URL must be an https:// URL with a host name (http:// only where "
            "the server allows it), without user name, password or fragment.",
            url=url,
            reason=exc.code,
        ) from None
    host = (rules.urlsplit_host(checked) or "").strip("[]")
    if rules.is_ip_literal(host):
        try:
            rules.check_address(host, allow_private=policy.allow_private)
        except rules.AddressRefused:
            raise InvalidInput(
                "webhook_url_not_allowed",
                "The webhook URL points at a loopback, link-local or private address, "
                "which this server does not call.",
                url=url,
                reason="address",
            ) from None
    return checked


def _check_filter(event_types: Sequence[str] | None) -> list[str] | None:
    if event_types is None:
        return None
    try:
        return rules.check_filter(event_types)
    except ValueError as exc:
        raise InvalidInput(
            "unknown_event_type",
            "{pattern} is not an event type, a kind of event (such as subscription.*) or *.",
            pattern=str(exc),
            kinds=sorted(rules.EVENT_KINDS),
        ) from None


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _seal(secret: str, *, secret_key: str, endpoint_id: str) -> str:
    return sealing.seal(
        secret.encode(), secret_key=secret_key, purpose=_PURPOSE, row_id=endpoint_id
    )


def signing_secrets(endpoint: WebhookEndpoint, *, secret_key: str, now: datetime) -> list[str]:
    """The secrets that sign a delivery now: the current one, and the previous one while
    its overlap lasts."""
    found = [
        sealing.unseal(
            endpoint.secret_sealed, secret_key=secret_key, purpose=_PURPOSE, row_id=endpoint.id
        ).decode()
    ]
    until = endpoint.previous_secret_until
    if endpoint.previous_secret_sealed is not None and until is not None and now < until:
        found.append(
            sealing.unseal(
                endpoint.previous_secret_sealed,
                secret_key=secret_key,
                purpose=_PURPOSE,
                row_id=endpoint.id,
            ).decode()
        )
    return found


def _record(
    session: Session,
    endpoint: WebhookEndpoint,
    type: str,
    *,
    at: datetime,
    actor: Actor,
    **data: Any,
) -> None:
    events.record(
        session,
        type=f"webhook_endpoint.{type}",
        at=at,
        actor=actor,
        subject_type="webhook_endpoint",
        subject_id=endpoint.id,
        account_id=None,
        data={"url": endpoint.url, "enabled": endpoint.enabled, **data},
    )


def create(
    session: Session,
    *,
    url: str,
    description: str,
    event_types: Sequence[str] | None,
    enabled: bool,
    policy: Policy,
    secret_key: str,
    now: datetime,
    actor: Actor,
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (shown this once). It receives the events
    recorded from now on."""
    endpoint_id = new_id("whk")
    secret = new_secret()
    endpoint = WebhookEndpoint(
        id=endpoint_id,
        url=_check_url(url, policy),
        description=description,
        event_types=_check_filter(event_types),
        enabled=enabled,
        disabled_reason=None if enabled else "staff",
        disabled_at=None if enabled else now,
        secret_sealed=_seal(secret, secret_key=secret_key, endpoint_id=endpoint_id),
        previous_secret_sealed=None,
        previous_secret_until=None,
        created_after_seq=events.newest_seq(session),
        failing_since=None,
        last_success_at=None,
        created_at=now,
        updated_at=now,
    )
    session.add(endpoint)
    _record(session, endpoint, "created", at=now, actor=actor, event_types=endpoint.event_types)
    return endpoint, secret


def get(session: Session, endpoint_id: str, *, for_update: bool = False) -> WebhookEndpoint:
    found = repository.endpoint(session, endpoint_id, for_update=for_update)
    if found is None:
        raise NotFound("webhook_endpoint_not_found", "No webhook endpoint {id}.", id=endpoint_id)
    return found


def listed(session: Session, *, window: Window) -> Sequence[WebhookEndpoint]:
    return repository.endpoints(session, window=window)


_UNSET: Any = object()


def update(
    session: Session,
    endpoint_id: str,
    *,
    url: str | None = None,
    description: str | None = None,
    event_types: Sequence[str] | None = _UNSET,
    enabled: bool | None = None,
    policy: Policy,
    now: datetime,
    actor: Actor,
) -> WebhookEndpoint:
    """Change an endpoint. Switching it on again clears its failure record; the events
    recorded while it was off are not delivered unless replayed."""
    endpoint = get(session, endpoint_id, for_update=True)
    changed: dict[str, Any] = {}
    if url is not None and url != endpoint.url:
        endpoint.url = changed["url"] = _check_url(url, policy)
    if description is not None and description != endpoint.description:
        endpoint.description = changed["description"] = description
    if event_types is not _UNSET:
        checked = _check_filter(event_types)
        if checked != endpoint.event_types:
            endpoint.event_types = changed["event_types"] = checked
    if enabled is not None and enabled != endpoint.enabled:
        endpoint.enabled = changed["enabled"] = enabled
        endpoint.disabled_reason = None if enabled else "staff"
        endpoint.disabled_at = None if enabled else now
        if enabled:
            endpoint.failing_since = None
    if changed:
        endpoint.updated_at = now
        _record(session, endpoint, "updated", at=now, actor=actor, changed=sorted(changed))
    return endpoint


def delete(session: Session, endpoint_id: str, *, now: datetime, actor: Actor) -> None:
    """Forget an endpoint with its deliveries and their log."""
    endpoint = get(session, endpoint_id, for_update=True)
    _record(session, endpoint, "deleted", at=now, actor=actor)
    repository.delete_endpoint(session, endpoint_id)


def rotate_secret(
    session: Session,
    endpoint_id: str,
    *,
    overlap: timedelta,
    secret_key: str,
    now: datetime,
    actor: Actor,
) -> tuple[WebhookEndpoint, str]:
    """A new signing secret (shown this once); the one before it keeps signing beside it
    for ``overlap`` (0: it stops at once)."""
    endpoint = get(session, endpoint_id, for_update=True)
    secret = new_secret()
    endpoint.previous_secret_sealed = endpoint.secret_sealed if overlap else None
    endpoint.previous_secret_until = now + overlap if overlap else None
    endpoint.secret_sealed = _seal(secret, secret_key=secret_key, endpoint_id=endpoint.id)
    endpoint.updated_at = now
    _record(
        session,
        endpoint,
        "secret_rotated",
        at=now,
        actor=actor,
        previous_signs_until=endpoint.previous_secret_until,
    )
    return endpoint, secret


def disable_failing(
    session: Session, endpoint: WebhookEndpoint, *, now: datetime, actor: Actor
) -> None:
    endpoint.enabled = False
    endpoint.disabled_reason = "failing"
    endpoint.disabled_at = now
    endpoint.updated_at = now
    _record(
        session,
        endpoint,
        "disabled",
        at=now,
        actor=actor,
        reason="failing",
        failing_since=endpoint.failing_since,
    )


# --- deliveries -----------------------------------------------------------------------


def delivery(session: Session, delivery_id: str, *, for_update: bool = False) -> WebhookDelivery:
    found = repository.delivery(session, delivery_id, for_update=for_update)
    if found is None:
        raise NotFound("webhook_delivery_not_found", "No webhook delivery {id}.", id=delivery_id)
    return found


def deliveries(
    session: Session, endpoint_id: str, *, status: str | None, window: Window
) -> Sequence[WebhookDelivery]:
    get(session, endpoint_id)
    return repository.deliveries(session, endpoint_id, status=status, window=window)


def attempts(session: Session, delivery_id: str) -> Sequence[WebhookAttempt]:
    return repository.attempts(session, delivery_id)


def _requeue(row: WebhookDelivery, *, now: datetime) -> None:
    row.status = PENDING
    row.attempts = 0
    row.next_attempt_at = now
    row.lease = None
    row.first_attempt_at = None


def resend(session: Session, delivery_id: str, *, now: datetime, actor: Actor) -> WebhookDelivery:
    """Send a delivery again at once, with the same ``webhook-id`` (a receiver that keeps
    the ids it has seen takes it once). Refused while it is being sent."""
    row = delivery(session, delivery_id, for_update=True)
    if row.status == SENDING:
        raise Conflict(
            "webhook_delivery_in_flight",
            "The delivery is being sent right now; look again in a moment.",
            id=delivery_id,
        )
    endpoint = get(session, row.endpoint_id)
    _enabled_for_sending(endpoint)
    _requeue(row, now=now)
    _record(session, endpoint, "delivery_resent", at=now, actor=actor, delivery_id=row.id,
            event_id=row.event_id)  # fmt: skip
    return row


def _enabled_for_sending(endpoint: WebhookEndpoint) -> None:
    if not endpoint.enabled:
        raise Conflict(
            "webhook_endpoint_disabled",
            "The webhook endpoint is switched off; switch it on first.",
            id=endpoint.id,
            disabled_reason=endpoint.disabled_reason,
        )


@dataclass(frozen=True, slots=True)
class Replay:
    queued: int
    more: bool
    """More events match: replay again from ``resume_after_event``."""
    resume_after_seq: int | None


def replay(
    session: Session,
    endpoint_id: str,
    *,
    since: datetime,
    after_seq: int = 0,
    now: datetime,
    actor: Actor,
) -> Replay:
    """Queue again every event since ``since`` that the endpoint's filter takes: those it
    had are sent again (same ``webhook-id``), those it missed (it was off) are sent for the
    first time; at most :data:`REPLAY_LIMIT` per call."""
    endpoint = get(session, endpoint_id, for_update=True)
    _enabled_for_sending(endpoint)
    found = events.since(session, at=since, after_seq=after_seq, limit=REPLAY_LIMIT + 1)
    more = len(found) > REPLAY_LIMIT
    found = found[:REPLAY_LIMIT]
    wanted = [e for e in found if rules.matches(endpoint.event_types, e.type)]
    queued = 0
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        existing = repository.for_events(session, endpoint.id, [e.seq for e in chunk])
        new_rows = []
        for event in chunk:
            row = existing.get(event.seq)
            if row is None:
                new_rows.append(new_delivery(endpoint.id, event.seq, event.id, event.type, now))
            elif row.status != SENDING:
                _requeue(row, now=now)
            else:
                continue
            queued += 1
        repository.add_deliveries(session, new_rows)
    _record(session, endpoint, "replayed", at=now, actor=actor, since=since, queued=queued)
    return Replay(queued=queued, more=more, resume_after_seq=found[-1].seq if more else None)


def new_delivery(
    endpoint_id: str, event_seq: int, event_id: str, event_type: str, now: datetime
) -> dict[str, Any]:
    return {
        "id": new_id("whd"),
        "endpoint_id": endpoint_id,
        "event_seq": event_seq,
        "event_id": event_id,
        "event_type": event_type,
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "lease": None,
        "first_attempt_at": None,
        "last_attempt_at": None,
        "last_status_code": None,
        "last_error": None,
        "delivered_at": None,
        "created_at": now,
    }


def queue_counts(session: Session) -> dict[str, int]:
    return repository.counts(session)


def oldest_undelivered(session: Session) -> datetime | None:
    return repository.oldest_undelivered(session)


def disabled_for_failing(session: Session) -> int:
    return repository.disabled_for_failing(session)


SETTLED = (DELIVERED, FAILED)
