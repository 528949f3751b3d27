"""Extension points of the subscription life cycle.

The life cycle (renewal, roll-over, expiry) is the same for every plan; a feature package that
gives a kind of plan more to do — volume licensing renews only the licenses still set to renew
and ends them with the subscription (VL-11, VL-12) — plugs in here, without the life cycle
importing it. The composition root (:mod:`tenure.wiring`) registers each package's hooks once;
the life cycle asks :func:`for_kind` and calls what it finds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from tenure.catalog.schema import Plan
from tenure.kit.actor import Actor
from tenure.subscriptions.models import Subscription


class PlanKindLifecycle(Protocol):
    """What a kind of plan adds to the life cycle of its subscriptions."""

    def renewal_terms(self, session: Session, sub: Subscription, plan: Plan) -> tuple[int, int]:
        """The seats and the price per seat for one period that the next period is billed
        at (0 seats: nothing renews, the subscription ends at the period's end)."""
        ...

    def on_roll(self, session: Session, sub: Subscription, *, now: datetime, actor: Actor) -> None:
        """The next period starts: called before the subscription moves into it."""
        ...

    def on_end(self, session: Session, sub: Subscription, *, now: datetime, actor: Actor) -> None:
        """The subscription has ended (expired or cancelled to its end)."""
        ...


_BY_KIND: dict[str, PlanKindLifecycle] = {}


def register(kind: str, hooks: PlanKindLifecycle) -> None:
    """Plug a kind of plan's hooks in (the composition root does, once per process)."""
    _BY_KIND[kind] = hooks


def for_kind(kind: str) -> PlanKindLifecycle | None:
    return _BY_KIND.get(kind)
