from enum import StrEnum


class ActivationCodeOutSlotKind(StrEnum):
    DEVICES = "devices"
    USERS = "users"

    def __str__(self) -> str:
        return str(self.value)
