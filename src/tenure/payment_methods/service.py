"""Payment methods (SUB-9): add through the payment gateway, list, choose the default,
remove.

Card details go straight to the gateway, which answers with a token plus brand, last four
digits and expiry; only those are stored. Nothing here logs or records a full card number
or a security code.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from tenure.accounts.service import lock_account, normalize_email
from tenure.events.service import record
from tenure.kit.actor import Actor
from tenure.kit.errors import InvalidInput, NotFound
from tenure.kit.ids import new_id
from tenure.kit.pages import Window
from tenure.kit.ports import METHOD_TYPES, MethodType, PaymentGateway, TokenizedMethod
from tenure.payment_methods import repository
from tenure.payment_methods.models import PaymentMethod

PaymentMethodHook = Callable[[Session, PaymentMethod, PaymentGateway, datetime, Actor], None]

on_payment_method_added: list[PaymentMethodHook] = []
"""Called, in order, after a method was added and flushed, in the same transaction. The
billing engine registers "charge past-due invoices at once" here (SUB-5). A hook must not
raise for a refused charge (record it instead), or the new method is not added either."""


@dataclass(frozen=True, slots=True, repr=False)
class CardDetails:
    """Card details on their way to the gateway. Never stored; the repr hides them."""

    number: str
    exp_month: int
    exp_year: int
    cvc: str

    def __repr__(self) -> str:
        return f"CardDetails(number='…{self.number[-4:]}', exp='{self.exp_month}/{self.exp_year}')"


def _full_year(year: int) -> int:
    """Cards print two-digit years; ``27`` means 2027."""
    return 2000 + year if 0 <= year < 100 else year


def _details_required(type: str) -> InvalidInput:
    return InvalidInput(
        "payment_method_details_required",
        "Give the details of the {type} payment method.",
        type=type,
        field=type,
    )


def _tokenize(
    gateway: PaymentGateway,
    *,
    type: MethodType,
    card: CardDetails | None,
    reference: str | None,
    now: datetime,
) -> TokenizedMethod:
    if type not in METHOD_TYPES:
        raise InvalidInput(
            "invalid_payment_method_type",
            "Unknown payment method type {type}; use card, paypal, bitcoin or paymentwall.",
            type=str(type),
            field="type",
        )
    if type == "card":
        if card is None:
            raise _details_required(type)
        return gateway.tokenize_card(
            number=card.number,
            exp_month=card.exp_month,
            exp_year=_full_year(card.exp_year),
            cvc=card.cvc,
            now=now,
        )
    if reference is None or not reference.strip():
        raise _details_required(type)
    ref = normalize_email(reference) if type == "paypal" else reference.strip()
    return gateway.tokenize_wallet(type=type, reference=ref)


def _summary(method: PaymentMethod) -> dict[str, Any]:
    return {
        "payment_method_id": method.id,
        "type": method.type,
        "brand": method.brand,
        "last4": method.last4,
        "label": method.label,
        "is_default": method.is_default,
    }


def _record(
    session: Session,
    type: str,
    method: PaymentMethod,
    *,
    now: datetime,
    actor: Actor,
    **extra: Any,
) -> None:
    record(
        session,
        type=type,
        at=now,
        actor=actor,
        subject_type="payment_method",
        subject_id=method.id,
        account_id=method.account_id,
        data={**_summary(method), **extra},
    )


def add_payment_method(
    session: Session,
    *,
    gateway: PaymentGateway,
    account_id: str,
    type: MethodType,
    card: CardDetails | None = None,
    reference: str | None = None,
    make_default: bool = False,
    now: datetime,
    actor: Actor,
) -> PaymentMethod:
    """Tokenize and store a payment method. ``reference`` is the PayPal email, Bitcoin
    wallet or Paymentwall account. The account's first live method becomes its default.

    Errors: ``account_not_found``; the gateway's ``invalid_card_number``, ``invalid_expiry``,
    ``invalid_cvc`` (422) and ``card_declined``, ``insufficient_funds``, ``expired_card``
    (402). On error nothing is stored.
    """
    lock_account(session, account_id)
    tokenized = _tokenize(gateway, type=type, card=card, reference=reference, now=now)
    previous = repository.default_of(session, account_id)
    becomes_default = make_default or previous is None
    if becomes_default and previous is not None:
        previous.is_default = False
        session.flush()  # the old default goes before the new one arrives (unique index)
    method = PaymentMethod(
        id=new_id("pm"),
        account_id=account_id,
        type=tokenized.type,
        gateway=gateway.name,
        token=tokenized.token,
        brand=tokenized.brand,
        last4=tokenized.last4,
        exp_month=tokenized.exp_month,
        exp_year=tokenized.exp_year,
        label=tokenized.label,
        is_default=becomes_default,
        created_at=now,
        removed_at=None,
    )
    session.add(method)
    session.flush()
    _record(session, "payment_method.added", method, now=now, actor=actor)
    if becomes_default and previous is not None:
        _record(
            session,
            "payment_method.default_changed",
            method,
            now=now,
            actor=actor,
            previous_default_id=previous.id,
        )
    for hook in on_payment_method_added:
        hook(session, method, gateway, now, actor)
    return method


def _not_found(payment_method_id: str) -> NotFound:
    return NotFound(
        "payment_method_not_found",
        "Payment method {payment_method_id} was not found.",
        payment_method_id=payment_method_id,
    )


def find_payment_method(
    session: Session, payment_method_id: str, *, include_removed: bool = False
) -> PaymentMethod:
    """A payment method by id, whoever owns it (staff and internal use)."""
    method = repository.get(session, payment_method_id)
    if method is None or (method.removed_at is not None and not include_removed):
        raise _not_found(payment_method_id)
    return method


def get_payment_method(
    session: Session,
    *,
    account_id: str,
    payment_method_id: str,
    include_removed: bool = False,
) -> PaymentMethod:
    """One of the account's payment methods; another account's is ``payment_method_not_found``
    as if it did not exist. Removed methods are not found unless ``include_removed``."""
    method = repository.get(session, payment_method_id)
    if (
        method is None
        or method.account_id != account_id
        or (method.removed_at is not None and not include_removed)
    ):
        raise _not_found(payment_method_id)
    return method


def default_payment_method(session: Session, account_id: str) -> PaymentMethod | None:
    """The method renewals and retries charge, if the account has one."""
    return repository.default_of(session, account_id)


def list_payment_methods(
    session: Session, account_id: str, window: Window | None = None
) -> Sequence[PaymentMethod]:
    """The account's live methods (all, or one window), the default first, then the newest."""
    return repository.live_of(session, account_id, window)


