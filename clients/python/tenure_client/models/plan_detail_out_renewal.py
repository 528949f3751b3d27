from enum import StrEnum


class PlanDetailOutRenewal(StrEnum):
    AUTO = "auto"
    FIXED_TERM = "fixed_term"

    def __str__(self) -> str:
        return str(self.value)
