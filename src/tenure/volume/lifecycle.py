"""What a volume plan adds to the subscription life cycle (plugged in by
:mod:`tenure.wiring` through :mod:`tenure.subscriptions.extensions`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tenure.catalog.service import monthly_price
from tenure.licenses import service as licenses

if TYPE_CHECKING:
    from tenure.catalog.schema import Plan
    from tenure.kit.actor import Actor
    from tenure.subscriptions.models import Subscription


class VolumeLifecycle:
    """VL-11: a volume subscription renews only the licenses still set to renew, at the tier
    of their count; at the renewal date the others end. VL-12: every license ends with the
    subscription."""

    def renewal_terms(self, session: Session, sub: Subscription, plan: Plan) -> tuple[int, int]:
        seats = licenses.renewing_count(session, subscription_id=sub.id)
        return seats, monthly_price(plan, sub.currency, seats) * plan.billing_period_months

    def on_roll(self, session: Session, sub: Subscription, *, now: datetime, actor: Actor) -> None:
        licenses.end_non_renewing(session, subscription_id=sub.id, now=now, actor=actor)

    def on_end(self, session: Session, sub: Subscription, *, now: datetime, actor: Actor) -> None:
        licenses.end_all(session, subscription_id=sub.id, now=now, actor=actor)
