from enum import StrEnum


class ActivationCodeOutState(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    EXPIRED = "expired"
    SUSPENDED = "suspended"

    def __str__(self) -> str:
        return str(self.value)
