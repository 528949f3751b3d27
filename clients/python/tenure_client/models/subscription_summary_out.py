from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SubscriptionSummaryOut")


@_attrs_define
class SubscriptionSummaryOut:
    """
    Attributes:
        current_period_end (datetime.datetime | None):
        id (str):
        plan (str):
        plan_name (str):
        product (str):
        product_name (str):
        status (str):
    """

    current_period_end: datetime.datetime | None
    id: str
    plan: str
    plan_name: str
    product: str
    product_name: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current_period_end: None | str
        if isinstance(self.current_period_end, datetime.datetime):
            current_period_end = self.current_period_end.isoformat()
        else:
            current_period_end = self.current_period_end

        id = self.id

        plan = self.plan

        plan_name = self.plan_name

        product = self.product

        product_name = self.product_name

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current_period_end": current_period_end,
                "id": id,
                "plan": plan,
                "plan_name": plan_name,
                "product": product,
                "product_name": product_name,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_current_period_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_end_type_0 = datetime.datetime.fromisoformat(data)

                return current_period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        current_period_end = _parse_current_period_end(d.pop("current_period_end"))

        id = d.pop("id")

        plan = d.pop("plan")

        plan_name = d.pop("plan_name")

        product = d.pop("product")

        product_name = d.pop("product_name")

        status = d.pop("status")

        subscription_summary_out = cls(
            current_period_end=current_period_end,
            id=id,
            plan=plan,
            plan_name=plan_name,
            product=product,
            product_name=product_name,
            status=status,
        )

        subscription_summary_out.additional_properties = d
        return subscription_summary_out

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
