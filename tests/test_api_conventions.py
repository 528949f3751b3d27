"""X-11: one API convention everywhere, and a complete OpenAPI contract.

* every list endpoint answers ``{"data", "has_more", "next_cursor"}`` and walks page by page
  (``limit``, ``cursor``) over the whole list, in a stable order, with no duplicates and no
  omissions; an invalid cursor is ``422 invalid_cursor``;
* every timestamp is RFC 3339 UTC with ``Z`` (responses, errors, event payloads);
* a staff key on a ``/v1/me…`` route is told the staff route to use;
* a 405 names the methods the path really allows (``Allow`` and the body);
* every operation of the OpenAPI document has its error answers (the ``Error`` schema) and a
  ``security`` entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from support import Api
from support.commerce import Customer, add_card, make_customer
from support.devices import (
    LinkedDevice,
    buy,
    device_catalog,
    insert_subscription,
    link_device,
    owner,
)
from support.organizations import create_org, join
from support.volume import insert_volume_subscription
from tenure.catalog.service import demo_catalog_source, load_catalog
from tenure.channels.appstore.models import AppStoreNotification
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.ids import new_id
from tenure.webhooks.jobs import FAN_OUT

__all__ = ["device_catalog", "owner"]  # fixtures

# --------------------------------------------------------------------------- the list walk

Setup = Callable[[pytest.FixtureRequest], tuple[Api, str]]


def _fixture(request: pytest.FixtureRequest, name: str) -> Any:
    return request.getfixturevalue(name)


def _accounts(request: pytest.FixtureRequest) -> tuple[Api, str]:
    staff_api: Api = _fixture(request, "staff_api")
    for n in range(5):
        make_customer(staff_api, f"walker{n}@example.com")
    return staff_api, "/v1/accounts"


def _catalog_versions(request: pytest.FixtureRequest) -> tuple[Api, str]:
    container: Container = _fixture(request, "container")
    _fixture(request, "demo_catalog")
    source = demo_catalog_source()
    for n in range(4):
        with container.db.transaction() as session:
            load_catalog(
                session,
                source=f"{source}\n# revision {n}\n".replace("name:", f"name: R{n}", 1),
                now=container.clock.now(),
                actor=Actor("staff"),
            )
    return _fixture(request, "staff_api"), "/v1/catalog/versions"


def _payment_methods(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer: Customer = _fixture(request, "customer")
    for year in range(2030, 2035):
        add_card(customer.api, {"number": "4242424242424242", "exp_month": 1,
                                "exp_year": year, "cvc": "123"})  # fmt: skip
    return customer.api, "/v1/payment_methods"


def _subscriptions(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer: Customer = _fixture(request, "customer")
    container: Container = _fixture(request, "container")
    for _ in range(5):
        insert_subscription(container, account_id=customer.id, plan="vpn-monthly", months=1)
    return customer.api, "/v1/subscriptions"


def _paid(request: pytest.FixtureRequest) -> tuple[Customer, dict[str, Any]]:
    """A customer whose monthly subscription renewed a few times (invoices, events)."""
    customer: Customer = _fixture(request, "customer")
    staff_api: Api = _fixture(request, "staff_api")
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    staff_api.post("/v1/clock/advance", {"days": 95})
    return customer, sub


def _subscription_events(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer, sub = _paid(request)
    return customer.api, f"/v1/subscriptions/{sub['id']}/events"


def _invoices(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer, _sub = _paid(request)
    return customer.api, "/v1/invoices"


def _events(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer, _sub = _paid(request)
    return _fixture(request, "staff_api"), f"/v1/events?account_id={customer.id}"


def _devices(owner: Customer, count: int) -> list[LinkedDevice]:
    return [link_device(owner, name=f"Device {n}", platform="linux") for n in range(count)]


def _device_list(request: pytest.FixtureRequest) -> tuple[Api, str]:
    owner: Customer = _fixture(request, "owner")
    _devices(owner, 5)
    return owner.api, "/v1/devices"


def _delivered(request: pytest.FixtureRequest) -> tuple[Customer, str, str]:
    """Five deliveries of one subscription to one device (each cancelled, then sent again)."""
    owner: Customer = _fixture(request, "owner")
    sub = buy(owner, "av-auto-1y")
    device = link_device(owner)
    for _ in range(5):
        delivery = owner.api.post(
            f"/v1/subscriptions/{sub['id']}/deliveries", {"device_id": device.id}, expect=201
        )
        owner.api.post(f"/v1/deliveries/{delivery['id']}/cancel")
    return owner, sub["id"], device.id


def _device_deliveries(request: pytest.FixtureRequest) -> tuple[Api, str]:
    owner, _sub, device = _delivered(request)
    return owner.api, f"/v1/devices/{device}/deliveries"


def _subscription_deliveries(request: pytest.FixtureRequest) -> tuple[Api, str]:
    owner, sub, _device = _delivered(request)
    return owner.api, f"/v1/subscriptions/{sub}/deliveries"


def _subscription_devices(request: pytest.FixtureRequest) -> tuple[Api, str]:
    owner: Customer = _fixture(request, "owner")
    sub = buy(owner, "av-auto-1y")
    _devices(owner, 5)
    return owner.api, f"/v1/subscriptions/{sub['id']}/devices"


def _activation_codes(request: pytest.FixtureRequest) -> tuple[Api, str]:
    owner: Customer = _fixture(request, "owner")
    container: Container = _fixture(request, "container")
    for _ in range(5):
        insert_subscription(container, account_id=owner.id, plan="av-auto-1y", product="av")
    return owner.api, "/v1/activation-codes"


def _connections(request: pytest.FixtureRequest) -> tuple[Api, str]:
    owner: Customer = _fixture(request, "owner")
    buy(owner, "vpn-web-1m")
    for device in _devices(owner, 5):
        device.api.post("/v1/connections", expect=201)
    return owner.api, "/v1/connections"


def _licenses(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer: Customer = _fixture(request, "customer")
    volume = insert_volume_subscription(_fixture(request, "container"), customer.id, quantity=7)
    return customer.api, f"/v1/volume_subscriptions/{volume.id}/licenses"


def _license_events(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer: Customer = _fixture(request, "customer")
    volume = insert_volume_subscription(_fixture(request, "container"), customer.id, quantity=5)
    lic = volume.license_ids[0]
    for n in range(3):
        customer.api.post(
            f"/v1/licenses/{lic}/assign", {"name": f"Ada {n}", "email": f"ada{n}@example.com"}
        )
    customer.api.post(f"/v1/licenses/{lic}/free")
    return customer.api, f"/v1/licenses/{lic}/events"


def _volume_requests(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer: Customer = _fixture(request, "customer")
    staff_api: Api = _fixture(request, "staff_api")
    for _ in range(4):
        asked = customer.api.post(
            "/v1/volume/requests",
            {"company_name": "Fjord ApS", "licenses": 12, "billing_period_months": 12},
            expect=201,
        )
        staff_api.post(f"/v1/volume/requests/{asked['id']}/reject", {"note": "not yet"})
    return customer.api, "/v1/volume/requests"


def _store_notifications(request: pytest.FixtureRequest) -> tuple[Api, str]:
    container: Container = _fixture(request, "container")
    now = container.clock.now()
    with container.db.transaction() as session:
        for n in range(5):
            session.add(
                AppStoreNotification(
                    id=new_id("ntf"), notification_uuid=f"uuid-{n}",
                    notification_type="DID_RENEW", subtype=None, signed_at=now,
                    environment="Sandbox", original_transaction_id=f"otx-{n}",
                    transaction_id=f"tx-{n}", product_id="vpn.yearly", app_account_token=None,
                    account_id=None, subscription_id=None, outcome="unlinked", detail=None,
                    data={}, received_at=now, processed_at=now,
                )
            )  # fmt: skip
    return _fixture(request, "staff_api"), "/v1/channels/app_store/notifications"


def _org_of(request: pytest.FixtureRequest) -> tuple[Customer, dict[str, Any]]:
    """An organization on the Team plan whose admin invited four people who joined, and one
    more who has not yet."""
    customer: Customer = _fixture(request, "customer")
    staff_api: Api = _fixture(request, "staff_api")
    container: Container = _fixture(request, "container")
    org = create_org(customer, plan="pm-team", seats=10)
    for n in range(4):
        person = make_customer(staff_api, f"member{n}@fjord.example")
        join(container, customer.api, org, person, f"member{n}@fjord.example")
    customer.api.post(
        f"/v1/organizations/{org['id']}/invitations", {"email": "late@fjord.example"}, expect=201
    )
    return customer, org


def _organizations(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer: Customer = _fixture(request, "customer")
    for n in range(5):
        create_org(customer, f"Org{n} ApS", card=False)
    return customer.api, "/v1/organizations"


def _org_members(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer, org = _org_of(request)
    return customer.api, f"/v1/organizations/{org['id']}/members"


def _org_invitations(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer, org = _org_of(request)
    return customer.api, f"/v1/organizations/{org['id']}/invitations"


def _org_events(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer, org = _org_of(request)
    return customer.api, f"/v1/organizations/{org['id']}/events"


def _org_subscriptions(request: pytest.FixtureRequest) -> tuple[Api, str]:
    customer: Customer = _fixture(request, "customer")
    org = create_org(customer, plan="pm-team", seats=2)
    for _ in range(3):
        customer.api.post(
            f"/v1/organizations/{org['id']}/subscriptions", {"plan": "pm-team"}, expect=201
        )
    return customer.api, f"/v1/organizations/{org['id']}/subscriptions"


def _orgs_in_grace(request: pytest.FixtureRequest) -> tuple[Api, str]:
    """Five organizations whose trial ended without a payment method: all in grace."""
    customer: Customer = _fixture(request, "customer")
    staff_api: Api = _fixture(request, "staff_api")
    for n in range(5):
        create_org(customer, f"Org{n} ApS", plan="pm-team", card=False)
    staff_api.post("/v1/clock/advance", {"days": 15})
    return staff_api, "/v1/organizations/in_grace"


def _vault_org(request: pytest.FixtureRequest) -> tuple[Api, str, Customer, dict[str, Any]]:
    """An organization whose member has five company logins in the vault index."""
    customer, org = _org_of(request)
    staff_api: Api = _fixture(request, "staff_api")
    member = staff_api.get(f"/v1/organizations/{org['id']}/members")["data"][1]["account_id"]
    url = f"/v1/organizations/{org['id']}/vault"
    staff_api.put(f"{url}/items", {"items": [
        {"item_id": f"login-{n}", "owner_account_id": member, "kind": "login",
         "scope": "company", "domain": f"app{n}.fjord.example"} for n in range(5)
    ]})  # fmt: skip
    return staff_api, url, customer, {**org, "member": member}


def _vault_items(request: pytest.FixtureRequest) -> tuple[Api, str]:
    staff_api, url, _customer, _org = _vault_org(request)
    return staff_api, f"{url}/items"


def _vault_groups(request: pytest.FixtureRequest) -> tuple[Api, str]:
    staff_api, url, _customer, _org = _vault_org(request)
    staff_api.put(f"{url}/groups", {"groups": [{"group_id": f"g{n}"} for n in range(5)]})
    return staff_api, f"{url}/groups"


def _vault_decisions(request: pytest.FixtureRequest) -> tuple[Api, str]:
    """Removing the member with "revoke company items" on revokes their five logins."""
    staff_api, url, customer, org = _vault_org(request)
    settings = {"revoke_company_items": True, "company_domains": ["fjord.example"]}
    customer.api.patch(f"/v1/organizations/{org['id']}/settings", settings)
    customer.api.delete(f"/v1/organizations/{org['id']}/members/{org['member']}")
    return staff_api, f"{url}/decisions"


def _webhook_endpoints(request: pytest.FixtureRequest) -> tuple[Api, str]:
    staff_api: Api = _fixture(request, "staff_api")
    for n in range(5):
        staff_api.post("/v1/webhook_endpoints", {"url": f"https://h{n}.vendor.example/t"},
                       expect=201)  # fmt: skip
    return staff_api, "/v1/webhook_endpoints"


def _webhook_deliveries(request: pytest.FixtureRequest) -> tuple[Api, str]:
    """Five deliveries queued (fanned out, not sent) for one endpoint."""
    staff_api: Api = _fixture(request, "staff_api")
    made = staff_api.post("/v1/webhook_endpoints", {"url": "https://h.vendor.example/t"},
                          expect=201)  # fmt: skip
    for n in range(4):
        staff_api.post("/v1/accounts", {"email": f"w{n}@example.com", "name": "W"}, expect=201)
    container: Container = _fixture(request, "container")
    FAN_OUT.run_due(container, now=container.clock.now())
    return staff_api, f"/v1/webhook_endpoints/{made['id']}/deliveries"


LISTS: dict[str, tuple[str, Setup]] = {
    "GET /v1/webhook_endpoints": ("catalog", _webhook_endpoints),
    "GET /v1/webhook_endpoints/{endpoint_id}/deliveries": ("catalog", _webhook_deliveries),
    "GET /v1/organizations/{organization_id}/vault/items": ("catalog", _vault_items),
    "GET /v1/organizations/{organization_id}/vault/groups": ("catalog", _vault_groups),
    "GET /v1/organizations/{organization_id}/vault/decisions": ("catalog", _vault_decisions),
    "GET /v1/organizations": ("catalog", _organizations),
    "GET /v1/organizations/{organization_id}/members": ("catalog", _org_members),
    "GET /v1/organizations/{organization_id}/invitations": ("catalog", _org_invitations),
    "GET /v1/organizations/{organization_id}/events": ("catalog", _org_events),
    "GET /v1/organizations/{organization_id}/subscriptions": ("catalog", _org_subscriptions),
    "GET /v1/organizations/in_grace": ("catalog", _orgs_in_grace),
    "GET /v1/accounts": ("catalog", _accounts),
    "GET /v1/catalog/versions": ("catalog", _catalog_versions),
    "GET /v1/payment_methods": ("catalog", _payment_methods),
    "GET /v1/subscriptions": ("catalog", _subscriptions),
    "GET /v1/subscriptions/{subscription_id}/events": ("catalog", _subscription_events),
    "GET /v1/invoices": ("catalog", _invoices),
    "GET /v1/events": ("catalog", _events),
    "GET /v1/devices": ("device_catalog", _device_list),
    "GET /v1/devices/{device_id}/deliveries": ("device_catalog", _device_deliveries),
    "GET /v1/subscriptions/{subscription_id}/deliveries": (
        "device_catalog",
        _subscription_deliveries,
    ),
    "GET /v1/subscriptions/{subscription_id}/devices": ("device_catalog", _subscription_devices),
    "GET /v1/activation-codes": ("device_catalog", _activation_codes),
    "GET /v1/connections": ("device_catalog", _connections),
    "GET /v1/volume_subscriptions/{subscription_id}/licenses": ("catalog", _licenses),
    "GET /v1/licenses/{license_id}/events": ("catalog", _license_events),
    "GET /v1/volume/requests": ("catalog", _volume_requests),
    "GET /v1/channels/app_store/notifications": ("catalog", _store_notifications),
}


def _get(api: Api, url: str, **params: Any) -> dict[str, Any]:
    joiner = "&" if "?" in url else "?"
    query = "&".join(f"{k}={v}" for k, v in params.items())
    body: dict[str, Any] = api.get(f"{url}{joiner}{query}" if query else url)
    return body


@pytest.mark.parametrize("endpoint", sorted(LISTS))
def test_x11_every_list_walks_page_by_page_without_duplicates_or_omissions(
    endpoint: str, request: pytest.FixtureRequest
) -> None:
    catalog_fixture, setup = LISTS[endpoint]
    if catalog_fixture == "catalog" and endpoint != "GET /v1/catalog/versions":
        _fixture(request, "catalog")
    api, url = setup(request)

    whole = _get(api, url, limit=200)
    assert {"data", "has_more", "next_cursor"} <= set(whole)
    assert whole["has_more"] is False and whole["next_cursor"] is None
    everything = [item.get("id") or item.get("version") or item for item in whole["data"]]
    assert len(everything) >= 4, f"the setup made too few items: {whole}"

    walked: list[Any] = []
    page = _get(api, url, limit=2)
    pages = 1
    while True:
        assert len(page["data"]) <= 2
        walked += [item.get("id") or item.get("version") or item for item in page["data"]]
        if not page["has_more"]:
            assert page["next_cursor"] is None
            break
        assert isinstance(page["next_cursor"], str)
        page = _get(api, url, limit=2, cursor=page["next_cursor"])
        pages += 1
        assert pages < 20
    assert pages >= 2
    assert walked == everything  # the same items, once each, in the same order


def test_x11_the_walk_covers_every_list_endpoint(client: TestClient) -> None:
    """Every operation that answers a page is walked above (a new list gets a case)."""
    doc = client.get("/openapi.json").json()
    paged = set()
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            ok = operation["responses"].get("200", {}).get("content", {})
            ref = ok.get("application/json", {}).get("schema", {}).get("$ref", "")
            schema = doc["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
            if {"data", "has_more", "next_cursor"} <= set(schema.get("properties", {})):
                paged.add(f"{method.upper()} {path}")
                names = {p["name"] for p in operation.get("parameters", [])}
                assert {"limit", "cursor"} <= names, path
    assert paged == set(LISTS)


@pytest.mark.parametrize(
    ("cursor", "limit"),
    [("not-a-cursor", 2), ("WzEsMiwzXQ", 2), ("W10", 2), ("eyJhIjoxfQ", 2), ("W3RydWVd", 2)],
)
def test_x11_bad_cursor_or_limit_is_refused_with_a_stable_code(
    staff_api: Api, demo_catalog: object, cursor: str, limit: int
) -> None:
    for url in ("/v1/events", "/v1/catalog/versions", "/v1/accounts"):
        body = staff_api.get(f"{url}?limit={limit}&cursor={cursor}", expect=422)
        assert body["error"]["code"] == "invalid_cursor", (url, body)
    # A key of the wrong type for the list: a string where events have a sequence number.
    body = staff_api.get("/v1/events?cursor=WyJ4Il0", expect=422)
    assert body["error"]["code"] == "invalid_cursor"
    for bad in (0, 201, -1):
        body = staff_api.get(f"/v1/events?limit={bad}", expect=422)
        assert body["error"]["code"] == "invalid_request"


# --------------------------------------------------------------------------- timestamps

Z_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
ANY_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _timestamps(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for item in value.values() for t in _timestamps(item)]
    if isinstance(value, list):
        return [t for item in value for t in _timestamps(item)]
    if isinstance(value, str) and ANY_TIME.search(value):
        return [value]
    return []


def test_x11_every_timestamp_is_rfc3339_utc_with_z(
    owner: Customer, staff_api: Api, container: Container
) -> None:
    sub = buy(owner, "vpn-web-1m")
    (device,) = _devices(owner, 1)
    lease = device.api.post("/v1/connections", expect=201)
    device.api.post(f"/v1/connections/{lease['id']}/release")
    ended = device.api.post(f"/v1/connections/{lease['id']}/heartbeat", expect=409)
    assert ended["error"]["code"] == "connection_ended"
    seen = {
        "connection_ended": _timestamps(ended),
        "events": _timestamps(staff_api.get(f"/v1/events?account_id={owner.id}&limit=200")),
        "subscription": _timestamps(owner.api.get(f"/v1/subscriptions/{sub['id']}")),
        "invoices": _timestamps(owner.api.get("/v1/invoices")),
        "clock": _timestamps(staff_api.get("/v1/clock")),
    }
    for where, stamps in seen.items():
        assert stamps, where
        bad = [s for s in stamps if not Z_TIME.match(s)]
        assert not bad, f"{where}: {bad}"
    when = datetime.fromisoformat(ended["error"]["ended_at"])
    assert when.tzinfo is not None and when.utcoffset() == UTC.utcoffset(None)


# --------------------------------------------------------------------------- staff on /me


@pytest.mark.parametrize(
    ("method", "path", "staff_route"),
    [
        ("GET", "/v1/me", "GET /v1/accounts/{account_id}"),
        ("GET", "/v1/me/entitlement", "GET /v1/accounts/{account_id}/entitlement"),
        ("GET", "/v1/me/entitlement/stream", "GET /v1/accounts/{account_id}/entitlement"),
        ("GET", "/v1/me/license", "GET /v1/licenses/{license_id}"),
        ("POST", "/v1/me/license/connections", "GET /v1/connections?account_id={account_id}"),
        ("GET", "/v1/devices/me", "GET /v1/devices/{device_id}"),
        ("POST", "/v1/devices/me/check-in", "GET /v1/devices/{device_id}"),
    ],
)
def test_x11_staff_key_on_a_me_route_is_told_the_staff_route(
    staff_api: Api, method: str, path: str, staff_route: str
) -> None:
    body = staff_api.call(method, path, expect=403, json={} if method == "POST" else None)
    assert body["error"]["code"] == "staff_use_staff_route"
    assert body["error"]["staff_route"] == staff_route
    assert staff_route in body["error"]["message"]
    danish = staff_api.call(method, path, expect=403, headers={"Accept-Language": "da"})
    assert "brug " + staff_route in danish["error"]["message"]


def test_x11_every_me_route_names_its_staff_route(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    me = [
        (method, path, operation)
        for path, operations in doc["paths"].items()
        if path.startswith(("/v1/me", "/v1/devices/me"))
        for method, operation in operations.items()
    ]
    assert len(me) >= 10
    missing = [f"{m} {p}" for m, p, op in me if not op.get("x-tenure-staff-route")]
    assert not missing


# --------------------------------------------------------------------------- 405


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/v1/devices/dev_x", ["DELETE", "GET", "PATCH"]),
        ("DELETE", "/v1/accounts", ["GET", "POST"]),
        ("POST", "/healthz", ["GET"]),
        ("PATCH", "/v1/payment_methods/pm_x", ["DELETE", "GET"]),
    ],
)
def test_x11_405_names_every_method_the_path_allows(
    client: TestClient, method: str, path: str, allowed: list[str]
) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == ", ".join(allowed)
    error = response.json()["error"]
    assert error["code"] == "method_not_allowed"
    assert error["allowed"] == allowed
    assert ", ".join(allowed) in error["message"]


# --------------------------------------------------------------------------- OpenAPI


def test_x11_every_operation_documents_its_errors_and_security(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    schemes = doc["components"]["securitySchemes"]
    assert set(schemes) == {"staffKey", "sessionToken"}
    assert {"Error", "ErrorDetail", "FieldProblem"} <= set(doc["components"]["schemas"])
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    public = {"GET /healthz", "POST /v1/auth/login", "POST /v1/licenses/sign-in",
              "POST /v1/devices/link", "GET /v1/downloads/{token}"}  # fmt: skip
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            assert "security" in operation, name
            for requirement in operation["security"]:
                assert set(requirement) <= set(schemes), name
            responses = operation["responses"]
            codes = {int(code) for code in responses if code.isdigit()}
            if operation["security"] and {} not in operation["security"]:
                assert {401, 403} <= codes, name
            if name in public:
                assert operation["security"] == [], name
            if method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
                assert {400, 404, 409, 413, 422} <= codes, name
            if operation.get("parameters") or operation.get("requestBody"):
                assert 422 in codes, name
            for code in codes:
                if code >= 400:
                    content = responses[str(code)]["content"]["application/json"]
                    assert content["schema"] == {"$ref": "#/components/schemas/Error"}, name
    assert doc["paths"]["/v1/accounts"]["get"]["security"] == [{"staffKey": []}]
    assert doc["paths"]["/v1/me"]["get"]["security"] == [{"sessionToken": []}]
    assert doc["paths"]["/v1/catalog"]["get"]["security"] == [{}, {"staffKey": []}]
    login = doc["paths"]["/v1/auth/login"]["post"]["responses"]
    assert "Retry-After" in login["429"]["headers"]
