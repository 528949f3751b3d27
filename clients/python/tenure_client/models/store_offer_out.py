from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StoreOfferOut")


@_attrs_define
class StoreOfferOut:
    """APP-11: whether a product and its free trial are offered in the App Store of the
    caller's storefront.

        Attributes:
            country (str): ISO 3166-1 alpha-2, e.g. DK.
            country_source (str): storefront (sent by the app: X-App-Store-Storefront) or device_region (a fallback: the
                linked device's region).
            message (None | str): When the product or its trial is not offered: what to do (change the App Store country or
                region and use a payment method of that country), in the caller's language; null when all is offered.
            offered (bool):
            plans (list[str]): Its App Store plans offered there.
            product (str):
            trial_days (int | None):
            trial_offered (bool):
    """

    country: str
    country_source: str
    message: None | str
    offered: bool
    plans: list[str]
    product: str
    trial_days: int | None
    trial_offered: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        country_source = self.country_source

        message: None | str
        message = self.message

        offered = self.offered

        plans = self.plans

        product = self.product

        trial_days: int | None
        trial_days = self.trial_days

        trial_offered = self.trial_offered

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "country_source": country_source,
                "message": message,
                "offered": offered,
                "plans": plans,
                "product": product,
                "trial_days": trial_days,
                "trial_offered": trial_offered,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country")

        country_source = d.pop("country_source")

        def _parse_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message"))

        offered = d.pop("offered")

        plans = cast(list[str], d.pop("plans"))

        product = d.pop("product")

        def _parse_trial_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        trial_days = _parse_trial_days(d.pop("trial_days"))

        trial_offered = d.pop("trial_offered")

        store_offer_out = cls(
            country=country,
            country_source=country_source,
            message=message,
            offered=offered,
            plans=plans,
            product=product,
            trial_days=trial_days,
            trial_offered=trial_offered,
        )

        store_offer_out.additional_properties = d
        return store_offer_out

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
