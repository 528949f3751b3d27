"""Issue 13 acceptance, through the HTTP API with the simulated clock and a real SMTP server
on loopback: an admin creates an organization, buys a Team plan with a 14-day trial, invites
five people (a sixth, over the seat limit, is refused), four accept, one invitation expires;
the renewal card fails; the admins (not the members) get the grace email and reminders in
their language; every member's status carries the deadline; staff see the organization on the
grace worklist; the admin adds a card and the organization is active again with its anchor
unchanged. BIZ-1, BIZ-2, BIZ-9, X-3, X-5."""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Any

import pytest

from support import Api
from support.commerce import FAILING_CARD, GOOD_CARD, Customer, make_customer
from support.smtp import LocalSmtp, email_settings
from tenure.kit.settings import Settings


@pytest.fixture
def settings(database_url: str, smtp: LocalSmtp) -> Settings:
    smtp.start()
    return email_settings(database_url, smtp.port, session_ttl_hours=24 * 365 * 5)


def advance_to(staff_api: Api, instant: str) -> None:
    staff_api.post("/v1/clock/advance", {"to": instant})


def deliver(staff_api: Api) -> None:
    """Let the outbox send what is due (the clock's advance runs the due work)."""
    staff_api.post("/v1/clock/advance", {"seconds": 1})


def sign_up(anon_api: Api, email: str, locale: str = "en", name: str = "") -> Customer:
    """The public self sign-up, then a password sign-in."""
    account = anon_api.post(
        "/v1/accounts",
        {"email": email, "name": name, "locale": locale, "password": "correct horse battery"},
        expect=201,
    )
    login = anon_api.post(
        "/v1/auth/login", {"email": email, "password": "correct horse battery"}, expect=200
    )
    return Customer(
        account["id"], Api(anon_api.client, {"Authorization": f"Bearer {login['token']}"})
    )


def to(smtp: LocalSmtp, address: str, template: str | None = None) -> list[EmailMessage]:
    return [
        m
        for m in smtp.messages
        if m["To"] == address and (template is None or m["X-Tenure-Template"] == template)
    ]


