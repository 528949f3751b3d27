"""``entitlement.updated`` (X-4, APP-10): what an account may use, sent when it changes.

Events do not say whether they change an entitlement, so the fan-out asks: after fanning out
a batch, for every account an event of a kind that can change entitlements names (the
account's own subscriptions, its suspension, its licenses, its organizations; and, for
an organization's billing account, every member of that organization), it computes the
entitlement as ``GET /v1/me/entitlement`` shows it (in English) and compares its ETag with
the last one sent. A change is recorded as an ``entitlement.updated`` event about the
account, which is fanned out like any other event on the next run (and stays in the audit
trail). This happens only while an enabled endpoint takes ``entitlement.updated``.

A change that no event causes — a warning that appears as a deadline nears — is not sent:
poll the status or listen to the stream for those.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Final

from sqlalchemy.orm import Session

from tenure.domain import webhooks as rules
from tenure.entitlements import service as entitlements
from tenure.entitlements.schemas import EntitlementOut
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.organizations import service as organizations
from tenure.webhooks.models import WebhookEndpoint, WebhookEntitlementState

if TYPE_CHECKING:
    from tenure.events.models import Event

TYPE: Final = "entitlement.updated"
KINDS: Final = frozenset({"subscription", "organization", "license"})
TYPES: Final = frozenset({"account.suspended", "account.reinstated"})


def wanted(endpoints: Iterable[WebhookEndpoint]) -> bool:
    return any(rules.matches(e.event_types, TYPE) for e in endpoints)


def affected(session: Session, found: Sequence[Event]) -> list[str]:
    """The accounts whose entitlement the events may have changed, in first-seen order."""
    accounts: dict[str, None] = {}
    for event in found:
        if event.type == TYPE or event.account_id is None:
            continue
        if event.type in TYPES or event.type.split(".", 1)[0] in KINDS:
            accounts[event.account_id] = None
    for account_id in list(accounts):
        for member in organizations.members_of_billing_account(session, account_id):
            accounts[member] = None
    return list(accounts)


def record_changes(
    session: Session, account_ids: Sequence[str], *, now: datetime, manage_page: str
) -> int:
    """Record ``entitlement.updated`` for each account whose entitlement changed."""
    recorded = 0
    for account_id in account_ids:
        value = entitlements.entitlement_of(session, entitlements.Subject(account_id), now=now)
        shown = EntitlementOut.of(account_id, value, locale="en", manage_page=manage_page)
        out = shown.model_dump(mode="json")
        etag = entitlements.etag_of(entitlements.canonical_json(out)).strip('"')
        state = session.get(WebhookEntitlementState, account_id, with_for_update=True)
        if state is not None and state.etag == etag:
            continue
        if state is None:
            session.add(WebhookEntitlementState(account_id=account_id, etag=etag, updated_at=now))
        else:
            state.etag, state.updated_at = etag, now
        events.record(session, type=TYPE, at=now, actor=Actor.scheduler(),
                      subject_type="account", subject_id=account_id, account_id=account_id,
                      data={"etag": etag, "entitlement": out})  # fmt: skip
        recorded += 1
    return recorded
