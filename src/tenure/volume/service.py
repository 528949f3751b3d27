"""Volume licensing: purchase request and approval, enrollment, adding licenses
(VL-1 … VL-8, CAT-3). Licenses themselves are managed by :mod:`tenure.licenses`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from tenure.accounts.service import get_account
from tenure.billing import service as billing
from tenure.catalog.service import current_catalog, monthly_price, plan_of, tiers_of
from tenure.domain import volume as rules
from tenure.events import service as events
from tenure.kit.errors import Conflict, InvalidInput, NotFound
from tenure.kit.ids import new_id
from tenure.kit.pages import Window, keyset
from tenure.licenses import service as licenses
from tenure.payment_methods.service import default_payment_method, get_payment_method
from tenure.subscriptions import changes, charging, purchase
from tenure.subscriptions.lookups import get_subscription
from tenure.volume.models import VolumeRequest

if TYPE_CHECKING:
    from tenure.billing.models import Invoice
    from tenure.kit.actor import Actor
    from tenure.kit.ports import PaymentGateway
    from tenure.payment_methods.models import PaymentMethod
    from tenure.subscriptions.models import Subscription


def _record(
    session: Session, request: VolumeRequest, type: str, *, at: datetime, actor: Actor
) -> None:
    events.record_about(
        session,
        "volume_request",
        request,
        type,
        at=at,
        actor=actor,
        data={"status": request.status, "licenses": request.licenses_wanted},
    )


def check_minimum(licenses_wanted: int) -> None:
    """VL-2: volume licensing starts at five licenses; fewer means ordinary subscriptions."""
    if licenses_wanted < rules.MINIMUM_LICENSES:
        raise InvalidInput(
            "volume_minimum_not_met",
            "Volume licensing starts at {minimum} licenses. For {extra} or fewer extra "
            "subscriptions, buy additional ordinary subscriptions on your account instead.",
            minimum=rules.MINIMUM_LICENSES,
            extra=rules.MAX_ADDITIONAL_ORDINARY,
        )


# --------------------------------------------------------------------------- VL-1 requests


def file_request(
    session: Session,
    *,
    account_id: str,
    company_name: str,
    licenses_wanted: int,
    billing_period_months: int,
    note: str,
    now: datetime,
    actor: Actor,
) -> VolumeRequest:
    """VL-1: only an existing account files a purchase request; staff decide on it."""
    account = get_account(session, account_id)
    check_minimum(licenses_wanted)
    for existing in requests_of(session, account.id):
        if existing.status == "pending":
            raise Conflict(
                "volume_request_pending", "A volume licensing request is already waiting."
            )
        if existing.status == "approved":
            raise Conflict(
                "already_enrolled", "The account is already enrolled in volume licensing."
            )
    request = VolumeRequest(
        id=new_id("vlr"),
        account_id=account.id,
        company_name=company_name.strip(),
        licenses_wanted=licenses_wanted,
        billing_period_months=billing_period_months,
        note=note,
        status="pending",
        decided_by=None,
        decided_at=None,
        decision_note=None,
        created_at=now,
    )
    session.add(request)
    _record(session, request, "filed", at=now, actor=actor)
    return request


def requests_of(
    session: Session, account_id: str, window: Window | None = None
) -> Sequence[VolumeRequest]:
    """The account's volume licensing requests, oldest first (all, or one window)."""
    query = select(VolumeRequest).where(VolumeRequest.account_id == account_id)
    return session.scalars(
        keyset(query, [VolumeRequest.created_at, VolumeRequest.id], window)
    ).all()


def get_request(session: Session, request_id: str) -> VolumeRequest:
    request = session.get(VolumeRequest, request_id)
    if request is None:
        raise NotFound("volume_request_not_found", "No volume licensing request with this id.")
    return request


def decide(
    session: Session,
    *,
    request: VolumeRequest,
    approve: bool,
    note: str | None,
    now: datetime,
    actor: Actor,
) -> VolumeRequest:
    if request.status != "pending":
        raise Conflict(
            "volume_request_decided", "This request was already {status}.", status=request.status
        )
    request.status = "approved" if approve else "rejected"
    request.decided_by = f"{actor.kind}:{actor.id}"
    request.decided_at = now
    request.decision_note = note
    _record(session, request, request.status, at=now, actor=actor)
    return request


