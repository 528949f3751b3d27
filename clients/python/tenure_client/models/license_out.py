from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.license_out_status import LicenseOutStatus

if TYPE_CHECKING:
    from ..models.holder_out import HolderOut


T = TypeVar("T", bound="LicenseOut")


@_attrs_define
class LicenseOut:
    """A license as the License Manager lists it. Never carries the password.

    Attributes:
        account_id (str):
        assigned (bool):
        assigned_at (datetime.datetime | None):
        auto_renew (bool): Renew at the next billing cycle (VL-11).
        created_at (datetime.datetime):
        credential_version (int): Goes up with every new app login (VL-10).
        end_reason (None | str):
        ended_at (datetime.datetime | None):
        holder (HolderOut | None):
        id (str):
        status (LicenseOutStatus):
        subscription_id (str):
    """

    account_id: str
    assigned: bool
    assigned_at: datetime.datetime | None
    auto_renew: bool
    created_at: datetime.datetime
    credential_version: int
    end_reason: None | str
    ended_at: datetime.datetime | None
    holder: HolderOut | None
    id: str
    status: LicenseOutStatus
    subscription_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.holder_out import HolderOut  # noqa: PLC0415

        account_id = self.account_id

        assigned = self.assigned

        assigned_at: None | str
        if isinstance(self.assigned_at, datetime.datetime):
            assigned_at = self.assigned_at.isoformat()
        else:
            assigned_at = self.assigned_at

        auto_renew = self.auto_renew

        created_at = self.created_at.isoformat()

        credential_version = self.credential_version

        end_reason: None | str
        end_reason = self.end_reason

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        holder: dict[str, Any] | None
        if isinstance(self.holder, HolderOut):
            holder = self.holder.to_dict()
        else:
            holder = self.holder

        id = self.id

        status = self.status.value

        subscription_id = self.subscription_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "assigned": assigned,
                "assigned_at": assigned_at,
                "auto_renew": auto_renew,
                "created_at": created_at,
                "credential_version": credential_version,
                "end_reason": end_reason,
                "ended_at": ended_at,
                "holder": holder,
                "id": id,
                "status": status,
                "subscription_id": subscription_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.holder_out import HolderOut  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        assigned = d.pop("assigned")

        def _parse_assigned_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assigned_at_type_0 = datetime.datetime.fromisoformat(data)

                return assigned_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        assigned_at = _parse_assigned_at(d.pop("assigned_at"))

        auto_renew = d.pop("auto_renew")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        credential_version = d.pop("credential_version")

        def _parse_end_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        end_reason = _parse_end_reason(d.pop("end_reason"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

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

        id = d.pop("id")

        status = LicenseOutStatus(d.pop("status"))

        subscription_id = d.pop("subscription_id")

        license_out = cls(
            account_id=account_id,
            assigned=assigned,
            assigned_at=assigned_at,
            auto_renew=auto_renew,
            created_at=created_at,
            credential_version=credential_version,
            end_reason=end_reason,
            ended_at=ended_at,
            holder=holder,
            id=id,
            status=status,
            subscription_id=subscription_id,
        )

        license_out.additional_properties = d
        return license_out

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
