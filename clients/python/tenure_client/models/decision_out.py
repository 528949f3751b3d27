from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DecisionOut")


@_attrs_define
class DecisionOut:
    """One row of a revocation plan, for your backend to apply and confirm.

    Attributes:
        access (str):
        account_id (str):
        action (str): revoke, restore or not_restored.
        applied_at (datetime.datetime | None):
        cause (str): member_removed, expiry or restore.
        created_at (datetime.datetime):
        id (str):
        item_id (str):
        plan_id (str):
        reason (str):
    """

    access: str
    account_id: str
    action: str
    applied_at: datetime.datetime | None
    cause: str
    created_at: datetime.datetime
    id: str
    item_id: str
    plan_id: str
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access = self.access

        account_id = self.account_id

        action = self.action

        applied_at: None | str
        if isinstance(self.applied_at, datetime.datetime):
            applied_at = self.applied_at.isoformat()
        else:
            applied_at = self.applied_at

        cause = self.cause

        created_at = self.created_at.isoformat()

        id = self.id

        item_id = self.item_id

        plan_id = self.plan_id

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access": access,
                "account_id": account_id,
                "action": action,
                "applied_at": applied_at,
                "cause": cause,
                "created_at": created_at,
                "id": id,
                "item_id": item_id,
                "plan_id": plan_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access = d.pop("access")

        account_id = d.pop("account_id")

        action = d.pop("action")

        def _parse_applied_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                applied_at_type_0 = datetime.datetime.fromisoformat(data)

                return applied_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        applied_at = _parse_applied_at(d.pop("applied_at"))

        cause = d.pop("cause")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        item_id = d.pop("item_id")

        plan_id = d.pop("plan_id")

        reason = d.pop("reason")

        decision_out = cls(
            access=access,
            account_id=account_id,
            action=action,
            applied_at=applied_at,
            cause=cause,
            created_at=created_at,
            id=id,
            item_id=item_id,
            plan_id=plan_id,
            reason=reason,
        )

        decision_out.additional_properties = d
        return decision_out

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
