from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountTokenIn")


@_attrs_define
class AccountTokenIn:
    """
    Attributes:
        account_id (None | str | Unset): Required for staff callers.
        product (None | str | Unset): Only this product's offers.
        storefront (None | str | Unset): The App Store storefront's country (StoreKit's Storefront.countryCode, e.g.
            DNK), instead of the X-App-Store-Storefront header (APP-11).
    """

    account_id: None | str | Unset = UNSET
    product: None | str | Unset = UNSET
    storefront: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        account_id: None | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        product: None | str | Unset
        if isinstance(self.product, Unset):
            product = UNSET
        else:
            product = self.product

        storefront: None | str | Unset
        if isinstance(self.storefront, Unset):
            storefront = UNSET
        else:
            storefront = self.storefront

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if product is not UNSET:
            field_dict["product"] = product
        if storefront is not UNSET:
            field_dict["storefront"] = storefront

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        def _parse_product(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        product = _parse_product(d.pop("product", UNSET))

        def _parse_storefront(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        storefront = _parse_storefront(d.pop("storefront", UNSET))

        account_token_in = cls(
            account_id=account_id,
            product=product,
            storefront=storefront,
        )

        return account_token_in
