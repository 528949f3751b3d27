"""Turning events into deliveries (scheduler job ``webhooks.fan_out``).

The events table is the outbox: every change writes its event in its own transaction. This
job follows it with a cursor (one row, locked while a worker moves it, so two workers never
fan out the same event) and queues one delivery per event and endpoint whose filter takes
it — ``ON CONFLICT DO NOTHING`` on (endpoint, event), so a retry queues nothing twice.

On PostgreSQL sequence numbers are handed out before commit, so an event may become visible
after a later one was read. Numbers skipped over are kept as *gaps* and looked for again on
every run until :data:`GAP_HORIZON` has passed (no transaction lasts that long; a number
whose transaction rolled back never shows up).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from tenure.container import Container
from tenure.domain import webhooks as rules
from tenure.events import service as events
from tenure.webhooks import entitlement, repository
from tenure.webhooks.service import new_delivery

GAP_HORIZON: Final = timedelta(minutes=10)
MAX_GAPS: Final = 10_000
BATCH: Final = 500


class FanOutJob:
    name = "webhooks.fan_out"

    def next_due_at(self, container: Container) -> datetime | None:
        """Now, while an endpoint listens and events wait to be fanned out. Without one,
        nothing is due: the events before the first endpoint matter to nobody."""
        with container.db.transaction(write=False) as session:
            if not repository.enabled_endpoints(session):
                return None
            cursor = repository.cursor_seq(session)
            newest = events.newest_seq(session)
        if newest > (cursor or 0):
            return container.clock.now()
        return None

    def run_due(self, container: Container, *, now: datetime, limit: int = 500) -> int:
        with container.db.transaction(write=False) as session:
            if not repository.enabled_endpoints(session):
                return 0  # nobody listens: no write, no work
        fanned = 0
        while fanned < limit:
            ran = _fan_out(container, limit=min(BATCH, limit - fanned))
            if ran == 0:
                break
            fanned += ran
        return fanned


def _fan_out(container: Container, *, limit: int) -> int:
    """Fan out the next events; return how many were new to the cursor."""
    now = container.clock.now()
    with container.db.transaction() as session:
        endpoints = repository.enabled_endpoints(session)
        if not endpoints:
            return 0
        start = min(e.created_after_seq for e in endpoints)
        cursor = repository.cursor(session, start=start, now=now)
        if cursor.last_seq < start:  # the events before matter to no endpoint
            cursor.last_seq, cursor.gaps = start, {}
        gaps = {
            int(seq): seen
            for seq, seen in cursor.gaps.items()
            if datetime.fromisoformat(seen) > now - GAP_HORIZON
        }
        found = events.events_after(session, after=cursor.last_seq, gaps=list(gaps), limit=limit)
        if not found:
            if len(gaps) != len(cursor.gaps):
                cursor.gaps = {str(seq): seen for seq, seen in gaps.items()}
            return 0
        rows = [
            new_delivery(endpoint.id, event.seq, event.id, event.type, now)
            for event in found
            for endpoint in endpoints
            if event.seq > endpoint.created_after_seq
            and rules.matches(endpoint.event_types, event.type)
        ]
        repository.add_deliveries(session, rows)
        if entitlement.wanted(endpoints):
            entitlement.record_changes(
                session,
                entitlement.affected(session, found),
                now=now,
                manage_page=container.settings.manage_subscriptions_page,
            )
        seen = {event.seq for event in found}
        newest = max(seen)
        stamp = now.isoformat()
        for seq in range(cursor.last_seq + 1, newest):
            if seq not in seen:
                gaps[seq] = stamp
        for seq in seen:
            gaps.pop(seq, None)
        if len(gaps) > MAX_GAPS:
            gaps = dict(sorted(gaps.items())[-MAX_GAPS:])
        fresh = sum(1 for seq in seen if seq > cursor.last_seq)
        cursor.last_seq = max(cursor.last_seq, newest)
        cursor.gaps = {str(seq): seen_at for seq, seen_at in gaps.items()}
        cursor.updated_at = now
        return max(fresh, 1)
