"""The catalog file's schema (CAT-1): products, plans, prices and their terms.

A catalog is YAML; this module is its typed form. Every field of a plan that the rules of
Tenure read lives here, so that a vendor changes terms by editing the catalog, not code.
Money is always integer minor units per ISO currency (SUB-8).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tenure.kit.errors import InvalidInput
from tenure.kit.money import validate_currency

PlanKind = Literal["personal", "volume", "business", "free"]
Channel = Literal["web", "app_store", "google_play"]
StoreChannel = Literal["app_store", "google_play"]
PaymentMethodType = Literal["card", "paypal", "bitcoin", "paymentwall", "invoice"]
Platform = Literal["windows", "macos", "ios", "android", "linux", "router", "browser"]
RenewalMode = Literal["auto", "fixed_term"]

CODE_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"


VERSION_PATTERN = re.compile(r"^[0-9]+(\.[0-9]+)*$")


class _Strict(BaseModel):
    # strict: no silent coercion ("12.99" or 12.0 is not a price, "30" is not a day count).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _currency(code: str) -> str:
    try:
        return validate_currency(code)
    except InvalidInput:
        raise ValueError(f"{code!r} is not an ISO 4217 currency code") from None


def _version(value: Any) -> Any:
    """Versions are strings ("12", "7.3.7"); a bare YAML integer (``ios: 12``) is accepted."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f'write the version in quotes (e.g. "{value}"), not as a number')
    return value


def _version_format(value: str) -> str:
    if not VERSION_PATTERN.match(value):
        raise ValueError(f"version {value!r} is not dot-separated numbers such as 7.3.7")
    return value


def rule_error(field: str, message: str) -> PydanticCustomError:
    """A cross-field rule broken at ``field`` (a path relative to the model that checks it).

    The catalog loader appends ``field`` to the error's location so the vendor is told the
    exact field, not just the plan.
    """
    return PydanticCustomError("catalog_rule", message, {"field": field})


Currency = Annotated[str, AfterValidator(_currency)]
"""An ISO 4217 currency code (``USD``, ``EUR``, ``DKK`` …)."""

Amount = Annotated[StrictInt, Field(ge=0)]
"""A whole, non-negative number of the currency's minor units (SUB-8): 1299 is 12.99."""

Prices = dict[Currency, Amount]

Version = Annotated[str, BeforeValidator(_version), AfterValidator(_version_format)]

StoreProductId = Annotated[str, Field(min_length=1, max_length=200)]
"""A store's own product identifier (``com.example.vpn.yearly``)."""


def _default_channels() -> list[Channel]:
    return ["web"]


def _default_payment_methods() -> list[PaymentMethodType]:
    return ["card", "paypal", "bitcoin", "paymentwall"]


def _region_list(regions: list[str]) -> list[str]:
    for region in regions:
        if region != "*" and not (len(region) == 2 and region.isalpha() and region.isupper()):
            raise ValueError(f"region {region!r} is not '*' or a two-letter country code")
    return regions


class Trial(_Strict):
    days: int = Field(ge=1, le=366)
    requires_payment_method: bool = False
    regions: list[str] = Field(
        default_factory=lambda: ["*"],
        min_length=1,
        description="Where the free trial is offered (ISO country codes, or '*'); for an App "
        "Store plan, the storefronts with the introductory offer (APP-11).",
    )

    @field_validator("regions")
    @classmethod
    def _regions(cls, regions: list[str]) -> list[str]:
        return _region_list(regions)


class Seats(_Strict):
    """How many licenses (seats) one subscription may hold."""

    min: int = Field(default=1, ge=1)
    max: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Seats:
        if self.max is not None and self.max < self.min:
            raise ValueError("seats.max must be at least seats.min")
        return self


class VolumeTier(_Strict):
    """From ``min_quantity`` licenses on, each license costs ``monthly_unit_prices`` a month
    (CAT-3). The tier is chosen by the total number of licenses on the subscription."""

    min_quantity: int = Field(ge=1)
    monthly_unit_prices: Prices = Field(min_length=1)


class ExpiryTrial(_Strict):
    """On expiry, members get a trial of another plan first (BIZ-3: 30 days of Premium)."""

    plan: str = Field(pattern=CODE_PATTERN)
    days: int = Field(ge=1, le=366)


