"""Activation codes (DEV-7): one per subscription whose plan has ``activation_codes``.

Codes are made lazily: the subscription service does not know about them, so the first use
or read of a subscription's code (:func:`ensure_code_for`) creates it. Reading endpoints,
whose transaction is never committed, make it in a short transaction of their own
(:func:`code_for_reading`), so a code never changes once shown.

A code is human-readable: four groups of five characters from an alphabet without the
look-alikes 0/O and 1/I (``K7M2Q-…``), 100 random bits. Its stored state is ``active``,
``blocked`` or ``suspended`` (set by staff); it shows as ``expired`` once its subscription has
expired.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tenure.activation_codes import extensions, repository
from tenure.activation_codes.models import ActivationCode
from tenure.catalog.service import plan_of as plan_terms_of
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.errors import InvalidInput, NotFound
from tenure.kit.ids import new_id
from tenure.subscriptions.lookups import get_subscription

if TYPE_CHECKING:
    from tenure.catalog.schema import Plan
    from tenure.kit.db import Database
    from tenure.subscriptions.models import Subscription

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUPS = 4
GROUP_LENGTH = 5
StoredState = Literal["active", "blocked", "suspended"]
STORED_STATES: tuple[StoredState, ...] = ("active", "blocked", "suspended")


def generate_code() -> str:
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join(groups)


def normalize_code(text: str) -> str:
    """``k7m2q k7m2q-…`` → ``K7M2Q-K7M2Q-…``; refuses anything that cannot be a code."""
    raw = "".join(ch for ch in text.upper() if ch not in " -")
    if len(raw) != GROUPS * GROUP_LENGTH or any(ch not in ALPHABET for ch in raw):
        raise InvalidInput("invalid_activation_code", "This is not a valid activation code.")
    return "-".join(raw[i : i + GROUP_LENGTH] for i in range(0, len(raw), GROUP_LENGTH))


def shown_state(code: ActivationCode, subscription: Subscription) -> str:
    """What the owner and the apps see: ``expired`` once the subscription has ended."""
    return "expired" if subscription.status == "expired" else code.state


def ensure_code_for(
    session: Session,
    subscription: Subscription,
    *,
    now: datetime,
    plan: Plan | None = None,
    plan_of: Callable[[Subscription], Plan] | None = None,
    actor: Actor | None = None,
) -> ActivationCode | None:
    """The subscription's code, made now if its plan has codes and it has none yet.

    Returns ``None`` for plans without activation codes. Safe under concurrency: the insert
    runs in a SAVEPOINT and a unique subscription id decides which of two makers wins.
    """
    existing = repository.by_subscription(session, subscription.id)
    if existing is not None:
        return existing
    if plan is None:
        plan = plan_terms_of(session, subscription) if plan_of is None else plan_of(subscription)
    if plan.activation_codes is None:
        return None
    code = ActivationCode(
        id=new_id("ac"),
        subscription_id=subscription.id,
        account_id=subscription.account_id,
        code=generate_code(),
        state="active",
        slots=plan.activation_codes.slots,
        slot_kind=plan.activation_codes.slot_kind,
        state_reason=None,
        state_changed_at=None,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(code)
    except IntegrityError:
        # Made at the same moment by another transaction (or, once in 2^100, a code clash).
        existing = repository.by_subscription(session, subscription.id)
        if existing is not None:
            return existing
        raise
    events.record(
        session,
        type="activation_code.created",
        at=now,
        actor=actor or Actor.system(),
        subject_type="activation_code",
        subject_id=code.id,
        account_id=code.account_id,
        data={"subscription_id": subscription.id, "slots": code.slots, "kind": code.slot_kind},
    )
    return code


def code_for_reading(
    session: Session,
    sub: Subscription,
    *,
    db: Database,
    now: datetime,
    actor: Actor,
    plan: Plan | None = None,
) -> ActivationCode | None:
    """The subscription's code for a *reading* request (``session`` is never committed).

    A code that does not exist yet is made in a short transaction of its own on ``db`` and
    committed at once: a code never changes once it was shown.
    """
    code = repository.by_subscription(session, sub.id)
    if code is not None:
        return code
    if plan is None:
        plan = plan_terms_of(session, sub)
    if plan.activation_codes is None:
        return None
    with db.transaction() as own:
        fresh = get_subscription(own, sub.id)
        return ensure_code_for(own, fresh, now=now, plan=plan, actor=actor)


def slots_used(session: Session, code: ActivationCode, *, now: datetime) -> int:
    """The code's slots in use at ``now`` (counted by the devices package, DEV-7)."""
    return extensions.slots_used()(session, code.subscription_id, slot_kind=code.slot_kind, now=now)


def get_code(session: Session, code_id: str, *, for_update: bool = False) -> ActivationCode:
    code = repository.get(session, code_id, for_update=for_update)
    if code is None:
        raise NotFound("activation_code_not_found", "No activation code with this id exists.")
    return code


def find_code(session: Session, text: str) -> ActivationCode:
    """Staff look a code up as the customer reads it out."""
    code = repository.by_code(session, normalize_code(text))
    if code is None:
        raise NotFound("activation_code_not_found", "No activation code with this id exists.")
    return code


def set_state(
    session: Session,
    *,
    code: ActivationCode,
    state: StoredState,
    reason: str | None,
    now: datetime,
    actor: Actor,
) -> ActivationCode:
    """Staff block, suspend or reactivate a code. Setting the state it has changes nothing."""
    if state not in STORED_STATES:  # pragma: no cover - the API schema restricts it
        raise InvalidInput("invalid_state", "Unknown state {state}.", state=state)
    if code.state == state:
        return code
    previous = code.state
    code.state = state
    code.state_reason = reason
    code.state_changed_at = now
    code.updated_at = now
    kind = {"active": "reactivated", "blocked": "blocked", "suspended": "suspended"}[state]
    events.record(
        session,
        type=f"activation_code.{kind}",
        at=now,
        actor=actor,
        subject_type="activation_code",
        subject_id=code.id,
        account_id=code.account_id,
        data={"from": previous, "to": state, "reason": reason},
    )
    return code
