from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FreeTierOut")


@_attrs_define
class FreeTierOut:
    """A product whose last subscription ended, and the free plan it fell back to.

    Attributes:
        connection_limit (int | None):
        features (list[str]):
        plan (str):
        product (str):
        storage_quota_mb (int | None):
    """

    connection_limit: int | None
    features: list[str]
    plan: str
    product: str
    storage_quota_mb: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        connection_limit: int | None
        connection_limit = self.connection_limit

        features = self.features

        plan = self.plan

        product = self.product

        storage_quota_mb: int | None
        storage_quota_mb = self.storage_quota_mb

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connection_limit": connection_limit,
                "features": features,
                "plan": plan,
                "product": product,
                "storage_quota_mb": storage_quota_mb,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_connection_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        connection_limit = _parse_connection_limit(d.pop("connection_limit"))

        features = cast(list[str], d.pop("features"))

        plan = d.pop("plan")

        product = d.pop("product")

        def _parse_storage_quota_mb(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        storage_quota_mb = _parse_storage_quota_mb(d.pop("storage_quota_mb"))

        free_tier_out = cls(
            connection_limit=connection_limit,
            features=features,
            plan=plan,
            product=product,
            storage_quota_mb=storage_quota_mb,
        )

        free_tier_out.additional_properties = d
        return free_tier_out

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
