from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.my_license_out_status import MyLicenseOutStatus

if TYPE_CHECKING:
    from ..models.holder_out import HolderOut
    from ..models.subscription_summary_out import SubscriptionSummaryOut


T = TypeVar("T", bound="MyLicenseOut")


@_attrs_define
class MyLicenseOut:
    """What a licensed user's app shows: the license and the plan behind it.

    Attributes:
        connection_limit (int | None): Devices connected at once (VL-13).
        entitled (bool):
        expires_at (datetime.datetime | None):
        features (list[str]):
        holder (HolderOut | None):
        license_id (str):
        live_connections (int):
        reason (str):
        status (MyLicenseOutStatus):
        subscription (SubscriptionSummaryOut):
    """

    connection_limit: int | None
    entitled: bool
    expires_at: datetime.datetime | None
    features: list[str]
    holder: HolderOut | None
    license_id: str
    live_connections: int
    reason: str
    status: MyLicenseOutStatus
    subscription: SubscriptionSummaryOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.holder_out import HolderOut  # noqa: PLC0415

        connection_limit: int | None
        connection_limit = self.connection_limit

        entitled = self.entitled

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        features = self.features

        holder: dict[str, Any] | None
        if isinstance(self.holder, HolderOut):
            holder = self.holder.to_dict()
        else:
            holder = self.holder

        license_id = self.license_id

        live_connections = self.live_connections

        reason = self.reason

        status = self.status.value

        subscription = self.subscription.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connection_limit": connection_limit,
                "entitled": entitled,
                "expires_at": expires_at,
                "features": features,
                "holder": holder,
                "license_id": license_id,
                "live_connections": live_connections,
                "reason": reason,
                "status": status,
                "subscription": subscription,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.holder_out import HolderOut  # noqa: PLC0415
        from ..models.subscription_summary_out import SubscriptionSummaryOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_connection_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        connection_limit = _parse_connection_limit(d.pop("connection_limit"))

        entitled = d.pop("entitled")

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

        def _parse_holder(data: object) -> HolderOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                holder_type_0 = HolderOut.from_dict(data)

                return holder_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HolderOut | None, data)

        holder = _parse_holder(d.pop("holder"))

        license_id = d.pop("license_id")

        live_connections = d.pop("live_connections")

        reason = d.pop("reason")

        status = MyLicenseOutStatus(d.pop("status"))

        subscription = SubscriptionSummaryOut.from_dict(d.pop("subscription"))

        my_license_out = cls(
            connection_limit=connection_limit,
            entitled=entitled,
            expires_at=expires_at,
            features=features,
            holder=holder,
            license_id=license_id,
            live_connections=live_connections,
            reason=reason,
            status=status,
            subscription=subscription,
        )

        my_license_out.additional_properties = d
        return my_license_out

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
