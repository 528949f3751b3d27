from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExpiryOut")


@_attrs_define
class ExpiryOut:
    """An expiry of the organization's business plan and its restore (BIZ-3, BIZ-8).

    Attributes:
        admins (list[str]): The admins at expiry: only they may ask to restore.
        expired_at (datetime.datetime):
        id (str):
        members (list[str]):
        pay_by (datetime.datetime | None): A restored plan must be bought by then.
        plan (str):
        plan_id (str): The revocation plan made at expiry.
        reason (str):
        requested_at (datetime.datetime | None):
        requested_by (None | str):
        restore_plan_id (str): The plan of what a restore brings back.
        restore_until (datetime.datetime):
        restored_at (datetime.datetime | None):
        sso_enabled (bool):
        status (str): expired, restore_requested, restored, renewed, lapsed or purged.
        subscription_id (str):
    """

    admins: list[str]
    expired_at: datetime.datetime
    id: str
    members: list[str]
    pay_by: datetime.datetime | None
    plan: str
    plan_id: str
    reason: str
    requested_at: datetime.datetime | None
    requested_by: None | str
    restore_plan_id: str
    restore_until: datetime.datetime
    restored_at: datetime.datetime | None
    sso_enabled: bool
    status: str
    subscription_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        admins = self.admins

        expired_at = self.expired_at.isoformat()

        id = self.id

        members = self.members

        pay_by: None | str
        if isinstance(self.pay_by, datetime.datetime):
            pay_by = self.pay_by.isoformat()
        else:
            pay_by = self.pay_by

        plan = self.plan

        plan_id = self.plan_id

        reason = self.reason

        requested_at: None | str
        if isinstance(self.requested_at, datetime.datetime):
            requested_at = self.requested_at.isoformat()
        else:
            requested_at = self.requested_at

        requested_by: None | str
        requested_by = self.requested_by

        restore_plan_id = self.restore_plan_id

        restore_until = self.restore_until.isoformat()

        restored_at: None | str
        if isinstance(self.restored_at, datetime.datetime):
            restored_at = self.restored_at.isoformat()
        else:
            restored_at = self.restored_at

        sso_enabled = self.sso_enabled

        status = self.status

        subscription_id = self.subscription_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "admins": admins,
                "expired_at": expired_at,
                "id": id,
                "members": members,
                "pay_by": pay_by,
                "plan": plan,
                "plan_id": plan_id,
                "reason": reason,
                "requested_at": requested_at,
                "requested_by": requested_by,
                "restore_plan_id": restore_plan_id,
                "restore_until": restore_until,
                "restored_at": restored_at,
                "sso_enabled": sso_enabled,
                "status": status,
                "subscription_id": subscription_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        admins = cast(list[str], d.pop("admins"))

        expired_at = datetime.datetime.fromisoformat(d.pop("expired_at"))

        id = d.pop("id")

        members = cast(list[str], d.pop("members"))

        def _parse_pay_by(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pay_by_type_0 = datetime.datetime.fromisoformat(data)

                return pay_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        pay_by = _parse_pay_by(d.pop("pay_by"))

        plan = d.pop("plan")

        plan_id = d.pop("plan_id")

        reason = d.pop("reason")

        def _parse_requested_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                requested_at_type_0 = datetime.datetime.fromisoformat(data)

                return requested_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        requested_at = _parse_requested_at(d.pop("requested_at"))

        def _parse_requested_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        requested_by = _parse_requested_by(d.pop("requested_by"))

        restore_plan_id = d.pop("restore_plan_id")

        restore_until = datetime.datetime.fromisoformat(d.pop("restore_until"))

        def _parse_restored_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                restored_at_type_0 = datetime.datetime.fromisoformat(data)

                return restored_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        restored_at = _parse_restored_at(d.pop("restored_at"))

        sso_enabled = d.pop("sso_enabled")

        status = d.pop("status")

        subscription_id = d.pop("subscription_id")

        expiry_out = cls(
            admins=admins,
            expired_at=expired_at,
            id=id,
            members=members,
            pay_by=pay_by,
            plan=plan,
            plan_id=plan_id,
            reason=reason,
            requested_at=requested_at,
            requested_by=requested_by,
            restore_plan_id=restore_plan_id,
            restore_until=restore_until,
            restored_at=restored_at,
            sso_enabled=sso_enabled,
            status=status,
            subscription_id=subscription_id,
        )

        expiry_out.additional_properties = d
        return expiry_out

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
