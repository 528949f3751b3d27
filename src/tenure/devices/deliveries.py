"""Sending a subscription to a linked device (DEV-5), refused with every reason that applies
(DEV-6), using activation codes and their slots (DEV-7).

A delivery is asynchronous: the owner creates it, the device picks it up at its next check-in
and confirms it, which installs the subscription on the device. It can be undone while it is
open, and it expires 24 hours after creation (computed from the clock; the scheduler also
marks it for the audit trail). When the subscription must first leave another device — a
fixed-device subscription, or full slots with a ``release_from_device_id`` named by the sender
— the delivery is ``awaiting_release`` until that device releases it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from sqlalchemy.orm import Session

from tenure.activation_codes.service import ensure_code_for
from tenure.catalog.service import PlanLookup
from tenure.devices import repository
from tenure.devices.models import Delivery, Device
from tenure.domain import eligibility as rules
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, InvalidInput, NotFound
from tenure.kit.i18n import gettext
from tenure.kit.ids import new_id
from tenure.subscriptions.lookups import get_subscription

if TYPE_CHECKING:
    from tenure.activation_codes.models import ActivationCode
    from tenure.auth.service import Principal
    from tenure.catalog.schema import Plan, Product
    from tenure.kit.pages import Window
    from tenure.subscriptions.models import Subscription

DELIVERY_TTL = timedelta(hours=24)
OPEN = repository.OPEN_DELIVERY
Via = Literal["account", "admin_console"]


class SubscriptionNotSendable(Conflict):
    """409 ``subscription_not_sendable`` with ``reasons: [{code, message, ...}]`` (DEV-6)."""

    def __init__(self, reasons: Sequence[rules.Reason], *, locale: str = "en") -> None:
        super().__init__(
            "subscription_not_sendable",
            "The subscription cannot be sent to this device.",
            reasons=localized_reasons(reasons, locale),
        )
        self.reasons = tuple(reasons)

    def localize(self, locale: str) -> SubscriptionNotSendable:
        return SubscriptionNotSendable(self.reasons, locale=locale)


def localized_reasons(reasons: Sequence[rules.Reason], locale: str) -> list[dict[str, object]]:
    return [
        {"code": r.code, "message": gettext(r.message, locale), **dict(r.details)} for r in reasons
    ]


def shown_status(delivery: Delivery, now: datetime) -> str:
    """An open delivery past its 24 hours is ``expired``, whether or not the scheduler has
    marked it yet."""
    if delivery.status in OPEN and delivery.expires_at <= now:
        return "expired"
    return delivery.status


def _record(
    session: Session, delivery: Delivery, type: str, *, at: datetime, actor: Actor, **data: object
) -> None:
    events.record_about(
        session,
        "delivery",
        delivery,
        type,
        at=at,
        actor=actor,
        data={
            "subscription_id": delivery.subscription_id,
            "device_id": delivery.device_id,
            "status": delivery.status,
            **data,
        },
    )


# --------------------------------------------------------------------------- facts


def _auto_renewing(sub: Subscription, plan: Plan) -> bool:
    return (
        plan.renewal == "auto"
        and not plan.fixed_device
        and sub.auto_renew
        and not sub.cancel_at_period_end
    )


def _ends_at(sub: Subscription) -> datetime | None:
    if sub.status == "past_due" and sub.grace_ends_at is not None:
        return sub.grace_ends_at
    return sub.current_period_end


def slots_used(session: Session, subscription_id: str, *, slot_kind: str, now: datetime) -> int:
    """Slots taken: linked devices using the subscription plus pending deliveries to other
    devices. User slots count the distinct accounts among them (one per account until
    organizations and volume licensees arrive)."""
    devices = repository.installed_on(session, subscription_id)
    pending = [
        d
        for d in repository.pending_for_subscription(session, subscription_id, now=now)
        if d.device_id not in {x.id for x in devices}
    ]
    if slot_kind == "users":
        return len({d.account_id for d in devices} | {d.account_id for d in pending})
    return len(devices) + len({d.device_id for d in pending})


def offer_of(
    session: Session,
    sub: Subscription,
    *,
    product: Product,
    plan: Plan,
    code: ActivationCode | None,
    now: datetime,
) -> rules.Offer:
    return rules.Offer(
        subscription_id=sub.id,
        status=sub.status,
        ends_at=_ends_at(sub),
        free=plan.kind == "free",
        per_user=plan.per_user,
        small_office=plan.small_office,
        fixed_term=plan.renewal == "fixed_term",
        fixed_device=plan.fixed_device,
        auto_renewing=_auto_renewing(sub, plan),
        regions=tuple(plan.regions),
        min_app_versions={str(k): v for k, v in plan.min_app_versions.items()},
        platforms=tuple(product.platforms),
        code_state=code.state if code is not None else None,  # type: ignore[arg-type]
        slots=code.slots if code is not None else None,
        slots_used=(slots_used(session, sub.id, slot_kind=code.slot_kind, now=now) if code else 0),
    )


def target_of(
    session: Session, device: Device, *, account_id: str, lookup: PlanLookup, now: datetime
) -> rules.Target:
    installed: rules.Installed | None = None
    if device.subscription_id is not None:
        current = get_subscription(session, device.subscription_id)
        _product, plan = lookup(current)
        installed = rules.Installed(
            subscription_id=current.id,
            status=current.status,
            ends_at=_ends_at(current),
            fixed_term=plan.renewal == "fixed_term",
            fixed_device=plan.fixed_device,
            auto_renewing=_auto_renewing(current, plan),
        )
    return rules.Target(
        device_id=device.id,
        linked=device.account_id == account_id and device.unlinked_at is None,
        platform=device.platform,
        app_version=device.app_version,
        region=device.region,
        installed=installed,
        other_delivery_pending=bool(repository.open_deliveries_to(session, device.id, now=now)),
    )


@dataclass(frozen=True, slots=True)
class Verdict:
    reasons: list[rules.Reason]
    release_device_id: str | None


def evaluate(
    session: Session,
    *,
    sub: Subscription,
    device: Device,
    code: ActivationCode | None,
    sender: Principal,
    via: Via,
    release_from_device_id: str | None,
    now: datetime,
    lookup: PlanLookup | None = None,
) -> Verdict:
    """Every reason the subscription cannot go to the device, and the device (if any) that
    must release it first. Reads only; the caller passes the activation code."""
    lookup = lookup or PlanLookup(session)
    product, plan = lookup(sub)
    offer = offer_of(session, sub, product=product, plan=plan, code=code, now=now)
    target = target_of(session, device, account_id=sub.account_id, lookup=lookup, now=now)
    holders = [d.id for d in repository.installed_on(session, sub.id)]
    release = rules.must_release_first(offer, target, installed_on=holders)
    if release is None and release_from_device_id is not None:
        if release_from_device_id not in holders or release_from_device_id == device.id:
            raise InvalidInput(
                "invalid_release_device",
                "The subscription is not in use on the device named to release it.",
                release_from_device_id=release_from_device_id,
            )
        release = release_from_device_id
    reasons = rules.reasons_not_sendable(
        offer,
        target,
        rules.Sender(
            via_admin_console=via == "admin_console",
            is_subscription_admin=sender.kind == "account" and sender.account_id == sub.account_id,
            releases_slot=release is not None,
        ),
    )
    return Verdict(reasons=reasons, release_device_id=release)


# --------------------------------------------------------------------------- use cases


def send(
    session: Session,
    *,
    sub: Subscription,
    device_id: str,
    sender: Principal,
    via: Via,
    release_from_device_id: str | None,
    now: datetime,
    actor: Actor,
) -> Delivery:
    """Create a delivery of ``sub`` to a linked device, or refuse with every reason (DEV-6).

    ``sub`` should be read ``for_update`` so two sends cannot both take the last slot.
    """
    device = repository.get(session, device_id)
    if device is None or device.account_id != sub.account_id:
        raise NotFound("device_not_found", "No device with this id exists.")
    lookup = PlanLookup(session)
    _product, plan = lookup(sub)
    code = ensure_code_for(session, sub, now=now, plan=plan, actor=actor)
    verdict = evaluate(
        session,
        sub=sub,
        device=device,
        code=code,
        sender=sender,
        via=via,
        release_from_device_id=release_from_device_id,
        now=now,
        lookup=lookup,
    )
    if verdict.reasons:
        raise SubscriptionNotSendable(verdict.reasons)
    delivery = Delivery(
        id=new_id("del"),
        account_id=sub.account_id,
        subscription_id=sub.id,
        device_id=device.id,
        status="awaiting_release" if verdict.release_device_id else "pending",
        release_device_id=verdict.release_device_id,
        created_at=now,
        expires_at=now + DELIVERY_TTL,
        released_at=None,
        picked_up_at=None,
        completed_at=None,
        canceled_at=None,
        updated_at=now,
    )
    repository.add(session, delivery)
    _record(
        session,
        delivery,
        "created",
        at=now,
        actor=actor,
        release_device_id=verdict.release_device_id,
        expires_at=rfc3339(delivery.expires_at),
    )
    return delivery


def get_delivery(session: Session, delivery_id: str, *, for_update: bool = False) -> Delivery:
    delivery = repository.get_delivery(session, delivery_id, for_update=for_update)
    if delivery is None:
        raise NotFound("delivery_not_found", "No delivery with this id exists.")
    return delivery


def cancel(session: Session, *, delivery: Delivery, now: datetime, actor: Actor) -> Delivery:
    """Undo a delivery while it is still open (DEV-5)."""
    status = shown_status(delivery, now)
    if status == "canceled":
        return delivery
    if status not in OPEN:
        raise Conflict(
            "delivery_not_pending",
            "Only a delivery that is still on its way can be undone; this one is {status}.",
            status=status,
        )
    delivery.status = "canceled"
    delivery.canceled_at = now
    delivery.updated_at = now
    _record(session, delivery, "canceled", at=now, actor=actor)
    return delivery


def confirm(
    session: Session, *, delivery: Delivery, device: Device, now: datetime, actor: Actor
) -> Delivery:
    """The device confirms a delivery it picked up: the subscription is now the one its app
    uses. Refused if the subscription or its code can no longer be used."""
    if delivery.device_id != device.id:
        raise NotFound("delivery_not_found", "No delivery with this id exists.")
    status = shown_status(delivery, now)
    if status == "completed":
        return delivery
    if status == "awaiting_release":
        raise Conflict(
            "delivery_awaiting_release",
            "The subscription must first be released on the device it is in use on.",
            release_device_id=delivery.release_device_id,
        )
    if status != "pending":
        raise Conflict(
            "delivery_closed",
            "This delivery is {status}; it can no longer be confirmed.",
            status=status,
        )
    sub = get_subscription(session, delivery.subscription_id, for_update=True)
    code = ensure_code_for(session, sub, now=now, actor=actor)
    problems = rules.reasons_not_sendable(
        rules.Offer(
            subscription_id=sub.id,
            status=sub.status,
            ends_at=None,
            code_state=code.state if code is not None else None,  # type: ignore[arg-type]
        ),
        rules.Target(
            device_id=device.id,
            linked=device.unlinked_at is None,
            platform=device.platform,
            app_version=device.app_version,
            region=device.region,
        ),
        rules.Sender(),
    )
    if problems:
        raise SubscriptionNotSendable(problems)
    previous = device.subscription_id
    device.subscription_id = sub.id
    device.installed_at = now
    device.updated_at = now
    delivery.status = "completed"
    delivery.completed_at = now
    delivery.picked_up_at = delivery.picked_up_at or now
    delivery.updated_at = now
    _record(session, delivery, "completed", at=now, actor=actor, replaced=previous)
    events.record(
        session,
        type="device.subscription_installed",
        at=now,
        actor=actor,
        subject_type="device",
        subject_id=device.id,
        account_id=device.account_id,
        data={"subscription_id": sub.id, "replaced": previous, "delivery_id": delivery.id},
    )
    return delivery


def release(session: Session, *, device: Device, now: datetime, actor: Actor) -> list[Delivery]:
    """The device gives up the subscription its app uses. Deliveries that waited for this
    release become pending for their devices. Returns those deliveries."""
    previous = device.subscription_id
    if previous is None:
        raise Conflict("nothing_to_release", "No subscription is in use on this device.")
    device.subscription_id = None
    device.installed_at = None
    device.updated_at = now
    events.record(
        session,
        type="device.subscription_released",
        at=now,
        actor=actor,
        subject_type="device",
        subject_id=device.id,
        account_id=device.account_id,
        data={"subscription_id": previous},
    )
    return _released(session, device_id=device.id, subscription_id=previous, now=now, actor=actor)


def _released(
    session: Session, *, device_id: str, subscription_id: str | None, now: datetime, actor: Actor
) -> list[Delivery]:
    moved: list[Delivery] = []
    for delivery in repository.awaiting_release_from(session, device_id, now=now):
        if subscription_id is not None and delivery.subscription_id != subscription_id:
            continue
        delivery.status = "pending"
        delivery.released_at = now
        delivery.updated_at = now
        _record(session, delivery, "released", at=now, actor=actor)
        moved.append(delivery)
    return moved


def on_device_gone(session: Session, *, device: Device, now: datetime, actor: Actor) -> None:
    """An unlinked device frees its subscription and takes no more deliveries."""
    _released(session, device_id=device.id, subscription_id=None, now=now, actor=actor)
    for delivery in repository.open_deliveries_to(session, device.id, now=now):
        delivery.status = "canceled"
        delivery.canceled_at = now
        delivery.updated_at = now
        _record(session, delivery, "canceled", at=now, actor=actor, reason="device_unlinked")


def expire_due(session: Session, *, delivery_id: str, now: datetime) -> bool:
    """Mark an open delivery past its 24 hours ``expired`` (scheduler; idempotent)."""
    delivery = repository.get_delivery(session, delivery_id, for_update=True)
    if delivery is None or delivery.status not in OPEN or delivery.expires_at > now:
        return False
    delivery.status = "expired"
    delivery.updated_at = now
    _record(session, delivery, "expired", at=delivery.expires_at, actor=Actor.scheduler())
    return True


def deliveries_of_subscription(
    session: Session, subscription_id: str, window: Window | None = None
) -> Sequence[Delivery]:
    """The subscription's deliveries, oldest first (all, or one window)."""
    return repository.deliveries_of_subscription(session, subscription_id, window)


def deliveries_to_device(
    session: Session, device_id: str, window: Window | None = None
) -> Sequence[Delivery]:
    """The deliveries to a device, oldest first (all, or one window)."""
    return repository.deliveries_to_device(session, device_id, window)
