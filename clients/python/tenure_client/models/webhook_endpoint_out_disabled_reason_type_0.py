from enum import StrEnum


class WebhookEndpointOutDisabledReasonType0(StrEnum):
    FAILING = "failing"
    STAFF = "staff"

    def __str__(self) -> str:
        return str(self.value)
