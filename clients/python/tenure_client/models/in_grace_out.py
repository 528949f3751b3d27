from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.admin_contact_out import AdminContactOut
    from ..models.money_out import MoneyOut


T = TypeVar("T", bound="InGraceOut")


@_attrs_define
class InGraceOut:
    """An organization in grace, for support to reach out to (BIZ-9).

    Attributes:
        admins (list[AdminContactOut]):
        amount_due (MoneyOut | None):
        billing_email (None | str):
        days_left (int):
        grace_ends_at (datetime.datetime):
        last_reminder_at (datetime.datetime | None):
        organization_id (str):
        organization_name (str):
        plan (str):
        subscription_id (str):
    """

    admins: list[AdminContactOut]
    amount_due: MoneyOut | None
    billing_email: None | str
    days_left: int
    grace_ends_at: datetime.datetime
    last_reminder_at: datetime.datetime | None
    organization_id: str
    organization_name: str
    plan: str
    subscription_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.money_out import MoneyOut  # noqa: PLC0415

        admins = []
        for admins_item_data in self.admins:
            admins_item = admins_item_data.to_dict()
            admins.append(admins_item)

        amount_due: dict[str, Any] | None
        if isinstance(self.amount_due, MoneyOut):
            amount_due = self.amount_due.to_dict()
        else:
            amount_due = self.amount_due

        billing_email: None | str
        billing_email = self.billing_email

        days_left = self.days_left

        grace_ends_at = self.grace_ends_at.isoformat()

        last_reminder_at: None | str
        if isinstance(self.last_reminder_at, datetime.datetime):
            last_reminder_at = self.last_reminder_at.isoformat()
        else:
            last_reminder_at = self.last_reminder_at

        organization_id = self.organization_id

        organization_name = self.organization_name

        plan = self.plan

        subscription_id = self.subscription_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "admins": admins,
                "amount_due": amount_due,
                "billing_email": billing_email,
                "days_left": days_left,
                "grace_ends_at": grace_ends_at,
                "last_reminder_at": last_reminder_at,
                "organization_id": organization_id,
                "organization_name": organization_name,
                "plan": plan,
                "subscription_id": subscription_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admin_contact_out import AdminContactOut  # noqa: PLC0415
        from ..models.money_out import MoneyOut  # noqa: PLC0415

        d = dict(src_dict)
        admins = []
        _admins = d.pop("admins")
        for admins_item_data in _admins:
            admins_item = AdminContactOut.from_dict(admins_item_data)

            admins.append(admins_item)

        def _parse_amount_due(data: object) -> MoneyOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                amount_due_type_0 = MoneyOut.from_dict(data)

                return amount_due_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoneyOut | None, data)

        amount_due = _parse_amount_due(d.pop("amount_due"))

        def _parse_billing_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        billing_email = _parse_billing_email(d.pop("billing_email"))

        days_left = d.pop("days_left")

        grace_ends_at = datetime.datetime.fromisoformat(d.pop("grace_ends_at"))

        def _parse_last_reminder_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_reminder_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_reminder_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_reminder_at = _parse_last_reminder_at(d.pop("last_reminder_at"))

        organization_id = d.pop("organization_id")

        organization_name = d.pop("organization_name")

        plan = d.pop("plan")

        subscription_id = d.pop("subscription_id")

        in_grace_out = cls(
            admins=admins,
            amount_due=amount_due,
            billing_email=billing_email,
            days_left=days_left,
            grace_ends_at=grace_ends_at,
            last_reminder_at=last_reminder_at,
            organization_id=organization_id,
            organization_name=organization_name,
            plan=plan,
            subscription_id=subscription_id,
        )

        in_grace_out.additional_properties = d
        return in_grace_out

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
