from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="VolumeRequestIn")


@_attrs_define
class VolumeRequestIn:
    """
    Attributes:
        billing_period_months (int):
        company_name (str):
        licenses (int): How many licenses are wanted.
        account_id (None | str | Unset): Required for staff callers.
        note (str | Unset):  Default: ''.
    """

    billing_period_months: int
    company_name: str
    licenses: int
    account_id: None | str | Unset = UNSET
    note: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        billing_period_months = self.billing_period_months

        company_name = self.company_name

        licenses = self.licenses

        account_id: None | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "billing_period_months": billing_period_months,
                "company_name": company_name,
                "licenses": licenses,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        billing_period_months = d.pop("billing_period_months")

        company_name = d.pop("company_name")

        licenses = d.pop("licenses")

        def _parse_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        note = d.pop("note", UNSET)

        volume_request_in = cls(
            billing_period_months=billing_period_months,
            company_name=company_name,
            licenses=licenses,
            account_id=account_id,
            note=note,
        )

        return volume_request_in
