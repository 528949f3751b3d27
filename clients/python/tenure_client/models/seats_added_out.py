from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.invoice_out import InvoiceOut
    from ..models.money_out import MoneyOut
    from ..models.seats_out import SeatsOut
    from ..models.subscription_out import SubscriptionOut


T = TypeVar("T", bound="SeatsAddedOut")


@_attrs_define
class SeatsAddedOut:
    """
    Attributes:
        added (int):
        amount_charged (MoneyOut):
        invoice (InvoiceOut | None):
        seats (SeatsOut):
        subscription (SubscriptionOut):
    """

    added: int
    amount_charged: MoneyOut
    invoice: InvoiceOut | None
    seats: SeatsOut
    subscription: SubscriptionOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_out import InvoiceOut  # noqa: PLC0415

        added = self.added

        amount_charged = self.amount_charged.to_dict()

        invoice: dict[str, Any] | None
        if isinstance(self.invoice, InvoiceOut):
            invoice = self.invoice.to_dict()
        else:
            invoice = self.invoice

        seats = self.seats.to_dict()

        subscription = self.subscription.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "added": added,
                "amount_charged": amount_charged,
                "invoice": invoice,
                "seats": seats,
                "subscription": subscription,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_out import InvoiceOut  # noqa: PLC0415
        from ..models.money_out import MoneyOut  # noqa: PLC0415
        from ..models.seats_out import SeatsOut  # noqa: PLC0415
        from ..models.subscription_out import SubscriptionOut  # noqa: PLC0415

        d = dict(src_dict)
        added = d.pop("added")

        amount_charged = MoneyOut.from_dict(d.pop("amount_charged"))

        def _parse_invoice(data: object) -> InvoiceOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                invoice_type_0 = InvoiceOut.from_dict(data)

                return invoice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InvoiceOut | None, data)

        invoice = _parse_invoice(d.pop("invoice"))

        seats = SeatsOut.from_dict(d.pop("seats"))

        subscription = SubscriptionOut.from_dict(d.pop("subscription"))

        seats_added_out = cls(
            added=added,
            amount_charged=amount_charged,
            invoice=invoice,
            seats=seats,
            subscription=subscription,
        )

        seats_added_out.additional_properties = d
        return seats_added_out

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
