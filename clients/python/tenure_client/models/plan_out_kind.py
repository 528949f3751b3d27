from enum import StrEnum


class PlanOutKind(StrEnum):
    BUSINESS = "business"
    FREE = "free"
    PERSONAL = "personal"
    VOLUME = "volume"

    def __str__(self) -> str:
        return str(self.value)
