from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.account_create_locale import AccountCreateLocale
from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountCreate")


@_attrs_define
class AccountCreate:
    """
    Attributes:
        email (str): Login email; stored lower-case.
        country (None | str | Unset): ISO 3166-1 alpha-2 code, e.g. DK.
        locale (AccountCreateLocale | Unset): Language of emails and messages. Default: AccountCreateLocale.EN.
        name (str | Unset):  Default: ''.
        password (None | str | Unset): At least 10 characters. Required for public self sign-up; optional when staff
            create the account (the customer can then sign in with a magic link).
    """

    email: str
    country: None | str | Unset = UNSET
    locale: AccountCreateLocale | Unset = AccountCreateLocale.EN
    name: str | Unset = ""
    password: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        locale: str | Unset = UNSET
        if not isinstance(self.locale, Unset):
            locale = self.locale.value

        name = self.name

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
            }
        )
        if country is not UNSET:
            field_dict["country"] = country
        if locale is not UNSET:
            field_dict["locale"] = locale
        if name is not UNSET:
            field_dict["name"] = name
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        _locale = d.pop("locale", UNSET)
        locale: AccountCreateLocale | Unset
        if isinstance(_locale, Unset):
            locale = UNSET
        else:
            locale = AccountCreateLocale(_locale)

        name = d.pop("name", UNSET)

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        account_create = cls(
            email=email,
            country=country,
            locale=locale,
            name=name,
            password=password,
        )

        return account_create
