from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.catalog_product_out_platforms_item import CatalogProductOutPlatformsItem

if TYPE_CHECKING:
    from ..models.plan_out import PlanOut


T = TypeVar("T", bound="CatalogProductOut")


@_attrs_define
class CatalogProductOut:
    """
    Attributes:
        code (str):
        name (str):
        plans (list[PlanOut]):
        platforms (list[CatalogProductOutPlatformsItem]):
    """

    code: str
    name: str
    plans: list[PlanOut]
    platforms: list[CatalogProductOutPlatformsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        plans = []
        for plans_item_data in self.plans:
            plans_item = plans_item_data.to_dict()
            plans.append(plans_item)

        platforms = []
        for platforms_item_data in self.platforms:
            platforms_item = platforms_item_data.value
            platforms.append(platforms_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "name": name,
                "plans": plans,
                "platforms": platforms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plan_out import PlanOut  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        plans = []
        _plans = d.pop("plans")
        for plans_item_data in _plans:
            plans_item = PlanOut.from_dict(plans_item_data)

            plans.append(plans_item)

        platforms = []
        _platforms = d.pop("platforms")
        for platforms_item_data in _platforms:
            platforms_item = CatalogProductOutPlatformsItem(platforms_item_data)

            platforms.append(platforms_item)

        catalog_product_out = cls(
            code=code,
            name=name,
            plans=plans,
            platforms=platforms,
        )

        catalog_product_out.additional_properties = d
        return catalog_product_out

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
