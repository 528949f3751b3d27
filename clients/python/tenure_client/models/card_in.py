from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CardIn")


@_attrs_define
class CardIn:
    """
    Attributes:
        cvc (str): Never stored.
        exp_month (int):
        exp_year (int): Four digits, or two (27 = 2027).
        number (str): Sent to the gateway only.
    """

    cvc: str
    exp_month: int
    exp_year: int
    number: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cvc = self.cvc

        exp_month = self.exp_month

        exp_year = self.exp_year

        number = self.number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cvc": cvc,
                "exp_month": exp_month,
                "exp_year": exp_year,
                "number": number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cvc = d.pop("cvc")

        exp_month = d.pop("exp_month")

        exp_year = d.pop("exp_year")

        number = d.pop("number")

        card_in = cls(
            cvc=cvc,
            exp_month=exp_month,
            exp_year=exp_year,
            number=number,
        )

        card_in.additional_properties = d
        return card_in

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
