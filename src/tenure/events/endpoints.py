from __future__ import annotations

from fastapi import Query

from tenure.api.context import StaffCtx
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.events import service
from tenure.events.schemas import EventOut

api = router("/v1/events", tags=["audit"])


@api.get("")
def list_events(
    ctx: StaffCtx,
    window: Paging,
    account_id: str | None = Query(default=None, max_length=64),
    subject_id: str | None = Query(default=None, max_length=64),
    type: str | None = Query(
        default=None, max_length=100, description="An event type, e.g. invoice.paid."
    ),
    actor_kind: str | None = Query(
        default=None, max_length=40, description="staff, account, scheduler, …"
    ),
) -> Page[EventOut]:
    """The audit trail (X-3): who (staff, owner, admin, device, store, scheduler) did what,
    when — every state change, oldest first."""
    rows = service.search(
        ctx.session,
        account_id=account_id,
        subject_id=subject_id,
        type=type,
        actor_kind=actor_kind,
        window=window,
    )
    return page(rows, window, key=lambda e: (e.seq,), out=EventOut.of)
