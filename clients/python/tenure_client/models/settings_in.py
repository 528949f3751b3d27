from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.settings_in_data_policy_type_0 import SettingsInDataPolicyType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.directory_in import DirectoryIn


T = TypeVar("T", bound="SettingsIn")


@_attrs_define
class SettingsIn:
    """
    Attributes:
        company_domains (list[str] | None | Unset): Hosts (or keyed hashes of them).
        data_policy (None | SettingsInDataPolicyType0 | Unset):
        directory (DirectoryIn | None | Unset): Record a directory connection; null to drop it.
        revoke_company_items (bool | None | Unset):
        sso_enabled (bool | None | Unset):
    """

    company_domains: list[str] | None | Unset = UNSET
    data_policy: None | SettingsInDataPolicyType0 | Unset = UNSET
    directory: DirectoryIn | None | Unset = UNSET
    revoke_company_items: bool | None | Unset = UNSET
    sso_enabled: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.directory_in import DirectoryIn  # noqa: PLC0415

        company_domains: list[str] | None | Unset
        if isinstance(self.company_domains, Unset):
            company_domains = UNSET
        elif isinstance(self.company_domains, list):
            company_domains = self.company_domains

        else:
            company_domains = self.company_domains

        data_policy: None | str | Unset
        if isinstance(self.data_policy, Unset):
            data_policy = UNSET
        elif isinstance(self.data_policy, SettingsInDataPolicyType0):
            data_policy = self.data_policy.value
        else:
            data_policy = self.data_policy

        directory: dict[str, Any] | None | Unset
        if isinstance(self.directory, Unset):
            directory = UNSET
        elif isinstance(self.directory, DirectoryIn):
            directory = self.directory.to_dict()
        else:
            directory = self.directory

        revoke_company_items: bool | None | Unset
        if isinstance(self.revoke_company_items, Unset):
            revoke_company_items = UNSET
        else:
            revoke_company_items = self.revoke_company_items

        sso_enabled: bool | None | Unset
        if isinstance(self.sso_enabled, Unset):
            sso_enabled = UNSET
        else:
            sso_enabled = self.sso_enabled

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if company_domains is not UNSET:
            field_dict["company_domains"] = company_domains
        if data_policy is not UNSET:
            field_dict["data_policy"] = data_policy
        if directory is not UNSET:
            field_dict["directory"] = directory
        if revoke_company_items is not UNSET:
            field_dict["revoke_company_items"] = revoke_company_items
        if sso_enabled is not UNSET:
            field_dict["sso_enabled"] = sso_enabled

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.directory_in import DirectoryIn  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_company_domains(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                company_domains_type_0 = cast(list[str], data)

                return company_domains_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        company_domains = _parse_company_domains(d.pop("company_domains", UNSET))

        def _parse_data_policy(data: object) -> None | SettingsInDataPolicyType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                data_policy_type_0 = SettingsInDataPolicyType0(data)

                return data_policy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettingsInDataPolicyType0 | Unset, data)

        data_policy = _parse_data_policy(d.pop("data_policy", UNSET))

        def _parse_directory(data: object) -> DirectoryIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                directory_type_0 = DirectoryIn.from_dict(data)

                return directory_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DirectoryIn | None | Unset, data)

        directory = _parse_directory(d.pop("directory", UNSET))

        def _parse_revoke_company_items(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        revoke_company_items = _parse_revoke_company_items(d.pop("revoke_company_items", UNSET))

        def _parse_sso_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        sso_enabled = _parse_sso_enabled(d.pop("sso_enabled", UNSET))

        settings_in = cls(
            company_domains=company_domains,
            data_policy=data_policy,
            directory=directory,
            revoke_company_items=revoke_company_items,
            sso_enabled=sso_enabled,
        )

        return settings_in
