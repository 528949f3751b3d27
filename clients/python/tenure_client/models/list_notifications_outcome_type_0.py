from enum import StrEnum


class ListNotificationsOutcomeType0(StrEnum):
    APPLIED = "applied"
    RECORDED = "recorded"
    STALE = "stale"
    UNKNOWN_PRODUCT = "unknown_product"
    UNLINKED = "unlinked"

    def __str__(self) -> str:
        return str(self.value)
