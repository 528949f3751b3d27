from enum import StrEnum


class ConnectionOutStatus(StrEnum):
    ENDED = "ended"
    EXPIRED = "expired"
    LIVE = "live"

    def __str__(self) -> str:
        return str(self.value)
