"""The simulated clock (X-1). Mounted only when the server runs with ``--simulated-clock``."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool

from tenure.api.context import StaffCtx
from tenure.api.routing import router
from tenure.kit.clock import ensure_utc
from tenure.kit.errors import InvalidInput
from tenure.scheduler.runner import advance_to

api = router("/v1/clock", tags=["clock"])


class ClockOut(BaseModel):
    now: datetime
    simulated: bool = True
    transitions_run: int = 0


# How far one advance may move the clock (ten years): far enough for any life cycle, and
# never past the end of the calendar.
MAX_DAYS = 3660


class AdvanceIn(BaseModel):
    seconds: int | None = Field(default=None, ge=0, le=MAX_DAYS * 86_400)
    minutes: int | None = Field(default=None, ge=0, le=MAX_DAYS * 1_440)
    hours: int | None = Field(default=None, ge=0, le=MAX_DAYS * 24)
    days: int | None = Field(default=None, ge=0, le=MAX_DAYS)
    to: datetime | None = Field(default=None, description="Advance to this instant instead.")

    @model_validator(mode="after")
    def _one_form(self) -> AdvanceIn:
        relative = any(v is not None for v in (self.seconds, self.minutes, self.hours, self.days))
        if relative == (self.to is not None):
            raise ValueError("Give either an amount (days, hours, minutes, seconds) or to.")
        return self


@api.get("")
def read_clock(ctx: StaffCtx) -> ClockOut:
    return ClockOut(now=ctx.container.clock.now())


@api.post("/advance")
async def advance_clock(body: AdvanceIn, ctx: StaffCtx) -> ClockOut:
    clock = ctx.container.simulated_clock
    assert clock is not None  # the router is mounted only with a simulated clock
    if body.to is not None:
        if body.to.utcoffset() is None:
            raise InvalidInput("invalid_time", "Give the instant with a timezone.")
        # Compared before converting it: near the ends of the calendar the conversion to UTC
        # itself would overflow.
        if body.to < clock.now():
            raise InvalidInput("clock_cannot_go_back", "The simulated clock never moves backwards.")
        if body.to - clock.now() > timedelta(days=MAX_DAYS):
            raise InvalidInput(
                "clock_too_far",
                "The simulated clock moves at most {days} days at a time.",
                days=MAX_DAYS,
            )
        target = ensure_utc(body.to)
    else:
        target = clock.now() + timedelta(
            days=body.days or 0,
            hours=body.hours or 0,
            minutes=body.minutes or 0,
            seconds=body.seconds or 0,
        )
    # The transitions run in their own transactions; let go of this request's (on SQLite it
    # holds the write lock since authentication read the API key).
    await run_in_threadpool(ctx.session.rollback)
    ran = await run_in_threadpool(advance_to, ctx.container, target)
    return ClockOut(now=clock.now(), transitions_run=ran)
