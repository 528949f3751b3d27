from enum import StrEnum


class SettingsInDataPolicyType0(StrEnum):
    KEEP_ALL = "keep_all"
    KEEP_PERSONAL = "keep_personal"
    LOSE_ALL = "lose_all"

    def __str__(self) -> str:
        return str(self.value)
