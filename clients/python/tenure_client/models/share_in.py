from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ShareIn")


@_attrs_define
class ShareIn:
    """
    Attributes:
        group_id (None | str | Unset): A share with a sharing group.
        recipient_account_id (None | str | Unset): A one-to-one share with this member.
        shared_by_account_id (None | str | Unset): Who originally shared it with the group (the owner when not given).
    """

    group_id: None | str | Unset = UNSET
    recipient_account_id: None | str | Unset = UNSET
    shared_by_account_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        group_id: None | str | Unset
        if isinstance(self.group_id, Unset):
            group_id = UNSET
        else:
            group_id = self.group_id

        recipient_account_id: None | str | Unset
        if isinstance(self.recipient_account_id, Unset):
            recipient_account_id = UNSET
        else:
            recipient_account_id = self.recipient_account_id

        shared_by_account_id: None | str | Unset
        if isinstance(self.shared_by_account_id, Unset):
            shared_by_account_id = UNSET
        else:
            shared_by_account_id = self.shared_by_account_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if group_id is not UNSET:
            field_dict["group_id"] = group_id
        if recipient_account_id is not UNSET:
            field_dict["recipient_account_id"] = recipient_account_id
        if shared_by_account_id is not UNSET:
            field_dict["shared_by_account_id"] = shared_by_account_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_group_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        group_id = _parse_group_id(d.pop("group_id", UNSET))

        def _parse_recipient_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recipient_account_id = _parse_recipient_account_id(d.pop("recipient_account_id", UNSET))

        def _parse_shared_by_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        shared_by_account_id = _parse_shared_by_account_id(d.pop("shared_by_account_id", UNSET))

        share_in = cls(
            group_id=group_id,
            recipient_account_id=recipient_account_id,
            shared_by_account_id=shared_by_account_id,
        )

        return share_in
