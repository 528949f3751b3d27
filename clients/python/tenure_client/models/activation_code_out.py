from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.activation_code_out_slot_kind import ActivationCodeOutSlotKind
from ..models.activation_code_out_state import ActivationCodeOutState
from ..models.activation_code_out_stored_state import ActivationCodeOutStoredState

T = TypeVar("T", bound="ActivationCodeOut")


@_attrs_define
class ActivationCodeOut:
    """
    Attributes:
        account_id (str):
        code (str):
        created_at (datetime.datetime):
        id (str):
        slot_kind (ActivationCodeOutSlotKind):
        slots (int):
        slots_used (int):
        state (ActivationCodeOutState): expired once the subscription has expired; else as staff set it.
        state_changed_at (datetime.datetime | None):
        state_reason (None | str):
        stored_state (ActivationCodeOutStoredState):
        subscription_id (str):
    """

    account_id: str
    code: str
    created_at: datetime.datetime
    id: str
    slot_kind: ActivationCodeOutSlotKind
    slots: int
    slots_used: int
    state: ActivationCodeOutState
    state_changed_at: datetime.datetime | None
    state_reason: None | str
    stored_state: ActivationCodeOutStoredState
    subscription_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        code = self.code

        created_at = self.created_at.isoformat()

        id = self.id

        slot_kind = self.slot_kind.value

        slots = self.slots

        slots_used = self.slots_used

        state = self.state.value

        state_changed_at: None | str
        if isinstance(self.state_changed_at, datetime.datetime):
            state_changed_at = self.state_changed_at.isoformat()
        else:
            state_changed_at = self.state_changed_at

        state_reason: None | str
        state_reason = self.state_reason

        stored_state = self.stored_state.value

        subscription_id = self.subscription_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "code": code,
                "created_at": created_at,
                "id": id,
                "slot_kind": slot_kind,
                "slots": slots,
                "slots_used": slots_used,
                "state": state,
                "state_changed_at": state_changed_at,
                "state_reason": state_reason,
                "stored_state": stored_state,
                "subscription_id": subscription_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        slot_kind = ActivationCodeOutSlotKind(d.pop("slot_kind"))

        slots = d.pop("slots")

        slots_used = d.pop("slots_used")

        state = ActivationCodeOutState(d.pop("state"))

        def _parse_state_changed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                state_changed_at_type_0 = datetime.datetime.fromisoformat(data)

                return state_changed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        state_changed_at = _parse_state_changed_at(d.pop("state_changed_at"))

        def _parse_state_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        state_reason = _parse_state_reason(d.pop("state_reason"))

        stored_state = ActivationCodeOutStoredState(d.pop("stored_state"))

        subscription_id = d.pop("subscription_id")

        activation_code_out = cls(
            account_id=account_id,
            code=code,
            created_at=created_at,
            id=id,
            slot_kind=slot_kind,
            slots=slots,
            slots_used=slots_used,
            state=state,
            state_changed_at=state_changed_at,
            state_reason=state_reason,
            stored_state=stored_state,
            subscription_id=subscription_id,
        )

        activation_code_out.additional_properties = d
        return activation_code_out

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
