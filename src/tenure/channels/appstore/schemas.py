from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tenure.channels.appstore.models import AppStoreAccountToken, AppStoreNotification
from tenure.entitlements.schemas import StoreOfferOut

Outcome = Literal["applied", "stale", "recorded", "unlinked", "unknown_product"]


class NotificationIn(BaseModel):
    """What Apple posts: ``{"signedPayload": "<JWS>"}``."""

    model_config = ConfigDict(populate_by_name=True)

    signed_payload: str = Field(alias="signedPayload", min_length=1, max_length=200_000)


class NotificationReceipt(BaseModel):
    notification_id: str
    notification_uuid: str
    outcome: str = Field(description="applied, stale, recorded, unlinked or unknown_product.")
    duplicate: bool = Field(description="True when this notificationUUID was received before.")
    subscription_id: str | None


class NotificationOut(BaseModel):
    id: str
    notification_uuid: str
    type: str
    subtype: str | None
    signed_at: datetime
    environment: str | None
    original_transaction_id: str | None
    transaction_id: str | None
    product_id: str | None
    app_account_token: str | None
    account_id: str | None
    subscription_id: str | None
    outcome: str
    detail: str | None
    received_at: datetime
    data: dict[str, Any] = Field(description="The verified transaction and renewal info.")

    @classmethod
    def of(cls, row: AppStoreNotification) -> NotificationOut:
        return cls(
            id=row.id,
            notification_uuid=row.notification_uuid,
            type=row.notification_type,
            subtype=row.subtype,
            signed_at=row.signed_at,
            environment=row.environment,
            original_transaction_id=row.original_transaction_id,
            transaction_id=row.transaction_id,
            product_id=row.product_id,
            app_account_token=row.app_account_token,
            account_id=row.account_id,
            subscription_id=row.subscription_id,
            outcome=row.outcome,
            detail=row.detail,
            received_at=row.received_at,
            data=row.data,
        )


class AccountTokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: str | None = Field(default=None, description="Required for staff callers.")
    storefront: str | None = Field(
        default=None,
        max_length=10,
        description="The App Store storefront's country (StoreKit's Storefront.countryCode, "
        "e.g. DNK), instead of the X-App-Store-Storefront header (APP-11).",
    )
    product: str | None = Field(
        default=None, max_length=64, description="Only this product's offers."
    )


class AccountTokenOut(BaseModel):
    app_account_token: str = Field(
        description="Pass it to StoreKit as appAccountToken when the purchase starts."
    )
    account_id: str
    created_at: datetime
    store_offers: list[StoreOfferOut] | None = Field(
        default=None,
        description="APP-11: per product with App Store plans, whether it and its free trial "
        "are offered in the App Store of the storefront sent (else of the asking Apple "
        "device's region, a fallback); null when neither is known.",
    )

    @classmethod
    def of(
        cls, token: AppStoreAccountToken, offers: list[StoreOfferOut] | None = None
    ) -> AccountTokenOut:
        return cls(
            app_account_token=token.token,
            account_id=token.account_id,
            created_at=token.created_at,
            store_offers=offers,
        )


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: str = Field(min_length=1, max_length=40)