class ActivationCodes(_Strict):
    """Antivirus-style activation codes (DEV-7): each subscription gets one with slots."""

    slots: int = Field(ge=1)
    slot_kind: Literal["devices", "users"] = "devices"


class Plan(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1)
    kind: PlanKind
    billing_period_months: int = Field(ge=1, le=120)
    prices: Prices = Field(
        default_factory=dict,
        description="Price of one billing period per currency, in minor units.",
    )
    price_per_seat: bool = Field(
        default=False,
        description="True: prices are per seat (multiplied by the seat count); false: the "
        "price covers the whole subscription, up to seats.max.",
    )
    trial: Trial | None = None
    channels: list[Channel] = Field(default_factory=_default_channels, min_length=1)
    store_product_ids: dict[StoreChannel, StoreProductId] = Field(
        default_factory=dict,
        description="The store's product id of this plan per store channel (App Store "
        "productId), so that store notifications map to it (APP-1).",
    )
    payment_methods: list[PaymentMethodType] = Field(default_factory=_default_payment_methods)
    connection_limit: int | None = Field(default=None, ge=1)
    seats: Seats = Field(default_factory=Seats)
    features: list[str] = Field(default_factory=list)
    storage_quota_mb: int | None = Field(default=None, ge=0)
    regions: list[str] = Field(
        default_factory=lambda: ["*"],
        min_length=1,
        description="ISO country codes, or '*' for everywhere.",
    )
    min_app_versions: dict[Platform, Version] = Field(default_factory=dict)
    min_os_versions: dict[Platform, Version] = Field(default_factory=dict)
    per_user: bool = False
    renewal: RenewalMode = "auto"
    charge_lead_time_days: int = Field(default=0, ge=0, le=60)
    grace_days: int = Field(default=30, ge=0, le=365)
    retry_schedule_days: list[int] = Field(default_factory=lambda: [1, 3, 7, 14, 21, 28])
    restore_window_days: int = Field(default=0, ge=0, le=365)
    refund_window_days: int = Field(default=0, ge=0, le=365)
    fallback_plan: str | None = Field(default=None, pattern=CODE_PATTERN)
    expiry_trial: ExpiryTrial | None = None
    referral: bool = False
    self_service_auto_renew: bool = True
    invoice_billing: bool = False
    volume_tiers: list[VolumeTier] = Field(default_factory=list)
    activation_codes: ActivationCodes | None = None
    small_office: bool = False
    fixed_device: bool = False
    public: bool = True

    @field_validator("regions")
    @classmethod
    def _regions(cls, regions: list[str]) -> list[str]:
        return _region_list(regions)

    @field_validator("retry_schedule_days")
    @classmethod
    def _retries(cls, days: list[int]) -> list[int]:
        if any(d < 0 for d in days) or days != sorted(set(days)):
            raise ValueError("retry_schedule_days must be increasing, non-negative day numbers")
        return days

    @model_validator(mode="after")
    def _coherent(self) -> Plan:
        if self.kind == "free":
            if any(amount for amount in self.prices.values()):
                raise rule_error("prices", "a free plan has no prices")
            if self.volume_tiers:
                raise rule_error("volume_tiers", "a free plan has no volume_tiers")
        elif self.kind == "volume":
            self._check_tiers()
        elif not self.prices:
            raise rule_error("prices", "a paid plan needs at least one price (prices)")
        if self.kind != "volume" and self.volume_tiers:
            raise rule_error("volume_tiers", "only volume plans have volume_tiers")
        for store in self.store_product_ids:
            if store not in self.channels:
                raise rule_error(
                    f"store_product_ids.{store}", f"the plan is not sold through {store}"
                )
        if "app_store" in self.channels and self.refund_window_days:
            raise rule_error(
                "refund_window_days", "App Store plans have no money-back window (SUB-11, APP-4)"
            )
        if self.kind != "free" and "web" in self.channels and not self.payment_methods:
            raise rule_error(
                "payment_methods", "a paid plan sold on the web needs at least one payment method"
            )
        if self.invoice_billing != ("invoice" in self.payment_methods):
            raise rule_error(
                "payment_methods",
                "invoice_billing: true and the payment method 'invoice' go together (SUB-12)",
            )
        if self.invoice_billing and self.payment_methods != ["invoice"]:
            raise rule_error(
                "payment_methods", "an invoice-paid plan is paid by invoice only (SUB-12)"
            )
        if (
            self.grace_days
            and self.retry_schedule_days
            and max(self.retry_schedule_days) > (self.grace_days)
        ):
            raise rule_error(
                "retry_schedule_days", "retry_schedule_days must fall within grace_days"
            )
        return self

    def _check_tiers(self) -> None:
        """CAT-3: tiers start at increasing license counts, price the same currencies, and a
        larger tier never costs more per license than a smaller one."""
        if not self.volume_tiers:
            raise rule_error("volume_tiers", "a volume plan needs volume_tiers")
        if self.prices:
            raise rule_error(
                "prices", "a volume plan is priced by volume_tiers, not prices (CAT-3)"
            )
        first = self.volume_tiers[0]
        if first.min_quantity > self.seats.min:
            raise rule_error(
                "volume_tiers[0].min_quantity",
                "the first volume tier must start at or below seats.min",
            )
        currencies = set(first.monthly_unit_prices)
        for index, (previous, tier) in enumerate(
            zip(self.volume_tiers, self.volume_tiers[1:], strict=False), start=1
        ):
            if tier.min_quantity <= previous.min_quantity:
                raise rule_error(
                    f"volume_tiers[{index}].min_quantity",
                    "volume_tiers must have increasing min_quantity (CAT-3)",
                )
            if set(tier.monthly_unit_prices) != currencies:
                raise rule_error(
                    f"volume_tiers[{index}].monthly_unit_prices",
                    "every volume tier must price the same currencies (CAT-3)",
                )
            for currency, amount in tier.monthly_unit_prices.items():
                if amount > previous.monthly_unit_prices[currency]:
                    raise rule_error(
                        f"volume_tiers[{index}].monthly_unit_prices.{currency}",
                        "a tier with more licenses must not cost more per license (CAT-3)",
                    )

    @property
    def currencies(self) -> list[str]:
        if self.kind == "volume":
            return sorted(self.volume_tiers[0].monthly_unit_prices)
        return sorted(self.prices)

    @property
    def has_trial(self) -> bool:
        return self.trial is not None


