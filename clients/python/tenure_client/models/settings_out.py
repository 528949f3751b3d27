from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.settings_out_directory_type_0 import SettingsOutDirectoryType0


T = TypeVar("T", bound="SettingsOut")


@_attrs_define
class SettingsOut:
    """
    Attributes:
        company_domains (list[str]):
        data_policy (str): What members keep of their items when the plan expires (BIZ-5): lose_all, keep_all or
            keep_personal.
        directory (None | SettingsOutDirectoryType0): The directory connection (Active Directory, SCIM …), if any.
        revoke_company_items (bool): Revoke logins of the company's domains from removed members, and from everyone when
            the plan expires (BIZ-6).
        sso_enabled (bool): Single sign-on (BIZ-4).
    """

    company_domains: list[str]
    data_policy: str
    directory: None | SettingsOutDirectoryType0
    revoke_company_items: bool
    sso_enabled: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.settings_out_directory_type_0 import SettingsOutDirectoryType0  # noqa: PLC0415

        company_domains = self.company_domains

        data_policy = self.data_policy

        directory: dict[str, Any] | None
        if isinstance(self.directory, SettingsOutDirectoryType0):
            directory = self.directory.to_dict()
        else:
            directory = self.directory

        revoke_company_items = self.revoke_company_items

        sso_enabled = self.sso_enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "company_domains": company_domains,
                "data_policy": data_policy,
                "directory": directory,
                "revoke_company_items": revoke_company_items,
                "sso_enabled": sso_enabled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settings_out_directory_type_0 import SettingsOutDirectoryType0  # noqa: PLC0415

        d = dict(src_dict)
        company_domains = cast(list[str], d.pop("company_domains"))

        data_policy = d.pop("data_policy")

        def _parse_directory(data: object) -> None | SettingsOutDirectoryType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                directory_type_0 = SettingsOutDirectoryType0.from_dict(data)

                return directory_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettingsOutDirectoryType0, data)

        directory = _parse_directory(d.pop("directory"))

        revoke_company_items = d.pop("revoke_company_items")

        sso_enabled = d.pop("sso_enabled")

        settings_out = cls(
            company_domains=company_domains,
            data_policy=data_policy,
            directory=directory,
            revoke_company_items=revoke_company_items,
            sso_enabled=sso_enabled,
        )

        settings_out.additional_properties = d
        return settings_out

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
