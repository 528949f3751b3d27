"""Issue 14: when a business plan expires (BIZ-3 … BIZ-7), through the HTTP API with the
simulated clock and a real SMTP server on loopback. An organization of an admin and three
members with personal and company logins on two company domains, one-to-one shares and a
sharing group; its Team trial ends unpaid, grace runs out, and at that exact instant: every
member gets 30 days of Premium, then Free (BIZ-3); business features stop; with single
sign-on the accounts are suspended (BIZ-4); the data policy (BIZ-5), the company domains
(BIZ-6) and the sharing rules (BIZ-7) make the revocation plan the vendor's backend applies."""

from __future__ import annotations

from typing import Any

import pytest

from support import Api
from support.commerce import add_card, make_customer
from support.devices import link_device
from support.organizations import create_org, join
from support.smtp import LocalSmtp, email_settings
from tenure.kit.settings import Settings

GRACE_ENDS = "2026-02-18T12:00:00Z"  # the 14-day trial ends 19 Jan; 30 days of grace


@pytest.fixture
def settings(database_url: str, smtp: LocalSmtp) -> Settings:
    smtp.start()
    return email_settings(database_url, smtp.port, session_ttl_hours=24 * 365 * 5)


class Fjord:
    """The organization of the seed's stories and its people."""

    def __init__(self, container: Any, staff_api: Api, plan: str = "keyloft-team-1y") -> None:
        self.container = container
        self.staff = staff_api
        self.ada = make_customer(staff_api, "ada@fjord.example", locale="da")  # the admin
        self.bo = make_customer(staff_api, "bo@fjord.example", locale="de")
        self.cy = make_customer(staff_api, "cy@fjord.example")
        self.dee = make_customer(staff_api, "dee@fjord.example")
        self.org = create_org(self.ada, plan=plan, seats=4, card=False)
        for person in (self.bo, self.cy, self.dee):
            email = f"{self.name(person.id)}@fjord.example"
            join(container, self.ada.api, self.org, person, email)
        self.url = f"/v1/organizations/{self.org['id']}"

    def name(self, account_id: str) -> str:
        people = {"ada": self.ada, "bo": self.bo, "cy": self.cy, "dee": self.dee}
        return next(n for n, c in people.items() if c.id == account_id)

    def configure(self, **settings: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.ada.api.patch(f"{self.url}/settings", settings)
        return result

    def register_vault(self) -> None:
        """Personal and company logins on two company domains, a company note, a one-to-one
        share of a company login and of a personal note, and a sharing group."""
        self.staff.put(f"{self.url}/vault/groups", {"groups": [
            {"group_id": "ops", "name": "Operations",
             "members": [self.ada.id, self.bo.id, self.cy.id, self.dee.id]},
        ]})  # fmt: skip
        login = {"kind": "login"}
        self.staff.put(f"{self.url}/vault/items", {"items": [
            {"item_id": "ada-bank", "owner_account_id": self.ada.id, **login,
             "scope": "personal", "domain": "bank.example"},
            {"item_id": "ada-crm", "owner_account_id": self.ada.id, **login,
             "scope": "company", "domain": "CRM.Fjord.example."},
            {"item_id": "ada-note", "owner_account_id": self.ada.id, "kind": "secure_note",
             "scope": "company"},
            {"item_id": "bo-mail", "owner_account_id": self.bo.id, **login,
             "scope": "company", "domain": "mail.fjord-group.example"},
            {"item_id": "bo-social", "owner_account_id": self.bo.id, **login,
             "scope": "personal", "domain": "social.example"},
            {"item_id": "bo-wiki", "owner_account_id": self.bo.id, **login,
             "scope": "company", "domain": "wiki.fjord.example",
             "shares": [{"recipient_account_id": self.cy.id}]},
            {"item_id": "cy-recipe", "owner_account_id": self.cy.id, "kind": "secure_note",
             "scope": "personal", "shares": [{"recipient_account_id": self.dee.id}]},
            {"item_id": "dee-db", "owner_account_id": self.dee.id, **login,
             "scope": "company", "domain": "db.example",
             "shares": [{"group_id": "ops", "shared_by_account_id": self.dee.id}]},
        ]})  # fmt: skip

    def plan(self, plan_id: str | None = None) -> set[tuple[str, str, str, str, str]]:
        query = f"?plan_id={plan_id}&limit=200" if plan_id else "?limit=200"
        rows = self.staff.get(f"{self.url}/vault/decisions{query}")["data"]
        return {(r["item_id"], self.name(r["account_id"]), r["action"], r["reason"], r["access"])
                for r in rows}  # fmt: skip


def status(api: Api) -> dict[str, Any]:
    result: dict[str, Any] = api.get("/v1/me/entitlement", headers={"Accept-Language": "en"})
    return result


def advance_to(staff_api: Api, instant: str) -> None:
    staff_api.post("/v1/clock/advance", {"to": instant})


@pytest.fixture
def fjord(container: Any, staff_api: Api, demo_catalog: object) -> Fjord:
    return Fjord(container, staff_api)


def test_biz3_biz5_biz6_biz7_expiry_at_the_exact_instant(
    fjord: Fjord, staff_api: Api, smtp: LocalSmtp
) -> None:
    fjord.configure(
        data_policy="keep_personal",
        revoke_company_items=True,
        company_domains=["fjord.example", "FJORD-GROUP.example"],
        directory={"kind": "active_directory", "name": "corp.fjord"},
    )
    fjord.register_vault()
    assert status(fjord.cy.api)["active"]

    # The trial ends unpaid: grace, with full access, until the deadline.
    advance_to(staff_api, "2026-02-18T11:59:59Z")
    assert status(fjord.cy.api)["reason"] == "grace"
    assert fjord.plan() == set()

    # At the exact instant the plan expires and the expiry is applied.
    advance_to(staff_api, GRACE_ENDS)
    expired = staff_api.get(f"/v1/subscriptions/{fjord.org['subscription']['id']}")
    assert (expired["status"], expired["ended_at"]) == ("expired", "2026-02-18T12:00:00Z")

    # BIZ-5/6/7: the exact revocation plan, one row per (item, member).
    events = staff_api.get(f"{fjord.url}/events?limit=200")["data"]
    expiry = next(e for e in events if e["type"] == "organization.expired")
    revoked = next(e for e in events if e["type"] == "organization.items_revoked")
    plan_id = revoked["data"]["plan_id"]
    assert fjord.plan(plan_id) == {
        ("ada-crm", "ada", "revoke", "company_domain", "owner"),
        ("ada-note", "ada", "revoke", "data_policy_company_item", "owner"),
        ("bo-mail", "bo", "revoke", "company_domain", "owner"),
        ("bo-wiki", "bo", "revoke", "company_domain", "owner"),
        ("bo-wiki", "cy", "revoke", "company_domain", "one_to_one"),
        ("cy-recipe", "dee", "revoke", "one_to_one_share", "one_to_one"),
        ("dee-db", "ada", "revoke", "sharing_group", "group"),
        ("dee-db", "bo", "revoke", "sharing_group", "group"),
        ("dee-db", "cy", "revoke", "sharing_group", "group"),
        ("dee-db", "dee", "revoke", "data_policy_company_item", "owner"),
    }
    assert revoked["data"]["rows"] == 10
    # The groups end for good; the directory connection is dropped.
    groups = staff_api.get(f"{fjord.url}/vault/groups")["data"]
    assert groups[0]["ended_at"] == "2026-02-18T12:00:00Z"
    assert expiry["data"]["directory_dropped"] is True
    assert staff_api.get(fjord.url)["settings"]["directory"] is None
    # What each member has now.
    access = {a["item_id"]: a for a in staff_api.get(f"{fjord.url}/vault/access/{fjord.ada.id}")}
    assert access["ada-bank"]["state"] == "active"
    assert (access["ada-crm"]["state"], access["ada-crm"]["reason"]) == ("revoke", "company_domain")

    # BIZ-3: every member has 30 days of Premium, on their own account; business features
    # stopped for everyone at once.
    for person in (fjord.ada, fjord.bo, fjord.cy, fjord.dee):
        now = status(person.api)
        assert now["active"] and now["reason"] == "trialing"
        assert [s["plan"] for s in now["subscriptions"]] == ["keyloft-premium-1y"]
        assert now["subscriptions"][0]["organization_id"] is None
        assert "sync" in now["features"] and "spaces" not in now["features"]
        assert now["expires_at"] == "2026-03-20T12:00:00Z"
    assert fjord.cy.api.get(fjord.url, expect=403)["error"]["code"] == "forbidden"

    # Everyone is told their new status in their language; nobody gets the generic email.
    staff_api.post("/v1/clock/advance", {"seconds": 1})
    told = {str(m["To"]): m for m in smtp.messages
            if m["X-Tenure-Template"] == "organization_expired"}  # fmt: skip
    assert set(told) == {f"{n}@fjord.example" for n in ("ada", "bo", "cy", "dee")}
    assert told["ada@fjord.example"]["Content-Language"] == "da"
    assert told["bo@fjord.example"]["Content-Language"] == "de"
    member_text = told["cy@fjord.example"].get_body(("plain",))
    assert member_text is not None and "Keyloft Premium" in member_text.get_content()
    assert "Keyloft Free" in member_text.get_content()
    assert "restore" not in member_text.get_content()  # only admins may have it restored
    assert not [m for m in smtp.messages if m["X-Tenure-Template"] == "subscription_expired"]

    # Without a purchase the trial ends after 30 days: Free (the expired email says so).
    advance_to(staff_api, "2026-03-20T12:00:00Z")
    after = status(fjord.dee.api)
    assert not after["active"] and after["reason"] == "expired"
    (free,) = after["free_tiers"]  # Free: fewer features, less storage
    assert (free["plan"], free["storage_quota_mb"]) == ("keyloft-free", 25)
    assert "sync" not in free["features"] and "passwords" in free["features"]
    staff_api.post("/v1/clock/advance", {"seconds": 1})
    ended = [m for m in smtp.messages if m["X-Tenure-Template"] == "subscription_expired"
             and m["To"] == "dee@fjord.example"]  # fmt: skip
    assert len(ended) == 1
    text = ended[0].get_body(("plain",))
    assert text is not None and "Keyloft Free" in text.get_content()


def test_biz4_with_single_sign_on_the_members_lose_their_accounts(
    container: Any, staff_api: Api, anon_api: Api, demo_catalog: object
) -> None:
    fjord = Fjord(container, staff_api, plan="keyloft-business-1y")  # Business has SSO
    fjord.configure(sso_enabled=True)
    device = link_device(fjord.bo, platform="windows")
    # Bo also pays for a VPN of the same vendor on this account.
    add_card(fjord.bo.api)
    fjord.bo.api.post("/v1/subscriptions", {"plan": "vg-personal-1m"}, expect=201)
    advance_to(staff_api, GRACE_ENDS)

    # The app's status says so, and why; no trial is granted to an account nobody can use.
    now = device.api.get("/v1/me/entitlement")
    assert (now["active"], now["reason"]) == (False, "account_suspended")
    assert now["suspended_reason"] == "sso_plan_expired"
    # The sessions ended, and signing in is refused with the reason.
    fjord.bo.api.get("/v1/me", expect=401)
    refused = anon_api.post(
        "/v1/auth/login", {"email": "bo@fjord.example", "password": "correct horse battery"},
        expect=403,
    )  # fmt: skip
    assert refused["error"]["code"] == "account_suspended"
    assert refused["error"]["reason"] == "sso_plan_expired"
    subs = staff_api.get(f"/v1/subscriptions?account_id={fjord.bo.id}")["data"]
    assert [s["plan"] for s in subs] == ["vg-personal-1m"]  # no Premium trial
    # Altogether: not even the VPN it still pays for admits the account's devices.
    refused_connection = device.api.post("/v1/connections", expect=403)
    assert refused_connection["error"]["code"] == "account_suspended"


def test_biz6_removing_a_member_revokes_the_company_logins_they_had(
    fjord: Fjord, staff_api: Api
) -> None:
    fjord.configure(revoke_company_items=True, company_domains=["fjord.example"])
    fjord.register_vault()
    fjord.ada.api.delete(f"{fjord.url}/members/{fjord.cy.id}")
    # Cy had the wiki login shared by Bo (a company domain); the rest stays.
    assert fjord.plan() == {("bo-wiki", "cy", "revoke", "company_domain", "one_to_one")}
    events = [e["type"] for e in staff_api.get(f"{fjord.url}/events?limit=200")["data"]]
    assert "organization.items_revoked" in events

    # With the setting off, removing a member revokes nothing.
    fjord.configure(revoke_company_items=False)
    fjord.ada.api.delete(f"{fjord.url}/members/{fjord.dee.id}")
    assert len(fjord.plan()) == 1


def test_biz5_vault_index_validates_shapes_and_is_idempotent(fjord: Fjord, staff_api: Api) -> None:
    fjord.register_vault()
    fjord.register_vault()  # the same batch again changes nothing
    items = staff_api.get(f"{fjord.url}/vault/items?limit=200")["data"]
    assert len(items) == 8
    crm = next(i for i in items if i["item_id"] == "ada-crm")
    assert crm["domain"] == "crm.fjord.example"  # normalized
    url = f"{fjord.url}/vault/items"
    bad: list[tuple[dict[str, Any], str]] = [
        ({"item_id": "x", "owner_account_id": "acct_nobody", "kind": "login",
          "scope": "personal"}, "not_a_member"),
        ({"item_id": "x", "owner_account_id": fjord.bo.id, "kind": "login",
          "scope": "personal", "domain": "https://x.example/login"}, "invalid_domain"),
        ({"item_id": "x", "owner_account_id": fjord.bo.id, "kind": "login",
          "scope": "personal", "shares": [{"group_id": "nope"}]}, "unknown_sharing_group"),
        ({"item_id": "x", "owner_account_id": fjord.bo.id, "kind": "login",
          "scope": "personal", "shares": [{}]}, "invalid_share"),
    ]  # fmt: skip
    for body, code in bad:
        refused = staff_api.put(url, {"items": [body]}, expect=422)
        assert refused["error"]["code"] == code, refused
    wrong_scope = staff_api.put(url, {"items": [{**bad[0][0], "scope": "team"}]}, expect=422)
    assert wrong_scope["error"]["code"] == "invalid_request"
    assert len(staff_api.get(f"{url}?limit=200")["data"]) == 8  # nothing changed
    # Only staff (the vendor's backend) use the index.
    assert fjord.ada.api.get(url, expect=403)["error"]["code"] == "staff_only"
    deleted = staff_api.post(f"{url}/delete", {"item_ids": ["ada-bank", "gone"]})
    assert deleted["count"] == 1
    assert staff_api.post(f"{url}/delete", {"item_ids": ["ada-bank"]})["count"] == 0


def expired_fjord(fjord: Fjord, staff_api: Api) -> None:
    fjord.configure(
        data_policy="keep_personal",
        revoke_company_items=True,
        company_domains=["fjord.example", "fjord-group.example"],
    )
    fjord.register_vault()
    advance_to(staff_api, GRACE_ENDS)


def test_biz8_restore_asked_by_an_admin_on_day_29_then_renewed(
    fjord: Fjord, staff_api: Api
) -> None:
    expired_fjord(fjord, staff_api)
    url = fjord.url
    # A member may not ask; an admin at expiry may, within 30 days.
    advance_to(staff_api, "2026-03-19T12:00:00Z")  # day 29
    refused = fjord.cy.api.post(f"{url}/restore_request", expect=403)
    assert refused["error"]["code"] == "restore_admins_only"
    asked = fjord.ada.api.post(f"{url}/restore_request")
    assert (asked["status"], asked["restore_until"]) == ("restore_requested",
                                                        "2026-03-20T12:00:00Z")  # fmt: skip
    assert fjord.ada.api.get(url, expect=403)["error"]["code"] == "forbidden"

    # Staff restore it: the admin is back at once, with 3 days to update billing.
    restored = staff_api.post(f"{url}/restore")
    assert restored["status"] == "restored" and restored["pay_by"] == "2026-03-22T12:00:00Z"
    members = fjord.ada.api.get(f"{url}/members")["data"]
    assert [(m["email"], m["role"]) for m in members] == [("ada@fjord.example", "admin")]
    # The admin's own items come back; what came through a sharing group does not.
    assert fjord.plan(restored["restore_plan_id"]) == {
        ("ada-crm", "ada", "restore", "company_domain", "owner"),
        ("ada-note", "ada", "restore", "data_policy_company_item", "owner"),
        ("dee-db", "ada", "not_restored", "sharing_groups_not_restored", "group"),
    }
    # Sharing groups cannot be restored: they must be created anew.
    again = staff_api.put(f"{url}/vault/groups", {"groups": [{"group_id": "ops"}]}, expect=409)
    assert again["error"]["code"] == "sharing_group_ended"

    # The admin updates billing and buys the plan again: renewed, business features back.
    fjord.ada.api.post(
        "/v1/payment_methods",
        {"account_id": fjord.org["billing_account_id"], "type": "card",
         "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030,
                  "cvc": "123"}, "make_default": True},
        expect=201,
    )  # fmt: skip
    fjord.ada.api.post(f"{url}/subscriptions", {"plan": "keyloft-team-1y", "seats": 4,
                                                "trial": False}, expect=201)  # fmt: skip
    assert fjord.ada.api.get(f"{url}/expiry")["status"] == "renewed"
    # Members must be invited again and accept; their own items come back then.
    join(fjord.container, fjord.ada.api, fjord.org, fjord.bo, "bo@fjord.example")
    assert fjord.plan(restored["restore_plan_id"]) >= {
        ("bo-mail", "bo", "restore", "company_domain", "owner"),
        ("bo-wiki", "bo", "restore", "company_domain", "owner"),
        ("dee-db", "bo", "not_restored", "sharing_groups_not_restored", "group"),
    }

    assert "spaces" in status(fjord.bo.api)["features"]
    advance_to(staff_api, "2026-03-25T12:00:00Z")  # no lapse once renewed
    assert fjord.ada.api.get(f"{url}/expiry")["status"] == "renewed"
    # At the window's end what the members who did not re-join lost is gone for good.
    events = staff_api.get(f"{url}/events?limit=200")["data"]
    purged = next(e for e in events if e["type"] == "organization.items_purged")
    assert sorted(purged["data"]["accounts"]) == sorted([fjord.cy.id, fjord.dee.id])


