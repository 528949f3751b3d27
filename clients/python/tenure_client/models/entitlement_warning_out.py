from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EntitlementWarningOut")


@_attrs_define
class EntitlementWarningOut:
    """
    Attributes:
        channel (str):
        code (str): payment_failed, grace_deadline, expiring_soon, trial or client_version_too_old.
        deadline (datetime.datetime | None): grace_deadline/payment_failed: end of grace; expiring_soon: end of access;
            trial: end of the trial.
        message (str): For people, in the caller's language.
        subscription_id (str):
        organization_id (None | str | Unset): Set when the subscription is an organization's: admins are asked to update
            billing, members told when their organization's plan ends (BIZ-2).
        other_subscription_id (None | str | Unset): double_charge_risk: the subscription of the same product on the
            other channel.
    """

    channel: str
    code: str
    deadline: datetime.datetime | None
    message: str
    subscription_id: str
    organization_id: None | str | Unset = UNSET
    other_subscription_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel

        code = self.code

        deadline: None | str
        if isinstance(self.deadline, datetime.datetime):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        message = self.message

        subscription_id = self.subscription_id

        organization_id: None | str | Unset
        if isinstance(self.organization_id, Unset):
            organization_id = UNSET
        else:
            organization_id = self.organization_id

        other_subscription_id: None | str | Unset
        if isinstance(self.other_subscription_id, Unset):
            other_subscription_id = UNSET
        else:
            other_subscription_id = self.other_subscription_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel": channel,
                "code": code,
                "deadline": deadline,
                "message": message,
                "subscription_id": subscription_id,
            }
        )
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id
        if other_subscription_id is not UNSET:
            field_dict["other_subscription_id"] = other_subscription_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel = d.pop("channel")

        code = d.pop("code")

        def _parse_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deadline_type_0 = datetime.datetime.fromisoformat(data)

                return deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deadline = _parse_deadline(d.pop("deadline"))

        message = d.pop("message")

        subscription_id = d.pop("subscription_id")

        def _parse_organization_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        organization_id = _parse_organization_id(d.pop("organization_id", UNSET))

        def _parse_other_subscription_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        other_subscription_id = _parse_other_subscription_id(d.pop("other_subscription_id", UNSET))

        entitlement_warning_out = cls(
            channel=channel,
            code=code,
            deadline=deadline,
            message=message,
            subscription_id=subscription_id,
            organization_id=organization_id,
            other_subscription_id=other_subscription_id,
        )

        entitlement_warning_out.additional_properties = d
        return entitlement_warning_out

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
