from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubscriptionCreate")


@_attrs_define
class SubscriptionCreate:
    """
    Attributes:
        plan (str):
        account_id (None | str | Unset): Required for staff callers.
        currency (str | Unset):  Default: 'USD'.
        payment_method_id (None | str | Unset):
        quantity (int | Unset):  Default: 1.
        trial (bool | None | Unset): true: start with the plan's trial (refused if it has none); false: pay now;
            omitted: use the trial when the plan has one and the account has not had it.
    """

    plan: str
    account_id: None | str | Unset = UNSET
    currency: str | Unset = "USD"
    payment_method_id: None | str | Unset = UNSET
    quantity: int | Unset = 1
    trial: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        plan = self.plan

        account_id: None | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        currency = self.currency

        payment_method_id: None | str | Unset
        if isinstance(self.payment_method_id, Unset):
            payment_method_id = UNSET
        else:
            payment_method_id = self.payment_method_id

        quantity = self.quantity

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
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if currency is not UNSET:
            field_dict["currency"] = currency
        if payment_method_id is not UNSET:
            field_dict["payment_method_id"] = payment_method_id
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if trial is not UNSET:
            field_dict["trial"] = trial

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        plan = d.pop("plan")

        def _parse_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        currency = d.pop("currency", UNSET)

        def _parse_payment_method_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_method_id = _parse_payment_method_id(d.pop("payment_method_id", UNSET))

        quantity = d.pop("quantity", UNSET)

        def _parse_trial(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        trial = _parse_trial(d.pop("trial", UNSET))

        subscription_create = cls(
            plan=plan,
            account_id=account_id,
            currency=currency,
            payment_method_id=payment_method_id,
            quantity=quantity,
            trial=trial,
        )

        return subscription_create