def test_biz8_an_unpaid_restore_lapses_late_requests_are_refused_and_items_are_purged(
    fjord: Fjord, staff_api: Api
) -> None:
    expired_fjord(fjord, staff_api)
    url = fjord.url
    advance_to(staff_api, "2026-02-28T12:00:00Z")  # day 10
    staff_api.post(f"{url}/restore")  # staff may restore without a request (e.g. invoiced)
    assert fjord.ada.api.get(f"{url}/members")["data"]
    advance_to(staff_api, "2026-03-03T12:00:00Z")  # 3 days, not paid
    lapsed = staff_api.get(f"{url}/expiry")
    assert lapsed["status"] == "lapsed"
    assert fjord.ada.api.get(url, expect=403)["error"]["code"] == "forbidden"
    # What the restore gave back is revoked again.
    access = {a["item_id"]: a for a in staff_api.get(f"{url}/vault/access/{fjord.ada.id}")}
    assert (access["ada-crm"]["state"], access["ada-crm"]["reason"]) == (
        "revoke",
        "restore_lapsed",
    )

    # Restored again (the window still runs): the admin's items come back again.
    again = staff_api.post(f"{url}/restore")
    assert again["restore_plan_id"] != lapsed["restore_plan_id"]
    assert ("ada-crm", "ada", "restore", "company_domain", "owner") in fjord.plan(
        again["restore_plan_id"]
    )
    advance_to(staff_api, "2026-03-06T12:00:01Z")  # not paid again: lapses again
    assert staff_api.get(f"{url}/expiry")["status"] == "lapsed"

    # At day 30 the revoked items are gone for good, and the vendor is told to delete them.
    advance_to(staff_api, "2026-03-20T12:00:00Z")
    assert staff_api.get(f"{url}/expiry")["status"] == "purged"
    events = staff_api.get(f"{url}/events?limit=200")["data"]
    purged = next(e for e in events if e["type"] == "organization.items_purged")
    assert purged["data"]["plan_id"] == lapsed["plan_id"]
    advance_to(staff_api, "2026-03-22T12:00:00Z")  # day 31
    late = fjord.ada.api.post(f"{url}/restore_request", expect=409)
    assert late["error"]["code"] == "restore_window_over"
    assert staff_api.post(f"{url}/restore", expect=409)["error"]["code"] == "restore_window_over"


