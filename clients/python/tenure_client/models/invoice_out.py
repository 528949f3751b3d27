from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.invoice_line_out import InvoiceLineOut
    from ..models.payment_out import PaymentOut


T = TypeVar("T", bound="InvoiceOut")


@_attrs_define
class InvoiceOut:
    """Amounts are integer minor units of ``currency`` (SUB-8).

    Attributes:
        account_id (str):
        amount_due (int):
        amount_paid (int):
        amount_refunded (int):
        billing_reason (str):
        collection (str):
        created_at (datetime.datetime):
        credit_applied (int):
        currency (str):
        discount (int):
        due_at (datetime.datetime):
        id (str):
        lines (list[InvoiceLineOut]):
        paid_at (datetime.datetime | None):
        payments (list[PaymentOut]):
        period_end (datetime.datetime | None):
        period_start (datetime.datetime | None):
        status (str):
        subscription_id (None | str):
        subtotal (int):
        tax (int):
        total (int):
    """

    account_id: str
    amount_due: int
    amount_paid: int
    amount_refunded: int
    billing_reason: str
    collection: str
    created_at: datetime.datetime
    credit_applied: int
    currency: str
    discount: int
    due_at: datetime.datetime
    id: str
    lines: list[InvoiceLineOut]
    paid_at: datetime.datetime | None
    payments: list[PaymentOut]
    period_end: datetime.datetime | None
    period_start: datetime.datetime | None
    status: str
    subscription_id: None | str
    subtotal: int
    tax: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        amount_due = self.amount_due

        amount_paid = self.amount_paid

        amount_refunded = self.amount_refunded

        billing_reason = self.billing_reason

        collection = self.collection

        created_at = self.created_at.isoformat()

        credit_applied = self.credit_applied

        currency = self.currency

        discount = self.discount

        due_at = self.due_at.isoformat()

        id = self.id

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        payments = []
        for payments_item_data in self.payments:
            payments_item = payments_item_data.to_dict()
            payments.append(payments_item)

        period_end: None | str
        if isinstance(self.period_end, datetime.datetime):
            period_end = self.period_end.isoformat()
        else:
            period_end = self.period_end

        period_start: None | str
        if isinstance(self.period_start, datetime.datetime):
            period_start = self.period_start.isoformat()
        else:
            period_start = self.period_start

        status = self.status

        subscription_id: None | str
        subscription_id = self.subscription_id

        subtotal = self.subtotal

        tax = self.tax

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "amount_due": amount_due,
                "amount_paid": amount_paid,
                "amount_refunded": amount_refunded,
                "billing_reason": billing_reason,
                "collection": collection,
                "created_at": created_at,
                "credit_applied": credit_applied,
                "currency": currency,
                "discount": discount,
                "due_at": due_at,
                "id": id,
                "lines": lines,
                "paid_at": paid_at,
                "payments": payments,
                "period_end": period_end,
                "period_start": period_start,
                "status": status,
                "subscription_id": subscription_id,
                "subtotal": subtotal,
                "tax": tax,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_line_out import InvoiceLineOut  # noqa: PLC0415
        from ..models.payment_out import PaymentOut  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        amount_due = d.pop("amount_due")

        amount_paid = d.pop("amount_paid")

        amount_refunded = d.pop("amount_refunded")

        billing_reason = d.pop("billing_reason")

        collection = d.pop("collection")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        credit_applied = d.pop("credit_applied")

        currency = d.pop("currency")

        discount = d.pop("discount")

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        id = d.pop("id")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = InvoiceLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        payments = []
        _payments = d.pop("payments")
        for payments_item_data in _payments:
            payments_item = PaymentOut.from_dict(payments_item_data)

            payments.append(payments_item)

        def _parse_period_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_end_type_0 = datetime.datetime.fromisoformat(data)

                return period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        period_end = _parse_period_end(d.pop("period_end"))

        def _parse_period_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_start_type_0 = datetime.datetime.fromisoformat(data)

                return period_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        period_start = _parse_period_start(d.pop("period_start"))

        status = d.pop("status")

        def _parse_subscription_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subscription_id = _parse_subscription_id(d.pop("subscription_id"))

        subtotal = d.pop("subtotal")

        tax = d.pop("tax")

        total = d.pop("total")

        invoice_out = cls(
            account_id=account_id,
            amount_due=amount_due,
            amount_paid=amount_paid,
            amount_refunded=amount_refunded,
            billing_reason=billing_reason,
            collection=collection,
            created_at=created_at,
            credit_applied=credit_applied,
            currency=currency,
            discount=discount,
            due_at=due_at,
            id=id,
            lines=lines,
            paid_at=paid_at,
            payments=payments,
            period_end=period_end,
            period_start=period_start,
            status=status,
            subscription_id=subscription_id,
            subtotal=subtotal,
            tax=tax,
            total=total,
        )

        invoice_out.additional_properties = d
        return invoice_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
