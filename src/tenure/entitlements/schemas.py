from __future__ import annotations

from datetime import datetime
from typing import Annotated

from babel import Locale
from babel.dates import format_date
from fastapi import Header
from pydantic import BaseModel, Field

from tenure.domain.entitlement import (
    APP_STORE_MANAGE_URL,
    Entitlement,
    Manage,
    NextCharge,
    NotCounting,
    Source,
    Warning,
)
from tenure.domain.storefront import OFFER_MESSAGES, StoreOffer
from tenure.kit.i18n import gettext


class EntitlementWarningOut(BaseModel):
    code: str = Field(
        description="payment_failed, grace_deadline, expiring_soon, trial or "
        "client_version_too_old."
    )
    message: str = Field(description="For people, in the caller's language.")
    subscription_id: str
    channel: str
    deadline: datetime | None = Field(
        description="grace_deadline/payment_failed: end of grace; expiring_soon: end of "
        "access; trial: end of the trial."
    )
    organization_id: str | None = Field(
        default=None,
        description="Set when the subscription is an organization's: admins are asked to "
        "update billing, members told when their organization's plan ends (BIZ-2).",
    )
    other_subscription_id: str | None = Field(
        default=None,
        description="double_charge_risk: the subscription of the same product on the other "
        "channel.",
    )


class NextChargeOut(BaseModel):
    """The next charge of a renewing subscription (APP-12)."""

    at: datetime = Field(description="When the money is taken (by Tenure or by the store).")
    cancel_by: datetime = Field(
        description="The last moment to cancel so that it is not taken: 24 hours before the "
        "period ends for the App Store (APP-5); the charge itself on the web."
    )
    amount: int | None = Field(
        description="In minor units of currency, before any credit on the account; null when "
        "not known."
    )
    currency: str | None

    @classmethod
    def of(cls, charge: NextCharge | None) -> NextChargeOut | None:
        if charge is None:
            return None
        return cls(
            at=charge.at, cancel_by=charge.cancel_by, amount=charge.amount, currency=charge.currency
        )


class ManageOut(BaseModel):
    """Where the subscription is changed or cancelled (APP-6, APP-12)."""

    channel: str = Field(description="web or app_store: the channel it was bought in.")
    by: str = Field(
        description="you; organization (its administrators manage it); license_owner (the "
        "owner of a licensed user's license)."
    )
    url: str | None = Field(
        description="The page to manage it: the vendor's (TENURE_MANAGE_SUBSCRIPTIONS_URL) or "
        "Apple's; null when someone else manages it."
    )
    message: str = Field(description="For people, in the caller's language.")

    @classmethod
    def of(cls, manage: Manage, subscription_id: str, *, page: str, locale: str) -> ManageOut:
        url: str | None = None
        if manage.by == "you":
            if manage.channel == "app_store":
                url = APP_STORE_MANAGE_URL
            elif manage.channel == "web":
                joiner = "&" if "?" in page else "?"
                url = f"{page}{joiner}subscription={subscription_id}"
        return cls(
            channel=manage.channel,
            by=manage.by,
            url=url,
            message=gettext(manage.message, locale),
        )


class NotCountingOut(BaseModel):
    """A subscription of the account that gives no access now, and why (APP-12)."""

    subscription_id: str
    product: str
    plan: str
    channel: str
    status: str
    reason: str = Field(
        description="not_started, canceled, payment_failed, refunded, replaced, expired or "
        "client_version_too_old."
    )
    message: str = Field(description="For people, in the caller's language.")
    at: datetime | None = Field(
        description="When it ended, or (not_started) when it starts; null for "
        "client_version_too_old."
    )
    next_charge: NextChargeOut | None = Field(
        default=None, description="not_started and not paid yet: its first charge (APP-8)."
    )
    manage: ManageOut

    @classmethod
    def of(cls, entry: NotCounting, *, page: str, locale: str) -> NotCountingOut:
        return cls(
            subscription_id=entry.subscription_id,
            product=entry.product,
            plan=entry.plan,
            channel=entry.channel,
            status=entry.status,
            reason=entry.reason,
            message=_dated(entry.message, entry.at, locale, "{date}"),
            at=entry.at,
            next_charge=NextChargeOut.of(entry.next_charge),
            manage=ManageOut.of(entry.manage, entry.subscription_id, page=page, locale=locale),
        )


