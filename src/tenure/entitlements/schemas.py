from __future__ import annotations

from datetime import datetime
from typing import Annotated

from babel.dates import format_date
from fastapi import Header
from pydantic import BaseModel, Field

from tenure.domain.entitlement import Entitlement, Source, Warning
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

    @classmethod
    def of(cls, source: Source) -> EntitlementSourceOut:
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

    @classmethod
    def of(
        cls,
        account_id: str,
        value: Entitlement,
        *,
        locale: str,
        license_id: str | None = None,
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
            subscriptions=[EntitlementSourceOut.of(s) for s in value.sources],
        )


def _message(warning: Warning, locale: str) -> str:
    """The warning in ``locale``, its ``{deadline}`` as a date in that language."""
    text = gettext(warning.message, locale)
    if warning.deadline is None or "{deadline}" not in text:
        return text
    return text.replace("{deadline}", format_date(warning.deadline, "long", locale=locale))


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
