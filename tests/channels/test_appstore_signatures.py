"""APP-1: App Store Server Notifications are accepted only with Apple's signature, checked by
Apple's own ``app-store-server-library`` against the server's root certificates, for this
app and this environment. Anything else is refused with 401 and a stable code, and nothing
is stored.

The signatures here are real (ES256 over a root → intermediate → leaf chain built by
``support.apple``); only the root is a test root instead of Apple's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from support import Api
from support.apple import (
    APP_APPLE_ID,
    BUNDLE_ID,
    AppleStore,
    StoreCustomer,
    StorePurchase,
    TestPKI,
    apple,
    apple_pki,
    post_notification,
    settings,
    store_catalog,
    store_customer,
    store_settings,
    write_root,
)
from tenure.app import build_container
from tenure.channels.appstore.verifier import AppleConfig
from tenure.kit.clock import SimulatedClock
from tenure.kit.db import Database
from tenure.kit.errors import Conflict
from tenure.kit.settings import Settings

__all__ = ["apple", "apple_pki", "settings", "store_catalog"]

URL = "/v1/channels/app_store/notifications"


@pytest.fixture
def buyer(staff_api: Api, store_catalog: None) -> StoreCustomer:
    return store_customer(staff_api)


def purchase(store: AppleStore, clock: SimulatedClock, buyer: StoreCustomer) -> StorePurchase:
    return StorePurchase(store, clock, buyer.token)


def trusted_roots(api: Api) -> Path:
    app: Any = api.client.app
    directory = app.state.container.settings.appstore_root_certificates_dir
    assert isinstance(directory, Path)
    return directory


def refused(anon_api: Api, payload: str, code: str) -> dict[str, Any]:
    body = post_notification(anon_api, payload, expect=401)
    assert body["error"]["code"] == code, body
    return body


def nothing_stored(staff_api: Api, buyer: StoreCustomer) -> None:
    assert staff_api.get("/v1/channels/app_store/notifications")["data"] == []
    assert buyer.api.get("/v1/subscriptions")["data"] == []


def test_app1_a_genuine_notification_is_accepted(
    anon_api: Api, staff_api: Api, apple: AppleStore, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    receipt = post_notification(anon_api, purchase(apple, clock, buyer).initial_buy())
    assert receipt["outcome"] == "applied" and receipt["duplicate"] is False
    (sub,) = buyer.api.get("/v1/subscriptions")["data"]
    assert sub["id"] == receipt["subscription_id"] and sub["channel"] == "app_store"


def test_app1_forged_signature_is_refused(
    anon_api: Api, staff_api: Api, apple: AppleStore, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    """Apple's certificate chain in x5c, but signed with somebody else's key."""
    store = purchase(apple, clock, buyer)
    store.initial_buy()
    payload = apple.notification_payload(
        "SUBSCRIBED",
        "INITIAL_BUY",
        signed_at=clock.now(),
        transaction=None,
        renewal=None,
    )
    forged = apple.pki.sign(payload, key=ec.generate_private_key(ec.SECP256R1()))
    refused(anon_api, forged, "store_signature_invalid")
    nothing_stored(staff_api, buyer)


def test_app1_unsigned_payload_is_refused(
    anon_api: Api, staff_api: Api, apple: AppleStore, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    store = purchase(apple, clock, buyer)
    genuine = store.initial_buy()
    header, body, _signature = genuine.split(".")
    refused(anon_api, f"{header}.{body}.", "store_signature_invalid")  # signature cut off
    payload = apple.notification_payload(
        "SUBSCRIBED", "INITIAL_BUY", signed_at=clock.now(), transaction=None, renewal=None
    )
    refused(anon_api, apple.pki.unsigned(payload), "store_signature_invalid")  # alg: none
    refused(anon_api, "not a JWS at all", "store_signature_invalid")
    nothing_stored(staff_api, buyer)


def test_app1_chain_to_another_root_is_refused(
    anon_api: Api, staff_api: Api, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    """A well-formed chain with Apple's marker extensions, from a root the server does not
    trust."""
    impostor = AppleStore(TestPKI())
    refused(anon_api, purchase(impostor, clock, buyer).initial_buy(), "store_signature_invalid")
    nothing_stored(staff_api, buyer)


@pytest.mark.parametrize(
    ("leaf_marker", "intermediate_marker"), [(False, True), (True, False)], ids=["leaf", "ca"]
)
def test_app1_chain_without_apple_marker_extensions_is_refused(
    anon_api: Api,
    staff_api: Api,
    clock: SimulatedClock,
    buyer: StoreCustomer,
    tmp_path: Path,
    leaf_marker: bool,
    intermediate_marker: bool,
) -> None:
    """Signed under the trusted root, but the leaf (or intermediate) lacks Apple's marker
    OID: not an App Store signing certificate."""
    pki = TestPKI(leaf_marker=leaf_marker, intermediate_marker=intermediate_marker)
    # Trust this root too, so that only the missing marker can be the reason.
    write_root(pki, trusted_roots(anon_api), name="second-root")
    refused(
        anon_api, purchase(AppleStore(pki), clock, buyer).initial_buy(), "store_signature_invalid"
    )
    nothing_stored(staff_api, buyer)
    complete = TestPKI()  # the same, with both markers, under another trusted root: accepted
    write_root(complete, trusted_roots(anon_api), name="third-root")
    post_notification(anon_api, purchase(AppleStore(complete), clock, buyer).initial_buy())


def test_app1_chain_not_valid_at_the_signing_date_is_refused(
    anon_api: Api, staff_api: Api, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    expired = TestPKI(not_after=datetime(2025, 12, 31, tzinfo=UTC))  # the clock is in 2026
    write_root(expired, trusted_roots(anon_api), name="expired-root")
    refused(
        anon_api,
        purchase(AppleStore(expired), clock, buyer).initial_buy(),
        "store_signature_invalid",
    )
    nothing_stored(staff_api, buyer)


def test_app1_wrong_bundle_id_is_refused(
    anon_api: Api, staff_api: Api, apple_pki: TestPKI, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    other_app = AppleStore(apple_pki, bundle_id="com.example.other")
    refused(anon_api, purchase(other_app, clock, buyer).initial_buy(), "store_wrong_app")
    other_apple_id = AppleStore(apple_pki, app_apple_id=APP_APPLE_ID + 1)
    refused(anon_api, purchase(other_apple_id, clock, buyer).initial_buy(), "store_wrong_app")
    nothing_stored(staff_api, buyer)


def test_app1_wrong_environment_is_refused(
    anon_api: Api, staff_api: Api, apple_pki: TestPKI, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    """A Sandbox purchase sent to a Production server grants nothing."""
    sandbox = AppleStore(apple_pki, environment="Sandbox")
    body = refused(
        anon_api, purchase(sandbox, clock, buyer).initial_buy(), "store_wrong_environment"
    )
    assert body["error"]["environment"] == "Production"
    nothing_stored(staff_api, buyer)


def test_app1_nested_transaction_is_verified_too(
    anon_api: Api, staff_api: Api, apple: AppleStore, clock: SimulatedClock, buyer: StoreCustomer
) -> None:
    """A genuine outer signature does not vouch for the transaction inside it."""
    now = clock.now()
    txn = apple.transaction(
        original_transaction_id="2000000000000001",
        transaction_id="2000000000000001",
        product_id="com.example.vpn.yearly",
        purchased_at=now,
        original_purchased_at=now,
        expires_at=datetime(2027, 1, 5, tzinfo=UTC),
        signed_at=now,
        app_account_token=buyer.token,
    )
    outsider = ec.generate_private_key(ec.SECP256R1())
    forged_inner = apple.notification(
        "SUBSCRIBED",
        "INITIAL_BUY",
        signed_at=now,
        transaction=txn,
        renewal=None,
        sign_nested=lambda payload: apple.pki.sign(payload, key=outsider),
    )
    refused(anon_api, forged_inner, "store_signature_invalid")
    other_app_inner = apple.notification(
        "SUBSCRIBED",
        "INITIAL_BUY",
        signed_at=now,
        transaction={**txn, "bundleId": "com.example.other"},
        renewal=None,
    )
    refused(anon_api, other_app_inner, "store_wrong_app")
    nothing_stored(staff_api, buyer)


def test_app1_missing_body_is_bad_input(anon_api: Api) -> None:
    body = anon_api.post(URL, {}, expect=422)
    assert body["error"]["code"]


# --- configuration ---------------------------------------------------------------------


def test_app1_not_configured_server_refuses_notifications(
    database_url: str, clock: SimulatedClock
) -> None:
    """Without a bundle id and root certificates the channel is off (409), never open."""
    from fastapi.testclient import TestClient

    from tenure.app import create_app

    plain = Settings(environment="test", database_url=database_url, simulated_clock=True)
    container = build_container(plain, clock=clock, db=Database(database_url))
    try:
        with TestClient(create_app(container)) as client:
            response = client.post(URL, json={"signedPayload": "x.y.z"})
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "app_store_not_configured"
    finally:
        container.db.dispose()


def test_app1_sandbox_server_and_pem_roots(
    database_url: str, tmp_path: Path, apple_pki: TestPKI
) -> None:
    """A Sandbox server needs no app Apple ID; roots may be PEM files."""
    roots = write_root(apple_pki, tmp_path / "pem-roots", pem=True)
    config = AppleConfig.from_settings(
        store_settings(database_url, roots, environment="Sandbox", appstore_app_apple_id=None)
    )
    assert config.environment == "Sandbox" and config.root_certificates == (apple_pki.root_der,)


@pytest.mark.parametrize("environment", ["Xcode", "LocalTesting"])
def test_app1_unsigned_store_environments_only_in_tests(
    database_url: str, tmp_path: Path, apple_pki: TestPKI, environment: str
) -> None:
    """Xcode and LocalTesting data carry no Apple signature: a real server refuses to start
    with them, and the channel refuses to run with them."""
    roots = write_root(apple_pki, tmp_path / "roots")
    for server_environment in ("development", "production"):
        risky = store_settings(database_url, roots, environment=environment).model_copy(
            update={
                "environment": server_environment,
                "simulated_clock": False,
                "secret_key": "a-long-random-production-secret",
            }
        )
        with pytest.raises(ValueError, match="Production or Sandbox"):
            risky.check()
        with pytest.raises(Conflict):
            AppleConfig.from_settings(risky)
    assert AppleConfig.from_settings(store_settings(database_url, roots, environment=environment))


def test_app1_production_needs_the_app_apple_id(
    database_url: str, tmp_path: Path, apple_pki: TestPKI
) -> None:
    roots = write_root(apple_pki, tmp_path / "roots")
    with pytest.raises(Conflict):
        AppleConfig.from_settings(store_settings(database_url, roots, appstore_app_apple_id=None))
    with pytest.raises(Conflict):
        AppleConfig.from_settings(store_settings(database_url, tmp_path / "empty"))
    assert AppleConfig.from_settings(store_settings(database_url, roots)).bundle_id == BUNDLE_ID