def test_biz4_single_sign_on_counts_only_on_a_plan_that_has_it(
    fjord: Fjord, staff_api: Api
) -> None:
    fjord.configure(sso_enabled=True)  # set, but the Team plan has no single sign-on
    advance_to(staff_api, GRACE_ENDS)
    now = status(fjord.bo.api)
    assert now["active"] and now["reason"] == "trialing"
    assert staff_api.get(f"{fjord.url}/expiry")["sso_enabled"] is False


GROUP_ROWS = {
    ("dee-db", "ada", "revoke", "sharing_group", "group"),
    ("dee-db", "bo", "revoke", "sharing_group", "group"),
    ("dee-db", "cy", "revoke", "sharing_group", "group"),
}
COMPANY_DOMAIN_ROWS = {
    ("ada-crm", "ada", "revoke", "company_domain", "owner"),
    ("bo-mail", "bo", "revoke", "company_domain", "owner"),
    ("bo-wiki", "bo", "revoke", "company_domain", "owner"),
    ("bo-wiki", "cy", "revoke", "company_domain", "one_to_one"),
    ("cy-recipe", "dee", "revoke", "one_to_one_share", "one_to_one"),
}


def _rows(reason: str, *pairs: tuple[str, str, str]) -> set[tuple[str, str, str, str, str]]:
    return {(item, who, "revoke", reason, access) for item, who, access in pairs}


