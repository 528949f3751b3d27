from enum import StrEnum


class PaymentMethodCreateType(StrEnum):
    BITCOIN = "bitcoin"
    CARD = "card"
    PAYMENTWALL = "paymentwall"
    PAYPAL = "paypal"

    def __str__(self) -> str:
        return str(self.value)
