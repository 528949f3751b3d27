from enum import StrEnum


class PlanDetailOutPaymentMethodsItem(StrEnum):
    BITCOIN = "bitcoin"
    CARD = "card"
    INVOICE = "invoice"
    PAYMENTWALL = "paymentwall"
    PAYPAL = "paypal"

    def __str__(self) -> str:
        return str(self.value)
