from enum import StrEnum


class ActivationCodesSlotKind(StrEnum):
    DEVICES = "devices"
    USERS = "users"

    def __str__(self) -> str:
        return str(self.value)
