from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.payment_method_create_type import PaymentMethodCreateType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bitcoin_in import BitcoinIn
    from ..models.card_in import CardIn
    from ..models.paymentwall_in import PaymentwallIn
    from ..models.paypal_in import PaypalIn


T = TypeVar("T", bound="PaymentMethodCreate")


@_attrs_define
class PaymentMethodCreate:
    """
    Attributes:
        type_ (PaymentMethodCreateType):
        account_id (None | str | Unset): Staff must name the account; a customer adds to their own.
        bitcoin (BitcoinIn | None | Unset):
        card (CardIn | None | Unset):
        make_default (bool | Unset): Make it the default; the first method always is. Default: False.
        paymentwall (None | PaymentwallIn | Unset):
        paypal (None | PaypalIn | Unset):
    """

    type_: PaymentMethodCreateType
    account_id: None | str | Unset = UNSET
    bitcoin: BitcoinIn | None | Unset = UNSET
    card: CardIn | None | Unset = UNSET
    make_default: bool | Unset = False
    paymentwall: None | PaymentwallIn | Unset = UNSET
    paypal: None | PaypalIn | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.bitcoin_in import BitcoinIn  # noqa: PLC0415
        from ..models.card_in import CardIn  # noqa: PLC0415
        from ..models.paymentwall_in import PaymentwallIn  # noqa: PLC0415
        from ..models.paypal_in import PaypalIn  # noqa: PLC0415

        type_ = self.type_.value

        account_id: None | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        bitcoin: dict[str, Any] | None | Unset
        if isinstance(self.bitcoin, Unset):
            bitcoin = UNSET
        elif isinstance(self.bitcoin, BitcoinIn):
            bitcoin = self.bitcoin.to_dict()
        else:
            bitcoin = self.bitcoin

        card: dict[str, Any] | None | Unset
        if isinstance(self.card, Unset):
            card = UNSET
        elif isinstance(self.card, CardIn):
            card = self.card.to_dict()
        else:
            card = self.card

        make_default = self.make_default

        paymentwall: dict[str, Any] | None | Unset
        if isinstance(self.paymentwall, Unset):
            paymentwall = UNSET
        elif isinstance(self.paymentwall, PaymentwallIn):
            paymentwall = self.paymentwall.to_dict()
        else:
            paymentwall = self.paymentwall

        paypal: dict[str, Any] | None | Unset
        if isinstance(self.paypal, Unset):
            paypal = UNSET
        elif isinstance(self.paypal, PaypalIn):
            paypal = self.paypal.to_dict()
        else:
            paypal = self.paypal

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if bitcoin is not UNSET:
            field_dict["bitcoin"] = bitcoin
        if card is not UNSET:
            field_dict["card"] = card
        if make_default is not UNSET:
            field_dict["make_default"] = make_default
        if paymentwall is not UNSET:
            field_dict["paymentwall"] = paymentwall
        if paypal is not UNSET:
            field_dict["paypal"] = paypal

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bitcoin_in import BitcoinIn  # noqa: PLC0415
        from ..models.card_in import CardIn  # noqa: PLC0415
        from ..models.paymentwall_in import PaymentwallIn  # noqa: PLC0415
        from ..models.paypal_in import PaypalIn  # noqa: PLC0415

        d = dict(src_dict)
        type_ = PaymentMethodCreateType(d.pop("type"))

        def _parse_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        def _parse_bitcoin(data: object) -> BitcoinIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                bitcoin_type_0 = BitcoinIn.from_dict(data)

                return bitcoin_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BitcoinIn | None | Unset, data)

        bitcoin = _parse_bitcoin(d.pop("bitcoin", UNSET))

        def _parse_card(data: object) -> CardIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                card_type_0 = CardIn.from_dict(data)

                return card_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CardIn | None | Unset, data)

        card = _parse_card(d.pop("card", UNSET))

        make_default = d.pop("make_default", UNSET)

        def _parse_paymentwall(data: object) -> None | PaymentwallIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                paymentwall_type_0 = PaymentwallIn.from_dict(data)

                return paymentwall_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentwallIn | Unset, data)

        paymentwall = _parse_paymentwall(d.pop("paymentwall", UNSET))

        def _parse_paypal(data: object) -> None | PaypalIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                paypal_type_0 = PaypalIn.from_dict(data)

                return paypal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaypalIn | Unset, data)

        paypal = _parse_paypal(d.pop("paypal", UNSET))

        payment_method_create = cls(
            type_=type_,
            account_id=account_id,
            bitcoin=bitcoin,
            card=card,
            make_default=make_default,
            paymentwall=paymentwall,
            paypal=paypal,
        )

        return payment_method_create
