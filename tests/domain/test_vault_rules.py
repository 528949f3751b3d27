"""The rules that decide what happens to an organization's items (tenure.domain.vault): each
data policy (BIZ-5), with "revoke company items" on and off (BIZ-6), shares and sharing groups
(BIZ-7), what a restore brings back (BIZ-8), and domains."""

from __future__ import annotations

import pytest

from tenure.domain import vault as rules
from tenure.domain.vault import Decision, GroupShare, ItemFacts, Policy

# An admin (ada) and three members with personal and company items on two company domains.
ITEMS = [
    ItemFacts("ada-bank", "ada", "login", "personal", "bank.example"),
    ItemFacts("ada-crm", "ada", "login", "company", "crm.fjord.example"),
    ItemFacts("ada-note", "ada", "secure_note", "company"),
    ItemFacts("bo-mail", "bo", "login", "company", "mail.fjord-group.example"),
    ItemFacts("bo-social", "bo", "login", "personal", "social.example"),
    ItemFacts("bo-wiki", "bo", "login", "company", "wiki.fjord.example", frozenset({"cy"})),
    ItemFacts("cy-recipe", "cy", "secure_note", "personal", None, frozenset({"dee"})),
    ItemFacts(
        "dee-db", "dee", "login", "company", "db.example", groups=(GroupShare("ops", "dee"),)
    ),
]
GROUPS = {"ops": ["ada", "bo", "cy", "dee"]}
MEMBERS = ["ada", "bo", "cy", "dee"]
DOMAINS = ("fjord.example", "fjord-group.example")


def plan(policy: Policy) -> set[tuple[str, str, str, str]]:
    found = rules.expiry_plan(ITEMS, GROUPS, members=MEMBERS, policy=policy)
    assert found == sorted(found)
    return {(d.item_id, d.account_id, d.reason, d.access) for d in found}


GROUP_ROWS = {
    ("dee-db", "ada", "sharing_group", "group"),
    ("dee-db", "bo", "sharing_group", "group"),
    ("dee-db", "cy", "sharing_group", "group"),
}


def test_biz5_biz7_keep_all_without_biz6_revokes_only_the_sharing_groups() -> None:
    # One-to-one shares stay (BIZ-6 off); group shares go for all but who shared.
    assert plan(Policy(rules.KEEP_ALL)) == GROUP_ROWS


def test_biz5_keep_personal_revokes_the_company_items() -> None:
    assert plan(Policy(rules.KEEP_PERSONAL)) == GROUP_ROWS | {
        ("ada-crm", "ada", "data_policy_company_item", "owner"),
        ("ada-note", "ada", "data_policy_company_item", "owner"),
        ("bo-mail", "bo", "data_policy_company_item", "owner"),
        ("bo-wiki", "bo", "data_policy_company_item", "owner"),
        ("bo-wiki", "cy", "data_policy_company_item", "one_to_one"),
        ("dee-db", "dee", "data_policy_company_item", "owner"),
    }


def test_biz5_lose_all_revokes_everything() -> None:
    found = plan(Policy(rules.LOSE_ALL))
    assert found >= GROUP_ROWS
    assert {(i, a) for i, a, _r, _x in found} == {
        ("ada-bank", "ada"), ("ada-crm", "ada"), ("ada-note", "ada"), ("bo-mail", "bo"),
        ("bo-social", "bo"), ("bo-wiki", "bo"), ("bo-wiki", "cy"), ("cy-recipe", "cy"),
        ("cy-recipe", "dee"), ("dee-db", "ada"), ("dee-db", "bo"), ("dee-db", "cy"),
        ("dee-db", "dee"),
    }  # fmt: skip


def test_biz6_company_domains_on_expiry_for_everyone_admins_included() -> None:
    found = plan(Policy(rules.KEEP_ALL, revoke_company_items=True, company_domains=DOMAINS))
    assert found == GROUP_ROWS | {
        ("ada-crm", "ada", "company_domain", "owner"),  # the admin too
        ("bo-mail", "bo", "company_domain", "owner"),  # the second domain
        ("bo-wiki", "bo", "company_domain", "owner"),
        ("bo-wiki", "cy", "company_domain", "one_to_one"),
        ("cy-recipe", "dee", "one_to_one_share", "one_to_one"),  # BIZ-7 with BIZ-6 on
    }


def test_biz6_removal_revokes_the_removed_members_company_logins_only() -> None:
    policy = Policy(rules.KEEP_ALL, revoke_company_items=True, company_domains=DOMAINS)
    found = rules.removal_plan(ITEMS, GROUPS, removed="cy", policy=policy)
    assert found == [Decision("bo-wiki", "cy", "revoke", "company_domain", "one_to_one")]
    assert rules.removal_plan(ITEMS, GROUPS, removed="cy", policy=Policy()) == []
    assert {d.item_id for d in rules.removal_plan(ITEMS, GROUPS, removed="bo", policy=policy)} == {
        "bo-mail",
        "bo-wiki",
    }


def test_biz8_restore_brings_back_what_was_owned_not_what_was_shared() -> None:
    revoked = rules.expiry_plan(
        ITEMS,
        GROUPS,
        members=MEMBERS,
        policy=Policy(rules.KEEP_PERSONAL, revoke_company_items=True, company_domains=DOMAINS),
    )
    back = rules.restore_plan(revoked, back=["ada", "cy"])  # the admin, and one re-joined
    assert {(d.item_id, d.account_id, d.action, d.reason) for d in back} == {
        ("ada-crm", "ada", "restore", "company_domain"),
        ("ada-note", "ada", "restore", "data_policy_company_item"),
        ("bo-wiki", "cy", "not_restored", "shared_items_not_restored"),
        ("dee-db", "ada", "not_restored", "sharing_groups_not_restored"),
        ("dee-db", "cy", "not_restored", "sharing_groups_not_restored"),
    }


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Login.Example.COM.", "login.example.com"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("HMAC-SHA256:" + "AB" * 32, "hmac-sha256:" + "ab" * 32),
    ],
)
def test_biz6_domains_are_normalized(raw: str, normalized: str) -> None:
    assert rules.normalize_domain(raw) == normalized


@pytest.mark.parametrize(
    "raw", ["", "localhost", "https://x.example", "x.example/login", "a..b", "-x.example", "x:1"]
)
def test_biz6_what_is_not_a_domain_is_refused(raw: str) -> None:
    with pytest.raises(rules.InvalidDomain):
        rules.normalize_domain(raw)


def test_biz6_subdomains_match_hashes_only_themselves() -> None:
    assert rules.matches_company_domain("mail.fjord.example", ["fjord.example"])
    assert not rules.matches_company_domain("notfjord.example", ["fjord.example"])
    digest = "hmac-sha256:" + "0" * 64
    assert rules.matches_company_domain(digest, [digest])
    assert not rules.matches_company_domain(None, ["fjord.example"])
