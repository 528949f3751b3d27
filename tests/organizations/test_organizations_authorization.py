"""Issue 13 acceptance: who may call every organization endpoint (BIZ-1, X-8). A member of
organization A, an admin of B, a licensed user and a device token each try every endpoint
on A: only what the rules allow succeeds (a member reads A and their own membership, and may
leave), and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest

from support import Api
from support.commerce import GOOD_CARD, make_customer
from support.devices import link_device
from support.organizations import last_invitation_token
from support.volume import bearer, insert_volume_subscription, sign_in
from tenure.container import Container

BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PATCH", "/v1/organizations/{organization_id}"): {"name": "Taken over"},
    ("PATCH", "/v1/organizations/{organization_id}/members/{account_id}"): {"role": "admin"},
    ("POST", "/v1/organizations/{organization_id}/invitations"): {"email": "eve@evil.example"},
    ("POST", "/v1/organizations/{organization_id}/seats"): {"add": 1},
    ("POST", "/v1/organizations/{organization_id}/subscriptions"): {
        "plan": "keyloft-team-1y",
        "seats": 3,
    },
    ("PATCH", "/v1/organizations/{organization_id}/settings"): {"sso_enabled": True},
    ("PUT", "/v1/organizations/{organization_id}/vault/items"): {
        "items": [{"item_id": "x", "owner_account_id": "acct_x", "kind": "login",
                   "scope": "personal"}]
    },
    ("POST", "/v1/organizations/{organization_id}/vault/items/delete"): {"item_ids": ["x"]},
    ("PUT", "/v1/organizations/{organization_id}/vault/groups"): {"groups": [{"group_id": "g"}]},
    ("POST", "/v1/organizations/{organization_id}/vault/decisions/confirm"): {"ids": ["vdc_x"]},
}  # fmt: skip
# The vendor's backend's endpoints (a staff key): refused to every customer with staff_only.
STAFF_ONLY_PREFIXES = ("/v1/organizations/{organization_id}/vault/",
                       "/v1/organizations/{organization_id}/restore")  # fmt: skip
# What a member of the organization may do on it; everything else is refused.
MEMBER_MAY = {
    ("GET", "/v1/organizations/{organization_id}"),
    ("GET", "/v1/organizations/{organization_id}/membership"),
    ("POST", "/v1/organizations/{organization_id}/leave"),
}


def organization_routes(api: Api) -> list[tuple[str, str]]:
    """Every (method, path) of the API about one organization, from the OpenAPI document."""
    paths: dict[str, dict[str, Any]] = api.get("/openapi.json")["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/v1/organizations/{organization_id}")
        for method in operations
    )


@pytest.fixture
def org_a(staff_api: Api, demo_catalog: object) -> dict[str, Any]:
    """Organization A: its admin, a Team plan for 3 and an invitation for Mo (who joins in
    the test, with the link of the email)."""
    admin = make_customer(staff_api, "ada@a.example")
    member = make_customer(staff_api, "mo@a.example")
    org = admin.api.post(
        "/v1/organizations", {"name": "A", "billing_email": "ada@a.example"}, expect=201
    )
    billing = org["billing_account_id"]
    admin.api.post(
        "/v1/payment_methods",
        {"account_id": billing, "type": "card", "card": GOOD_CARD},
        expect=201,
    )
    admin.api.post(
        f"/v1/organizations/{org['id']}/subscriptions",
        {"plan": "keyloft-team-1y", "seats": 3},
        expect=201,
    )
    staff_api.post(
        f"/v1/organizations/{org['id']}/invitations", {"email": "mo@a.example"}, expect=201
    )
    invitation = staff_api.get(f"/v1/organizations/{org['id']}/invitations")["data"][0]
    return {"org": org, "admin": admin, "member": member, "invitation": invitation}


def test_biz1_x8_every_organization_endpoint_refuses_who_may_not(
    container: Container, staff_api: Api, anon_api: Api, org_a: dict[str, Any]
) -> None:
    org, admin, member = org_a["org"], org_a["admin"], org_a["member"]
    token = last_invitation_token(container, "mo@a.example")
    member.api.post("/v1/invitations/accept", {"token": token})

    # An admin of another organization, B.
    other = make_customer(staff_api, "bea@b.example")
    other.api.post("/v1/organizations", {"name": "B", "billing_email": "bea@b.example"},
                   expect=201)  # fmt: skip

    # A licensed user of volume licensing (VL-13), and a device of A's member.
    volume_owner = make_customer(staff_api, "vol@c.example")
    volume = insert_volume_subscription(
        container, volume_owner.id, product="veilguard-vpn", plan="vg-volume-12m", quantity=5
    )
    lic = volume.license_ids[0]
    volume_owner.api.post(f"/v1/licenses/{lic}/assign", {"name": "Lu", "email": "lu@c.example"})
    credential = volume_owner.api.get(f"/v1/licenses/{lic}/setup", params={"platform": "windows"})
    token = sign_in(anon_api, credential["credential"]["username"],
                    credential["credential"]["password"])["token"]  # fmt: skip
    licensed = Api(anon_api.client, bearer(token))
    device = link_device(member, platform="windows").api

    routes = organization_routes(staff_api)
    assert len(routes) >= 14  # every endpoint on one organization is tried
    values = {
        "organization_id": org["id"],
        "account_id": admin.id,
        "invitation_id": org_a["invitation"]["id"],
    }
    before = staff_api.get(f"/v1/organizations/{org['id']}/events")["data"]

    callers = {"member of A": member.api, "admin of B": other.api, "licensed user": licensed,
               "device": device}  # fmt: skip
    for who, api in callers.items():
        for method, template in routes:
            if who == "member of A" and (method, template) in MEMBER_MAY:
                continue  # tried below
            url = template.format(**values)
            body = BODIES.get((method, template))
            response = api.client.request(method, url, headers=api.headers, json=body)
            assert response.status_code == 403, (who, method, url, response.text)
            code = response.json()["error"]["code"]
            staff_only = template.startswith(STAFF_ONLY_PREFIXES) and not template.endswith(
                "/restore_request"
            )
            if staff_only:
                assert code == "staff_only", (who, method, url, code)
            elif who == "member of A":
                assert code == "organization_admin_only", (method, url, code)

    # Nothing changed.
    assert staff_api.get(f"/v1/organizations/{org['id']}/events")["data"] == before
    assert staff_api.get(f"/v1/organizations/{org['id']}")["name"] == "A"

    # What a member may do: read A and their own membership, then leave.
    assert member.api.get(f"/v1/organizations/{org['id']}")["role"] == "member"
    assert member.api.get(f"/v1/organizations/{org['id']}/membership")["account_id"] == member.id
    member.api.post(f"/v1/organizations/{org['id']}/leave")
    gone = member.api.get(f"/v1/organizations/{org['id']}", expect=403)
    assert gone["error"]["code"] == "forbidden"

    # The admin may do each of them; staff too.
    assert admin.api.get(f"/v1/organizations/{org['id']}/members")["data"][0]["role"] == "admin"
    assert staff_api.get(f"/v1/organizations/{org['id']}/seats")["limit"] == 3
    # Nobody else even lists A among their organizations.
    assert other.api.get("/v1/organizations")["data"][0]["name"] == "B"
    assert len(other.api.get("/v1/organizations")["data"]) == 1


def test_biz1_admins_act_on_the_billing_account_others_do_not(
    staff_api: Api, org_a: dict[str, Any]
) -> None:
    """An organization's payment methods, invoices and subscriptions are its billing
    account's: its admins use the usual endpoints with ``account_id``; nobody else may."""
    org, admin, member = org_a["org"], org_a["admin"], org_a["member"]
    billing = org["billing_account_id"]
    assert admin.api.get(f"/v1/payment_methods?account_id={billing}")["data"]
    sub = admin.api.get(f"/v1/organizations/{org['id']}/subscriptions")["data"][0]
    assert admin.api.get(f"/v1/subscriptions/{sub['id']}")["account_id"] == billing
    for url in (
        f"/v1/payment_methods?account_id={billing}",
        f"/v1/invoices?account_id={billing}",
        f"/v1/subscriptions/{sub['id']}",
        f"/v1/credit?account_id={billing}",
    ):
        refused = member.api.get(url, expect=403)
        assert refused["error"]["code"] == "forbidden"
    # Only staff turn a business plan's renewal off (SUB-7), even for its admins.
    stop = admin.api.post(f"/v1/subscriptions/{sub['id']}/auto_renew", {"enabled": False},
                          expect=403)  # fmt: skip
    assert stop["error"]["code"] == "contact_support_to_stop_renewal"
    # An organization's plans are business plans.
    personal = admin.api.post(
        "/v1/subscriptions",
        {"account_id": billing, "plan": "keyloft-premium-1y"},
        expect=422,
    )
    assert personal["error"]["code"] == "organization_plan_must_be_business"
