from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookReplayOut")


@_attrs_define
class WebhookReplayOut:
    """
    Attributes:
        has_more (bool): More events match: ask again with resume_after.
        queued (int):
        resume_after (int | None):
    """

    has_more: bool
    queued: int
    resume_after: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        has_more = self.has_more

        queued = self.queued

        resume_after: int | None
        resume_after = self.resume_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "has_more": has_more,
                "queued": queued,
                "resume_after": resume_after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        has_more = d.pop("has_more")

        queued = d.pop("queued")

        def _parse_resume_after(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        resume_after = _parse_resume_after(d.pop("resume_after"))

        webhook_replay_out = cls(
            has_more=has_more,
            queued=queued,
            resume_after=resume_after,
        )

        webhook_replay_out.additional_properties = d
        return webhook_replay_out

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
