from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.credit_entry_out import CreditEntryOut


T = TypeVar("T", bound="BillingCreditOut")


@_attrs_define
class BillingCreditOut:
    """
    Attributes:
        balance (int):
        currency (str):
        history (list[CreditEntryOut]):
    """

    balance: int
    currency: str
    history: list[CreditEntryOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance = self.balance

        currency = self.currency

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance": balance,
                "currency": currency,
                "history": history,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credit_entry_out import CreditEntryOut  # noqa: PLC0415

        d = dict(src_dict)
        balance = d.pop("balance")

        currency = d.pop("currency")

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = CreditEntryOut.from_dict(history_item_data)

            history.append(history_item)

        billing_credit_out = cls(
            balance=balance,
            currency=currency,
            history=history,
        )

        billing_credit_out.additional_properties = d
        return billing_credit_out

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
