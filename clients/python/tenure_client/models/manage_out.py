from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ManageOut")


@_attrs_define
class ManageOut:
    """Where the subscription is changed or cancelled (APP-6, APP-12).

    Attributes:
        by (str): you; organization (its administrators manage it); license_owner (the owner of a licensed user's
            license).
        channel (str): web or app_store: the channel it was bought in.
        message (str): For people, in the caller's language.
        url (None | str): The page to manage it: the vendor's (TENURE_MANAGE_SUBSCRIPTIONS_URL) or Apple's; null when
            someone else manages it.
    """

    by: str
    channel: str
    message: str
    url: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by = self.by

        channel = self.channel

        message = self.message

        url: None | str
        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by": by,
                "channel": channel,
                "message": message,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        by = d.pop("by")

        channel = d.pop("channel")

        message = d.pop("message")

        def _parse_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        url = _parse_url(d.pop("url"))

        manage_out = cls(
            by=by,
            channel=channel,
            message=message,
            url=url,
        )

        manage_out.additional_properties = d
        return manage_out

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
