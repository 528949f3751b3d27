"""X-3: the audit trail says who (staff, owner, scheduler …) did what, when."""

from __future__ import annotations

from support import Api
from support.commerce import Customer, add_card


def test_x3_audit_trail_names_who_did_what_when(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    sub = customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    staff_api.post(f"/v1/subscriptions/{sub['id']}/auto_renew", {"enabled": False})
    staff_api.post("/v1/clock/advance", {"days": 32})

    page = staff_api.get("/v1/events", params={"subject_id": sub["id"]})
    trail = [(e["type"], e["actor"]["kind"], e["occurred_at"][:10]) for e in page["data"]]
    assert trail == [
        ("subscription.created", "account", "2026-01-05"),
        ("subscription.activated", "account", "2026-01-05"),
        ("subscription.auto_renew_off", "staff", "2026-01-05"),
        ("subscription.expired", "scheduler", "2026-02-05"),
    ]
    by_staff = staff_api.get(
        "/v1/events", params={"actor_kind": "staff", "account_id": customer.id}
    )["data"]
    assert [e["type"] for e in by_staff] == ["account.created", "subscription.auto_renew_off"]


def test_x3_audit_trail_pages_and_is_staff_only(customer: Customer, staff_api: Api) -> None:
    add_card(customer.api)
    customer.api.post("/v1/subscriptions", {"plan": "vpn-monthly"}, expect=201)
    everything = staff_api.get("/v1/events", params={"account_id": customer.id})["data"]
    first = staff_api.get("/v1/events", params={"account_id": customer.id, "limit": 2})
    assert [e["id"] for e in first["data"]] == [e["id"] for e in everything[:2]]
    assert first["has_more"] is True
    rest = staff_api.get(
        "/v1/events", params={"account_id": customer.id, "cursor": first["next_cursor"]}
    )
    assert [e["id"] for e in rest["data"]] == [e["id"] for e in everything[2:]]
    assert rest["has_more"] is False and rest["next_cursor"] is None
    assert customer.api.get("/v1/events", expect=403)["error"]["code"] == "staff_only"
