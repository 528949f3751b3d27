from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.organization_create_locale import OrganizationCreateLocale
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganizationCreate")


@_attrs_define
class OrganizationCreate:
    """
    Attributes:
        billing_email (str): Receipts and invoices go here (often an admin's address).
        name (str):
        admin_account_id (None | str | Unset): Staff: the first admin. A signed-in customer becomes the first admin.
        locale (OrganizationCreateLocale | Unset): The organization's language (emails to its billing address). Default:
            OrganizationCreateLocale.EN.
    """

    billing_email: str
    name: str
    admin_account_id: None | str | Unset = UNSET
    locale: OrganizationCreateLocale | Unset = OrganizationCreateLocale.EN

    def to_dict(self) -> dict[str, Any]:
        billing_email = self.billing_email

        name = self.name

        admin_account_id: None | str | Unset
        if isinstance(self.admin_account_id, Unset):
            admin_account_id = UNSET
        else:
            admin_account_id = self.admin_account_id

        locale: str | Unset = UNSET
        if not isinstance(self.locale, Unset):
            locale = self.locale.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "billing_email": billing_email,
                "name": name,
            }
        )
        if admin_account_id is not UNSET:
            field_dict["admin_account_id"] = admin_account_id
        if locale is not UNSET:
            field_dict["locale"] = locale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        billing_email = d.pop("billing_email")

        name = d.pop("name")

        def _parse_admin_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        admin_account_id = _parse_admin_account_id(d.pop("admin_account_id", UNSET))

        _locale = d.pop("locale", UNSET)
        locale: OrganizationCreateLocale | Unset
        if isinstance(_locale, Unset):
            locale = UNSET
        else:
            locale = OrganizationCreateLocale(_locale)

        organization_create = cls(
            billing_email=billing_email,
            name=name,
            admin_account_id=admin_account_id,
            locale=locale,
        )

        return organization_create
