from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.webhook_data import WebhookData


T = TypeVar("T", bound="SubscriptionWebhook")


@_attrs_define
class SubscriptionWebhook:
    """Subscriptions: created, trial, renewed, grace, canceled, expired, restored. Signed with Standard Webhooks (webhook-
    id, webhook-timestamp, webhook-signature).

        Attributes:
            data (WebhookData):
            timestamp (datetime.datetime): When the event occurred.
            type_ (str): subscription.<what happened>
    """

    data: WebhookData
    timestamp: datetime.datetime
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        timestamp = self.timestamp.isoformat()

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "timestamp": timestamp,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_data import WebhookData  # noqa: PLC0415

        d = dict(src_dict)
        data = WebhookData.from_dict(d.pop("data"))

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        type_ = d.pop("type")

        subscription_webhook = cls(
            data=data,
            timestamp=timestamp,
            type_=type_,
        )

        subscription_webhook.additional_properties = d
        return subscription_webhook

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
