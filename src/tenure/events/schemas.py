from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from tenure.events.models import Event


class EventOut(BaseModel):
    id: str
    type: str
    occurred_at: datetime
    actor: dict[str, str | None]
    subject: dict[str, str]
    data: dict[str, Any]

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls(
            id=event.id,
            type=event.type,
            occurred_at=event.occurred_at,
            actor={"kind": event.actor_kind, "id": event.actor_id},
            subject={"type": event.subject_type, "id": event.subject_id},
            data=event.data,
        )
