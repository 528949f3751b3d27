from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SeatsOut")


@_attrs_define
class SeatsOut:
    """
    Attributes:
        available (int):
        limit (int): Seats of the live business subscriptions (CAT-1).
        members (int):
        pending_invitations (int): Pending invitations that have not expired.
        subscription_ids (list[str]):
        used (int):
    """

    available: int
    limit: int
    members: int
    pending_invitations: int
    subscription_ids: list[str]
    used: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        limit = self.limit

        members = self.members

        pending_invitations = self.pending_invitations

        subscription_ids = self.subscription_ids

        used = self.used

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "limit": limit,
                "members": members,
                "pending_invitations": pending_invitations,
                "subscription_ids": subscription_ids,
                "used": used,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        available = d.pop("available")

        limit = d.pop("limit")

        members = d.pop("members")

        pending_invitations = d.pop("pending_invitations")

        subscription_ids = cast(list[str], d.pop("subscription_ids"))

        used = d.pop("used")

        seats_out = cls(
            available=available,
            limit=limit,
            members=members,
            pending_invitations=pending_invitations,
            subscription_ids=subscription_ids,
            used=used,
        )

        seats_out.additional_properties = d
        return seats_out

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
