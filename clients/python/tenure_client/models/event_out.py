from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.event_out_actor import EventOutActor
    from ..models.event_out_data import EventOutData
    from ..models.event_out_subject import EventOutSubject


T = TypeVar("T", bound="EventOut")


@_attrs_define
class EventOut:
    """
    Attributes:
        actor (EventOutActor):
        data (EventOutData):
        id (str):
        occurred_at (datetime.datetime):
        subject (EventOutSubject):
        type_ (str):
    """

    actor: EventOutActor
    data: EventOutData
    id: str
    occurred_at: datetime.datetime
    subject: EventOutSubject
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor = self.actor.to_dict()

        data = self.data.to_dict()

        id = self.id

        occurred_at = self.occurred_at.isoformat()

        subject = self.subject.to_dict()

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "data": data,
                "id": id,
                "occurred_at": occurred_at,
                "subject": subject,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_out_actor import EventOutActor  # noqa: PLC0415
        from ..models.event_out_data import EventOutData  # noqa: PLC0415
        from ..models.event_out_subject import EventOutSubject  # noqa: PLC0415

        d = dict(src_dict)
        actor = EventOutActor.from_dict(d.pop("actor"))

        data = EventOutData.from_dict(d.pop("data"))

        id = d.pop("id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        subject = EventOutSubject.from_dict(d.pop("subject"))

        type_ = d.pop("type")

        event_out = cls(
            actor=actor,
            data=data,
            id=id,
            occurred_at=occurred_at,
            subject=subject,
            type_=type_,
        )

        event_out.additional_properties = d
        return event_out

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
