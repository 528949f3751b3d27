from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.item_in_scope import ItemInScope
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.share_in import ShareIn


T = TypeVar("T", bound="ItemIn")


@_attrs_define
class ItemIn:
    """
    Attributes:
        item_id (str): Your id of the item.
        kind (str): login, secure_note, …
        owner_account_id (str): The member whose vault holds it.
        scope (ItemInScope):
        domain (None | str | Unset): A login's host (login.example.com), or a keyed hash of it (hmac-sha256:<64 hex
            digits>).
        shares (list[ShareIn] | Unset):
    """

    item_id: str
    kind: str
    owner_account_id: str
    scope: ItemInScope
    domain: None | str | Unset = UNSET
    shares: list[ShareIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        item_id = self.item_id

        kind = self.kind

        owner_account_id = self.owner_account_id

        scope = self.scope.value

        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        shares: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.shares, Unset):
            shares = []
            for shares_item_data in self.shares:
                shares_item = shares_item_data.to_dict()
                shares.append(shares_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "item_id": item_id,
                "kind": kind,
                "owner_account_id": owner_account_id,
                "scope": scope,
            }
        )
        if domain is not UNSET:
            field_dict["domain"] = domain
        if shares is not UNSET:
            field_dict["shares"] = shares

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.share_in import ShareIn  # noqa: PLC0415

        d = dict(src_dict)
        item_id = d.pop("item_id")

        kind = d.pop("kind")

        owner_account_id = d.pop("owner_account_id")

        scope = ItemInScope(d.pop("scope"))

        def _parse_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        domain = _parse_domain(d.pop("domain", UNSET))

        _shares = d.pop("shares", UNSET)
        shares: list[ShareIn] | Unset = UNSET
        if _shares is not UNSET:
            shares = []
            for shares_item_data in _shares:
                shares_item = ShareIn.from_dict(shares_item_data)

                shares.append(shares_item)

        item_in = cls(
            item_id=item_id,
            kind=kind,
            owner_account_id=owner_account_id,
            scope=scope,
            domain=domain,
            shares=shares,
        )

        return item_in