class StoreOfferOut(BaseModel):
    """APP-11: whether a product and its free trial are offered in the App Store of the
    caller's storefront."""

    product: str
    country: str = Field(description="ISO 3166-1 alpha-2, e.g. DK.")
    country_source: str = Field(
        description="storefront (sent by the app: X-App-Store-Storefront) or device_region "
        "(a fallback: the linked device's region)."
    )
    offered: bool
    plans: list[str] = Field(description="Its App Store plans offered there.")
    trial_offered: bool
    trial_days: int | None
    message: str | None = Field(
        description="When the product or its trial is not offered: what to do (change the App "
        "Store country or region and use a payment method of that country), in the caller's "
        "language; null when all is offered."
    )

    @classmethod
    def of(cls, offer: StoreOffer, *, locale: str) -> StoreOfferOut:
        keys = offer.message_keys
        name = _country_name(offer.country.code, locale)
        message = (
            " ".join(
                gettext(OFFER_MESSAGES[key], locale).replace("{country}", name) for key in keys
            )
            if keys
            else None
        )
        return cls(
            product=offer.product,
            country=offer.country.code,
            country_source=offer.country.source,
            offered=offer.offered,
            plans=list(offer.plans),
            trial_offered=offer.trial_offered,
            trial_days=offer.trial_days,
            message=message,
        )


def _country_name(code: str, locale: str) -> str:
    name = Locale.parse(locale).territories.get(code)
    return name if isinstance(name, str) else code


class EntitlementSourceOut(BaseModel):
    """A live subscription behind the entitlement."""

    subscription_id: str
    product: str
    plan: str
    channel: str = Field(description="web or app_store (APP-1).")
    status: str
    reason: str
    renews: bool = Field(description="Renews by itself at the end of the period.")
    access_until: datetime | None
    organization_id: str | None = Field(
        default=None, description="The organization that grants it to you (BIZ-1)."
    )
    next_charge: NextChargeOut | None = Field(
        default=None,
        description="APP-12: the next charge and the last moment to cancel before it; null "
        "when it does not renew (or a failed payment is being retried).",
    )
    manage: ManageOut | None = Field(
        default=None, description="APP-12: where to change or cancel it."
    )

    @classmethod
    def of(cls, source: Source, *, page: str, locale: str) -> EntitlementSourceOut:
        return cls(
            subscription_id=source.subscription_id,
            product=source.product,
            plan=source.plan,
            channel=source.channel,
            status=source.status,
            reason=source.reason,
            renews=source.renews,
            access_until=source.access_until,
            organization_id=source.organization_id,
            next_charge=NextChargeOut.of(source.next_charge),
            manage=ManageOut.of(source.manage, source.subscription_id, page=page, locale=locale),
        )


class FreeTierOut(BaseModel):
    """A product whose last subscription ended, and the free plan it fell back to."""

    product: str
    plan: str
    features: list[str]
    storage_quota_mb: int | None
    connection_limit: int | None