def is_enrolled(session: Session, account_id: str) -> bool:
    return any(r.status == "approved" for r in requests_of(session, account_id))


# --------------------------------------------------------------------------- pricing


def _card_method(
    session: Session, *, account_id: str, payment_method_id: str | None
) -> PaymentMethod:
    """VL-3: volume licensing is paid by card only."""
    method = (
        get_payment_method(session, account_id=account_id, payment_method_id=payment_method_id)
        if payment_method_id
        else default_payment_method(session, account_id)
    )
    if method is None:
        raise InvalidInput("payment_method_required", "Add a payment method to buy this plan.")
    if method.type != "card":
        raise InvalidInput(
            "volume_card_only",
            "Volume licensing can only be paid by card; {method} is not accepted.",
            method=method.type,
        )
    return method


# --------------------------------------------------------------------------- enrollment


def enroll(
    session: Session,
    *,
    account_id: str,
    plan_code: str,
    licenses_count: int,
    payment_method_id: str | None,
    move_subscription_id: str | None,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
    currency: str = "USD",
) -> Subscription:
    """Buy a volume subscription (VL-1 … VL-4): enrolled accounts only, at least five
    licenses, card only. With ``move_subscription_id`` the owner's ordinary subscription ends
    and its unused value becomes credit used first on this invoice (VL-4, SUB-10); otherwise
    it keeps running."""
    account = get_account(session, account_id)
    if not is_enrolled(session, account.id):
        raise Conflict(
            "volume_not_approved",
            "Volume licensing needs an approved purchase request first.",
        )
    loaded = current_catalog(session)
    plan = loaded.plan(plan_code)
    if plan.kind != "volume":
        raise InvalidInput(
            "not_a_volume_plan", "The plan {plan} is not a volume licensing plan.", plan=plan.code
        )
    check_minimum(licenses_count)
    if plan.seats.max is not None and licenses_count > plan.seats.max:
        raise InvalidInput(
            "invalid_quantity",
            "The plan {plan} allows {min} to {max} seats.",
            plan=plan.code,
            min=plan.seats.min,
            max=plan.seats.max,
        )
    if currency not in plan.currencies:
        raise InvalidInput(
            "currency_not_offered",
            "The plan {plan} is not sold in {currency}.",
            plan=plan.code,
            currency=currency,
            offered=plan.currencies,
        )
    method = _card_method(session, account_id=account.id, payment_method_id=payment_method_id)
    if move_subscription_id:
        old = get_subscription(session, move_subscription_id, for_update=True)
        if old.account_id != account.id:
            raise NotFound("subscription_not_found", "No subscription with this id exists.")
        changes.end_with_credit(session, sub=old, now=now, actor=actor, reason="moved_to_volume")

    tier_price = monthly_price(plan, currency, licenses_count)
    base_price = tiers_of(plan, currency)[0].monthly_unit_price
    months = plan.billing_period_months
    sub = purchase.new_subscription(
        account_id=account.id,
        product_code=loaded.product_for(plan.code).code,
        plan=plan,
        catalog_version=loaded.version,
        currency=currency,
        quantity=licenses_count,
        unit_amount=tier_price * months,
        payment_method_id=method.id,
        start_at=now,
        previous=None,
        now=now,
    )
    session.add(sub)
    period_end = now + relativedelta(months=months)
    lines = [
        billing.plan_line(
            description=plan.name,
            plan_code=plan.code,
            quantity=licenses_count,
            unit_amount=base_price * months,
            period_start=now,
            period_end=period_end,
        )
    ]
    if base_price > tier_price:
        saving = (base_price - tier_price) * months
        lines.append(
            billing.LineDraft(
                kind="discount",
                description="Volume discount",
                quantity=licenses_count,
                unit_amount=-saving,
                amount=-saving * licenses_count,
                plan_code=plan.code,
                period_start=now,
                period_end=period_end,
            )
        )
    invoice = billing.create_invoice(
        session,
        account_id=account.id,
        subscription_id=sub.id,
        reason="subscription_create",
        currency=currency,
        lines=lines,
        dedupe_key=f"{sub.id}:subscription_create:{now.isoformat()}",
        now=now,
        actor=actor,
        period_start=now,
        period_end=period_end,
    )
    purchase.pay_and_start(
        session, sub=sub, invoice=invoice, method=method, gateway=gateway, now=now, actor=actor
    )
    licenses.create_licenses(
        session,
        subscription_id=sub.id,
        account_id=account.id,
        count=licenses_count,
        now=now,
        actor=actor,
    )
    return sub


