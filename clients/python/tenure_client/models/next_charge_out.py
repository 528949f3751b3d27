from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NextChargeOut")


@_attrs_define
class NextChargeOut:
    """The next charge of a renewing subscription (APP-12).

    Attributes:
        amount (int | None): In minor units of currency, before any credit on the account; null when not known.
        at (datetime.datetime): When the money is taken (by Tenure or by the store).
        cancel_by (datetime.datetime): The last moment to cancel so that it is not taken: 24 hours before the period
            ends for the App Store (APP-5); the charge itself on the web.
        currency (None | str):
    """

    amount: int | None
    at: datetime.datetime
    cancel_by: datetime.datetime
    currency: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount: int | None
        amount = self.amount

        at = self.at.isoformat()

        cancel_by = self.cancel_by.isoformat()

        currency: None | str
        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "at": at,
                "cancel_by": cancel_by,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount = _parse_amount(d.pop("amount"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        cancel_by = datetime.datetime.fromisoformat(d.pop("cancel_by"))

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        next_charge_out = cls(
            amount=amount,
            at=at,
            cancel_by=cancel_by,
            currency=currency,
        )

        next_charge_out.additional_properties = d
        return next_charge_out

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
