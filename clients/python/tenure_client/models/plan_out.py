from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.plan_out_channels_item import PlanOutChannelsItem
from ..models.plan_out_kind import PlanOutKind
from ..models.plan_out_payment_methods_item import PlanOutPaymentMethodsItem
from ..models.plan_out_renewal import PlanOutRenewal
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.activation_codes import ActivationCodes
    from ..models.expiry_trial import ExpiryTrial
    from ..models.plan_out_min_app_versions import PlanOutMinAppVersions
    from ..models.plan_out_min_os_versions import PlanOutMinOsVersions
    from ..models.plan_out_prices import PlanOutPrices
    from ..models.plan_out_store_product_ids import PlanOutStoreProductIds
    from ..models.seats import Seats
    from ..models.trial import Trial
    from ..models.volume_tier import VolumeTier


T = TypeVar("T", bound="PlanOut")


@_attrs_define
class PlanOut:
    """A plan with every term, as in the catalog file, plus the code of its product.

    Attributes:
        billing_period_months (int):
        code (str):
        kind (PlanOutKind):
        name (str):
        product (str): Code of the product the plan belongs to.
        activation_codes (ActivationCodes | None | Unset):
        channels (list[PlanOutChannelsItem] | Unset):
        charge_lead_time_days (int | Unset):  Default: 0.
        connection_limit (int | None | Unset):
        expiry_trial (ExpiryTrial | None | Unset):
        fallback_plan (None | str | Unset):
        features (list[str] | Unset):
        fixed_device (bool | Unset):  Default: False.
        grace_days (int | Unset):  Default: 30.
        invoice_billing (bool | Unset):  Default: False.
        min_app_versions (PlanOutMinAppVersions | Unset):
        min_os_versions (PlanOutMinOsVersions | Unset):
        payment_methods (list[PlanOutPaymentMethodsItem] | Unset):
        per_user (bool | Unset):  Default: False.
        price_per_seat (bool | Unset): True: prices are per seat (multiplied by the seat count); false: the price covers
            the whole subscription, up to seats.max. Default: False.
        prices (PlanOutPrices | Unset): Price of one billing period per currency, in minor units.
        public (bool | Unset):  Default: True.
        referral (bool | Unset):  Default: False.
        refund_window_days (int | Unset):  Default: 0.
        regions (list[str] | Unset): ISO country codes, or '*' for everywhere.
        renewal (PlanOutRenewal | Unset):  Default: PlanOutRenewal.AUTO.
        restore_window_days (int | Unset):  Default: 0.
        retry_schedule_days (list[int] | Unset):
        seats (Seats | Unset): How many licenses (seats) one subscription may hold.
        self_service_auto_renew (bool | Unset):  Default: True.
        small_office (bool | Unset):  Default: False.
        storage_quota_mb (int | None | Unset):
        store_product_ids (PlanOutStoreProductIds | Unset): The store's product id of this plan per store channel (App
            Store productId), so that store notifications map to it (APP-1).
        trial (None | Trial | Unset):
        volume_tiers (list[VolumeTier] | Unset):
    """

    billing_period_months: int
    code: str
    kind: PlanOutKind
    name: str
    product: str
    activation_codes: ActivationCodes | None | Unset = UNSET
    channels: list[PlanOutChannelsItem] | Unset = UNSET
    charge_lead_time_days: int | Unset = 0
    connection_limit: int | None | Unset = UNSET
    expiry_trial: ExpiryTrial | None | Unset = UNSET
    fallback_plan: None | str | Unset = UNSET
    features: list[str] | Unset = UNSET
    fixed_device: bool | Unset = False
    grace_days: int | Unset = 30
    invoice_billing: bool | Unset = False
    min_app_versions: PlanOutMinAppVersions | Unset = UNSET
    min_os_versions: PlanOutMinOsVersions | Unset = UNSET
    payment_methods: list[PlanOutPaymentMethodsItem] | Unset = UNSET
    per_user: bool | Unset = False
    price_per_seat: bool | Unset = False
    prices: PlanOutPrices | Unset = UNSET
    public: bool | Unset = True
    referral: bool | Unset = False
    refund_window_days: int | Unset = 0
    regions: list[str] | Unset = UNSET
    renewal: PlanOutRenewal | Unset = PlanOutRenewal.AUTO
    restore_window_days: int | Unset = 0
    retry_schedule_days: list[int] | Unset = UNSET
    seats: Seats | Unset = UNSET
    self_service_auto_renew: bool | Unset = True
    small_office: bool | Unset = False
    storage_quota_mb: int | None | Unset = UNSET
    store_product_ids: PlanOutStoreProductIds | Unset = UNSET
    trial: None | Trial | Unset = UNSET
    volume_tiers: list[VolumeTier] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.activation_codes import ActivationCodes  # noqa: PLC0415
        from ..models.expiry_trial import ExpiryTrial  # noqa: PLC0415
        from ..models.trial import Trial  # noqa: PLC0415

        billing_period_months = self.billing_period_months

        code = self.code

        kind = self.kind.value

        name = self.name

        product = self.product

        activation_codes: dict[str, Any] | None | Unset
        if isinstance(self.activation_codes, Unset):
            activation_codes = UNSET
        elif isinstance(self.activation_codes, ActivationCodes):
            activation_codes = self.activation_codes.to_dict()
        else:
            activation_codes = self.activation_codes

        channels: list[str] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = []
            for channels_item_data in self.channels:
                channels_item = channels_item_data.value
                channels.append(channels_item)

        charge_lead_time_days = self.charge_lead_time_days

        connection_limit: int | None | Unset
        if isinstance(self.connection_limit, Unset):
            connection_limit = UNSET
        else:
            connection_limit = self.connection_limit

        expiry_trial: dict[str, Any] | None | Unset
        if isinstance(self.expiry_trial, Unset):
            expiry_trial = UNSET
        elif isinstance(self.expiry_trial, ExpiryTrial):
            expiry_trial = self.expiry_trial.to_dict()
        else:
            expiry_trial = self.expiry_trial

        fallback_plan: None | str | Unset
        if isinstance(self.fallback_plan, Unset):
            fallback_plan = UNSET
        else:
            fallback_plan = self.fallback_plan

        features: list[str] | Unset = UNSET
        if not isinstance(self.features, Unset):
            features = self.features

        fixed_device = self.fixed_device

        grace_days = self.grace_days

        invoice_billing = self.invoice_billing

        min_app_versions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.min_app_versions, Unset):
            min_app_versions = self.min_app_versions.to_dict()

        min_os_versions: dict[str, Any] | Unset = UNSET
        if not isinstance(self.min_os_versions, Unset):
            min_os_versions = self.min_os_versions.to_dict()

        payment_methods: list[str] | Unset = UNSET
        if not isinstance(self.payment_methods, Unset):
            payment_methods = []
            for payment_methods_item_data in self.payment_methods:
                payment_methods_item = payment_methods_item_data.value
                payment_methods.append(payment_methods_item)

        per_user = self.per_user

        price_per_seat = self.price_per_seat

        prices: dict[str, Any] | Unset = UNSET
        if not isinstance(self.prices, Unset):
            prices = self.prices.to_dict()

        public = self.public

        referral = self.referral

        refund_window_days = self.refund_window_days

        regions: list[str] | Unset = UNSET
        if not isinstance(self.regions, Unset):
            regions = self.regions

        renewal: str | Unset = UNSET
        if not isinstance(self.renewal, Unset):
            renewal = self.renewal.value

        restore_window_days = self.restore_window_days

        retry_schedule_days: list[int] | Unset = UNSET
        if not isinstance(self.retry_schedule_days, Unset):
            retry_schedule_days = self.retry_schedule_days

        seats: dict[str, Any] | Unset = UNSET
        if not isinstance(self.seats, Unset):
            seats = self.seats.to_dict()

        self_service_auto_renew = self.self_service_auto_renew

        small_office = self.small_office

        storage_quota_mb: int | None | Unset
        if isinstance(self.storage_quota_mb, Unset):
            storage_quota_mb = UNSET
        else:
            storage_quota_mb = self.storage_quota_mb

        store_product_ids: dict[str, Any] | Unset = UNSET
        if not isinstance(self.store_product_ids, Unset):
            store_product_ids = self.store_product_ids.to_dict()

        trial: dict[str, Any] | None | Unset
        if isinstance(self.trial, Unset):
            trial = UNSET
        elif isinstance(self.trial, Trial):
            trial = self.trial.to_dict()
        else:
            trial = self.trial

        volume_tiers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.volume_tiers, Unset):
            volume_tiers = []
            for volume_tiers_item_data in self.volume_tiers:
                volume_tiers_item = volume_tiers_item_data.to_dict()
                volume_tiers.append(volume_tiers_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "billing_period_months": billing_period_months,
                "code": code,
                "kind": kind,
                "name": name,
                "product": product,
            }
        )
        if activation_codes is not UNSET:
            field_dict["activation_codes"] = activation_codes
        if channels is not UNSET:
            field_dict["channels"] = channels
        if charge_lead_time_days is not UNSET:
            field_dict["charge_lead_time_days"] = charge_lead_time_days
        if connection_limit is not UNSET:
            field_dict["connection_limit"] = connection_limit
        if expiry_trial is not UNSET:
            field_dict["expiry_trial"] = expiry_trial
        if fallback_plan is not UNSET:
            field_dict["fallback_plan"] = fallback_plan
        if features is not UNSET:
            field_dict["features"] = features
        if fixed_device is not UNSET:
            field_dict["fixed_device"] = fixed_device
        if grace_days is not UNSET:
            field_dict["grace_days"] = grace_days
        if invoice_billing is not UNSET:
            field_dict["invoice_billing"] = invoice_billing
        if min_app_versions is not UNSET:
            field_dict["min_app_versions"] = min_app_versions
        if min_os_versions is not UNSET:
            field_dict["min_os_versions"] = min_os_versions
        if payment_methods is not UNSET:
            field_dict["payment_methods"] = payment_methods
        if per_user is not UNSET:
            field_dict["per_user"] = per_user
        if price_per_seat is not UNSET:
            field_dict["price_per_seat"] = price_per_seat
        if prices is not UNSET:
            field_dict["prices"] = prices
        if public is not UNSET:
            field_dict["public"] = public
        if referral is not UNSET:
            field_dict["referral"] = referral
        if refund_window_days is not UNSET:
            field_dict["refund_window_days"] = refund_window_days
        if regions is not UNSET:
            field_dict["regions"] = regions
        if renewal is not UNSET:
            field_dict["renewal"] = renewal
        if restore_window_days is not UNSET:
            field_dict["restore_window_days"] = restore_window_days
        if retry_schedule_days is not UNSET:
            field_dict["retry_schedule_days"] = retry_schedule_days
        if seats is not UNSET:
            field_dict["seats"] = seats
        if self_service_auto_renew is not UNSET:
            field_dict["self_service_auto_renew"] = self_service_auto_renew
        if small_office is not UNSET:
            field_dict["small_office"] = small_office
        if storage_quota_mb is not UNSET:
            field_dict["storage_quota_mb"] = storage_quota_mb
        if store_product_ids is not UNSET:
            field_dict["store_product_ids"] = store_product_ids
        if trial is not UNSET:
            field_dict["trial"] = trial
        if volume_tiers is not UNSET:
            field_dict["volume_tiers"] = volume_tiers

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activation_codes import ActivationCodes  # noqa: PLC0415
        from ..models.expiry_trial import ExpiryTrial  # noqa: PLC0415
        from ..models.plan_out_min_app_versions import PlanOutMinAppVersions  # noqa: PLC0415
        from ..models.plan_out_min_os_versions import PlanOutMinOsVersions  # noqa: PLC0415
        from ..models.plan_out_prices import PlanOutPrices  # noqa: PLC0415
        from ..models.plan_out_store_product_ids import PlanOutStoreProductIds  # noqa: PLC0415
        from ..models.seats import Seats  # noqa: PLC0415
        from ..models.trial import Trial  # noqa: PLC0415
        from ..models.volume_tier import VolumeTier  # noqa: PLC0415

        d = dict(src_dict)
        billing_period_months = d.pop("billing_period_months")

        code = d.pop("code")

        kind = PlanOutKind(d.pop("kind"))

        name = d.pop("name")

        product = d.pop("product")

        def _parse_activation_codes(data: object) -> ActivationCodes | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                activation_codes_type_0 = ActivationCodes.from_dict(data)

                return activation_codes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ActivationCodes | None | Unset, data)

        activation_codes = _parse_activation_codes(d.pop("activation_codes", UNSET))

        _channels = d.pop("channels", UNSET)
        channels: list[PlanOutChannelsItem] | Unset = UNSET
        if _channels is not UNSET:
            channels = []
            for channels_item_data in _channels:
                channels_item = PlanOutChannelsItem(channels_item_data)

                channels.append(channels_item)

        charge_lead_time_days = d.pop("charge_lead_time_days", UNSET)

        def _parse_connection_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        connection_limit = _parse_connection_limit(d.pop("connection_limit", UNSET))

        def _parse_expiry_trial(data: object) -> ExpiryTrial | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                expiry_trial_type_0 = ExpiryTrial.from_dict(data)

                return expiry_trial_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExpiryTrial | None | Unset, data)

        expiry_trial = _parse_expiry_trial(d.pop("expiry_trial", UNSET))

        def _parse_fallback_plan(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fallback_plan = _parse_fallback_plan(d.pop("fallback_plan", UNSET))

        features = cast(list[str], d.pop("features", UNSET))

        fixed_device = d.pop("fixed_device", UNSET)

        grace_days = d.pop("grace_days", UNSET)

        invoice_billing = d.pop("invoice_billing", UNSET)

        _min_app_versions = d.pop("min_app_versions", UNSET)
        min_app_versions: PlanOutMinAppVersions | Unset
        if isinstance(_min_app_versions, Unset):
            min_app_versions = UNSET
        else:
            min_app_versions = PlanOutMinAppVersions.from_dict(_min_app_versions)

        _min_os_versions = d.pop("min_os_versions", UNSET)
        min_os_versions: PlanOutMinOsVersions | Unset
        if isinstance(_min_os_versions, Unset):
            min_os_versions = UNSET
        else:
            min_os_versions = PlanOutMinOsVersions.from_dict(_min_os_versions)

        _payment_methods = d.pop("payment_methods", UNSET)
        payment_methods: list[PlanOutPaymentMethodsItem] | Unset = UNSET
        if _payment_methods is not UNSET:
            payment_methods = []
            for payment_methods_item_data in _payment_methods:
                payment_methods_item = PlanOutPaymentMethodsItem(payment_methods_item_data)

                payment_methods.append(payment_methods_item)

        per_user = d.pop("per_user", UNSET)

        price_per_seat = d.pop("price_per_seat", UNSET)

        _prices = d.pop("prices", UNSET)
        prices: PlanOutPrices | Unset
        if isinstance(_prices, Unset):
            prices = UNSET
        else:
            prices = PlanOutPrices.from_dict(_prices)

        public = d.pop("public", UNSET)

        referral = d.pop("referral", UNSET)

        refund_window_days = d.pop("refund_window_days", UNSET)

        regions = cast(list[str], d.pop("regions", UNSET))

        _renewal = d.pop("renewal", UNSET)
        renewal: PlanOutRenewal | Unset
        if isinstance(_renewal, Unset):
            renewal = UNSET
        else:
            renewal = PlanOutRenewal(_renewal)

        restore_window_days = d.pop("restore_window_days", UNSET)

        retry_schedule_days = cast(list[int], d.pop("retry_schedule_days", UNSET))

        _seats = d.pop("seats", UNSET)
        seats: Seats | Unset
        if isinstance(_seats, Unset):
            seats = UNSET
        else:
            seats = Seats.from_dict(_seats)

        self_service_auto_renew = d.pop("self_service_auto_renew", UNSET)

        small_office = d.pop("small_office", UNSET)

        def _parse_storage_quota_mb(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        storage_quota_mb = _parse_storage_quota_mb(d.pop("storage_quota_mb", UNSET))

        _store_product_ids = d.pop("store_product_ids", UNSET)
        store_product_ids: PlanOutStoreProductIds | Unset
        if isinstance(_store_product_ids, Unset):
            store_product_ids = UNSET
        else:
            store_product_ids = PlanOutStoreProductIds.from_dict(_store_product_ids)

        def _parse_trial(data: object) -> None | Trial | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                trial_type_0 = Trial.from_dict(data)

                return trial_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Trial | Unset, data)

        trial = _parse_trial(d.pop("trial", UNSET))

        _volume_tiers = d.pop("volume_tiers", UNSET)
        volume_tiers: list[VolumeTier] | Unset = UNSET
        if _volume_tiers is not UNSET:
            volume_tiers = []
            for volume_tiers_item_data in _volume_tiers:
                volume_tiers_item = VolumeTier.from_dict(volume_tiers_item_data)

                volume_tiers.append(volume_tiers_item)

        plan_out = cls(
            billing_period_months=billing_period_months,
            code=code,
            kind=kind,
            name=name,
            product=product,
            activation_codes=activation_codes,
            channels=channels,
            charge_lead_time_days=charge_lead_time_days,
            connection_limit=connection_limit,
            expiry_trial=expiry_trial,
            fallback_plan=fallback_plan,
            features=features,
            fixed_device=fixed_device,
            grace_days=grace_days,
            invoice_billing=invoice_billing,
            min_app_versions=min_app_versions,
            min_os_versions=min_os_versions,
            payment_methods=payment_methods,
            per_user=per_user,
            price_per_seat=price_per_seat,
            prices=prices,
            public=public,
            referral=referral,
            refund_window_days=refund_window_days,
            regions=regions,
            renewal=renewal,
            restore_window_days=restore_window_days,
            retry_schedule_days=retry_schedule_days,
            seats=seats,
            self_service_auto_renew=self_service_auto_renew,
            small_office=small_office,
            storage_quota_mb=storage_quota_mb,
            store_product_ids=store_product_ids,
            trial=trial,
            volume_tiers=volume_tiers,
        )

        return plan_out