class Product(_Strict):
    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1)
    platforms: list[Platform] = Field(default_factory=list)
    plans: list[Plan] = Field(min_length=1)


class Catalog(_Strict):
    """The whole catalog file. ``vendor`` is a display name."""

    vendor: str = Field(min_length=1)
    products: list[Product] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Catalog:
        codes: dict[str, str] = {}
        product_codes: set[str] = set()
        store_products: dict[tuple[str, str], str] = {}
        for p_index, product in enumerate(self.products):
            if product.code in product_codes:
                raise rule_error(
                    f"products[{p_index}].code", f"product code {product.code!r} is used twice"
                )
            product_codes.add(product.code)
            for index, plan in enumerate(product.plans):
                if plan.code in codes:
                    raise rule_error(
                        f"products[{p_index}].plans[{index}].code",
                        f"plan code {plan.code!r} is used twice",
                    )
                codes[plan.code] = product.code
                for store, store_id in plan.store_product_ids.items():
                    if store_products.setdefault((store, store_id), plan.code) != plan.code:
                        raise rule_error(
                            f"products[{p_index}].plans[{index}].store_product_ids.{store}",
                            f"the {store} product {store_id!r} is already the plan "
                            f"{store_products[(store, store_id)]!r}",
                        )
        for p_index, product in enumerate(self.products):
            for index, plan in enumerate(product.plans):
                for field, ref in (
                    ("fallback_plan", plan.fallback_plan),
                    ("expiry_trial.plan", plan.expiry_trial.plan if plan.expiry_trial else None),
                ):
                    if ref is None:
                        continue
                    if codes.get(ref) != product.code:
                        raise rule_error(
                            f"products[{p_index}].plans[{index}].{field}",
                            f"plan {plan.code!r} refers to {ref!r}, which is not a plan of "
                            f"product {product.code!r}",
                        )
                    if ref == plan.code:
                        raise rule_error(
                            f"products[{p_index}].plans[{index}].{field}",
                            f"plan {plan.code!r} cannot fall back to itself",
                        )
        return self

    def plan(self, code: str) -> Plan | None:
        for product in self.products:
            for plan in product.plans:
                if plan.code == code:
                    return plan
        return None

    def product_of(self, plan_code: str) -> Product | None:
        for product in self.products:
            if any(plan.code == plan_code for plan in product.plans):
                return product
        return None
