from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LicensesChargeOut")


@_attrs_define
class LicensesChargeOut:
    """What adding licenses cost (VL-5): monthly price per license × licenses added × the
    months from now to the unchanged renewal date, a partial month by days.

        Attributes:
            amount (int): Taken from the payment method, in minor units (after account credit).
            credit_applied (int): Account credit used on the invoice first (SUB-10).
            currency (str):
            licenses (int): Licenses added.
            monthly_unit_amount (int): Monthly price per license, at the tier of the new total (CAT-3).
            partial_days (int): Days charged of the partial monthly period …
            partial_period_days (int): … out of that monthly period's days.
            period_end (datetime.datetime): Charged to: the renewal date, which does not move.
            period_start (datetime.datetime): Charged from: the moment the licenses were added.
            whole_months (int): Whole monthly periods charged.
    """

    amount: int
    credit_applied: int
    currency: str
    licenses: int
    monthly_unit_amount: int
    partial_days: int
    partial_period_days: int
    period_end: datetime.datetime
    period_start: datetime.datetime
    whole_months: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        credit_applied = self.credit_applied

        currency = self.currency

        licenses = self.licenses

        monthly_unit_amount = self.monthly_unit_amount

        partial_days = self.partial_days

        partial_period_days = self.partial_period_days

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        whole_months = self.whole_months

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "credit_applied": credit_applied,
                "currency": currency,
                "licenses": licenses,
                "monthly_unit_amount": monthly_unit_amount,
                "partial_days": partial_days,
                "partial_period_days": partial_period_days,
                "period_end": period_end,
                "period_start": period_start,
                "whole_months": whole_months,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        credit_applied = d.pop("credit_applied")

        currency = d.pop("currency")

        licenses = d.pop("licenses")

        monthly_unit_amount = d.pop("monthly_unit_amount")

        partial_days = d.pop("partial_days")

        partial_period_days = d.pop("partial_period_days")

        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))

        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        whole_months = d.pop("whole_months")

        licenses_charge_out = cls(
            amount=amount,
            credit_applied=credit_applied,
            currency=currency,
            licenses=licenses,
            monthly_unit_amount=monthly_unit_amount,
            partial_days=partial_days,
            partial_period_days=partial_period_days,
            period_end=period_end,
            period_start=period_start,
            whole_months=whole_months,
        )

        licenses_charge_out.additional_properties = d
        return licenses_charge_out

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
