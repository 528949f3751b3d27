from enum import StrEnum


class DeviceInPlatform(StrEnum):
    ANDROID = "android"
    BROWSER = "browser"
    IOS = "ios"
    LINUX = "linux"
    MACOS = "macos"
    ROUTER = "router"
    WINDOWS = "windows"

    def __str__(self) -> str:
        return str(self.value)
