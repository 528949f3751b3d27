from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganizationSubscriptionIn")


@_attrs_define
class OrganizationSubscriptionIn:
    """
    Attributes:
        plan (str): A business plan.
        currency (str | Unset):  Default: 'USD'.
        payment_method_id (None | str | Unset):
        seats (int | Unset): Seats to buy (CAT-1). Default: 1.
        trial (bool | None | Unset):
    """

    plan: str
    currency: str | Unset = "USD"
    payment_method_id: None | str | Unset = UNSET
    seats: int | Unset = 1
    trial: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan

        currency = self.currency

        payment_method_id: None | str | Unset
        if isinstance(self.payment_method_id, Unset):
            payment_method_id = UNSET
        else:
            payment_method_id = self.payment_method_id

        seats = self.seats

        trial: bool | None | Unset
        if isinstance(self.trial, Unset):
            trial = UNSET
        else:
            trial = self.trial

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "plan": plan,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if payment_method_id is not UNSET:
            field_dict["payment_method_id"] = payment_method_id
        if seats is not UNSET:
            field_dict["seats"] = seats
        if trial is not UNSET:
            field_dict["trial"] = trial

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plan = d.pop("plan")

        currency = d.pop("currency", UNSET)

        def _parse_payment_method_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_method_id = _parse_payment_method_id(d.pop("payment_method_id", UNSET))

        seats = d.pop("seats", UNSET)

        def _parse_trial(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        trial = _parse_trial(d.pop("trial", UNSET))

        organization_subscription_in = cls(
            plan=plan,
            currency=currency,
            payment_method_id=payment_method_id,
            seats=seats,
            trial=trial,
        )

        return organization_subscription_in
