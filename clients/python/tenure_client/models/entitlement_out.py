from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.entitlement_source_out import EntitlementSourceOut
    from ..models.entitlement_warning_out import EntitlementWarningOut
    from ..models.free_tier_out import FreeTierOut
    from ..models.not_counting_out import NotCountingOut
    from ..models.store_offer_out import StoreOfferOut


T = TypeVar("T", bound="EntitlementOut")


@_attrs_define
class EntitlementOut:
    """What the account (or licensed user) may use right now, over every channel (APP-3).

    The response carries a strong ``ETag``; send it back in ``If-None-Match`` to get
    ``304 Not Modified`` while nothing has changed (APP-10).

        Attributes:
            account_id (str):
            active (bool):
            channels (list[str]):
            connection_limit (int | None): Simultaneous connections: the highest of the live subscriptions' limits.
            expires_at (datetime.datetime | None): The latest end of paid access (or grace); null when unlimited or none.
            features (list[str]):
            platforms (list[str]): Apps on these platforms may be used (every platform of the products).
            products (list[str]):
            reason (str): The main reason: subscription_active, trialing, grace, no_subscription, expired or
                account_suspended.
            reasons (list[str]): Every reason that applies, main reason first.
            subscription_ids (list[str]):
            subscriptions (list[EntitlementSourceOut]):
            warnings (list[EntitlementWarningOut]):
            free_tiers (list[FreeTierOut] | Unset): Products without a live subscription whose last one ended and falls back
                to a free plan (its fallback_plan): the free features stay usable.
            license_id (None | str | Unset): Set for a licensed user of volume licensing.
            not_counting (list[NotCountingOut] | Unset): APP-12: the account's other subscriptions and why they give no
                access now (scheduled ones, those this app is too old for, and the latest ended one of each product and
                channel).
            storage_quota_mb (int | None | Unset): Storage in MB: the largest quota of the live subscriptions' plans; null
                when none has one.
            store_offers (list[StoreOfferOut] | None | Unset): APP-11: per product with App Store plans, whether it and its
                free trial are offered in the App Store of the storefront the app sent (X-App-Store-Storefront), else of a
                linked Apple device's region; null when neither is known.
            suspended_reason (None | str | Unset): Set when reason is account_suspended: why the account may not be used
                (sso_plan_expired: its organization's single sign-on ended with the plan, BIZ-4).
    """

    account_id: str
    active: bool
    channels: list[str]
    connection_limit: int | None
    expires_at: datetime.datetime | None
    features: list[str]
    platforms: list[str]
    products: list[str]
    reason: str
    reasons: list[str]
    subscription_ids: list[str]
    subscriptions: list[EntitlementSourceOut]
    warnings: list[EntitlementWarningOut]
    free_tiers: list[FreeTierOut] | Unset = UNSET
    license_id: None | str | Unset = UNSET
    not_counting: list[NotCountingOut] | Unset = UNSET
    storage_quota_mb: int | None | Unset = UNSET
    store_offers: list[StoreOfferOut] | None | Unset = UNSET
    suspended_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        active = self.active

        channels = self.channels

        connection_limit: int | None
        connection_limit = self.connection_limit

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        features = self.features

        platforms = self.platforms

        products = self.products

        reason = self.reason

        reasons = self.reasons

        subscription_ids = self.subscription_ids

        subscriptions = []
        for subscriptions_item_data in self.subscriptions:
            subscriptions_item = subscriptions_item_data.to_dict()
            subscriptions.append(subscriptions_item)

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        free_tiers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.free_tiers, Unset):
            free_tiers = []
            for free_tiers_item_data in self.free_tiers:
                free_tiers_item = free_tiers_item_data.to_dict()
                free_tiers.append(free_tiers_item)

        license_id: None | str | Unset
        if isinstance(self.license_id, Unset):
            license_id = UNSET
        else:
            license_id = self.license_id

        not_counting: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.not_counting, Unset):
            not_counting = []
            for not_counting_item_data in self.not_counting:
                not_counting_item = not_counting_item_data.to_dict()
                not_counting.append(not_counting_item)

        storage_quota_mb: int | None | Unset
        if isinstance(self.storage_quota_mb, Unset):
            storage_quota_mb = UNSET
        else:
            storage_quota_mb = self.storage_quota_mb

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

        suspended_reason: None | str | Unset
        if isinstance(self.suspended_reason, Unset):
            suspended_reason = UNSET
        else:
            suspended_reason = self.suspended_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "active": active,
                "channels": channels,
                "connection_limit": connection_limit,
                "expires_at": expires_at,
                "features": features,
                "platforms": platforms,
                "products": products,
                "reason": reason,
                "reasons": reasons,
                "subscription_ids": subscription_ids,
                "subscriptions": subscriptions,
                "warnings": warnings,
            }
        )
        if free_tiers is not UNSET:
            field_dict["free_tiers"] = free_tiers
        if license_id is not UNSET:
            field_dict["license_id"] = license_id
        if not_counting is not UNSET:
            field_dict["not_counting"] = not_counting
        if storage_quota_mb is not UNSET:
            field_dict["storage_quota_mb"] = storage_quota_mb
        if store_offers is not UNSET:
            field_dict["store_offers"] = store_offers
        if suspended_reason is not UNSET:
            field_dict["suspended_reason"] = suspended_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.entitlement_source_out import EntitlementSourceOut  # noqa: PLC0415
        from ..models.entitlement_warning_out import EntitlementWarningOut  # noqa: PLC0415
        from ..models.free_tier_out import FreeTierOut  # noqa: PLC0415
        from ..models.not_counting_out import NotCountingOut  # noqa: PLC0415
        from ..models.store_offer_out import StoreOfferOut  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        active = d.pop("active")

        channels = cast(list[str], d.pop("channels"))

        def _parse_connection_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        connection_limit = _parse_connection_limit(d.pop("connection_limit"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        features = cast(list[str], d.pop("features"))

        platforms = cast(list[str], d.pop("platforms"))

        products = cast(list[str], d.pop("products"))

        reason = d.pop("reason")

        reasons = cast(list[str], d.pop("reasons"))

        subscription_ids = cast(list[str], d.pop("subscription_ids"))

        subscriptions = []
        _subscriptions = d.pop("subscriptions")
        for subscriptions_item_data in _subscriptions:
            subscriptions_item = EntitlementSourceOut.from_dict(subscriptions_item_data)

            subscriptions.append(subscriptions_item)

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = EntitlementWarningOut.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        _free_tiers = d.pop("free_tiers", UNSET)
        free_tiers: list[FreeTierOut] | Unset = UNSET
        if _free_tiers is not UNSET:
            free_tiers = []
            for free_tiers_item_data in _free_tiers:
                free_tiers_item = FreeTierOut.from_dict(free_tiers_item_data)

                free_tiers.append(free_tiers_item)

        def _parse_license_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        license_id = _parse_license_id(d.pop("license_id", UNSET))

        _not_counting = d.pop("not_counting", UNSET)
        not_counting: list[NotCountingOut] | Unset = UNSET
        if _not_counting is not UNSET:
            not_counting = []
            for not_counting_item_data in _not_counting:
                not_counting_item = NotCountingOut.from_dict(not_counting_item_data)

                not_counting.append(not_counting_item)

        def _parse_storage_quota_mb(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        storage_quota_mb = _parse_storage_quota_mb(d.pop("storage_quota_mb", UNSET))

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

        def _parse_suspended_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        suspended_reason = _parse_suspended_reason(d.pop("suspended_reason", UNSET))

        entitlement_out = cls(
            account_id=account_id,
            active=active,
            channels=channels,
            connection_limit=connection_limit,
            expires_at=expires_at,
            features=features,
            platforms=platforms,
            products=products,
            reason=reason,
            reasons=reasons,
            subscription_ids=subscription_ids,
            subscriptions=subscriptions,
            warnings=warnings,
            free_tiers=free_tiers,
            license_id=license_id,
            not_counting=not_counting,
            storage_quota_mb=storage_quota_mb,
            store_offers=store_offers,
            suspended_reason=suspended_reason,
        )

        entitlement_out.additional_properties = d
        return entitlement_out

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
