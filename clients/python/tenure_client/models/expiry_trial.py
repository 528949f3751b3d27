from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ExpiryTrial")


@_attrs_define
class ExpiryTrial:
    """On expiry, members get a trial of another plan first (BIZ-3: 30 days of Premium).

    Attributes:
        days (int):
        plan (str):
    """

    days: int
    plan: str

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        plan = self.plan

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "days": days,
                "plan": plan,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = d.pop("days")

        plan = d.pop("plan")

        expiry_trial = cls(
            days=days,
            plan=plan,
        )

        return expiry_trial
