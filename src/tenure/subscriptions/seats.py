"""Adding seats to a business subscription (BIZ-1): a per-seat plan bills each added seat for
what is left of the period (prorated like VL-5); a plan with one price for up to N members
has its seats fixed by the plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tenure.catalog.service import plan_of
from tenure.domain import volume as proration
from tenure.kit.errors import Conflict, InvalidInput
from tenure.subscriptions import charging
from tenure.subscriptions.common import record

if TYPE_CHECKING:
    from tenure.billing.models import Invoice
    from tenure.kit.actor import Actor
    from tenure.kit.ports import PaymentGateway
    from tenure.subscriptions.models import Subscription


@dataclass(frozen=True, slots=True)
class SeatsAdded:
    subscription: Subscription
    added: int
    invoice: Invoice | None  # None during a trial: the trial's end bills every seat
    amount: int


def add_seats(
    session: Session,
    *,
    sub: Subscription,
    count: int,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
) -> SeatsAdded:
    """Add ``count`` seats to ``sub``. During a trial the seats are added at no charge (the
    first charge bills them all); while active, the added seats are charged at once for the
    rest of the period with the subscription's payment method, and a refused charge refuses
    the request. The renewal date does not move. Invoice-paid plans (SUB-12) get an open
    invoice for staff to mark paid."""
    plan = plan_of(session, sub)
    if not plan.price_per_seat:
        raise Conflict(
            "seats_fixed_by_plan",
            "The plan {plan} includes up to {max} members; change to a plan with more seats.",
            plan=plan.code,
            max=plan.seats.max,
        )
    if count < 1:
        raise InvalidInput("invalid_quantity", "Add at least one seat.")
    if sub.status not in ("trialing", "active") or sub.current_period_end is None:
        raise Conflict(
            "subscription_not_active",
            "Seats can be added only to a subscription that is active or in its trial.",
            status=sub.status,
        )
    total = sub.quantity + count
    if plan.seats.max is not None and total > plan.seats.max:
        raise InvalidInput(
            "invalid_quantity",
            "The plan {plan} allows {min} to {max} seats.",
            plan=plan.code,
            min=plan.seats.min,
            max=plan.seats.max,
        )
    invoice: Invoice | None = None
    amount = 0
    if sub.status == "active":
        charge = proration.added_seats_charge(
            period_unit_amount=sub.unit_amount,
            period_months=sub.billing_period_months,
            added=count,
            renewal=sub.current_period_end,
            now=now,
        )
        amount = charge.amount
        invoice = charging.proration_invoice(
            session,
            sub=sub,
            plan=plan,
            reason="seats_added",
            count=count,
            unit_amount=sub.unit_amount,
            charge=charge,
            dedupe_key=f"{sub.id}:seats_added:{total}:{now.isoformat()}",
            now=now,
            actor=actor,
        )
        if not plan.invoice_billing:
            paying = charging.paying_method(session, sub, plan)
            charging.collect_now(
                session,
                invoice=invoice,
                method=paying[0] if paying is not None else None,
                gateway=gateway,
                now=now,
                actor=actor,
            )
    sub.quantity = total
    sub.updated_at = now
    record(
        session,
        sub,
        "seats_added",
        at=now,
        actor=actor,
        added=count,
        seats=total,
        invoice_id=invoice.id if invoice else None,
        amount=amount,
    )
    return SeatsAdded(subscription=sub, added=count, invoice=invoice, amount=amount)
