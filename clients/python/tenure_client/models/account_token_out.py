from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.store_offer_out import StoreOfferOut


T = TypeVar("T", bound="AccountTokenOut")


@_attrs_define
class AccountTokenOut:
    """
    Attributes:
        account_id (str):
        app_account_token (str): Pass it to StoreKit as appAccountToken when the purchase starts.
        created_at (datetime.datetime):
        store_offers (list[StoreOfferOut] | None | Unset): APP-11: per product with App Store plans, whether it and its
            free trial are offered in the App Store of the storefront sent (else of the asking Apple device's region, a
            fallback); null when neither is known.
    """

    account_id: str
    app_account_token: str
    created_at: datetime.datetime
    store_offers: list[StoreOfferOut] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        app_account_token = self.app_account_token

        created_at = self.created_at.isoformat()

        store_offers: list[dict[str, Any]] | None | Unset
        if isinstance(self.store_offers, Unset):
            store_offers = UNSET
        elif isinstance(self.store_offers, list):
            store_offers = []
            for store_offers_type_0_item_data in self.store_offers:
                store_offers_type_0_item = store_offers_type_0_item_data.to_dict()
                store_offers.append(store_offers_type_0_item)

        else:
            store_offers = self.store_offers

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "app_account_token": app_account_token,
                "created_at": created_at,
            }
        )
        if store_offers is not UNSET:
            field_dict["store_offers"] = store_offers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.store_offer_out import StoreOfferOut  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        app_account_token = d.pop("app_account_token")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_store_offers(data: object) -> list[StoreOfferOut] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                store_offers_type_0 = []
                _store_offers_type_0 = data
                for store_offers_type_0_item_data in _store_offers_type_0:
                    store_offers_type_0_item = StoreOfferOut.from_dict(store_offers_type_0_item_data)

                    store_offers_type_0.append(store_offers_type_0_item)

                return store_offers_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[StoreOfferOut] | None | Unset, data)

        store_offers = _parse_store_offers(d.pop("store_offers", UNSET))

        account_token_out = cls(
            account_id=account_id,
            app_account_token=app_account_token,
            created_at=created_at,
            store_offers=store_offers,
        )

        account_token_out.additional_properties = d
        return account_token_out

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