EXPECTED = {
    ("keep_all", False): GROUP_ROWS,
    ("keep_all", True): GROUP_ROWS | COMPANY_DOMAIN_ROWS,
    ("keep_personal", False): GROUP_ROWS | _rows(
        "data_policy_company_item",
        ("ada-crm", "ada", "owner"), ("ada-note", "ada", "owner"), ("bo-mail", "bo", "owner"),
        ("bo-wiki", "bo", "owner"), ("bo-wiki", "cy", "one_to_one"), ("dee-db", "dee", "owner"),
    ),
    ("keep_personal", True): GROUP_ROWS | COMPANY_DOMAIN_ROWS | _rows(
        "data_policy_company_item", ("ada-note", "ada", "owner"), ("dee-db", "dee", "owner"),
    ),
    ("lose_all", False): GROUP_ROWS | _rows(
        "data_policy_lose_all",
        ("ada-bank", "ada", "owner"), ("ada-crm", "ada", "owner"), ("ada-note", "ada", "owner"),
        ("bo-mail", "bo", "owner"), ("bo-social", "bo", "owner"), ("bo-wiki", "bo", "owner"),
        ("bo-wiki", "cy", "one_to_one"), ("cy-recipe", "cy", "owner"),
        ("cy-recipe", "dee", "one_to_one"), ("dee-db", "dee", "owner"),
    ),
    ("lose_all", True): GROUP_ROWS | COMPANY_DOMAIN_ROWS | _rows(
        "data_policy_lose_all",
        ("ada-bank", "ada", "owner"), ("ada-note", "ada", "owner"), ("bo-social", "bo", "owner"),
        ("cy-recipe", "cy", "owner"), ("dee-db", "dee", "owner"),
    ),
}  # fmt: skip


