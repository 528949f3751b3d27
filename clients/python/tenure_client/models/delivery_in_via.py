from enum import StrEnum


class DeliveryInVia(StrEnum):
    ACCOUNT = "account"
    ADMIN_CONSOLE = "admin_console"

    def __str__(self) -> str:
        return str(self.value)
