from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.webhook_actor import WebhookActor
    from ..models.webhook_data_details import WebhookDataDetails


T = TypeVar("T", bound="WebhookData")


@_attrs_define
class WebhookData:
    """
    Attributes:
        account_id (None | str):
        actor (WebhookActor):
        details (WebhookDataDetails): The event's own fields (see the event feed).
        event_id (str): The event's id; also the webhook-id header.
        subject_id (str):
        subject_type (str):
    """

    account_id: None | str
    actor: WebhookActor
    details: WebhookDataDetails
    event_id: str
    subject_id: str
    subject_type: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id: None | str
        account_id = self.account_id

        actor = self.actor.to_dict()

        details = self.details.to_dict()

        event_id = self.event_id

        subject_id = self.subject_id

        subject_type = self.subject_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "actor": actor,
                "details": details,
                "event_id": event_id,
                "subject_id": subject_id,
                "subject_type": subject_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_actor import WebhookActor  # noqa: PLC0415
        from ..models.webhook_data_details import WebhookDataDetails  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_id = _parse_account_id(d.pop("account_id"))

        actor = WebhookActor.from_dict(d.pop("actor"))

        details = WebhookDataDetails.from_dict(d.pop("details"))

        event_id = d.pop("event_id")

        subject_id = d.pop("subject_id")

        subject_type = d.pop("subject_type")

        webhook_data = cls(
            account_id=account_id,
            actor=actor,
            details=details,
            event_id=event_id,
            subject_id=subject_id,
            subject_type=subject_type,
        )

        webhook_data.additional_properties = d
        return webhook_data

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
