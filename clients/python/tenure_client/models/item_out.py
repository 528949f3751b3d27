from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.share_out import ShareOut


T = TypeVar("T", bound="ItemOut")


@_attrs_define
class ItemOut:
    """
    Attributes:
        domain (None | str):
        item_id (str):
        kind (str):
        owner_account_id (str):
        scope (str):
        shares (list[ShareOut]):
        updated_at (datetime.datetime):
    """

    domain: None | str
    item_id: str
    kind: str
    owner_account_id: str
    scope: str
    shares: list[ShareOut]
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        domain: None | str
        domain = self.domain

        item_id = self.item_id

        kind = self.kind

        owner_account_id = self.owner_account_id

        scope = self.scope

        shares = []
        for shares_item_data in self.shares:
            shares_item = shares_item_data.to_dict()
            shares.append(shares_item)

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "domain": domain,
                "item_id": item_id,
                "kind": kind,
                "owner_account_id": owner_account_id,
                "scope": scope,
                "shares": shares,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.share_out import ShareOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_domain(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        domain = _parse_domain(d.pop("domain"))

        item_id = d.pop("item_id")

        kind = d.pop("kind")

        owner_account_id = d.pop("owner_account_id")

        scope = d.pop("scope")

        shares = []
        _shares = d.pop("shares")
        for shares_item_data in _shares:
            shares_item = ShareOut.from_dict(shares_item_data)

            shares.append(shares_item)

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        item_out = cls(
            domain=domain,
            item_id=item_id,
            kind=kind,
            owner_account_id=owner_account_id,
            scope=scope,
            shares=shares,
            updated_at=updated_at,
        )

        item_out.additional_properties = d
        return item_out

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
