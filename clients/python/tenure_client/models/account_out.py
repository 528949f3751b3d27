from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.accounts_credit_out import AccountsCreditOut


T = TypeVar("T", bound="AccountOut")


@_attrs_define
class AccountOut:
    """
    Attributes:
        country (None | str):
        created_at (datetime.datetime):
        credit (AccountsCreditOut):
        email (str):
        has_password (bool):
        id (str):
        kind (str): person (a customer who signs in) or organization (an organization's billing account, which its
            admins act on).
        locale (str):
        name (str):
        updated_at (datetime.datetime):
    """

    country: None | str
    created_at: datetime.datetime
    credit: AccountsCreditOut
    email: str
    has_password: bool
    id: str
    kind: str
    locale: str
    name: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        country: None | str
        country = self.country

        created_at = self.created_at.isoformat()

        credit = self.credit.to_dict()

        email = self.email

        has_password = self.has_password

        id = self.id

        kind = self.kind

        locale = self.locale

        name = self.name

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "country": country,
                "created_at": created_at,
                "credit": credit,
                "email": email,
                "has_password": has_password,
                "id": id,
                "kind": kind,
                "locale": locale,
                "name": name,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.accounts_credit_out import AccountsCreditOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        credit = AccountsCreditOut.from_dict(d.pop("credit"))

        email = d.pop("email")

        has_password = d.pop("has_password")

        id = d.pop("id")

        kind = d.pop("kind")

        locale = d.pop("locale")

        name = d.pop("name")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        account_out = cls(
            country=country,
            created_at=created_at,
            credit=credit,
            email=email,
            has_password=has_password,
            id=id,
            kind=kind,
            locale=locale,
            name=name,
            updated_at=updated_at,
        )

        account_out.additional_properties = d
        return account_out

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
