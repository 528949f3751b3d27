from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="EnrollIn")


@_attrs_define
class EnrollIn:
    """
    Attributes:
        licenses (int):
        plan (str): A volume plan; it sets the period.
        account_id (None | str | Unset): Required for staff callers.
        move_subscription_id (None | str | Unset): End this ordinary subscription and use its unused value as credit
            (VL-4).
        payment_method_id (None | str | Unset): A card (VL-3).
    """

    licenses: int
    plan: str
    account_id: None | str | Unset = UNSET
    move_subscription_id: None | str | Unset = UNSET
    payment_method_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        licenses = self.licenses

        plan = self.plan

        account_id: None | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        move_subscription_id: None | str | Unset
        if isinstance(self.move_subscription_id, Unset):
            move_subscription_id = UNSET
        else:
            move_subscription_id = self.move_subscription_id

        payment_method_id: None | str | Unset
        if isinstance(self.payment_method_id, Unset):
            payment_method_id = UNSET
        else:
            payment_method_id = self.payment_method_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "licenses": licenses,
                "plan": plan,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if move_subscription_id is not UNSET:
            field_dict["move_subscription_id"] = move_subscription_id
        if payment_method_id is not UNSET:
            field_dict["payment_method_id"] = payment_method_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        licenses = d.pop("licenses")

        plan = d.pop("plan")

        def _parse_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        def _parse_move_subscription_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        move_subscription_id = _parse_move_subscription_id(d.pop("move_subscription_id", UNSET))

        def _parse_payment_method_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_method_id = _parse_payment_method_id(d.pop("payment_method_id", UNSET))

        enroll_in = cls(
            licenses=licenses,
            plan=plan,
            account_id=account_id,
            move_subscription_id=move_subscription_id,
            payment_method_id=payment_method_id,
        )

        return enroll_in
