"""APP-2: in-app purchase needs iOS 12 or later and app version 7.3.7 or later (the demo
catalog's App Store plan); a too-old client is refused before StoreKit gets its token."""

from __future__ import annotations

import pytest

from support import Api
from support.commerce import make_customer
from tenure.catalog.service import LoadedCatalog

TOKEN = "/v1/channels/app_store/account_token"


@pytest.fixture
def app(staff_api: Api, demo_catalog: LoadedCatalog) -> Api:
    return make_customer(staff_api, "ios@example.com").api


def client(platform: str, app_version: str, os_version: str) -> dict[str, str]:
    return {"X-App-Platform": platform, "X-App-Version": app_version, "X-OS-Version": os_version}


@pytest.mark.parametrize(
    ("app_version", "os_version", "too_old"),
    [("7.3.6", "16.1", ["app"]), ("7.3.7", "11.4", ["os"]), ("6.0", "11", ["app", "os"])],
)
def test_app2_too_old_client_cannot_start_a_purchase(
    app: Api, app_version: str, os_version: str, too_old: list[str]
) -> None:
    body = app.post(TOKEN, expect=422, headers=client("ios", app_version, os_version))
    assert body["error"]["code"] == "client_version_too_old"
    assert body["error"]["too_old"] == too_old
    assert body["error"]["min_app_version"] == "7.3.7"
    assert body["error"]["min_os_version"] == "12"


@pytest.mark.parametrize(("app_version", "os_version"), [("7.3.7", "12"), ("7.3.10", "12.0.1")])
def test_app2_supported_client_gets_its_token(app: Api, app_version: str, os_version: str) -> None:
    first = app.post(TOKEN, headers=client("ios", app_version, os_version))
    again = app.post(TOKEN)  # the same token every time
    assert first["app_account_token"] == again["app_account_token"]


def test_app11_the_demo_storefronts_decide_the_trial(app: Api) -> None:
    """Seed 001: the demo's App Store VPN is sold in Denmark's storefront, but its free trial
    is not offered there; the Danish user is told to change the App Store country."""
    danish = app.post(TOKEN, headers={"X-App-Store-Storefront": "DNK", "Accept-Language": "da"})
    (vpn,) = [o for o in danish["store_offers"] if o["product"] == "veilguard-vpn"]
    assert (vpn["offered"], vpn["trial_offered"], vpn["plans"]) == (
        True,
        False,
        ["vg-appstore-12m"],
    )
    assert "skal du ændre din App Stores land eller område" in vpn["message"]
    german = app.post(TOKEN, headers={"X-App-Store-Storefront": "DEU"})["store_offers"]
    assert [(o["product"], o["trial_offered"], o["trial_days"]) for o in german] == [
        ("veilguard-vpn", True, 7)
    ]
    assert app.post(TOKEN)["store_offers"] is None  # a customer session, no storefront
