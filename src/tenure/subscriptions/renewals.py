"""The scheduler's renewal path: a batch of due subscriptions in a handful of statements.

Most of what the life-cycle job does, day after day, is the plain renewal (SUB-3): a web
subscription is charged for its next period with the card (or wallet) on file, the charge
succeeds, and at the renewal date the subscription rolls into the period it paid for. Run
one subscription at a time through the ORM, that costs a dozen objects and a unit of work
per renewal. Here a whole batch is read with one query (subscriptions joined with their
accounts), the batch's payment methods and existing invoices with one query each, and what
the renewals write — invoices, invoice lines, payments, events, receipt emails, the
subscriptions' new state — goes out as one multi-row statement per table.

Only the plain cases take this path; every other due action, and every subscription whose
renewal is not plain, is run by :func:`lifecycle.run_due_action` in the same transaction (the
code every other entry point uses). Plain means, for ``renew``: web channel, active, no
scheduled plan change, not a volume plan, charged automatically (not an invoice-paid plan),
no usable credit on the account (SUB-10 would apply it), a payment method the plan accepts
(``rules.paying_method_source``, as in the general path), a positive
amount, no invoice for that period yet, and a successful charge. A ``roll`` is plain when the
next period is paid and neither a volume plan nor a plan change is involved. A subscription
runs at most one charge per batch: ``renew`` and the ``roll`` that follows it when that is
due too (a renewal without lead time).

It is a batch driver over the same rules, not a second copy of them: it decides with the
domain's (``rules.schedule_of``/``next_action``, ``check_transition``,
``periods.at_offset``), builds every row with its owner's builder (``billing.rows``,
``notifications.rows.email_row``, ``events.rows.event_row``) and hands the rows to the owners
to write (their ``insert_many``). What it writes is exactly what the general path writes —
row for row, event for event, email for email; ``tests/subscriptions/test_batch_renewals.py``
runs the same subscriptions through both and compares. If a charge fails, nothing of that renewal is
written here: the subscription goes to the general path, which records the failure (grace,
dunning, the "payment failed" email). It charges with the same idempotency key, which the
:class:`_Replay` gateway answers with the result already received, so the card network is
asked once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Row, Select, Table, select
from sqlalchemy.orm import Session

from tenure.accounts import lookups as accounts
from tenure.billing import rows as billing_rows
from tenure.billing.rows import (
    invoice_created_event,
    invoice_line_row,
    invoice_row,
    payment_event,
    payment_row,
    plan_line,
)
from tenure.billing.service import existing_dedupe_keys
from tenure.catalog.service import catalog_version
from tenure.domain import subscription as rules
from tenure.domain.periods import at_offset
from tenure.events import rows as event_rows
from tenure.events.rows import event_row
from tenure.kit.actor import Actor
from tenure.kit.bulk import update_rows
from tenure.kit.ids import new_id
from tenure.kit.money import Money
from tenure.notifications import rows as email_rows
from tenure.notifications.rows import email_row
from tenure.payment_methods.service import (
    live_methods_of_accounts,
    load_live_methods_of_accounts,
)
from tenure.subscriptions import common, lifecycle
from tenure.subscriptions.models import Subscription

if TYPE_CHECKING:
    from tenure.catalog.schema import Plan
    from tenure.kit.ports import (
        ChargeResult,
        MethodType,
        PaymentGateway,
        RefundResult,
        TokenizedMethod,
    )

CYCLE = "subscription_cycle"
AnyRow = Row[*tuple[Any, ...]]

_SUBS = cast(Table, Subscription.__table__)

# What a renewal or roll-over changes on the subscription row.
_STATE = (
    "status",
    "period_offset_months",
    "current_period_start",
    "current_period_end",
    "paid_through",
    "renewal_attempted_for",
    "next_action",
    "next_action_at",
    "updated_at",
)
_READ = (
    "id",
    "account_id",
    "plan_code",
    "catalog_version",
    "channel",
    "quantity",
    "currency",
    "unit_amount",
    "billing_period_months",
    "auto_renew",
    "payment_method_id",
    "start_at",
    "trial_end",
    "anchor_at",
    "grace_ends_at",
    "next_retry_at",
    "cancel_at_period_end",
    "scheduled_plan_code",
    "scheduled_catalog_version",
)


_WITH_ACCOUNT, _ACCOUNT_COLUMNS = accounts.join_for_renewals(_SUBS, _SUBS.c.account_id)


def claim_query(*, now: datetime, size: int, lock: bool) -> Select[Any]:
    """The next ``size`` due subscriptions with what the plain path needs of their accounts.
    With ``lock`` (PostgreSQL) the subscription rows are locked, skipping those another
    worker holds; the due condition is re-checked under the lock."""
    query = (
        select(
            *(_SUBS.c[name] for name in (*_READ, *_STATE)),
            *_ACCOUNT_COLUMNS,
        )
        .select_from(_WITH_ACCOUNT)
        .where(_SUBS.c.next_action_at <= now)
        .order_by(_SUBS.c.next_action_at, _SUBS.c.id)
        .limit(size)
    )
    if lock:
        query = query.with_for_update(skip_locked=True, of=_SUBS)
    return query


@dataclass(slots=True)
class _Due:
    """A claimed subscription: the row as read, and its state as the batch moves it on."""

    row: AnyRow
    state: dict[str, Any]
    plan: Plan
    charge: _Charge | None = None  # the plain renewal's charge, once made
    fallback: ChargeResult | None = None  # a failed charge the general path records
    actions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Charge:
    invoice_id: str
    dedupe_key: str
    method_id: str
    amount: int
    unit_amount: int
    quantity: int
    period_start: datetime
    period_end: datetime
    at: datetime
    gateway: str
    result: ChargeResult


class _Replay:
    """A gateway that answers charges already made in this batch with their results (by
    idempotency key, as the real gateway would on a retry) and passes on everything else."""

    def __init__(self, gateway: PaymentGateway, results: Mapping[str, ChargeResult]) -> None:
        self.name = gateway.name
        self._gateway = gateway
        self._results = results

    def charge(
        self, *, token: str, amount: Money, idempotency_key: str, description: str, now: datetime
    ) -> ChargeResult:
        found = self._results.get(idempotency_key)
        if found is not None:
            return found
        return self._gateway.charge(
            token=token,
            amount=amount,
            idempotency_key=idempotency_key,
            description=description,
            now=now,
        )

    def tokenize_card(
        self, *, number: str, exp_month: int, exp_year: int, cvc: str, now: datetime
    ) -> TokenizedMethod:
        return self._gateway.tokenize_card(
            number=number, exp_month=exp_month, exp_year=exp_year, cvc=cvc, now=now
        )

    def tokenize_wallet(self, *, type: MethodType, reference: str) -> TokenizedMethod:
        return self._gateway.tokenize_wallet(type=type, reference=reference)

    def refund(self, *, charge_id: str, amount: Money, idempotency_key: str) -> RefundResult:
        return self._gateway.refund(
            charge_id=charge_id, amount=amount, idempotency_key=idempotency_key
        )


def run_batch(
    session: Session,
    rows: Sequence[AnyRow],
    *,
    gateway: PaymentGateway,
    now: datetime,
    lock: bool,
    plain: bool = True,
) -> Counter[str]:
    """Run the due action of each claimed subscription (``rows`` from :func:`claim_query`):
    the plain ones here, the others through the general path. Returns the actions run.
    ``plain=False`` sends every subscription through the general path."""
    batch = [
        _Due(
            row=row,
            state={name: getattr(row, name) for name in _STATE},
            plan=catalog_version(session, row.catalog_version).plan(row.plan_code),
        )
        for row in rows
    ]
    actor = Actor.scheduler()
    writes = _Writes(actor)
    general: list[_Due] = []
    if plain:
        methods = _methods_on_file(session, batch)
        taken = _invoiced_keys(session, batch)
        for due in batch:
            _advance(due, methods=methods, taken=taken, gateway=gateway, now=now, writes=writes)
            if not due.actions:  # not plain (or its charge failed): the general path runs it
                general.append(due)
    else:
        general = batch
    writes.flush(session, [due for due in batch if due.actions])
    actions: Counter[str] = Counter(action for due in batch for action in due.actions)
    if general:
        replay = _Replay(
            gateway,
            {
                f"{_renewal_key(due)}:attempt:1": due.fallback
                for due in general
                if due.fallback is not None
            },
        )
        actions.update(_run_general(session, general, gateway=replay, now=now, lock=lock))
    return actions


def _run_general(
    session: Session, batch: Sequence[_Due], *, gateway: PaymentGateway, now: datetime, lock: bool
) -> Counter[str]:
    ids = [due.row.id for due in batch]
    subs = session.scalars(
        select(Subscription).where(Subscription.id.in_(ids)).order_by(Subscription.id)
    ).all()
    by_id = {sub.id: sub for sub in subs}
    prefetched = prefetch(session, subs, lock=lock)
    done: Counter[str] = Counter()
    for sub_id in ids:
        sub = by_id[sub_id]
        action = sub.next_action or ""
        if lifecycle.run_due_action(session, sub=sub, gateway=gateway, now=now):
            done[action] += 1
    del prefetched
    return done


def prefetch(session: Session, subs: Sequence[Subscription], *, lock: bool) -> list[object]:
    """Load the batch's accounts and payment methods with two queries instead of a few per
    subscription. The session's identity map answers the lookups by id afterwards; the
    returned list keeps the objects alive (the identity map holds them weakly).

    With ``lock`` (PostgreSQL) the accounts holding credit, which a renewal may use and so
    lock, are locked now and in one order: two workers whose batches share such accounts
    then wait for each other instead of deadlocking.
    """
    account_ids = {sub.account_id for sub in subs}
    loaded: list[object] = []
    loaded.extend(accounts.load_many(session, account_ids))
    loaded.extend(load_live_methods_of_accounts(session, account_ids))
    if lock:
        accounts.lock_holding_credit(session, account_ids)
    return loaded


# ------------------------------------------------------------------------------ the plain path


def _renewal_key(due: _Due) -> str:
    return f"{due.row.id}:{CYCLE}:{due.state['current_period_end'].isoformat()}"


def _methods_on_file(session: Session, batch: Sequence[_Due]) -> dict[str, AnyRow]:
    """The method each renewal charges, by subscription id, for the subscriptions whose next
    action is a renewal: the general path's ``charging.paying_method`` (its own method while it
    exists and the plan accepts it, else the account's default if the plan accepts that). A
    renewal without one is not plain: the general path records the failure (VL-3)."""
    renewing = [due for due in batch if due.state["next_action"] == "renew"]
    if not renewing:
        return {}
    rows = live_methods_of_accounts(session, {due.row.account_id for due in renewing})
    by_id: dict[str, AnyRow] = {row.id: row for row in rows}
    defaults: dict[str, AnyRow] = {row.account_id: row for row in rows if row.is_default}
    chosen: dict[str, AnyRow] = {}
    for due in renewing:
        own = by_id.get(due.row.payment_method_id) if due.row.payment_method_id else None
        if own is not None and own.account_id != due.row.account_id:
            own = None
        default = defaults.get(due.row.account_id)
        source = rules.paying_method_source(
            own=own.type if own is not None else None,
            default=default.type if default is not None else None,
            accepted=due.plan.payment_methods,
        )
        method = own if source == "subscription" else default if source else None
        if method is not None:
            chosen[due.row.id] = method
    return chosen


def _invoiced_keys(session: Session, batch: Sequence[_Due]) -> set[str]:
    """Renewal invoices that already exist for the batch (the general path knows what to do
    with them)."""
    keys = [_renewal_key(due) for due in batch if due.state["next_action"] == "renew"]
    return existing_dedupe_keys(session, keys)


def _plain_renewal(due: _Due) -> bool:
    row, plan = due.row, due.plan
    return (
        row.channel == "web"
        and due.state["status"] == "active"
        and row.scheduled_plan_code is None
        and plan.kind != "volume"
        and not plan.invoice_billing
        and not (row.credit_balance > 0 and row.credit_currency == row.currency)
    )


def _plain_roll(due: _Due) -> bool:
    state = due.state
    return (
        due.row.channel == "web"
        and state["status"] == "active"
        and due.row.scheduled_plan_code is None
        and due.plan.kind != "volume"
        and state["paid_through"] is not None
        and state["paid_through"] > state["current_period_end"]
    )


def _advance(
    due: _Due,
    *,
    methods: Mapping[str, AnyRow],
    taken: set[str],
    gateway: PaymentGateway,
    now: datetime,
    writes: _Writes,
) -> None:
    """Run the subscription's due actions while they are plain: ``renew`` (then the ``roll``
    if due too), or ``roll``. Stops at the first that is not, leaving it to the general path."""
    while True:
        state = due.state
        action, at = state["next_action"], state["next_action_at"]
        if action is None or at is None or at > now:
            return
        if action == "renew" and not due.actions and _plain_renewal(due):
            if not _renew(due, method=methods.get(due.row.id), taken=taken, gateway=gateway):
                return
            writes.renewed(due)
        elif action == "roll" and _plain_roll(due):
            _roll(due)
            writes.rolled(due)
        else:
            return
        due.actions = (*due.actions, action)
        _reschedule(due)


def _renew(due: _Due, *, method: AnyRow | None, taken: set[str], gateway: PaymentGateway) -> bool:
    """Charge the next period (``lifecycle._renew`` for the plain case). False when
    the renewal is not plain after all; a failed charge is kept for the general path."""
    row, plan, state = due.row, due.plan, due.state
    key = _renewal_key(due)
    quantity = common.billed_quantity(plan, row.quantity)
    amount = quantity * row.unit_amount
    if method is None or amount <= 0 or key in taken:
        return False
    at: datetime = state["next_action_at"]
    start: datetime = state["current_period_end"]
    _start, end = at_offset(
        row.anchor_at,
        state["period_offset_months"] + row.billing_period_months,
        plan.billing_period_months,
    )
    invoice_id = new_id("inv")
    result = gateway.charge(
        token=method.token,
        amount=Money(amount, row.currency),
        idempotency_key=f"{key}:attempt:1",
        description=f"Invoice {invoice_id}",
        now=at,
    )
    if not result.succeeded:
        due.fallback = result
        return False
    due.charge = _Charge(
        invoice_id=invoice_id,
        dedupe_key=key,
        method_id=method.id,
        amount=amount,
        unit_amount=row.unit_amount,
        quantity=quantity,
        period_start=start,
        period_end=end,
        at=at,
        gateway=gateway.name,
        result=result,
    )
    state["renewal_attempted_for"] = start
    state["paid_through"] = end
    state["updated_at"] = at
    return True


def _roll(due: _Due) -> None:
    """The paid next period starts (the general path's ``_roll`` for the plain case)."""
    row, state = due.row, due.state
    offset = state["period_offset_months"] + row.billing_period_months
    state["period_offset_months"] = offset
    state["current_period_start"], state["current_period_end"] = at_offset(
        row.anchor_at, offset, row.billing_period_months
    )
    rules.check_transition(state["status"], "active")
    state["status"] = "active"
    state["updated_at"] = state["next_action_at"]


def _reschedule(due: _Due) -> None:
    row, state = due.row, due.state
    upcoming = rules.next_action(
        rules.schedule_of(
            status=state["status"],
            start_at=row.start_at,
            trial_end=row.trial_end,
            current_period_end=state["current_period_end"],
            paid_through=state["paid_through"],
            cancel_at_period_end=row.cancel_at_period_end,
            auto_renew=row.auto_renew,
            fixed_term=due.plan.renewal == "fixed_term",
            charge_lead_days=due.plan.charge_lead_time_days,
            grace_ends_at=row.grace_ends_at,
            renewal_attempted_for=state["renewal_attempted_for"],
            next_retry_at=row.next_retry_at,
        )
    )
    state["next_action"], state["next_action_at"] = upcoming if upcoming else (None, None)


class _Writes:
    """The batch's rows, written with one multi-row statement per table."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.invoices: list[dict[str, Any]] = []
        self.lines: list[dict[str, Any]] = []
        self.payments: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.emails: list[dict[str, Any]] = []

    def renewed(self, due: _Due) -> None:
        """What ``billing.create_invoice`` + ``billing.attempt_payment`` + the renewal's own
        event write for a paid renewal, in the same order."""
        charge, row, plan = due.charge, due.row, due.plan
        assert charge is not None
        at, account_id, currency = charge.at, row.account_id, row.currency
        line = plan_line(
            description=plan.name, plan_code=plan.code, quantity=charge.quantity,
            unit_amount=charge.unit_amount, period_start=charge.period_start,
            period_end=charge.period_end,
        )  # fmt: skip
        invoice = invoice_row(
            id=charge.invoice_id, account_id=account_id, subscription_id=row.id,
            dedupe_key=charge.dedupe_key, reason=CYCLE, collection="charge_automatically",
            currency=currency, lines=[line],
            credit_applied=0, period_start=charge.period_start, period_end=charge.period_end,
            due_at=charge.period_start, now=at, amount_paid=charge.amount, attempt_count=1,
        )  # fmt: skip
        self.invoices.append(invoice)
        self.lines.append(invoice_line_row(invoice_id=charge.invoice_id, position=0, line=line))
        self.events.append(invoice_created_event(invoice, actor=self.actor))
        payment = payment_row(
            invoice_id=charge.invoice_id, account_id=account_id,
            payment_method_id=charge.method_id, amount=Money(charge.amount, currency),
            gateway=charge.gateway, result=charge.result, now=at,
        )  # fmt: skip
        self.payments.append(payment)
        self.emails.append(
            email_row(
                to=row.account_email, template="receipt", locale=row.account_locale,
                context={"plan_name": plan.name, "amount": Money(charge.amount, currency),
                         "period_end": charge.period_end, "invoice_id": charge.invoice_id},
                now=at, account_id=account_id, dedupe_key=f"receipt:{charge.invoice_id}",
            )
        )  # fmt: skip
        self.events.append(payment_event(payment, actor=self.actor))
        self._subscription_event(due, "renewal_paid", at=at, invoice_id=charge.invoice_id)

    def rolled(self, due: _Due) -> None:
        self._subscription_event(due, "renewed", at=due.state["updated_at"])

    def _subscription_event(self, due: _Due, type: str, *, at: datetime, **data: object) -> None:
        self.events.append(event_row(
            type=f"subscription.{type}", at=at, actor=self.actor, subject_type="subscription",
            subject_id=due.row.id, account_id=due.row.account_id,
            data={"status": due.state["status"], "plan": due.row.plan_code, **data},
        ))  # fmt: skip

    def flush(self, session: Session, moved: Iterable[_Due]) -> None:
        connection = session.connection()
        billing_rows.insert_many(
            connection, invoices=self.invoices, lines=self.lines, payments=self.payments
        )
        event_rows.insert_many(connection, self.events)
        email_rows.insert_many(connection, self.emails)
        update_rows(connection, _SUBS, "id", [{"id": due.row.id, **due.state} for due in moved])
