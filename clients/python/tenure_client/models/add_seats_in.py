from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AddSeatsIn")


@_attrs_define
class AddSeatsIn:
    """
    Attributes:
        add (int): How many seats to add.
        subscription_id (None | str | Unset): Needed when there are several subscriptions.
    """

    add: int
    subscription_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        add = self.add

        subscription_id: None | str | Unset
        if isinstance(self.subscription_id, Unset):
            subscription_id = UNSET
        else:
            subscription_id = self.subscription_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "add": add,
            }
        )
        if subscription_id is not UNSET:
            field_dict["subscription_id"] = subscription_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        add = d.pop("add")

        def _parse_subscription_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subscription_id = _parse_subscription_id(d.pop("subscription_id", UNSET))

        add_seats_in = cls(
            add=add,
            subscription_id=subscription_id,
        )

        return add_seats_in
