"""Organizations through the HTTP API: the rules around admins, members, invitations and
seats (BIZ-1), the plan's end announced to everyone when support stops its renewal (BIZ-10),
invoice-paid business plans (SUB-12) and the status stream of a member (APP-10)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from support import Api
from support.commerce import Customer, make_customer
from support.devices import link_device
from support.organizations import create_org, join, last_invitation_token
from support.smtp import LocalSmtp, email_settings
from support.streams import open_stream
from tenure.container import Container
from tenure.kit.settings import Settings


@pytest.fixture
def admin(staff_api: Api, demo_catalog: object) -> Customer:
    return make_customer(staff_api, "ada@fjord.example")


def people(staff_api: Api, *names: str) -> list[Customer]:
    return [make_customer(staff_api, f"{name}@fjord.example") for name in names]


# --------------------------------------------------------------------------- BIZ-1 admins


def test_biz1_an_organization_always_keeps_an_admin(
    container: Container, staff_api: Api, admin: Customer
) -> None:
    org = create_org(admin, plan="keyloft-team-1y", seats=3)
    (bo,) = people(staff_api, "bo")
    join(container, admin.api, org, bo, "bo@fjord.example")
    url = f"/v1/organizations/{org['id']}"

    # The only admin can neither step down, leave nor be removed.
    refusals = [
        admin.api.patch(f"{url}/members/{admin.id}", {"role": "member"}, expect=409),
        admin.api.post(f"{url}/leave", expect=409),
        admin.api.delete(f"{url}/members/{admin.id}", expect=409),
        staff_api.delete(f"{url}/members/{admin.id}", expect=409),
    ]
    assert [r["error"]["code"] for r in refusals] == ["last_admin"] * 4

    # With a second admin, the first may step down; a member may leave.
    assert admin.api.patch(f"{url}/members/{bo.id}", {"role": "admin"})["role"] == "admin"
    assert admin.api.patch(f"{url}/members/{admin.id}", {"role": "member"})["role"] == "member"
    assert admin.api.get(f"{url}/members", expect=403)["error"]["code"] == (
        "organization_admin_only"
    )
    admin.api.post(f"{url}/leave")
    assert [m["email"] for m in bo.api.get(f"{url}/members")["data"]] == ["bo@fjord.example"]
    unknown = bo.api.delete(f"{url}/members/{admin.id}", expect=404)
    assert unknown["error"]["code"] == "member_not_found"

    # Every change is an event with its actor.
    events = [(e["type"], e["actor"]["id"]) for e in bo.api.get(f"{url}/events")["data"]]
    assert ("organization.member_promoted", admin.id) in events
    assert ("organization.member_demoted", admin.id) in events
    assert ("organization.member_left", admin.id) in events
    assert ("organization.invitation_accepted", bo.id) in events


def test_biz1_staff_create_an_organization_for_an_admin(staff_api: Api, admin: Customer) -> None:
    missing = staff_api.post(
        "/v1/organizations", {"name": "Sales", "billing_email": "s@fjord.example"}, expect=422
    )
    assert missing["error"]["code"] == "admin_account_id_required"
    org = staff_api.post(
        "/v1/organizations",
        {"name": "Sales", "billing_email": "s@fjord.example", "admin_account_id": admin.id,
         "locale": "de"},
        expect=201,
    )  # fmt: skip
    assert org["role"] is None and org["locale"] == "de"
    assert admin.api.get("/v1/organizations")["data"][0]["role"] == "admin"
    renamed = admin.api.patch(f"/v1/organizations/{org['id']}", {"name": "Sales ApS"})
    assert renamed["name"] == "Sales ApS"
    # The billing account is not a person: nobody signs in with its address.
    billing = staff_api.get(f"/v1/accounts/{org['billing_account_id']}")
    assert billing["kind"] == "organization" and billing["email"] == "s@fjord.example"
    assert staff_api.get("/v1/accounts?email=s@fjord.example")["data"] == []
    # A person may use the same address as the organization's billing address.
    same = staff_api.post("/v1/accounts", {"email": "s@fjord.example"}, expect=201)
    assert same["kind"] == "person"


# --------------------------------------------------------------------------- invitations


def test_biz1_invitations_resend_revoke_list_and_their_errors(
    container: Container, staff_api: Api, anon_api: Api, admin: Customer
) -> None:
    org = create_org(admin, plan="keyloft-team-1y", seats=4)
    url = f"/v1/organizations/{org['id']}/invitations"
    first = admin.api.post(url, {"email": "Cy@Fjord.example", "role": "admin"}, expect=201)
    assert (first["email"], first["role"], first["status"]) == ("cy@fjord.example", "admin",
                                                                 "pending")  # fmt: skip
    assert first["expires_at"].startswith("2026-01-12T12:00:00")  # 7 days
    twice = admin.api.post(url, {"email": "cy@fjord.example"}, expect=409)
    assert twice["error"]["code"] == "already_invited"
    assert twice["error"]["invitation_id"] == first["id"]
    old_token = last_invitation_token(container, "cy@fjord.example")

    # The invitation link says what it is for before anyone signs in.
    preview = anon_api.post("/v1/invitations/preview", {"token": old_token})
    assert (preview["organization_name"], preview["role"]) == ("Fjord ApS", "admin")

    # Resending gives a new link and expiry; the old link stops working.
    again = admin.api.post(f"{url}/{first['id']}/resend")
    assert again["sent_count"] == 2
    new_token = last_invitation_token(container, "cy@fjord.example")
    assert new_token != old_token
    (cy,) = people(staff_api, "cy")
    stale = cy.api.post("/v1/invitations/accept", {"token": old_token}, expect=404)
    assert stale["error"]["code"] == "invitation_not_found"

    # A revoked invitation frees its seat and its link says so.
    dee = admin.api.post(url, {"email": "dee@fjord.example"}, expect=201)
    dee_token = last_invitation_token(container, "dee@fjord.example")
    assert admin.api.get(f"{url}?status=pending")["data"][-1]["id"] == dee["id"]
    revoked = admin.api.delete(f"{url}/{dee['id']}")
    assert revoked["status"] == "revoked"
    (dee_person,) = people(staff_api, "dee")
    refused = dee_person.api.post("/v1/invitations/accept", {"token": dee_token}, expect=409)
    assert refused["error"]["code"] == "invitation_revoked"
    assert admin.api.post(f"{url}/{dee['id']}/resend", expect=409)["error"]["code"] == (
        "invitation_revoked"
    )
    assert [i["id"] for i in admin.api.get(f"{url}?status=revoked")["data"]] == [dee["id"]]

    # Cy accepts with the new link and is an admin at once; the invitation is settled.
    accepted = cy.api.post("/v1/invitations/accept", {"token": new_token})
    assert accepted["member"]["role"] == "admin"
    assert admin.api.get(f"{url}?status=accepted")["data"][0]["email"] == "cy@fjord.example"
    member = admin.api.post(url, {"email": "cy@fjord.example"}, expect=409)
    assert member["error"]["code"] == "already_a_member"

    # Bad input gets a clear error and changes nothing.
    bad = admin.api.post(url, {"email": "not an address"}, expect=422)
    assert bad["error"]["code"] == "invalid_email"
    wrong_role = admin.api.post(url, {"email": "x@fjord.example", "role": "owner"}, expect=422)
    assert wrong_role["error"]["code"] == "invalid_request"
    nothing = anon_api.post("/v1/invitations/preview", {"token": "nope"}, expect=404)
    assert nothing["error"]["code"] == "invitation_not_found"


def test_x2_an_invitation_retried_with_its_idempotency_key_is_sent_once(
    admin: Customer,
) -> None:
    org = create_org(admin, plan="keyloft-team-1y", seats=3)
    url = f"/v1/organizations/{org['id']}/invitations"
    headers = {"Idempotency-Key": "invite-eve-1"}
    first = admin.api.post(url, {"email": "eve@fjord.example"}, expect=201, headers=headers)
    retried = admin.api.post(url, {"email": "eve@fjord.example"}, expect=201, headers=headers)
    assert retried["id"] == first["id"]
    assert len(admin.api.get(url)["data"]) == 1


# --------------------------------------------------------------------------- seats


def test_biz1_seats_free_in_the_trial_prorated_while_active_fixed_on_a_flat_plan(
    staff_api: Api, admin: Customer
) -> None:
    org = create_org(admin, plan="keyloft-team-1y", seats=2)
    url = f"/v1/organizations/{org['id']}/seats"
    # During the trial added seats cost nothing now: the trial's end bills them all.
    trial = admin.api.post(url, {"add": 1})
    assert trial["amount_charged"] == {"amount": 0, "currency": "USD"} and trial["invoice"] is None
    assert (trial["seats"]["limit"], trial["subscription"]["quantity"]) == (3, 3)

    staff_api.post("/v1/clock/advance", {"to": "2026-01-19T12:00:00Z"})  # the trial ends
    billing = org["billing_account_id"]
    first = admin.api.get(f"/v1/invoices?account_id={billing}")["data"][-1]
    assert first["total"] == 3 * 4800

    # Half-way through the year, two more seats: 2 × 4800 / 12 × 6 months, at once.
    staff_api.post("/v1/clock/advance", {"to": "2026-07-19T12:00:00Z"})
    added = admin.api.post(url, {"add": 2})
    assert added["amount_charged"] == {"amount": 4800, "currency": "USD"}
    assert added["invoice"]["status"] == "paid" and added["invoice"]["total"] == 4800
    assert added["subscription"]["current_period_end"].startswith("2027-01-19T12:00:00")
    assert added["seats"]["limit"] == 5

    # A plan with one price for up to ten members has its seats fixed by the plan.
    starter = create_org(admin, "Kiosk", plan="keyloft-starter-1m", seats=1)
    fixed = admin.api.post(f"/v1/organizations/{starter['id']}/seats", {"add": 1}, expect=409)
    assert (fixed["error"]["code"], fixed["error"]["max"]) == ("seats_fixed_by_plan", 10)
    assert admin.api.get(f"/v1/organizations/{starter['id']}/seats")["limit"] == 10


def test_biz1_an_organization_buys_business_plans_only(admin: Customer) -> None:
    org = create_org(admin)
    personal = admin.api.post(
        f"/v1/organizations/{org['id']}/subscriptions", {"plan": "keyloft-premium-1y"},
        expect=422,
    )  # fmt: skip
    assert personal["error"]["code"] == "organization_plan_must_be_business"
    too_many = admin.api.post(
        f"/v1/organizations/{org['id']}/subscriptions",
        {"plan": "keyloft-starter-1m", "seats": 11},
        expect=422,
    )
    assert too_many["error"]["code"] == "invalid_quantity"


# --------------------------------------------------------------------------- SUB-12


def test_sub12_an_organization_on_an_invoice_paid_business_plan(
    container: Container, staff_api: Api, admin: Customer
) -> None:
    org = create_org(admin, card=False)
    url = f"/v1/organizations/{org['id']}/subscriptions"
    body = {"plan": "keyloft-business-invoice-1y", "seats": 50}
    refused = admin.api.post(url, body, expect=403)
    assert refused["error"]["code"] == "invoice_billing_staff_only"
    sub = staff_api.post(url, body, expect=201)
    assert sub["status"] == "active"
    invoice = staff_api.get(f"/v1/invoices?account_id={org['billing_account_id']}")["data"][0]
    assert (invoice["status"], invoice["total"]) == ("open", 50 * 7800)
    staff_api.post(f"/v1/invoices/{invoice['id']}/mark_paid")
    assert admin.api.get(f"/v1/invoices/{invoice['id']}")["status"] == "paid"
    (bo,) = people(staff_api, "bo")
    join(container, admin.api, org, bo, "bo@fjord.example")
    status = bo.api.get("/v1/me/entitlement")
    assert status["active"] and "sso" in status["features"]
    assert status["storage_quota_mb"] == 2048


# --------------------------------------------------------------------------- BIZ-10


@pytest.fixture
def mail_settings(database_url: str, smtp: LocalSmtp) -> Settings:
    smtp.start()
    return email_settings(database_url, smtp.port, session_ttl_hours=24 * 365 * 5)


class TestBiz10:
    @pytest.fixture
    def settings(self, mail_settings: Settings) -> Settings:
        return mail_settings

    def test_biz10_support_stops_the_renewal_and_everyone_is_told_when_it_ends(
        self, container: Container, staff_api: Api, admin: Customer, smtp: LocalSmtp
    ) -> None:
        org = create_org(admin, plan="keyloft-team-1y", seats=3, locale="da")
        dane = make_customer(staff_api, "dan@fjord.example", locale="da")
        german = make_customer(staff_api, "gerd@fjord.example", locale="de")
        join(container, admin.api, org, dane, "dan@fjord.example")
        join(container, admin.api, org, german, "gerd@fjord.example")
        sub = org["subscription"]
        staff_api.post("/v1/clock/advance", {"to": "2026-01-19T12:00:00Z"})  # paid, active

        # Only support turns a business plan's renewal off (SUB-7) …
        admin.api.post(f"/v1/subscriptions/{sub['id']}/auto_renew", {"enabled": False},
                       expect=403)  # fmt: skip
        staff_api.post(f"/v1/subscriptions/{sub['id']}/auto_renew", {"enabled": False})
        staff_api.post("/v1/clock/advance", {"seconds": 1})

        # … and then admins and members are told when it ends, each in their language.
        ending = {str(m["To"]): m for m in smtp.messages if m["X-Tenure-Template"] == "plan_ending"}
        assert set(ending) == {"ada@fjord.example", "dan@fjord.example", "gerd@fjord.example"}
        assert ending["gerd@fjord.example"]["Content-Language"] == "de"
        assert ending["dan@fjord.example"]["Content-Language"] == "da"
        text = ending["ada@fjord.example"].get_body(("plain",))
        assert text is not None
        assert "January 19, 2027" in text.get_content() and "Fjord ApS" in text.get_content()
        assert "billing@fjord.example" not in ending
        # Their status says the plan does not renew.
        source = dane.api.get("/v1/me/entitlement")["subscriptions"][0]
        assert source["renews"] is False and source["organization_id"] == org["id"]


# --------------------------------------------------------------------------- APP-10


def test_app10_biz1_a_members_stream_follows_the_organizations_plan_and_removal(
    container: Container, staff_api: Api, admin: Customer
) -> None:
    org = create_org(admin, plan="keyloft-team-1y", seats=3)
    (bo,) = people(staff_api, "bo")
    join(container, admin.api, org, bo, "bo@fjord.example")
    sub = org["subscription"]

    async def scenario() -> None:
        opened = await open_stream(container, bo)
        await opened.next()  # retry
        first: dict[str, Any] = (await opened.next())["data"]
        assert first["active"] and first["subscriptions"][0]["organization_id"] == org["id"]
        assert (await opened.next())["comment"] == "keep-alive"  # listening, nothing new
        # A change to the organization's subscription reaches the member's stream.
        await asyncio.to_thread(staff_api.post, f"/v1/subscriptions/{sub['id']}/auto_renew",
                                {"enabled": False})  # fmt: skip
        changed = (await opened.next_entitlement())["data"]
        assert changed["subscriptions"][0]["renews"] is False
        assert (await opened.next())["comment"] == "keep-alive"
        # Removing the member ends what the organization granted at once.
        await asyncio.to_thread(admin.api.delete,
                                f"/v1/organizations/{org['id']}/members/{bo.id}")  # fmt: skip
        ended = (await opened.next_entitlement())["data"]
        assert ended["active"] is False and ended["subscriptions"] == []
        opened.request.gone = True

    asyncio.run(scenario())


def test_biz1_a_members_device_connects_under_the_organizations_plan(
    container: Container, staff_api: Api, admin: Customer
) -> None:
    """Connection admission (DEV-4) counts what an organization grants its members."""
    org = create_org(admin, plan="keyloft-team-1y", seats=2)
    (bo,) = people(staff_api, "bo")
    device = link_device(bo, platform="windows")
    refused = device.api.post("/v1/connections", expect=403)
    assert refused["error"]["code"] == "not_entitled"
    join(container, admin.api, org, bo, "bo@fjord.example")
    device.api.post("/v1/connections", expect=201)
    assert len(bo.api.get("/v1/connections")["data"]) == 1


def test_biz1_the_billing_account_is_changed_through_the_organization(
    staff_api: Api, admin: Customer
) -> None:
    org = create_org(admin)
    billing = org["billing_account_id"]
    for api in (admin.api, staff_api):
        refused = api.patch(f"/v1/accounts/{billing}", {"name": "Renamed"}, expect=409)
        assert refused["error"]["code"] == "organization_account"
    changed = admin.api.patch(
        f"/v1/organizations/{org['id']}", {"billing_email": "ap@fjord.example", "locale": "da"}
    )
    assert (changed["billing_email"], changed["locale"]) == ("ap@fjord.example", "da")
    assert staff_api.get(f"/v1/accounts/{billing}")["email"] == "ap@fjord.example"
