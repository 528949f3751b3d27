from enum import StrEnum


class AccountUpdateLocaleType0(StrEnum):
    DA = "da"
    DE = "de"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
