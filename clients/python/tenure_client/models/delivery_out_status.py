from enum import StrEnum


class DeliveryOutStatus(StrEnum):
    AWAITING_RELEASE = "awaiting_release"
    CANCELED = "canceled"
    COMPLETED = "completed"
    EXPIRED = "expired"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