@dataclass(frozen=True, slots=True)
class LicensesAdded:
    """What adding licenses bought (VL-5): the invoice, paid, and how its amount came about."""

    subscription: Subscription
    invoice: Invoice
    added: int
    monthly_unit_amount: int  # per license, at the tier of the new total (CAT-3)
    proration: rules.Proration
    period_start: datetime
    period_end: datetime  # the renewal date, unchanged (VL-6)


def add_licenses(
    session: Session,
    *,
    sub: Subscription,
    count: int,
    gateway: PaymentGateway,
    now: datetime,
    actor: Actor,
) -> LicensesAdded:
    """VL-5, VL-6: add licenses at any time; charge the monthly price (at the tier of the
    new total) × added × months remaining to the renewal date, a partial month by days. The
    renewal date does not move."""
    plan = plan_of(session, sub)
    if plan.kind != "volume":
        raise InvalidInput(
            "not_a_volume_subscription", "Licenses can be added only to volume licensing."
        )
    if sub.status != "active" or sub.current_period_end is None:
        raise Conflict("subscription_not_active", "The subscription is not active.")
    if sub.cancel_at_period_end:
        raise Conflict("subscription_canceled", "The subscription is cancelled; resume it first.")
    if count < 1:
        raise InvalidInput("invalid_quantity", "Add at least one license.")
    total = licenses.active_count(session, subscription_id=sub.id) + count
    if plan.seats.max is not None and total > plan.seats.max:
        raise InvalidInput(
            "invalid_quantity",
            "The plan {plan} allows {min} to {max} seats.",
            plan=plan.code,
            min=plan.seats.min,
            max=plan.seats.max,
        )
    unit = monthly_price(plan, sub.currency, total)
    charge = rules.added_licenses_charge(
        monthly_unit_price=unit, added=count, renewal=sub.current_period_end, now=now
    )
    # The card that pays the subscription (VL-3): its own, else a card default; else refused.
    paying = charging.paying_method(session, sub, plan)
    method = (
        paying[0]
        if paying is not None
        else _card_method(session, account_id=sub.account_id, payment_method_id=None)
    )
    invoice = charging.proration_invoice(
        session,
        sub=sub,
        plan=plan,
        reason="licenses_added",
        count=count,
        unit_amount=unit,
        charge=charge,
        dedupe_key=f"{sub.id}:licenses_added:{new_id('req')}",
        now=now,
        actor=actor,
    )
    charging.collect_now(
        session, invoice=invoice, method=method, gateway=gateway, now=now, actor=actor
    )
    sub.quantity = total
    sub.unit_amount = unit * sub.billing_period_months
    sub.updated_at = now
    licenses.create_licenses(
        session,
        subscription_id=sub.id,
        account_id=sub.account_id,
        count=count,
        now=now,
        actor=actor,
    )
    events.record(
        session,
        type="subscription.licenses_added",
        at=now,
        actor=actor,
        subject_type="subscription",
        subject_id=sub.id,
        account_id=sub.account_id,
        data={"added": count, "total": total, "invoice_id": invoice.id, "amount": charge.amount},
    )
    return LicensesAdded(
        subscription=sub,
        invoice=invoice,
        added=count,
        monthly_unit_amount=unit,
        proration=charge,
        period_start=now,
        period_end=sub.current_period_end,
    )
