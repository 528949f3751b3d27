from enum import StrEnum


class LicenseSetupPlatform(StrEnum):
    ANDROID = "android"
    IOS = "ios"
    LINUX = "linux"
    MACOS = "macos"
    ROUTER = "router"
    WINDOWS = "windows"

    def __str__(self) -> str:
        return str(self.value)