class EntitlementOut(BaseModel):
    """What the account (or licensed user) may use right now, over every channel (APP-3).

    The response carries a strong ``ETag``; send it back in ``If-None-Match`` to get
    ``304 Not Modified`` while nothing has changed (APP-10).
    """

    account_id: str
    license_id: str | None = Field(
        default=None, description="Set for a licensed user of volume licensing."
    )
    active: bool
    reason: str = Field(
        description="The main reason: subscription_active, trialing, grace, no_subscription, "
        "expired or account_suspended."
    )
    reasons: list[str] = Field(description="Every reason that applies, main reason first.")
    products: list[str]
    platforms: list[str] = Field(
        description="Apps on these platforms may be used (every platform of the products)."
    )
    channels: list[str]
    features: list[str]
    connection_limit: int | None = Field(
        description="Simultaneous connections: the highest of the live subscriptions' limits."
    )
    suspended_reason: str | None = Field(
        default=None,
        description="Set when reason is account_suspended: why the account may not be used "
        "(sso_plan_expired: its organization's single sign-on ended with the plan, BIZ-4).",
    )
    storage_quota_mb: int | None = Field(
        default=None,
        description="Storage in MB: the largest quota of the live subscriptions' plans; null "
        "when none has one.",
    )
    expires_at: datetime | None = Field(
        description="The latest end of paid access (or grace); null when unlimited or none."
    )
    warnings: list[EntitlementWarningOut]
    free_tiers: list[FreeTierOut] = Field(
        default_factory=list,
        description="Products without a live subscription whose last one ended and falls "
        "back to a free plan (its fallback_plan): the free features stay usable.",
    )
    subscription_ids: list[str]
    subscriptions: list[EntitlementSourceOut]
    not_counting: list[NotCountingOut] = Field(
        default_factory=list,
        description="APP-12: the account's other subscriptions and why they give no access "
        "now (scheduled ones, those this app is too old for, and the latest ended one of each "
        "product and channel).",
    )
    store_offers: list[StoreOfferOut] | None = Field(
        default=None,
        description="APP-11: per product with App Store plans, whether it and its free trial "
        "are offered in the App Store of the storefront the app sent "
        "(X-App-Store-Storefront), else of a linked Apple device's region; null when neither "
        "is known.",
    )

    @classmethod
    def of(
        cls,
        account_id: str,
        value: Entitlement,
        *,
        locale: str,
        license_id: str | None = None,
        manage_page: str = "",
        offers: tuple[StoreOffer, ...] | None = None,
    ) -> EntitlementOut:
        return cls(
            account_id=account_id,
            license_id=license_id,
            active=value.active,
            reason=value.reason,
            reasons=list(value.reasons),
            products=list(value.products),
            platforms=list(value.platforms),
            channels=list(value.channels),
            features=list(value.features),
            connection_limit=value.connection_limit,
            storage_quota_mb=value.storage_quota_mb,
            suspended_reason=value.suspended_reason,
            expires_at=value.expires_at,
            warnings=[
                EntitlementWarningOut(
                    code=w.code,
                    message=_message(w, locale),
                    subscription_id=w.subscription_id,
                    channel=w.channel,
                    deadline=w.deadline,
                    organization_id=w.organization_id,
                    other_subscription_id=w.other_subscription_id,
                )
                for w in value.warnings
            ],
            free_tiers=[
                FreeTierOut(
                    product=t.product,
                    plan=t.plan,
                    features=list(t.features),
                    storage_quota_mb=t.storage_quota_mb,
                    connection_limit=t.connection_limit,
                )
                for t in value.free_tiers
            ],
            subscription_ids=list(value.subscription_ids),
            subscriptions=[
                EntitlementSourceOut.of(s, page=manage_page, locale=locale) for s in value.sources
            ],
            not_counting=[
                NotCountingOut.of(n, page=manage_page, locale=locale) for n in value.not_counting
            ],
            store_offers=(
                None if offers is None else [StoreOfferOut.of(o, locale=locale) for o in offers]
            ),
        )


def _message(warning: Warning, locale: str) -> str:
    """The warning in ``locale``, its ``{deadline}`` as a date in that language."""
    return _dated(warning.message, warning.deadline, locale, "{deadline}")


def _dated(message: str, at: datetime | None, locale: str, placeholder: str) -> str:
    """``message`` in ``locale``, its ``placeholder`` as the date of ``at`` in that language."""
    text = gettext(message, locale)
    if at is None or placeholder not in text:
        return text
    return text.replace(placeholder, format_date(at, "long", locale=locale))


# The headers an app sends with its entitlement and store requests (APP-2).
Platform = Annotated[
    str | None,
    Header(alias="X-App-Platform", max_length=20, description="The app's platform (APP-2)."),
]
AppVersion = Annotated[
    str | None, Header(alias="X-App-Version", max_length=60, description="The app's version.")
]
OsVersion = Annotated[
    str | None,
    Header(alias="X-OS-Version", max_length=60, description="The operating system's version."),
]
IfNoneMatch = Annotated[str | None, Header(alias="If-None-Match", max_length=2000)]
StorefrontHeader = Annotated[
    str | None,
    Header(
        alias="X-App-Store-Storefront",
        max_length=10,
        description="The App Store storefront's country from StoreKit (Storefront.countryCode, "
        "e.g. DNK); it, not the device's region, decides what is offered (APP-11).",
    ),
]
