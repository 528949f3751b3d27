from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentOut")


@_attrs_define
class PaymentOut:
    """
    Attributes:
        amount (int):
        created_at (datetime.datetime):
        currency (str):
        failure_code (None | str):
        failure_message (None | str):
        id (str):
        payment_method_id (None | str):
        status (str):
    """

    amount: int
    created_at: datetime.datetime
    currency: str
    failure_code: None | str
    failure_message: None | str
    id: str
    payment_method_id: None | str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        created_at = self.created_at.isoformat()

        currency = self.currency

        failure_code: None | str
        failure_code = self.failure_code

        failure_message: None | str
        failure_message = self.failure_message

        id = self.id

        payment_method_id: None | str
        payment_method_id = self.payment_method_id

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "created_at": created_at,
                "currency": currency,
                "failure_code": failure_code,
                "failure_message": failure_message,
                "id": id,
                "payment_method_id": payment_method_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failure_code"))

        def _parse_failure_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_message = _parse_failure_message(d.pop("failure_message"))

        id = d.pop("id")

        def _parse_payment_method_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_method_id = _parse_payment_method_id(d.pop("payment_method_id"))

        status = d.pop("status")

        payment_out = cls(
            amount=amount,
            created_at=created_at,
            currency=currency,
            failure_code=failure_code,
            failure_message=failure_message,
            id=id,
            payment_method_id=payment_method_id,
            status=status,
        )

        payment_out.additional_properties = d
        return payment_out

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
