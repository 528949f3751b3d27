"""CAT-1: the catalog is loaded, versioned and read through the API (staff load it; anyone
reads the public part)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from support import Api
from support.commerce import make_customer
from tenure.catalog.service import demo_catalog_source

YAML = {"Content-Type": "application/yaml"}
DEMO = demo_catalog_source()


def load(api: Api, source: str, expect: int = 201, **headers: str) -> Any:
    return api.call(
        "POST", "/v1/catalog/versions", expect, content=source.encode(), headers={**YAML, **headers}
    )


def plans_of(catalog: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {plan["code"]: plan for product in catalog["products"] for plan in product["plans"]}


def test_cat1_no_catalog_loaded_yet(anon_api: Api) -> None:
    body = anon_api.get("/v1/catalog", expect=404)
    assert body["error"]["code"] == "no_catalog"


def test_cat1_staff_loads_yaml_as_version_1(staff_api: Api, anon_api: Api) -> None:
    created = load(staff_api, DEMO)
    assert created["version"] == 1
    assert created["created"] is True
    assert created["id"].startswith("cat_")
    assert created["sha256"] == hashlib.sha256(DEMO.encode()).hexdigest()
    assert created["loaded_by"].startswith("staff:key_")
    assert created["loaded_at"].startswith("2026-01-05T12:00:00")
    assert created["products"] == 3

    catalog = anon_api.get("/v1/catalog")
    assert catalog["version"] == 1
    assert catalog["id"] == created["id"]
    assert [p["code"] for p in catalog["products"]] == [
        "veilguard-vpn",
        "bastion-security",
        "keyloft",
    ]
    plan = plans_of(catalog)["vg-personal-1m"]
    assert plan["prices"] == {"USD": 1199}
    assert plan["product"] == "veilguard-vpn"


def test_cat1_json_body_is_accepted(staff_api: Api) -> None:
    created = staff_api.post("/v1/catalog/versions", {"source": DEMO}, expect=201)
    assert created["version"] == 1


def test_cat1_identical_source_creates_no_version(staff_api: Api) -> None:
    first = load(staff_api, DEMO)
    again = load(staff_api, DEMO, expect=200)
    assert again["created"] is False
    assert again["version"] == 1
    assert again["id"] == first["id"]
    assert [v["version"] for v in staff_api.get("/v1/catalog/versions")["data"]] == [1]


def test_cat1_changed_source_is_version_2_and_version_1_reads_back_unchanged(
    staff_api: Api, anon_api: Api
) -> None:
    load(staff_api, DEMO, expect=201)
    changed = DEMO.replace("prices: {USD: 1199}", "prices: {USD: 1299}")
    assert changed != DEMO
    created = load(staff_api, changed)
    assert created["version"] == 2

    assert plans_of(anon_api.get("/v1/catalog"))["vg-personal-1m"]["prices"] == {"USD": 1299}
    plan = anon_api.get("/v1/catalog/plans/vg-personal-1m")
    assert (plan["catalog_version"], plan["prices"]) == (2, {"USD": 1299})

    old = staff_api.get("/v1/catalog/versions/1")
    assert old["source"] == DEMO
    assert old["sha256"] == hashlib.sha256(DEMO.encode()).hexdigest()
    assert plans_of(old["catalog"])["vg-personal-1m"]["prices"] == {"USD": 1199}
    versions = staff_api.get("/v1/catalog/versions")["data"]
    assert [v["version"] for v in versions] == [2, 1]
    assert "source" not in versions[0]

    # Loading the first text again is a change from version 2, so it becomes version 3.
    assert load(staff_api, DEMO)["version"] == 3


def test_cat1_unknown_version_is_404(staff_api: Api) -> None:
    load(staff_api, DEMO)
    body = staff_api.get("/v1/catalog/versions/7", expect=404)
    assert body["error"]["code"] == "unknown_catalog_version"
    assert body["error"]["version"] == 7


BAD_CATALOGS = [
    pytest.param(
        DEMO.replace("        prices: {USD: 5499}\n", ""),
        "products[0].plans[1].prices",
        "vg-personal-6m",
        id="paid-plan-without-price",
    ),
    pytest.param(
        DEMO.replace("prices: {USD: 5499}", "prices: {USD: 5499, XYZ: 100}"),
        "products[0].plans[1].prices.XYZ",
        "vg-personal-6m",
        id="unknown-currency",
    ),
    pytest.param(
        DEMO.replace("prices: {USD: 5499}", "prices: {USD: 54.99}"),
        "products[0].plans[1].prices.USD",
        "vg-personal-6m",
        id="float-price",
    ),
    pytest.param(
        DEMO.replace("prices: {USD: 5499}", 'prices: {USD: "5499"}'),
        "products[0].plans[1].prices.USD",
        "vg-personal-6m",
        id="string-price",
    ),
    pytest.param(
        DEMO.replace("code: vg-personal-6m", "code: vg-personal-1m"),
        "products[0].plans[1].code",
        "vg-personal-1m",
        id="duplicate-plan-code",
    ),
    pytest.param(
        DEMO.replace("grace_days: 16 ", "grace_dayz: 16 "),
        "products[0].plans[6].grace_dayz",
        "vg-appstore-12m",
        id="unknown-field",
    ),
    pytest.param(
        DEMO.replace(
            "{min_quantity: 25, monthly_unit_prices: {USD: 759}}",
            "{min_quantity: 25, monthly_unit_prices: {USD: 859}}",
        ),
        "products[0].plans[4].volume_tiers[2].monthly_unit_prices.USD",
        "vg-volume-6m",
        id="tier-dearer-than-smaller-tier",
    ),
]


@pytest.mark.parametrize(("source", "field", "plan"), BAD_CATALOGS)
def test_cat1_bad_catalog_is_refused_naming_the_field_and_nothing_is_stored(
    staff_api: Api, source: str, field: str, plan: str
) -> None:
    load(staff_api, DEMO)
    body = load(staff_api, source, expect=422)
    error = body["error"]
    assert error["code"] == "invalid_catalog"
    assert error["problems"][0]["field"] == field
    assert error["problems"][0]["plan"] == plan
    assert isinstance(error["problems"][0]["line"], int)
    assert field in error["message"]
    assert [v["version"] for v in staff_api.get("/v1/catalog/versions")["data"]] == [1]
    assert staff_api.get("/v1/catalog")["version"] == 1


def test_cat1_yaml_syntax_error_names_line_and_column(staff_api: Api) -> None:
    broken = DEMO.replace(
        "kind: volume\n        billing_period_months: 6", "kind: volume\n  billing_period_months: 6"
    )
    error = load(staff_api, broken, expect=422)["error"]
    assert error["code"] == "invalid_catalog"
    problem = error["problems"][0]
    assert problem["field"] == "(document)"
    assert problem["line"] == broken.splitlines().index("  billing_period_months: 6") + 1
    assert problem["column"] == 3
    assert f"line {problem['line']}" in error["message"]
    staff_api.get("/v1/catalog", expect=404)


@pytest.mark.parametrize("source", ["", "- just\n- a list\n", "hello"])
def test_cat1_document_that_is_not_a_mapping_is_refused(staff_api: Api, source: str) -> None:
    error = load(staff_api, source, expect=422)["error"]
    assert error["code"] == "invalid_catalog"
    assert error["problems"][0]["field"] == "(document)"
    assert staff_api.get("/v1/catalog/versions")["data"] == []


def test_cat1_invalid_catalog_message_is_translated(staff_api: Api) -> None:
    bad = DEMO.replace("prices: {USD: 5499}", "prices: {USD: 54.99}")
    error = load(staff_api, bad, expect=422, **{"Accept-Language": "de"})["error"]
    assert error["message"].startswith("Der Katalog ist ungültig: products[0].plans[1].prices.USD")


def test_cat1_unsupported_body_type_is_refused(staff_api: Api) -> None:
    body = staff_api.call(
        "POST",
        "/v1/catalog/versions",
        422,
        content=b"<xml/>",
        headers={"Content-Type": "application/xml"},
    )
    assert body["error"]["code"] == "unsupported_media_type"
    body = staff_api.post("/v1/catalog/versions", {"yaml": DEMO}, expect=422)
    assert body["error"]["code"] == "catalog_source_required"


def test_x8_anonymous_caller_cannot_load_or_list(anon_api: Api) -> None:
    assert load(anon_api, DEMO, expect=401)["error"]["code"] == "unauthenticated"
    anon_api.get("/v1/catalog/versions", expect=401)
    anon_api.get("/v1/catalog/versions/1", expect=401)


def test_x8_customer_cannot_load_a_catalog(staff_api: Api) -> None:
    load(staff_api, DEMO)
    customer = make_customer(staff_api)
    changed = DEMO.replace("prices: {USD: 1199}", "prices: {USD: 1}")
    assert load(customer.api, changed, expect=403)["error"]["code"] == "staff_only"
    customer.api.get("/v1/catalog/versions", expect=403)
    assert [v["version"] for v in staff_api.get("/v1/catalog/versions")["data"]] == [1]
    # …but a customer reads the public catalog like anyone.
    assert customer.api.get("/v1/catalog")["version"] == 1


def test_cat1_unpublished_plans_are_shown_to_staff_only(staff_api: Api, anon_api: Api) -> None:
    load(staff_api, DEMO)
    invoiced = "keyloft-business-invoice-1y"
    assert invoiced not in plans_of(anon_api.get("/v1/catalog"))
    assert invoiced in plans_of(staff_api.get("/v1/catalog"))
    body = anon_api.get(f"/v1/catalog/plans/{invoiced}", expect=404)
    assert body["error"]["code"] == "unknown_plan"
    assert staff_api.get(f"/v1/catalog/plans/{invoiced}")["invoice_billing"] is True
    # A stale or wrong token does not stop anyone from reading the public catalog.
    stale = Api(anon_api.client, {"Authorization": "Bearer tnr_at_expired"})
    assert invoiced not in plans_of(stale.get("/v1/catalog"))


def test_cat1_unknown_plan_is_404_in_the_callers_language(staff_api: Api, anon_api: Api) -> None:
    load(staff_api, DEMO)
    body = anon_api.get("/v1/catalog/plans/nope", expect=404, headers={"Accept-Language": "da"})
    assert body["error"]["code"] == "unknown_plan"
    assert body["error"]["plan"] == "nope"
    assert body["error"]["message"] == "Der findes ingen plan med koden nope."


def test_x2_retried_load_with_idempotency_key_is_replayed(staff_api: Api) -> None:
    first = load(staff_api, DEMO, 201, **{"Idempotency-Key": "load-1"})
    again = staff_api.client.post(
        "/v1/catalog/versions",
        content=DEMO.encode(),
        headers={**staff_api.headers, **YAML, "Idempotency-Key": "load-1"},
    )
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first["id"]


def test_cat1_catalog_etag_gives_304_until_a_new_version_is_loaded(
    staff_api: Api, anon_api: Api
) -> None:
    load(staff_api, DEMO)
    first = anon_api.client.get("/v1/catalog")
    etag = first.headers["ETag"]
    as_staff = staff_api.client.get("/v1/catalog", headers=staff_api.headers)
    assert as_staff.headers["ETag"] != etag  # staff see unpublished plans too
    unchanged = anon_api.client.get("/v1/catalog", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    load(staff_api, DEMO.replace("prices: {USD: 1199}", "prices: {USD: 1299}"))
    changed = anon_api.client.get("/v1/catalog", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    assert changed.headers["ETag"] != etag
