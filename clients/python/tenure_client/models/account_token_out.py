from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccountTokenOut")


@_attrs_define
class AccountTokenOut:
    """
    Attributes:
        account_id (str):
        app_account_token (str): Pass it to StoreKit as appAccountToken when the purchase starts.
        created_at (datetime.datetime):
    """

    account_id: str
    app_account_token: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        app_account_token = self.app_account_token

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "app_account_token": app_account_token,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        app_account_token = d.pop("app_account_token")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        account_token_out = cls(
            account_id=account_id,
            app_account_token=app_account_token,
            created_at=created_at,
        )

        account_token_out.additional_properties = d
        return account_token_out

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
