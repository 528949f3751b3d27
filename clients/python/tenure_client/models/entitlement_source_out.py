from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EntitlementSourceOut")


@_attrs_define
class EntitlementSourceOut:
    """A live subscription behind the entitlement.

    Attributes:
        access_until (datetime.datetime | None):
        channel (str): web or app_store (APP-1).
        plan (str):
        product (str):
        reason (str):
        renews (bool): Renews by itself at the end of the period.
        status (str):
        subscription_id (str):
        organization_id (None | str | Unset): The organization that grants it to you (BIZ-1).
    """

    access_until: datetime.datetime | None
    channel: str
    plan: str
    product: str
    reason: str
    renews: bool
    status: str
    subscription_id: str
    organization_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_until: None | str
        if isinstance(self.access_until, datetime.datetime):
            access_until = self.access_until.isoformat()
        else:
            access_until = self.access_until

        channel = self.channel

        plan = self.plan

        product = self.product

        reason = self.reason

        renews = self.renews

        status = self.status

        subscription_id = self.subscription_id

        organization_id: None | str | Unset
        if isinstance(self.organization_id, Unset):
            organization_id = UNSET
        else:
            organization_id = self.organization_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_until": access_until,
                "channel": channel,
                "plan": plan,
                "product": product,
                "reason": reason,
                "renews": renews,
                "status": status,
                "subscription_id": subscription_id,
            }
        )
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_access_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                access_until_type_0 = datetime.datetime.fromisoformat(data)

                return access_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        access_until = _parse_access_until(d.pop("access_until"))

        channel = d.pop("channel")

        plan = d.pop("plan")

        product = d.pop("product")

        reason = d.pop("reason")

        renews = d.pop("renews")

        status = d.pop("status")

        subscription_id = d.pop("subscription_id")

        def _parse_organization_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        organization_id = _parse_organization_id(d.pop("organization_id", UNSET))

        entitlement_source_out = cls(
            access_until=access_until,
            channel=channel,
            plan=plan,
            product=product,
            reason=reason,
            renews=renews,
            status=status,
            subscription_id=subscription_id,
            organization_id=organization_id,
        )

        entitlement_source_out.additional_properties = d
        return entitlement_source_out

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