def token_in(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(r"[?&]token=([A-Za-z0-9_\-]+)", body.get_content())
    assert found, body.get_content()
    return found.group(1)


def status_of(api: Api, language: str = "en") -> dict[str, Any]:
    result: dict[str, Any] = api.get("/v1/me/entitlement", headers={"Accept-Language": language})
    return result


def test_biz1_biz2_biz9_team_plan_story(
    staff_api: Api, anon_api: Api, smtp: LocalSmtp, demo_catalog: object
) -> None:
    anna = make_customer(staff_api, "anna@fjord.example", locale="da")  # the first admin
    bernd = make_customer(staff_api, "bernd@fjord.example", locale="de")  # has an account

    # BIZ-1: Anna creates the organization; she is its first admin.
    org = anna.api.post(
        "/v1/organizations",
        {"name": "Fjord ApS", "billing_email": "billing@fjord.example", "locale": "da"},
        expect=201,
    )
    assert org["id"].startswith("org_") and org["role"] == "admin"
    billing = org["billing_account_id"]
    members = anna.api.get(f"/v1/organizations/{org['id']}/members")["data"]
    assert [(m["email"], m["role"]) for m in members] == [("anna@fjord.example", "admin")]

    # Without a plan nobody can be invited yet.
    refused = anna.api.post(
        f"/v1/organizations/{org['id']}/invitations", {"email": "x@fjord.example"}, expect=409
    )
    assert refused["error"]["code"] == "organization_has_no_plan"

    # The organization's card, then the Team plan for six people with its 14-day trial.
    anna.api.post(
        "/v1/payment_methods",
        {"account_id": billing, "type": "card", "card": GOOD_CARD, "make_default": True},
        expect=201,
    )
    team = anna.api.post(
        f"/v1/organizations/{org['id']}/subscriptions",
        {"plan": "keyloft-team-1y", "seats": 6},
        expect=201,
    )
    assert team["status"] == "trialing" and team["account_id"] == billing
    assert team["trial_end"].startswith("2026-01-19T12:00:00")

    # Five invitations fill the six seats (Anna has one); the sixth is refused with numbers.
    invited = ["bernd", "carl", "dora", "emil", "finn"]
    for person in invited:
        anna.api.post(
            f"/v1/organizations/{org['id']}/invitations",
            {"email": f"{person}@fjord.example", "role": "member"},
            expect=201,
        )
    over = anna.api.post(
        f"/v1/organizations/{org['id']}/invitations", {"email": "gus@fjord.example"}, expect=409
    )
    assert over["error"]["code"] == "seat_limit_reached"
    assert (over["error"]["limit"], over["error"]["members"]) == (6, 1)
    assert over["error"]["pending_invitations"] == 5
    seats = anna.api.get(f"/v1/organizations/{org['id']}/seats")
    assert (seats["limit"], seats["used"], seats["available"]) == (6, 6, 0)

    deliver(staff_api)
    invitations = {p: to(smtp, f"{p}@fjord.example", "organization_invitation") for p in invited}
    assert all(len(found) == 1 for found in invitations.values())
    # In the invitee's language if they have an account, else the organization's.
    assert invitations["bernd"][0]["Content-Language"] == "de"
    assert invitations["carl"][0]["Content-Language"] == "da"
    assert "Fjord ApS" in str(invitations["carl"][0]["Subject"])
    tokens = {p: token_in(found[0]) for p, found in invitations.items()}

    # Four accept: Bernd with his account, three sign up first with the invited address.
    joined = bernd.api.post("/v1/invitations/accept", {"token": tokens["bernd"]})
    assert joined["organization"]["id"] == org["id"] and joined["member"]["role"] == "member"
    people = {"bernd": bernd}
    for person in ("carl", "dora", "emil"):
        people[person] = sign_up(anon_api, f"{person}@fjord.example")
        people[person].api.post("/v1/invitations/accept", {"token": tokens[person]})

    # Each wrong use of a link has its own error.
    again = bernd.api.post("/v1/invitations/accept", {"token": tokens["bernd"]}, expect=409)
    assert again["error"]["code"] == "invitation_already_accepted"
    other = people["carl"].api.post("/v1/invitations/accept", {"token": tokens["finn"]},
                                    expect=403)  # fmt: skip
    assert other["error"]["code"] == "invitation_for_another_email"

    # Anna makes Bernd an admin too (X-3: the change is an event with its actor).
    promoted = anna.api.patch(
        f"/v1/organizations/{org['id']}/members/{bernd.id}", {"role": "admin"}
    )
    assert promoted["role"] == "admin"
    audit = anna.api.get(f"/v1/organizations/{org['id']}/events")["data"]
    promotion = next(e for e in audit if e["type"] == "organization.member_promoted")
    assert promotion["actor"] == {"kind": "account", "id": anna.id}

    # A member reads their own membership and their organization, not its member list.
    carl = people["carl"]
    assert carl.api.get(f"/v1/organizations/{org['id']}/membership")["role"] == "member"
    assert carl.api.get(f"/v1/organizations/{org['id']}")["role"] == "member"
    denied = carl.api.get(f"/v1/organizations/{org['id']}/members", expect=403)
    assert denied["error"]["code"] == "organization_admin_only"

    # Finn's invitation expires after 7 days: his link no longer works, and its seat is free.
    advance_to(staff_api, "2026-01-12T12:00:01Z")
    finn = sign_up(anon_api, "finn@fjord.example")
    late = finn.api.post("/v1/invitations/accept", {"token": tokens["finn"]}, expect=409)
    assert late["error"]["code"] == "invitation_expired"
    expired = anna.api.get(f"/v1/organizations/{org['id']}/invitations?status=expired")["data"]
    assert [i["email"] for i in expired] == ["finn@fjord.example"]
    seats = anna.api.get(f"/v1/organizations/{org['id']}/seats")
    assert (seats["members"], seats["pending_invitations"], seats["available"]) == (5, 0, 1)

    # A member's entitlement comes from the organization's plan, and says which one grants it.
    mine = status_of(carl.api)
    assert mine["active"] and mine["reason"] == "trialing"
    assert {"spaces", "group_sharing", "admin_recovery", "admin_console"} <= set(mine["features"])
    assert [s["organization_id"] for s in mine["subscriptions"]] == [org["id"]]
    assert mine["storage_quota_mb"] == 1024  # the Team plan's quota

    # The trial ends: the organization's card pays six seats; the receipt goes to billing.
    advance_to(staff_api, "2026-01-19T12:00:00Z")
    active = anna.api.get(f"/v1/subscriptions/{team['id']}")
    assert active["status"] == "active"
    period_end = active["current_period_end"]
    assert period_end.startswith("2027-01-19T12:00:00")
    invoices = anna.api.get(f"/v1/invoices?account_id={billing}")["data"]
    assert invoices[-1]["total"] == 6 * 4800
    assert to(smtp, "billing@fjord.example", "receipt")

    # The renewal card fails: the organization's new default card is declined.
    anna.api.post(
        "/v1/payment_methods",
        {"account_id": billing, "type": "card", "card": FAILING_CARD, "make_default": True},
        expect=201,
    )
    advance_to(staff_api, "2027-01-19T12:00:00Z")
    due = anna.api.get(f"/v1/subscriptions/{team['id']}")
    assert due["status"] == "past_due"
    deadline = due["grace_ends_at"]
    assert deadline.startswith("2027-02-18T12:00:00")
    deliver(staff_api)

    # BIZ-2: the admins get the grace email, each in their language; the members do not.
    for admin, language in (("anna@fjord.example", "da"), ("bernd@fjord.example", "de")):
        started = to(smtp, admin, "grace_started")
        assert len(started) == 1 and started[0]["Content-Language"] == language
        text = started[0].get_body(("plain",))
        assert text is not None and "Fjord ApS" in text.get_content()
    for member in ("carl", "dora", "emil"):
        assert not to(smtp, f"{member}@fjord.example", "grace_started")
        assert not to(smtp, f"{member}@fjord.example", "payment_failed")
    assert not to(smtp, "billing@fjord.example", "grace_started")

    # Every member's status carries the deadline: admins are asked to update billing,
    # members told when their organization's plan ends.
    for reader in (carl, people["dora"], people["emil"], anna, bernd):
        warning = next(w for w in status_of(reader.api)["warnings"]
                       if w["code"] == "grace_deadline")  # fmt: skip
        assert warning["deadline"] == deadline and warning["organization_id"] == org["id"]
    member_warning = next(w for w in status_of(carl.api)["warnings"]
                          if w["code"] == "grace_deadline")  # fmt: skip
    assert member_warning["message"].startswith("Your organization's plan ends on")
    assert "February 18, 2027" in member_warning["message"]
    admin_warning = next(w for w in status_of(bernd.api)["warnings"]
                         if w["code"] == "grace_deadline")  # fmt: skip
    assert admin_warning["message"].startswith("Update billing before February 18, 2027")

    # BIZ-9: support sees the organization on the grace worklist.
    advance_to(staff_api, "2027-01-27T12:00:00Z")  # reminders on days 1, 3 and 7 of grace
    worklist = staff_api.get("/v1/organizations/in_grace")["data"]
    entry = next(e for e in worklist if e["organization_id"] == org["id"])
    assert entry["grace_ends_at"] == deadline and entry["days_left"] == 22
    assert entry["amount_due"] == {"amount": 6 * 4800, "currency": "USD"}
    assert sorted(a["email"] for a in entry["admins"]) == [
        "anna@fjord.example",
        "bernd@fjord.example",
    ]
    assert entry["billing_email"] == "billing@fjord.example"
    assert entry["last_reminder_at"] is not None and entry["last_reminder_at"] >= "2027-01-26"

    # The reminders went to the admins only, in their language.
    deliver(staff_api)
    assert len(to(smtp, "anna@fjord.example", "grace_reminder")) == 3
    assert {m["Content-Language"] for m in to(smtp, "bernd@fjord.example", "grace_reminder")} == {
        "de"
    }
    assert not any(to(smtp, f"{m}@fjord.example", "grace_reminder") for m in ("carl", "dora"))

    # Bernd (an admin) adds a working card: it is charged at once and the plan is active
    # again with its anchor unchanged.
    bernd.api.post(
        "/v1/payment_methods",
        {"account_id": billing, "type": "card", "card": GOOD_CARD, "make_default": True},
        expect=201,
    )
    recovered = anna.api.get(f"/v1/subscriptions/{team['id']}")
    assert recovered["status"] == "active"
    assert recovered["current_period_end"].startswith("2028-01-19T12:00:00")
    assert not [e for e in staff_api.get("/v1/organizations/in_grace")["data"]
                if e["organization_id"] == org["id"]]  # fmt: skip
    assert not [w for w in status_of(carl.api)["warnings"] if w["code"] == "grace_deadline"]

    # Removing a member ends what the organization granted them at once.
    anna.api.delete(f"/v1/organizations/{org['id']}/members/{people['emil'].id}")
    gone = status_of(people["emil"].api)
    assert not gone["active"] and gone["subscriptions"] == []
    assert status_of(carl.api)["active"]
