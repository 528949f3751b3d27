from __future__ import annotations

from fastapi import Query
from pydantic import BaseModel

from tenure.api.context import StaffCtx
from tenure.api.routing import router
from tenure.events import service
from tenure.events.schemas import EventOut
from tenure.kit.inputs import INT64_MAX

api = router("/v1/events", tags=["audit"])


class EventPage(BaseModel):
    events: list[EventOut]
    next_after: int | None


@api.get("")
def list_events(
    ctx: StaffCtx,
    account_id: str | None = Query(default=None),
    subject_id: str | None = Query(default=None),
    type: str | None = Query(default=None, description="An event type, e.g. invoice.paid."),
    actor_kind: str | None = Query(default=None, description="staff, account, scheduler, …"),
    after: int | None = Query(
        default=None, ge=0, le=INT64_MAX, description="next_after of the last page."
    ),
    limit: int = Query(default=100, ge=1, le=1000),
) -> EventPage:
    """The audit trail (X-3): who (staff, owner, admin, device, store, scheduler) did what,
    when — every state change, oldest first."""
    rows = service.search(
        ctx.session,
        account_id=account_id,
        subject_id=subject_id,
        type=type,
        actor_kind=actor_kind,
        after=after,
        limit=limit + 1,
    )
    page = list(rows[:limit])
    return EventPage(
        events=[EventOut.of(event) for event in page],
        next_after=page[-1].seq if len(rows) > limit else None,
    )