def set_default_payment_method(
    session: Session, *, account_id: str, payment_method_id: str, now: datetime, actor: Actor
) -> PaymentMethod:
    lock_account(session, account_id)
    method = get_payment_method(session, account_id=account_id, payment_method_id=payment_method_id)
    if method.is_default:
        return method
    previous = repository.default_of(session, account_id)
    if previous is not None:
        previous.is_default = False
        session.flush()
    method.is_default = True
    session.flush()
    _record(
        session,
        "payment_method.default_changed",
        method,
        now=now,
        actor=actor,
        previous_default_id=previous.id if previous else None,
    )
    return method


def remove_payment_method(
    session: Session, *, account_id: str, payment_method_id: str, now: datetime, actor: Actor
) -> PaymentMethod:
    """Remove a method (kept for the audit trail, never charged again). If it was the
    default, the newest remaining method becomes the default."""
    lock_account(session, account_id)
    method = get_payment_method(session, account_id=account_id, payment_method_id=payment_method_id)
    was_default = method.is_default
    method.removed_at = now
    method.is_default = False
    session.flush()
    _record(session, "payment_method.removed", method, now=now, actor=actor)
    if was_default:
        remaining = repository.live_of(session, account_id)
        if remaining:
            successor = remaining[0]
            successor.is_default = True
            session.flush()
            _record(
                session,
                "payment_method.default_changed",
                successor,
                now=now,
                actor=actor,
                previous_default_id=method.id,
            )
    return method


def payment_method_or_none(session: Session, payment_method_id: str) -> PaymentMethod | None:
    """A payment method by id as stored, removed or not and whoever owns it; ``None`` when there
    is none (the caller decides whether it may use it)."""
    return repository.get(session, payment_method_id)


def live_methods_of_accounts(
    session: Session, account_ids: Collection[str]
) -> Sequence[Row[*tuple[Any, ...]]]:
    """The live methods of many accounts at once (see ``repository.live_of_accounts``)."""
    return repository.live_of_accounts(session, account_ids)


def load_live_methods_of_accounts(
    session: Session, account_ids: Collection[str]
) -> Sequence[PaymentMethod]:
    """Load the live methods of many accounts into the session in one query (a batch's
    prefetch: lookups by id are answered from the session afterwards)."""
    return repository.load_live_of_accounts(session, account_ids)
