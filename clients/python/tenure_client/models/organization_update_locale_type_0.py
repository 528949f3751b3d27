from enum import StrEnum


class OrganizationUpdateLocaleType0(StrEnum):
    DA = "da"
    DE = "de"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