@pytest.mark.parametrize(("policy", "biz6"), sorted(EXPECTED))
def test_biz5_biz6_biz7_the_exact_plan_under_each_data_policy_with_biz6_on_and_off(
    fjord: Fjord, staff_api: Api, policy: str, biz6: bool
) -> None:
    fjord.configure(
        data_policy=policy,
        revoke_company_items=biz6,
        company_domains=["fjord.example", "fjord-group.example"],
    )
    fjord.register_vault()
    advance_to(staff_api, GRACE_ENDS)
    expiry = staff_api.get(f"{fjord.url}/expiry")
    assert fjord.plan(expiry["plan_id"]) == EXPECTED[(policy, biz6)]


def test_biz5_the_backend_confirms_the_rows_it_applied(fjord: Fjord, staff_api: Api) -> None:
    expired_fjord(fjord, staff_api)
    url = f"{fjord.url}/vault/decisions"
    pending = staff_api.get(f"{url}?applied=false&limit=200")["data"]
    assert len(pending) == 10 and all(r["applied_at"] is None for r in pending)
    first = [r["id"] for r in pending[:4]]
    assert staff_api.post(f"{url}/confirm", {"ids": first})["count"] == 4
    assert staff_api.post(f"{url}/confirm", {"ids": first})["count"] == 0  # again: nothing
    applied = staff_api.get(f"{url}?applied=true&limit=200")["data"]
    assert sorted(r["id"] for r in applied) == sorted(first)
    assert all(r["applied_at"] == "2026-02-18T12:00:00Z" for r in applied)
    unknown = staff_api.post(f"{url}/confirm", {"ids": ["vdc_nope"]}, expect=422)
    assert unknown["error"]["code"] == "decision_not_found"
    # Paged in the order decided, with the usual envelope.
    page = staff_api.get(f"{url}?limit=3")
    assert len(page["data"]) == 3 and page["has_more"] is True
