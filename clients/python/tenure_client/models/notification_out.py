from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.notification_out_data import NotificationOutData


T = TypeVar("T", bound="NotificationOut")


@_attrs_define
class NotificationOut:
    """
    Attributes:
        account_id (None | str):
        app_account_token (None | str):
        data (NotificationOutData): The verified transaction and renewal info.
        detail (None | str):
        environment (None | str):
        id (str):
        notification_uuid (str):
        original_transaction_id (None | str):
        outcome (str):
        product_id (None | str):
        received_at (datetime.datetime):
        signed_at (datetime.datetime):
        subscription_id (None | str):
        subtype (None | str):
        transaction_id (None | str):
        type_ (str):
    """

    account_id: None | str
    app_account_token: None | str
    data: NotificationOutData
    detail: None | str
    environment: None | str
    id: str
    notification_uuid: str
    original_transaction_id: None | str
    outcome: str
    product_id: None | str
    received_at: datetime.datetime
    signed_at: datetime.datetime
    subscription_id: None | str
    subtype: None | str
    transaction_id: None | str
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id: None | str
        account_id = self.account_id

        app_account_token: None | str
        app_account_token = self.app_account_token

        data = self.data.to_dict()

        detail: None | str
        detail = self.detail

        environment: None | str
        environment = self.environment

        id = self.id

        notification_uuid = self.notification_uuid

        original_transaction_id: None | str
        original_transaction_id = self.original_transaction_id

        outcome = self.outcome

        product_id: None | str
        product_id = self.product_id

        received_at = self.received_at.isoformat()

        signed_at = self.signed_at.isoformat()

        subscription_id: None | str
        subscription_id = self.subscription_id

        subtype: None | str
        subtype = self.subtype

        transaction_id: None | str
        transaction_id = self.transaction_id

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "app_account_token": app_account_token,
                "data": data,
                "detail": detail,
                "environment": environment,
                "id": id,
                "notification_uuid": notification_uuid,
                "original_transaction_id": original_transaction_id,
                "outcome": outcome,
                "product_id": product_id,
                "received_at": received_at,
                "signed_at": signed_at,
                "subscription_id": subscription_id,
                "subtype": subtype,
                "transaction_id": transaction_id,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notification_out_data import NotificationOutData  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_id = _parse_account_id(d.pop("account_id"))

        def _parse_app_account_token(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        app_account_token = _parse_app_account_token(d.pop("app_account_token"))

        data = NotificationOutData.from_dict(d.pop("data"))

        def _parse_detail(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        detail = _parse_detail(d.pop("detail"))

        def _parse_environment(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        environment = _parse_environment(d.pop("environment"))

        id = d.pop("id")

        notification_uuid = d.pop("notification_uuid")

        def _parse_original_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        original_transaction_id = _parse_original_transaction_id(d.pop("original_transaction_id"))

        outcome = d.pop("outcome")

        def _parse_product_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product_id = _parse_product_id(d.pop("product_id"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        signed_at = datetime.datetime.fromisoformat(d.pop("signed_at"))

        def _parse_subscription_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subscription_id = _parse_subscription_id(d.pop("subscription_id"))

        def _parse_subtype(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subtype = _parse_subtype(d.pop("subtype"))

        def _parse_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        transaction_id = _parse_transaction_id(d.pop("transaction_id"))

        type_ = d.pop("type")

        notification_out = cls(
            account_id=account_id,
            app_account_token=app_account_token,
            data=data,
            detail=detail,
            environment=environment,
            id=id,
            notification_uuid=notification_uuid,
            original_transaction_id=original_transaction_id,
            outcome=outcome,
            product_id=product_id,
            received_at=received_at,
            signed_at=signed_at,
            subscription_id=subscription_id,
            subtype=subtype,
            transaction_id=transaction_id,
            type_=type_,
        )

        notification_out.additional_properties = d
        return notification_out

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
