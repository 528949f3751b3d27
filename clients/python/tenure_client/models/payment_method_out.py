from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentMethodOut")


@_attrs_define
class PaymentMethodOut:
    """
    Attributes:
        account_id (str):
        brand (None | str):
        created_at (datetime.datetime):
        exp_month (int | None):
        exp_year (int | None):
        gateway (str):
        id (str):
        is_default (bool):
        label (None | str):
        last4 (None | str):
        removed_at (datetime.datetime | None):
        type_ (str):
    """

    account_id: str
    brand: None | str
    created_at: datetime.datetime
    exp_month: int | None
    exp_year: int | None
    gateway: str
    id: str
    is_default: bool
    label: None | str
    last4: None | str
    removed_at: datetime.datetime | None
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        brand: None | str
        brand = self.brand

        created_at = self.created_at.isoformat()

        exp_month: int | None
        exp_month = self.exp_month

        exp_year: int | None
        exp_year = self.exp_year

        gateway = self.gateway

        id = self.id

        is_default = self.is_default

        label: None | str
        label = self.label

        last4: None | str
        last4 = self.last4

        removed_at: None | str
        if isinstance(self.removed_at, datetime.datetime):
            removed_at = self.removed_at.isoformat()
        else:
            removed_at = self.removed_at

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "brand": brand,
                "created_at": created_at,
                "exp_month": exp_month,
                "exp_year": exp_year,
                "gateway": gateway,
                "id": id,
                "is_default": is_default,
                "label": label,
                "last4": last4,
                "removed_at": removed_at,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        def _parse_brand(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        brand = _parse_brand(d.pop("brand"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_exp_month(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        exp_month = _parse_exp_month(d.pop("exp_month"))

        def _parse_exp_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        exp_year = _parse_exp_year(d.pop("exp_year"))

        gateway = d.pop("gateway")

        id = d.pop("id")

        is_default = d.pop("is_default")

        def _parse_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))

        def _parse_last4(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last4 = _parse_last4(d.pop("last4"))

        def _parse_removed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                removed_at_type_0 = datetime.datetime.fromisoformat(data)

                return removed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        removed_at = _parse_removed_at(d.pop("removed_at"))

        type_ = d.pop("type")

        payment_method_out = cls(
            account_id=account_id,
            brand=brand,
            created_at=created_at,
            exp_month=exp_month,
            exp_year=exp_year,
            gateway=gateway,
            id=id,
            is_default=is_default,
            label=label,
            last4=last4,
            removed_at=removed_at,
            type_=type_,
        )

        payment_method_out.additional_properties = d
        return payment_method_out

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
