from enum import StrEnum


class DeviceOutStatus(StrEnum):
    LINKED = "linked"
    UNLINKED = "unlinked"

    def __str__(self) -> str:
        return str(self.value)
