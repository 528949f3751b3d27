"""CAT-2: the shipped demo catalog reproduces the three vendors of the seeds, with invented
names and prices. Read as a web shop would (the public API) and as other services do."""

from __future__ import annotations

from typing import Any

import pytest

from support import Api
from tenure.catalog.service import LoadedCatalog, demo_catalog_source


@pytest.fixture
def public(demo_catalog: LoadedCatalog, anon_api: Api) -> dict[str, dict[str, Any]]:
    """Every public plan of the demo catalog, by code, from ``GET /v1/catalog``."""
    body = anon_api.get("/v1/catalog")
    assert body["version"] == demo_catalog.version
    return {plan["code"]: plan for product in body["products"] for plan in product["plans"]}


def test_cat2_uses_invented_names_only() -> None:
    source = demo_catalog_source().lower()
    for real in ("expressvpn", "kaspersky", "dashlane", "apple"):
        assert real not in source


def test_cat2_three_vendors_products(demo_catalog: LoadedCatalog) -> None:
    products = {p.code: p for p in demo_catalog.catalog.products}
    assert set(products) == {"veilguard-vpn", "bastion-security", "keyloft"}
    assert set(products["veilguard-vpn"].platforms) == {
        "windows",
        "macos",
        "ios",
        "android",
        "linux",
        "router",
    }
    assert demo_catalog.product_for("vg-appstore-12m").code == "veilguard-vpn"


def test_cat2_vpn_web_plans(public: dict[str, dict[str, Any]]) -> None:
    """SUB-8, SUB-9, SUB-11, DEV-4: web plans in USD, four payment methods, 8 connections,
    30-day money-back window, referral programme."""
    for code, months in (("vg-personal-1m", 1), ("vg-personal-6m", 6), ("vg-personal-12m", 12)):
        plan = public[code]
        assert plan["kind"] == "personal"
        assert plan["billing_period_months"] == months
        assert list(plan["prices"]) == ["USD"]
        assert plan["channels"] == ["web"]
        assert plan["payment_methods"] == ["card", "paypal", "bitcoin", "paymentwall"]
        assert plan["connection_limit"] == 8
        assert plan["refund_window_days"] == 30
        assert plan["referral"] is True
        assert plan["trial"] is None


def test_cat2_cat3_vpn_volume_plans(public: dict[str, dict[str, Any]]) -> None:
    """VL-2, VL-3, VL-13, CAT-3: at least 5 licenses, card only, 8 connections per license,
    tiers 5–9 / 10–24 / 25–49 / 50+ with a falling monthly unit price."""
    volume = [p for p in public.values() if p["kind"] == "volume"]
    assert sorted(p["billing_period_months"] for p in volume) == [1, 6, 12]
    for plan in volume:
        assert plan["payment_methods"] == ["card"]
        assert plan["seats"]["min"] == 5
        assert plan["connection_limit"] == 8
        assert plan["grace_days"] == 30
        tiers = plan["volume_tiers"]
        assert [t["min_quantity"] for t in tiers] == [5, 10, 25, 50]
        unit = [t["monthly_unit_prices"]["USD"] for t in tiers]
        assert unit == sorted(unit, reverse=True)
        assert len(set(unit)) == 4


def test_cat2_vpn_app_store_plan(public: dict[str, dict[str, Any]]) -> None:
    """APP-1, APP-2, APP-4, APP-5: 12 months through the store, 7-day trial needing a payment
    method, prices in storefront currencies, 5 connections, no referral, no refund window,
    iOS 12 and app 7.3.7 minimums."""
    plan = public["vg-appstore-12m"]
    assert plan["channels"] == ["app_store"]
    assert plan["billing_period_months"] == 12
    # APP-11: the trial's storefronts; not Denmark's (seed 001).
    assert plan["trial"] == {
        "days": 7,
        "requires_payment_method": True,
        "regions": ["US", "GB", "DE", "AT", "CH", "SE", "NO", "FI", "FR", "NL", "JP"],
    }
    assert {"USD", "EUR", "DKK", "GBP"} <= set(plan["prices"])
    assert plan["connection_limit"] == 5
    assert public["vg-personal-12m"]["connection_limit"] == 8
    assert plan["referral"] is False
    assert plan["refund_window_days"] == 0
    assert plan["min_os_versions"] == {"ios": "12"}
    assert plan["min_app_versions"] == {"ios": "7.3.7"}


