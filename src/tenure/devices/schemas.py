from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tenure.catalog.schema import Platform
from tenure.devices.deliveries import shown_status
from tenure.devices.models import Delivery, Device

VERSION = r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$"


class DeviceOut(BaseModel):
    id: str
    account_id: str
    name: str
    platform: str
    os_version: str | None
    app_version: str | None
    region: str | None
    fingerprint: str | None
    is_vm: bool
    subscription_id: str | None = Field(description="The subscription the app on it uses.")
    installed_at: datetime | None
    status: Literal["linked", "unlinked"]
    linked_at: datetime
    last_check_in_at: datetime | None
    unlinked_at: datetime | None

    @classmethod
    def of(cls, device: Device) -> DeviceOut:
        return cls(
            id=device.id,
            account_id=device.account_id,
            name=device.name,
            platform=device.platform,
            os_version=device.os_version,
            app_version=device.app_version,
            region=device.region,
            fingerprint=device.fingerprint,
            is_vm=device.is_vm,
            subscription_id=device.subscription_id,
            installed_at=device.installed_at,
            status="unlinked" if device.unlinked_at else "linked",
            linked_at=device.linked_at,
            last_check_in_at=device.last_check_in_at,
            unlinked_at=device.unlinked_at,
        )


class DeviceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)


class LinkCodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: str | None = Field(default=None, description="Required for staff callers.")


class LinkCodeOut(BaseModel):
    code: str = Field(description="Shown once. The new installation redeems it once.")
    expires_at: datetime


class LinkIn(BaseModel):
    """What a new installation tells about itself when it redeems a link code (DEV-2)."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=100)
    platform: Platform
    os_version: str | None = Field(default=None, pattern=VERSION)
    app_version: str | None = Field(default=None, pattern=VERSION)
    region: str | None = Field(default=None, description="ISO 3166 country code, e.g. DK.")
    fingerprint: str | None = Field(default=None, max_length=200)
    is_vm: bool = Field(default=False, description="A virtual machine (counts like any device).")


class LinkedOut(BaseModel):
    device: DeviceOut
    token: str = Field(description="The device token: `Authorization: Bearer <token>`. Shown once.")


class DownloadLinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=320, description="Where to send the link.")
    product: str = Field(min_length=1, max_length=64, description="The product's code.")
    account_id: str | None = Field(default=None, description="Required for staff callers.")


class DownloadLinkOut(BaseModel):
    status: Literal["queued"] = "queued"
    expires_at: datetime


class DownloadOut(BaseModel):
    product: str
    product_name: str
    platforms: list[str]
    expires_at: datetime


class CheckInIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    app_version: str | None = Field(default=None, pattern=VERSION)
    os_version: str | None = Field(default=None, pattern=VERSION)
    region: str | None = None
    name: str | None = Field(default=None, min_length=1, max_length=100)


class DeliveryOut(BaseModel):
    id: str
    subscription_id: str
    device_id: str
    status: Literal["awaiting_release", "pending", "completed", "canceled", "expired"]
    release_device_id: str | None = Field(
        description="While awaiting_release: the device that must release the subscription."
    )
    created_at: datetime
    expires_at: datetime
    released_at: datetime | None
    picked_up_at: datetime | None
    completed_at: datetime | None
    canceled_at: datetime | None

    @classmethod
    def of(cls, delivery: Delivery, now: datetime) -> DeliveryOut:
        return cls(
            id=delivery.id,
            subscription_id=delivery.subscription_id,
            device_id=delivery.device_id,
            status=shown_status(delivery, now),
            release_device_id=delivery.release_device_id,
            created_at=delivery.created_at,
            expires_at=delivery.expires_at,
            released_at=delivery.released_at,
            picked_up_at=delivery.picked_up_at,
            completed_at=delivery.completed_at,
            canceled_at=delivery.canceled_at,
        )


class CheckInOut(BaseModel):
    device: DeviceOut
    deliveries: list[DeliveryOut] = Field(
        description="Subscriptions sent to this device: confirm each to start using it."
    )
    release_requests: list[DeliveryOut] = Field(
        description="Deliveries to other devices that wait for this device to release its "
        "subscription (POST /v1/devices/me/release)."
    )


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    device_id: str
    via: Literal["account", "admin_console"] = Field(
        default="account",
        description="admin_console: sent from a small-office subscription's admin console.",
    )
    release_from_device_id: str | None = Field(
        default=None,
        description="When the slots are full: the device that gives the subscription up; "
        "the delivery waits for it to release the subscription.",
    )


class ReasonOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: str
    message: str


class SendabilityOut(BaseModel):
    """One linked device as seen from a subscription (the "My devices" section)."""

    device: DeviceOut
    uses_this_subscription: bool
    sendable: bool
    reasons: list[ReasonOut]
    release_device_id: str | None
    delivery: DeliveryOut | None = Field(description="The latest delivery to this device.")


class ReleaseOut(BaseModel):
    device: DeviceOut
    released_subscription_id: str
    deliveries: list[DeliveryOut] = Field(description="Deliveries that waited for this release.")


def reasons_out(reasons: list[dict[str, Any]]) -> list[ReasonOut]:
    return [ReasonOut(**r) for r in reasons]
