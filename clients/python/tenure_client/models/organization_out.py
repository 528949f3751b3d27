from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.settings_out import SettingsOut


T = TypeVar("T", bound="OrganizationOut")


@_attrs_define
class OrganizationOut:
    """
    Attributes:
        billing_account_id (str): The account the organization's subscriptions, payment methods, invoices and credit
            belong to; its admins may name it as `account_id` on those endpoints.
        billing_email (str):
        created_at (datetime.datetime):
        id (str):
        locale (str):
        name (str):
        settings (SettingsOut):
        updated_at (datetime.datetime):
        role (None | str | Unset): The caller's role in it (admin or member); null for staff.
    """

    billing_account_id: str
    billing_email: str
    created_at: datetime.datetime
    id: str
    locale: str
    name: str
    settings: SettingsOut
    updated_at: datetime.datetime
    role: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        billing_account_id = self.billing_account_id

        billing_email = self.billing_email

        created_at = self.created_at.isoformat()

        id = self.id

        locale = self.locale

        name = self.name

        settings = self.settings.to_dict()

        updated_at = self.updated_at.isoformat()

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        else:
            role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "billing_account_id": billing_account_id,
                "billing_email": billing_email,
                "created_at": created_at,
                "id": id,
                "locale": locale,
                "name": name,
                "settings": settings,
                "updated_at": updated_at,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settings_out import SettingsOut  # noqa: PLC0415

        d = dict(src_dict)
        billing_account_id = d.pop("billing_account_id")

        billing_email = d.pop("billing_email")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        locale = d.pop("locale")

        name = d.pop("name")

        settings = SettingsOut.from_dict(d.pop("settings"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        organization_out = cls(
            billing_account_id=billing_account_id,
            billing_email=billing_email,
            created_at=created_at,
            id=id,
            locale=locale,
            name=name,
            settings=settings,
            updated_at=updated_at,
            role=role,
        )

        organization_out.additional_properties = d
        return organization_out

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
