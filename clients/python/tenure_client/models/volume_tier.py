from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.volume_tier_monthly_unit_prices import VolumeTierMonthlyUnitPrices


T = TypeVar("T", bound="VolumeTier")


@_attrs_define
class VolumeTier:
    """From ``min_quantity`` licenses on, each license costs ``monthly_unit_prices`` a month
    (CAT-3). The tier is chosen by the total number of licenses on the subscription.

        Attributes:
            min_quantity (int):
            monthly_unit_prices (VolumeTierMonthlyUnitPrices):
    """

    min_quantity: int
    monthly_unit_prices: VolumeTierMonthlyUnitPrices

    def to_dict(self) -> dict[str, Any]:
        min_quantity = self.min_quantity

        monthly_unit_prices = self.monthly_unit_prices.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "min_quantity": min_quantity,
                "monthly_unit_prices": monthly_unit_prices,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.volume_tier_monthly_unit_prices import VolumeTierMonthlyUnitPrices  # noqa: PLC0415

        d = dict(src_dict)
        min_quantity = d.pop("min_quantity")

        monthly_unit_prices = VolumeTierMonthlyUnitPrices.from_dict(d.pop("monthly_unit_prices"))

        volume_tier = cls(
            min_quantity=min_quantity,
            monthly_unit_prices=monthly_unit_prices,
        )

        return volume_tier
