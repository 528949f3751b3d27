from enum import StrEnum


class PlanDetailOutChannelsItem(StrEnum):
    APP_STORE = "app_store"
    GOOGLE_PLAY = "google_play"
    WEB = "web"

    def __str__(self) -> str:
        return str(self.value)
