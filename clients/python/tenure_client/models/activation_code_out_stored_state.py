from enum import StrEnum


class ActivationCodeOutStoredState(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    SUSPENDED = "suspended"

    def __str__(self) -> str:
        return str(self.value)
