"""The catalog file's schema (CAT-1): products, plans, prices and their terms.

A catalog is YAML; this module is its typed form. Every field of a plan that the rules of
Tenure read lives here, so that a vendor changes terms by editing the catalog, not code.
Money is always integer minor units per ISO currency (SUB-8).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tenure.kit.money import validate_currency

PlanKind = Literal["personal", "volume", "business", "free"]
Channel = Literal["web", "app_store", "google_play"]
PaymentMethodType = Literal["card", "paypal", "bitcoin", "paymentwall", "invoice"]
Platform = Literal["windows", "macos", "ios", "android", "linux", "router", "browser"]
RenewalMode = Literal["auto", "fixed_term"]

CODE_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_prices(prices: dict[str, int]) -> dict[str, int]:
    for currency, amount in prices.items():
        validate_currency(currency)
        if type(amount) is not int or amount < 0:
            raise ValueError(
                f"price in {currency} must be a whole, non-negative number of minor units"
            )
    return prices


def _default_channels() -> list[Channel]:
    return ["web"]


def _default_payment_methods() -> list[PaymentMethodType]:
    return ["card", "paypal", "bitcoin", "paymentwall"]


class Trial(_Strict):
    days: int = Field(ge=1, le=366)
    requires_payment_method: bool = False


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
    monthly_unit_prices: dict[str, int]

    _prices = field_validator("monthly_unit_prices")(_check_prices)


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
    prices: dict[str, int] = Field(
        default_factory=dict,
        description="Price of one billing period per currency, in minor units.",
    )
    trial: Trial | None = None
    channels: list[Channel] = Field(default_factory=_default_channels, min_length=1)
    payment_methods: list[PaymentMethodType] = Field(default_factory=_default_payment_methods)
    connection_limit: int | None = Field(default=None, ge=1)
    seats: Seats = Field(default_factory=Seats)
    features: list[str] = Field(default_factory=list)
    storage_quota_mb: int | None = Field(default=None, ge=0)
    regions: list[str] = Field(
        default_factory=lambda: ["*"], description="ISO country codes, or '*' for everywhere."
    )
    min_app_versions: dict[Platform, str] = Field(default_factory=dict)
    min_os_versions: dict[Platform, str] = Field(default_factory=dict)
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

    _prices = field_validator("prices")(_check_prices)

    @field_validator("regions")
    @classmethod
    def _regions(cls, regions: list[str]) -> list[str]:
        for region in regions:
            if region != "*" and not (len(region) == 2 and region.isalpha() and region.isupper()):
                raise ValueError(f"region {region!r} is not '*' or a two-letter country code")
        return regions

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
                raise ValueError("a free plan has no prices")
        elif self.kind == "volume":
            if not self.volume_tiers:
                raise ValueError("a volume plan needs volume_tiers")
            currencies = set(self.volume_tiers[0].monthly_unit_prices)
            mins = [t.min_quantity for t in self.volume_tiers]
            if mins != sorted(set(mins)):
                raise ValueError("volume_tiers must have increasing min_quantity")
            if mins[0] > self.seats.min:
                raise ValueError("the first volume tier must start at or below seats.min")
            for tier in self.volume_tiers:
                if set(tier.monthly_unit_prices) != currencies:
                    raise ValueError("every volume tier must price the same currencies")
        elif not self.prices:
            raise ValueError("a paid plan needs at least one price (prices)")
        if "app_store" in self.channels and self.refund_window_days:
            raise ValueError("App Store plans have no money-back window (SUB-11, APP-4)")
        if (
            self.grace_days
            and self.retry_schedule_days
            and max(self.retry_schedule_days) > (self.grace_days)
        ):
            raise ValueError("retry_schedule_days must fall within grace_days")
        return self

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
        for product in self.products:
            if product.code in product_codes:
                raise ValueError(f"product code {product.code!r} is used twice")
            product_codes.add(product.code)
            for plan in product.plans:
                if plan.code in codes:
                    raise ValueError(f"plan code {plan.code!r} is used twice")
                codes[plan.code] = product.code
        for product in self.products:
            for plan in product.plans:
                for ref in (
                    plan.fallback_plan,
                    plan.expiry_trial.plan if plan.expiry_trial else None,
                ):
                    if ref is not None and codes.get(ref) != product.code:
                        raise ValueError(
                            f"plan {plan.code!r} refers to {ref!r}, which is not a plan of "
                            f"product {product.code!r}"
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
