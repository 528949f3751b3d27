from enum import StrEnum


class PlanOutPaymentMethodsItem(StrEnum):
    BITCOIN = "bitcoin"
    CARD = "card"
    INVOICE = "invoice"
    PAYMENTWALL = "paymentwall"
    PAYPAL = "paypal"

    def __str__(self) -> str:
        return str(self.value)
