from enum import StrEnum


class DirectoryInKind(StrEnum):
    ACTIVE_DIRECTORY = "active_directory"
    OTHER = "other"
    SCIM = "scim"

    def __str__(self) -> str:
        return str(self.value)
