from enum import StrEnum


class AccountCreateLocale(StrEnum):
    DA = "da"
    DE = "de"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
