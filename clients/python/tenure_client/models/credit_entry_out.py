from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CreditEntryOut")


@_attrs_define
class CreditEntryOut:
    """
    Attributes:
        amount (int):
        balance_after (int):
        created_at (datetime.datetime):
        currency (str):
        invoice_id (None | str):
        reason (str):
        subscription_id (None | str):
    """

    amount: int
    balance_after: int
    created_at: datetime.datetime
    currency: str
    invoice_id: None | str
    reason: str
    subscription_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        balance_after = self.balance_after

        created_at = self.created_at.isoformat()

        currency = self.currency

        invoice_id: None | str
        invoice_id = self.invoice_id

        reason = self.reason

        subscription_id: None | str
        subscription_id = self.subscription_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "balance_after": balance_after,
                "created_at": created_at,
                "currency": currency,
                "invoice_id": invoice_id,
                "reason": reason,
                "subscription_id": subscription_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        balance_after = d.pop("balance_after")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        def _parse_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_id = _parse_invoice_id(d.pop("invoice_id"))

        reason = d.pop("reason")

        def _parse_subscription_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subscription_id = _parse_subscription_id(d.pop("subscription_id"))

        credit_entry_out = cls(
            amount=amount,
            balance_after=balance_after,
            created_at=created_at,
            currency=currency,
            invoice_id=invoice_id,
            reason=reason,
            subscription_id=subscription_id,
        )

        credit_entry_out.additional_properties = d
        return credit_entry_out

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
