"""CAT-1 and CAT-3 through the service and the schema: versioning, caching, and the rules a
catalog must follow before it is stored."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any, cast

import pytest
import yaml

from tenure.catalog import service
from tenure.catalog.service import (
    catalog_version,
    current_catalog,
    demo_catalog_source,
    load_catalog,
    parse_catalog,
)
from tenure.container import Container
from tenure.events.service import for_subject
from tenure.kit.actor import Actor
from tenure.kit.clock import SimulatedClock
from tenure.kit.errors import InvalidInput, NotFound

STAFF = Actor("staff", "key_test")


def base() -> dict[str, Any]:
    """A small valid catalog: one personal plan and one volume plan."""
    return {
        "vendor": "Test",
        "products": [
            {
                "code": "vpn",
                "name": "VPN",
                "plans": [
                    {
                        "code": "monthly",
                        "name": "Monthly",
                        "kind": "personal",
                        "billing_period_months": 1,
                        "prices": {"USD": 1000, "EUR": 900},
                    },
                    {
                        "code": "volume",
                        "name": "Volume",
                        "kind": "volume",
                        "billing_period_months": 12,
                        "payment_methods": ["card"],
                        "seats": {"min": 5},
                        "volume_tiers": [
                            {"min_quantity": 5, "monthly_unit_prices": {"USD": 800}},
                            {"min_quantity": 10, "monthly_unit_prices": {"USD": 700}},
                        ],
                    },
                ],
            }
        ],
    }


def problems(document: dict[str, Any] | str) -> list[dict[str, Any]]:
    source = document if isinstance(document, str) else yaml.safe_dump(document)
    with pytest.raises(InvalidInput) as caught:
        parse_catalog(source)
    assert caught.value.code == "invalid_catalog"
    found = cast(list[dict[str, Any]], caught.value.params["problems"])
    assert found
    return found


def edited(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(base())
    change(document)
    return document


def personal(document: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = document["products"][0]["plans"][0]
    return plan


def volume(document: dict[str, Any]) -> dict[str, Any]:
    plan: dict[str, Any] = document["products"][0]["plans"][1]
    return plan


# --- versions --------------------------------------------------------------------------------


def test_cat1_load_stores_versions_and_records_an_event(
    container: Container, clock: SimulatedClock
) -> None:
    source = yaml.safe_dump(base())
    with container.db.transaction() as session:
        first, created = load_catalog(session, source=source, now=clock.now(), actor=STAFF)
    assert (first.version, created) == (1, True)

    clock.advance(timedelta(days=1))
    with container.db.transaction() as session:
        same, created = load_catalog(session, source=source, now=clock.now(), actor=STAFF)
    assert (same.id, created) == (first.id, False)

    changed = source.replace("1000", "1100")
    with container.db.transaction() as session:
        second, created = load_catalog(session, source=changed, now=clock.now(), actor=STAFF)
        events = for_subject(session, second.id)
    assert (second.version, created) == (2, True)
    assert [e.type for e in events] == ["catalog.loaded"]
    assert events[0].data["version"] == 2
    assert events[0].data["previous_version"] == 1
    assert (events[0].actor_kind, events[0].actor_id) == ("staff", "key_test")

    with container.db.transaction(write=False) as session:
        assert current_catalog(session).version == 2
        old = catalog_version(session, 1)
        assert old.plan("monthly").prices == {"USD": 1000, "EUR": 900}
        assert old.loaded_at == first.loaded_at
        assert current_catalog(session).plan("monthly").prices["USD"] == 1100


def test_cat1_invalid_catalog_stores_nothing(container: Container, clock: SimulatedClock) -> None:
    bad = yaml.safe_dump(edited(lambda d: personal(d).update(prices={"USD": 9.99})))
    with pytest.raises(InvalidInput), container.db.transaction() as session:
        load_catalog(session, source=bad, now=clock.now(), actor=STAFF)
    with container.db.transaction(write=False) as session, pytest.raises(NotFound) as caught:
        current_catalog(session)
    assert caught.value.code == "no_catalog"


def test_cat1_current_catalog_is_parsed_once_per_version(
    container: Container, clock: SimulatedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with container.db.transaction() as session:
        loaded, _ = load_catalog(
            session, source=demo_catalog_source(), now=clock.now(), actor=STAFF
        )
    service._cache.clear()
    calls: list[str] = []
    real_parse = service.parse_catalog

    def counting(source: str) -> Any:
        calls.append(source)
        return real_parse(source)

    monkeypatch.setattr(service, "parse_catalog", counting)
    with container.db.transaction(write=False) as session:
        first = current_catalog(session)
    with container.db.transaction(write=False) as session:
        again = current_catalog(session)
        by_number = catalog_version(session, 1)
    assert len(calls) == 1
    assert first is again is by_number
    assert first.id == loaded.id


def test_cat1_unknown_plan_and_version_are_not_found(
    demo_catalog: service.LoadedCatalog, container: Container
) -> None:
    with pytest.raises(NotFound) as caught:
        demo_catalog.plan("nope")
    assert (caught.value.code, caught.value.params) == ("unknown_plan", {"plan": "nope"})
    with pytest.raises(NotFound):
        demo_catalog.product_for("nope")
    assert demo_catalog.find_plan("nope") is None
    with container.db.transaction(write=False) as session, pytest.raises(NotFound) as missing:
        catalog_version(session, 2)
    assert missing.value.code == "unknown_catalog_version"


# --- rules a catalog must follow (CAT-1, CAT-3) ----------------------------------------------


def test_cat1_base_catalog_is_valid() -> None:
    catalog = parse_catalog(yaml.safe_dump(base()))
    assert catalog.plan("volume") is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: personal(d).pop("prices"), "products[0].plans[0].prices"),
        (lambda d: personal(d)["prices"].update(ZZZ=1), "products[0].plans[0].prices.ZZZ"),
        (lambda d: personal(d)["prices"].update(USD=10.5), "products[0].plans[0].prices.USD"),
        (lambda d: personal(d)["prices"].update(USD=10.0), "products[0].plans[0].prices.USD"),
        (lambda d: personal(d)["prices"].update(USD="1000"), "products[0].plans[0].prices.USD"),
        (lambda d: personal(d)["prices"].update(USD=-1), "products[0].plans[0].prices.USD"),
        (lambda d: personal(d).update(grace_days="30"), "products[0].plans[0].grace_days"),
        (lambda d: personal(d).update(colour="red"), "products[0].plans[0].colour"),
        (lambda d: personal(d).update(kind="gratis"), "products[0].plans[0].kind"),
        (lambda d: volume(d).update(code="monthly"), "products[0].plans[1].code"),
        (
            lambda d: personal(d).update(fallback_plan="ghost"),
            "products[0].plans[0].fallback_plan",
        ),
        (
            lambda d: personal(d).update(channels=["app_store"], refund_window_days=30),
            "products[0].plans[0].refund_window_days",
        ),
        (
            lambda d: personal(d).update(payment_methods=[]),
            "products[0].plans[0].payment_methods",
        ),
        (
            lambda d: personal(d).update(payment_methods=["invoice"]),
            "products[0].plans[0].payment_methods",
        ),
        (
            lambda d: personal(d).update(min_app_versions={"ios": "7.x"}),
            "products[0].plans[0].min_app_versions.ios",
        ),
        (
            lambda d: personal(d).update(min_app_versions={"toaster": "1"}),
            "products[0].plans[0].min_app_versions.toaster",
        ),
        (lambda d: personal(d).update(regions=["Denmark"]), "products[0].plans[0].regions"),
        (lambda d: d.pop("vendor"), "vendor"),
    ],
)
def test_cat1_bad_field_is_named(change: Any, field: str) -> None:
    found = problems(edited(change))
    assert field in [p["field"] for p in found]


def test_cat1_problem_names_the_plan_code() -> None:
    found = problems(edited(lambda d: volume(d)["volume_tiers"][1].update(min_quantity="x")))
    assert found[0]["field"] == "products[0].plans[1].volume_tiers[1].min_quantity"
    assert found[0]["plan"] == "volume"


def test_cat3_tiers_must_increase() -> None:
    found = problems(edited(lambda d: volume(d)["volume_tiers"][1].update(min_quantity=5)))
    assert found[0]["field"] == "products[0].plans[1].volume_tiers[1].min_quantity"


def test_cat3_tiers_must_price_the_same_currencies() -> None:
    def change(d: dict[str, Any]) -> None:
        volume(d)["volume_tiers"][1]["monthly_unit_prices"] = {"USD": 700, "EUR": 650}

    found = problems(edited(change))
    assert found[0]["field"] == "products[0].plans[1].volume_tiers[1].monthly_unit_prices"


def test_cat3_more_licenses_never_cost_more_each() -> None:
    def change(d: dict[str, Any]) -> None:
        volume(d)["volume_tiers"][1]["monthly_unit_prices"] = {"USD": 900}

    found = problems(edited(change))
    assert found[0]["field"] == "products[0].plans[1].volume_tiers[1].monthly_unit_prices.USD"


def test_cat3_first_tier_starts_at_the_seat_minimum() -> None:
    found = problems(edited(lambda d: volume(d)["seats"].update(min=3)))
    assert found[0]["field"] == "products[0].plans[1].volume_tiers[0].min_quantity"


def test_cat3_volume_plan_needs_tiers_and_no_flat_price() -> None:
    assert problems(edited(lambda d: volume(d).update(volume_tiers=[])))[0]["field"] == (
        "products[0].plans[1].volume_tiers"
    )
    assert problems(edited(lambda d: volume(d).update(prices={"USD": 1})))[0]["field"] == (
        "products[0].plans[1].prices"
    )


def test_cat1_yaml_errors_give_line_and_column() -> None:
    found = problems("vendor: Test\nproducts:\n  - code: [unclosed\n")
    assert found[0]["field"] == "(document)"
    assert found[0]["line"] >= 3
    assert found[0]["column"] >= 1


def test_cat1_key_given_twice_is_an_error() -> None:
    source = yaml.safe_dump(base()).replace("kind: personal\n", "kind: personal\n    kind: free\n")
    found = problems(source)
    assert "twice" in found[0]["problem"]


def test_cat1_country_code_no_and_bare_versions_read_as_vendors_mean() -> None:
    source = yaml.safe_dump(base()).replace(
        "kind: personal\n",
        "kind: personal\n    regions: [DK, NO]\n    min_os_versions: {ios: 12}\n",
    )
    plan = parse_catalog(source).plan("monthly")
    assert plan is not None
    assert plan.regions == ["DK", "NO"]
    assert plan.min_os_versions == {"ios": "12"}
