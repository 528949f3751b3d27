from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SetPaymentMethodIn")


@_attrs_define
class SetPaymentMethodIn:
    """
    Attributes:
        payment_method_id (str): One of the account's payment methods.
    """

    payment_method_id: str

    def to_dict(self) -> dict[str, Any]:
        payment_method_id = self.payment_method_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "payment_method_id": payment_method_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        payment_method_id = d.pop("payment_method_id")

        set_payment_method_in = cls(
            payment_method_id=payment_method_id,
        )

        return set_payment_method_in