def test_cat2_antivirus_editions(public: dict[str, dict[str, Any]]) -> None:
    """DEV-6, DEV-7: activation codes with slots on paid editions, fixed-term and
    auto-renewing variants, per-user, small-office, trial and free editions, a region-limited
    edition and minimum app versions."""
    av = {code: plan for code, plan in public.items() if code.startswith("bastion-")}
    fixed, auto = av["bastion-standard-1y-3d"], av["bastion-standard-1y-3d-auto"]
    assert (fixed["renewal"], auto["renewal"]) == ("fixed_term", "auto")
    assert fixed["activation_codes"] == {"slots": 3, "slot_kind": "devices"}
    assert fixed["min_app_versions"]["windows"] == "21.3"
    for plan in av.values():
        paid = plan["kind"] != "free" and plan["trial"] is None
        assert (plan["activation_codes"] is not None) == paid, plan["code"]
    assert av["bastion-family-1y"]["per_user"] is True
    assert av["bastion-family-1y"]["activation_codes"]["slot_kind"] == "users"
    office = av["bastion-small-office-1y"]
    assert office["small_office"] is True
    assert office["seats"] == {"min": 5, "max": 25}
    assert av["bastion-mobile-1y-1d"]["fixed_device"] is True
    assert av["bastion-trial-30d"]["trial"]["days"] == 30
    assert av["bastion-trial-30d"]["fallback_plan"] == "bastion-free"
    assert av["bastion-free"]["kind"] == "free"
    assert av["bastion-free"]["prices"] == {}
    limited = [plan for plan in av.values() if plan["regions"] != ["*"]]
    assert [p["code"] for p in limited] == ["bastion-premium-1y-5d"]
    assert "NO" in limited[0]["regions"]
    assert "FR" not in limited[0]["regions"]


def test_cat2_password_manager_business_plans(public: dict[str, dict[str, Any]]) -> None:
    """SUB-2, SUB-3, SUB-5, SUB-7, BIZ-3, BIZ-8: Starter has no trial; Team and Business have
    a 14-day trial without a payment method; charge 2 days ahead, 30 days of grace, 30-day
    restore window, auto-renew off only by support, Premium for 30 days then Free."""
    starter, team, business = (
        public["keyloft-starter-1m"],
        public["keyloft-team-1y"],
        public["keyloft-business-1y"],
    )
    assert starter["trial"] is None
    assert starter["seats"]["max"] == 10
    for plan in (team, business):
        assert plan["trial"] == {"days": 14, "requires_payment_method": False, "regions": ["*"]}
    for plan in (starter, team, business):
        assert plan["kind"] == "business"
        assert plan["charge_lead_time_days"] == 2
        assert plan["grace_days"] == 30
        assert plan["restore_window_days"] == 30
        assert plan["self_service_auto_renew"] is False
        assert plan["fallback_plan"] == "keyloft-free"
        assert plan["expiry_trial"] == {"plan": "keyloft-premium-1y", "days": 30}
    assert "sso" in business["features"]
    assert "sso" not in team["features"]
    for feature in ("spaces", "group_sharing", "admin_recovery", "admin_console"):
        assert feature in business["features"]
        assert feature not in public["keyloft-premium-1y"]["features"]


def test_cat2_password_manager_personal_plans(public: dict[str, dict[str, Any]]) -> None:
    """BIZ-3: Free has fewer features and less storage than Premium."""
    premium, free = public["keyloft-premium-1y"], public["keyloft-free"]
    assert premium["kind"] == "personal"
    assert free["kind"] == "free"
    assert set(free["features"]) < set(premium["features"])
    assert free["storage_quota_mb"] < premium["storage_quota_mb"]


def test_cat2_invoice_paid_business_variant(demo_catalog: LoadedCatalog) -> None:
    """SUB-12: an invoice-paid Business plan, not shown in the public catalog."""
    plan = demo_catalog.plan("keyloft-business-invoice-1y")
    assert plan.invoice_billing is True
    assert plan.payment_methods == ["invoice"]
    assert plan.public is False
    assert demo_catalog.plan("keyloft-business-1y").features == plan.features
