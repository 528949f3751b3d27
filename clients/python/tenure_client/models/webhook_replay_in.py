from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookReplayIn")


@_attrs_define
class WebhookReplayIn:
    """
    Attributes:
        since (datetime.datetime): Every event that occurred at or after this instant (with its zone).
        resume_after (int | None | Unset): The resume_after of a previous answer whose has_more was true.
    """

    since: datetime.datetime
    resume_after: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        since = self.since.isoformat()

        resume_after: int | None | Unset
        if isinstance(self.resume_after, Unset):
            resume_after = UNSET
        else:
            resume_after = self.resume_after

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "since": since,
            }
        )
        if resume_after is not UNSET:
            field_dict["resume_after"] = resume_after

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        since = datetime.datetime.fromisoformat(d.pop("since"))

        def _parse_resume_after(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        resume_after = _parse_resume_after(d.pop("resume_after", UNSET))

        webhook_replay_in = cls(
            since=since,
            resume_after=resume_after,
        )

        return webhook_replay_in
