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


T = TypeVar("T", bound="NotCountingOut")


@_attrs_define
class NotCountingOut:
    """A subscription of the account that gives no access now, and why (APP-12).

    Attributes:
        at (datetime.datetime | None): When it ended, or (not_started) when it starts; null for client_version_too_old.
        channel (str):
        manage (ManageOut): Where the subscription is changed or cancelled (APP-6, APP-12).
        message (str): For people, in the caller's language.
        plan (str):
        product (str):
        reason (str): not_started, canceled, payment_failed, refunded, replaced, expired or client_version_too_old.
        status (str):
        subscription_id (str):
        next_charge (NextChargeOut | None | Unset): not_started and not paid yet: its first charge (APP-8).
    """

    at: datetime.datetime | None
    channel: str
    manage: ManageOut
    message: str
    plan: str
    product: str
    reason: str
    status: str
    subscription_id: str
    next_charge: NextChargeOut | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.next_charge_out import NextChargeOut  # noqa: PLC0415

        at: None | str
        if isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

        channel = self.channel

        manage = self.manage.to_dict()

        message = self.message

        plan = self.plan

        product = self.product

        reason = self.reason

        status = self.status

        subscription_id = self.subscription_id

        next_charge: dict[str, Any] | None | Unset
        if isinstance(self.next_charge, Unset):
            next_charge = UNSET
        elif isinstance(self.next_charge, NextChargeOut):
            next_charge = self.next_charge.to_dict()
        else:
            next_charge = self.next_charge

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "channel": channel,
                "manage": manage,
                "message": message,
                "plan": plan,
                "product": product,
                "reason": reason,
                "status": status,
                "subscription_id": subscription_id,
            }
        )
        if next_charge is not UNSET:
            field_dict["next_charge"] = next_charge

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.manage_out import ManageOut  # noqa: PLC0415
        from ..models.next_charge_out import NextChargeOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                at_type_0 = datetime.datetime.fromisoformat(data)

                return at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        at = _parse_at(d.pop("at"))

        channel = d.pop("channel")

        manage = ManageOut.from_dict(d.pop("manage"))

        message = d.pop("message")

        plan = d.pop("plan")

        product = d.pop("product")

        reason = d.pop("reason")

        status = d.pop("status")

        subscription_id = d.pop("subscription_id")

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

        not_counting_out = cls(
            at=at,
            channel=channel,
            manage=manage,
            message=message,
            plan=plan,
            product=product,
            reason=reason,
            status=status,
            subscription_id=subscription_id,
            next_charge=next_charge,
        )

        not_counting_out.additional_properties = d
        return not_counting_out

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
