from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from tenure.activation_codes.models import ActivationCode
from tenure.activation_codes.service import shown_state

if TYPE_CHECKING:
    from tenure.subscriptions.models import Subscription


class ActivationCodeOut(BaseModel):
    id: str
    subscription_id: str
    account_id: str
    code: str
    state: Literal["active", "expired", "blocked", "suspended"] = Field(
        description="expired once the subscription has expired; else as staff set it."
    )
    stored_state: Literal["active", "blocked", "suspended"]
    state_reason: str | None
    state_changed_at: datetime | None
    slots: int
    slot_kind: Literal["devices", "users"]
    slots_used: int
    created_at: datetime

    @classmethod
    def of(cls, code: ActivationCode, sub: Subscription, *, slots_used: int) -> ActivationCodeOut:
        return cls(
            id=code.id,
            subscription_id=code.subscription_id,
            account_id=code.account_id,
            code=code.code,
            state=shown_state(code, sub),
            stored_state=code.state,
            state_reason=code.state_reason,
            state_changed_at=code.state_changed_at,
            slots=code.slots,
            slot_kind=code.slot_kind,
            slots_used=slots_used,
            created_at=code.created_at,
        )


class StateChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=200, description="Shown to staff.")
