from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.invoice_out import InvoiceOut
    from ..models.licenses_charge_out import LicensesChargeOut
    from ..models.money_out import MoneyOut
    from ..models.paying_method_out import PayingMethodOut
    from ..models.scheduled_change import ScheduledChange


T = TypeVar("T", bound="LicensesAddedOut")


@_attrs_define
class LicensesAddedOut:
    """The volume subscription after the addition, with the invoice paid for it and what was
    charged.

        Attributes:
            account_id (str):
            auto_renew (bool):
            billing_period_months (int):
            cancel_at_period_end (bool):
            canceled_at (datetime.datetime | None):
            catalog_version (int):
            channel (str):
            charged (LicensesChargeOut): What adding licenses cost (VL-5): monthly price per license × licenses added × the
                months from now to the unchanged renewal date, a partial month by days.
            created_at (datetime.datetime):
            current_period_end (datetime.datetime | None):
            current_period_start (datetime.datetime | None):
            end_reason (None | str):
            ended_at (datetime.datetime | None):
            grace_ends_at (datetime.datetime | None):
            id (str):
            invoice (InvoiceOut): Amounts are integer minor units of ``currency`` (SUB-8).
            next_action (None | str):
            next_action_at (datetime.datetime | None):
            payment_method_id (None | str): The subscription's own payment method (set at purchase or with `POST
                /v1/subscriptions/{id}/payment_method`); null: the account's default pays.
            plan (str):
            previous_subscription_id (None | str):
            price (MoneyOut):
            product (str):
            quantity (int):
            scheduled_change (None | ScheduledChange):
            start_at (datetime.datetime):
            status (str):
            trial_end (datetime.datetime | None):
            trial_start (datetime.datetime | None):
            paying_method (None | PayingMethodOut | Unset): The method the next renewal, retry or first charge uses: the own
                method while it exists and the plan accepts it, else the account's default if the plan accepts that. Null: none
                the plan accepts (that charge would fail into grace), or the subscription is not charged by Tenure (store or
                invoice-paid).
            store_state (None | str | Unset): Store channels: the store's billing state (see app-store.md).
    """

    account_id: str
    auto_renew: bool
    billing_period_months: int
    cancel_at_period_end: bool
    canceled_at: datetime.datetime | None
    catalog_version: int
    channel: str
    charged: LicensesChargeOut
    created_at: datetime.datetime
    current_period_end: datetime.datetime | None
    current_period_start: datetime.datetime | None
    end_reason: None | str
    ended_at: datetime.datetime | None
    grace_ends_at: datetime.datetime | None
    id: str
    invoice: InvoiceOut
    next_action: None | str
    next_action_at: datetime.datetime | None
    payment_method_id: None | str
    plan: str
    previous_subscription_id: None | str
    price: MoneyOut
    product: str
    quantity: int
    scheduled_change: None | ScheduledChange
    start_at: datetime.datetime
    status: str
    trial_end: datetime.datetime | None
    trial_start: datetime.datetime | None
    paying_method: None | PayingMethodOut | Unset = UNSET
    store_state: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.paying_method_out import PayingMethodOut  # noqa: PLC0415
        from ..models.scheduled_change import ScheduledChange  # noqa: PLC0415

        account_id = self.account_id

        auto_renew = self.auto_renew

        billing_period_months = self.billing_period_months

        cancel_at_period_end = self.cancel_at_period_end

        canceled_at: None | str
        if isinstance(self.canceled_at, datetime.datetime):
            canceled_at = self.canceled_at.isoformat()
        else:
            canceled_at = self.canceled_at

        catalog_version = self.catalog_version

        channel = self.channel

        charged = self.charged.to_dict()

        created_at = self.created_at.isoformat()

        current_period_end: None | str
        if isinstance(self.current_period_end, datetime.datetime):
            current_period_end = self.current_period_end.isoformat()
        else:
            current_period_end = self.current_period_end

        current_period_start: None | str
        if isinstance(self.current_period_start, datetime.datetime):
            current_period_start = self.current_period_start.isoformat()
        else:
            current_period_start = self.current_period_start

        end_reason: None | str
        end_reason = self.end_reason

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        grace_ends_at: None | str
        if isinstance(self.grace_ends_at, datetime.datetime):
            grace_ends_at = self.grace_ends_at.isoformat()
        else:
            grace_ends_at = self.grace_ends_at

        id = self.id

        invoice = self.invoice.to_dict()

        next_action: None | str
        next_action = self.next_action

        next_action_at: None | str
        if isinstance(self.next_action_at, datetime.datetime):
            next_action_at = self.next_action_at.isoformat()
        else:
            next_action_at = self.next_action_at

        payment_method_id: None | str
        payment_method_id = self.payment_method_id

        plan = self.plan

        previous_subscription_id: None | str
        previous_subscription_id = self.previous_subscription_id

        price = self.price.to_dict()

        product = self.product

        quantity = self.quantity

        scheduled_change: dict[str, Any] | None
        if isinstance(self.scheduled_change, ScheduledChange):
            scheduled_change = self.scheduled_change.to_dict()
        else:
            scheduled_change = self.scheduled_change

        start_at = self.start_at.isoformat()

        status = self.status

        trial_end: None | str
        if isinstance(self.trial_end, datetime.datetime):
            trial_end = self.trial_end.isoformat()
        else:
            trial_end = self.trial_end

        trial_start: None | str
        if isinstance(self.trial_start, datetime.datetime):
            trial_start = self.trial_start.isoformat()
        else:
            trial_start = self.trial_start

        paying_method: dict[str, Any] | None | Unset
        if isinstance(self.paying_method, Unset):
            paying_method = UNSET
        elif isinstance(self.paying_method, PayingMethodOut):
            paying_method = self.paying_method.to_dict()
        else:
            paying_method = self.paying_method

        store_state: None | str | Unset
        if isinstance(self.store_state, Unset):
            store_state = UNSET
        else:
            store_state = self.store_state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "auto_renew": auto_renew,
                "billing_period_months": billing_period_months,
                "cancel_at_period_end": cancel_at_period_end,
                "canceled_at": canceled_at,
                "catalog_version": catalog_version,
                "channel": channel,
                "charged": charged,
                "created_at": created_at,
                "current_period_end": current_period_end,
                "current_period_start": current_period_start,
                "end_reason": end_reason,
                "ended_at": ended_at,
                "grace_ends_at": grace_ends_at,
                "id": id,
                "invoice": invoice,
                "next_action": next_action,
                "next_action_at": next_action_at,
                "payment_method_id": payment_method_id,
                "plan": plan,
                "previous_subscription_id": previous_subscription_id,
                "price": price,
                "product": product,
                "quantity": quantity,
                "scheduled_change": scheduled_change,
                "start_at": start_at,
                "status": status,
                "trial_end": trial_end,
                "trial_start": trial_start,
            }
        )
        if paying_method is not UNSET:
            field_dict["paying_method"] = paying_method
        if store_state is not UNSET:
            field_dict["store_state"] = store_state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_out import InvoiceOut  # noqa: PLC0415
        from ..models.licenses_charge_out import LicensesChargeOut  # noqa: PLC0415
        from ..models.money_out import MoneyOut  # noqa: PLC0415
        from ..models.paying_method_out import PayingMethodOut  # noqa: PLC0415
        from ..models.scheduled_change import ScheduledChange  # noqa: PLC0415

        d = dict(src_dict)
        account_id = d.pop("account_id")

        auto_renew = d.pop("auto_renew")

        billing_period_months = d.pop("billing_period_months")

        cancel_at_period_end = d.pop("cancel_at_period_end")

        def _parse_canceled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                canceled_at_type_0 = datetime.datetime.fromisoformat(data)

                return canceled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        canceled_at = _parse_canceled_at(d.pop("canceled_at"))

        catalog_version = d.pop("catalog_version")

        channel = d.pop("channel")

        charged = LicensesChargeOut.from_dict(d.pop("charged"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_current_period_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_end_type_0 = datetime.datetime.fromisoformat(data)

                return current_period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        current_period_end = _parse_current_period_end(d.pop("current_period_end"))

        def _parse_current_period_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_start_type_0 = datetime.datetime.fromisoformat(data)

                return current_period_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        current_period_start = _parse_current_period_start(d.pop("current_period_start"))

        def _parse_end_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        end_reason = _parse_end_reason(d.pop("end_reason"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_grace_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                grace_ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return grace_ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        grace_ends_at = _parse_grace_ends_at(d.pop("grace_ends_at"))

        id = d.pop("id")

        invoice = InvoiceOut.from_dict(d.pop("invoice"))

        def _parse_next_action(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_action = _parse_next_action(d.pop("next_action"))

        def _parse_next_action_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_action_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_action_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_action_at = _parse_next_action_at(d.pop("next_action_at"))

        def _parse_payment_method_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_method_id = _parse_payment_method_id(d.pop("payment_method_id"))

        plan = d.pop("plan")

        def _parse_previous_subscription_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous_subscription_id = _parse_previous_subscription_id(d.pop("previous_subscription_id"))

        price = MoneyOut.from_dict(d.pop("price"))

        product = d.pop("product")

        quantity = d.pop("quantity")

        def _parse_scheduled_change(data: object) -> None | ScheduledChange:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                scheduled_change_type_0 = ScheduledChange.from_dict(data)

                return scheduled_change_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScheduledChange, data)

        scheduled_change = _parse_scheduled_change(d.pop("scheduled_change"))

        start_at = datetime.datetime.fromisoformat(d.pop("start_at"))

        status = d.pop("status")

        def _parse_trial_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_end_type_0 = datetime.datetime.fromisoformat(data)

                return trial_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        trial_end = _parse_trial_end(d.pop("trial_end"))

        def _parse_trial_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_start_type_0 = datetime.datetime.fromisoformat(data)

                return trial_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        trial_start = _parse_trial_start(d.pop("trial_start"))

        def _parse_paying_method(data: object) -> None | PayingMethodOut | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                paying_method_type_0 = PayingMethodOut.from_dict(data)

                return paying_method_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayingMethodOut | Unset, data)

        paying_method = _parse_paying_method(d.pop("paying_method", UNSET))

        def _parse_store_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        store_state = _parse_store_state(d.pop("store_state", UNSET))

        licenses_added_out = cls(
            account_id=account_id,
            auto_renew=auto_renew,
            billing_period_months=billing_period_months,
            cancel_at_period_end=cancel_at_period_end,
            canceled_at=canceled_at,
            catalog_version=catalog_version,
            channel=channel,
            charged=charged,
            created_at=created_at,
            current_period_end=current_period_end,
            current_period_start=current_period_start,
            end_reason=end_reason,
            ended_at=ended_at,
            grace_ends_at=grace_ends_at,
            id=id,
            invoice=invoice,
            next_action=next_action,
            next_action_at=next_action_at,
            payment_method_id=payment_method_id,
            plan=plan,
            previous_subscription_id=previous_subscription_id,
            price=price,
            product=product,
            quantity=quantity,
            scheduled_change=scheduled_change,
            start_at=start_at,
            status=status,
            trial_end=trial_end,
            trial_start=trial_start,
            paying_method=paying_method,
            store_state=store_state,
        )

        licenses_added_out.additional_properties = d
        return licenses_added_out

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
