from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VolumeRequestOut")


@_attrs_define
class VolumeRequestOut:
    """
    Attributes:
        account_id (str):
        billing_period_months (int):
        company_name (str):
        created_at (datetime.datetime):
        decided_at (datetime.datetime | None):
        decision_note (None | str):
        id (str):
        licenses (int):
        note (str):
        status (str):
    """

    account_id: str
    billing_period_months: int
    company_name: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_note: None | str
    id: str
    licenses: int
    note: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        billing_period_months = self.billing_period_months

        company_name = self.company_name

        created_at = self.created_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decision_note: None | str
        decision_note = self.decision_note

        id = self.id

        licenses = self.licenses

        note = self.note

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "billing_period_months": billing_period_months,
                "company_name": company_name,
                "created_at": created_at,
                "decided_at": decided_at,
                "decision_note": decision_note,
                "id": id,
                "licenses": licenses,
                "note": note,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        billing_period_months = d.pop("billing_period_months")

        company_name = d.pop("company_name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decision_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_note = _parse_decision_note(d.pop("decision_note"))

        id = d.pop("id")

        licenses = d.pop("licenses")

        note = d.pop("note")

        status = d.pop("status")

        volume_request_out = cls(
            account_id=account_id,
            billing_period_months=billing_period_months,
            company_name=company_name,
            created_at=created_at,
            decided_at=decided_at,
            decision_note=decision_note,
            id=id,
            licenses=licenses,
            note=note,
            status=status,
        )

        volume_request_out.additional_properties = d
        return volume_request_out

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
