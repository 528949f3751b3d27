from enum import StrEnum


class WebhookEndpointWithSecretOutDisabledReasonType0(StrEnum):
    FAILING = "failing"
    STAFF = "staff"

    def __str__(self) -> str:
        return str(self.value)
