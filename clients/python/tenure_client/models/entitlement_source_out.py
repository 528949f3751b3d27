from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.manage_out import ManageOut
    from ..models.next_charge_out import NextChargeOut


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
        manage (ManageOut | None | Unset): APP-12: where to change or cancel it.
        next_charge (NextChargeOut | None | Unset): APP-12: the next charge and the last moment to cancel before it;
            null when it does not renew (or a failed payment is being retried).
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
    manage: ManageOut | None | Unset = UNSET
    next_charge: NextChargeOut | None | Unset = UNSET
    organization_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.manage_out import ManageOut  # noqa: PLC0415
        from ..models.next_charge_out import NextChargeOut  # noqa: PLC0415

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

        manage: dict[str, Any] | None | Unset
        if isinstance(self.manage, Unset):
            manage = UNSET
        elif isinstance(self.manage, ManageOut):
            manage = self.manage.to_dict()
        else:
            manage = self.manage

        next_charge: dict[str, Any] | None | Unset
        if isinstance(self.next_charge, Unset):
            next_charge = UNSET
        elif isinstance(self.next_charge, NextChargeOut):
            next_charge = self.next_charge.to_dict()
        else:
            next_charge = self.next_charge

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
        if manage is not UNSET:
            field_dict["manage"] = manage
        if next_charge is not UNSET:
            field_dict["next_charge"] = next_charge
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.manage_out import ManageOut  # noqa: PLC0415
        from ..models.next_charge_out import NextChargeOut  # noqa: PLC0415

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

        def _parse_manage(data: object) -> ManageOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                manage_type_0 = ManageOut.from_dict(data)

                return manage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ManageOut | None | Unset, data)

        manage = _parse_manage(d.pop("manage", UNSET))

        def _parse_next_charge(data: object) -> NextChargeOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_charge_type_0 = NextChargeOut.from_dict(data)

                return next_charge_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NextChargeOut | None | Unset, data)

        next_charge = _parse_next_charge(d.pop("next_charge", UNSET))

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
            manage=manage,
            next_charge=next_charge,
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
