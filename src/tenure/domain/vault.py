"""What happens to an organization's items when a member is removed, when its business plan
expires and when it is restored (BIZ-5 … BIZ-8), decided from an index of items (metadata
only: the vault itself is end-to-end encrypted and never reaches Tenure).

Pure functions: the caller passes the items, the sharing groups, the members and the
organization's settings; the answer is a plan of decisions, one per (item, member), that the
vendor's backend applies.

* **Who has an item.** Its owner; the recipient of a one-to-one share; every member of a
  sharing group it is shared with (``access``: ``owner``, ``one_to_one``, ``group``; the
  first of these that applies).
* **Removal** (BIZ-6): with "revoke company items for removed users" on, the removed member
  loses every login whose domain is a company domain (or a subdomain of one).
* **Expiry**, for every member, admins included, in this order of reasons (the first that
  applies is the row's reason):

  1. ``company_domain`` (BIZ-6 on): a login of a company domain;
  2. ``sharing_group`` (BIZ-7): an item shared through a sharing group, for everyone but the
     member who originally shared it;
  3. ``one_to_one_share`` (BIZ-7, only with BIZ-6 on): an item shared one-to-one, for the
     recipient;
  4. the data policy (BIZ-5): ``lose_all`` revokes every item (``data_policy_lose_all``);
     ``keep_personal`` revokes the company ones (``data_policy_company_item``); ``keep_all``
     revokes nothing.
* **Restore** (BIZ-8): what was revoked at expiry comes back for the members who are back,
  except what was shared (``one_to_one`` and ``group`` access: shared logins and sharing
  groups are re-created by the admins), each with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

Access = Literal["owner", "one_to_one", "group"]
Action = Literal["revoke", "restore", "not_restored"]

LOSE_ALL: Final = "lose_all"
KEEP_ALL: Final = "keep_all"
KEEP_PERSONAL: Final = "keep_personal"

HASHED = re.compile(r"^(sha256|hmac-sha256):[0-9a-f]{64}$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class InvalidDomain(ValueError):
    """Not a host name (nor a keyed hash of one)."""


def normalize_domain(value: str) -> str:
    """A login's domain as the index keeps it: a host name in lower case, without a trailing
    dot, internationalized names in their ASCII form (``bücher.example`` →
    ``xn--bcher-kva.example``); or, for a vendor that prefers not to tell the host, a keyed
    hash of it, ``hmac-sha256:<64 hex digits>`` (``sha256:`` too), compared as it is."""
    text = value.strip().lower().rstrip(".")
    if HASHED.match(text):
        return text
    if not text or len(text) > 253 or "://" in text or "/" in text or ":" in text:
        raise InvalidDomain(value)
    try:
        ascii_form = text.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidDomain(value) from exc
    labels = ascii_form.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise InvalidDomain(value)
    return ascii_form


def matches_company_domain(domain: str | None, company_domains: Iterable[str]) -> bool:
    """Is ``domain`` one of the company's domains or below one (``mail.fjord.example`` is
    under ``fjord.example``)? Hashes match only themselves."""
    if not domain:
        return False
    for company in company_domains:
        if domain == company:
            return True
        if not HASHED.match(company) and domain.endswith("." + company):
            return True
    return False


@dataclass(frozen=True, slots=True)
class GroupShare:
    group_id: str
    shared_by: str  # the member who originally shared the item with the group


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """One item of the index."""

    item_id: str
    owner: str
    kind: str
    scope: Literal["personal", "company"] | str
    domain: str | None = None
    recipients: frozenset[str] = frozenset()  # one-to-one shares
    groups: tuple[GroupShare, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    """The organization's settings that decide (BIZ-5, BIZ-6)."""

    data_policy: str = KEEP_ALL
    revoke_company_items: bool = False
    company_domains: tuple[str, ...] = ()

    def company_login(self, item: ItemFacts) -> bool:
        return (
            self.revoke_company_items
            and item.kind == "login"
            and matches_company_domain(item.domain, self.company_domains)
        )


@dataclass(frozen=True, slots=True, order=True)
class Decision:
    """What one member's access to one item becomes."""

    item_id: str
    account_id: str
    action: Action
    reason: str
    access: Access


def holders(item: ItemFacts, group_members: Mapping[str, Iterable[str]]) -> dict[str, Access]:
    """Who has ``item``, and how (the first way that applies)."""
    out: dict[str, Access] = {item.owner: "owner"}
    for recipient in sorted(item.recipients):
        out.setdefault(recipient, "one_to_one")
    for share in item.groups:
        for member in sorted(group_members.get(share.group_id, ())):
            out.setdefault(member, "group")
    return out


def removal_plan(
    items: Iterable[ItemFacts],
    group_members: Mapping[str, Iterable[str]],
    *,
    removed: str,
    policy: Policy,
) -> list[Decision]:
    """BIZ-6: the removed member loses the company's logins they had, however they had them."""
    out: list[Decision] = []
    if not policy.revoke_company_items:
        return out
    for item in items:
        access = holders(item, group_members).get(removed)
        if access is not None and policy.company_login(item):
            out.append(Decision(item.item_id, removed, "revoke", "company_domain", access))
    return sorted(out)


def _expiry_reason(item: ItemFacts, member: str, access: Access, policy: Policy) -> str | None:
    if policy.company_login(item):
        return "company_domain"
    if access == "group" and all(share.shared_by != member for share in item.groups):
        return "sharing_group"
    if access == "one_to_one" and policy.revoke_company_items:
        return "one_to_one_share"
    if policy.data_policy == LOSE_ALL:
        return "data_policy_lose_all"
    if policy.data_policy == KEEP_PERSONAL and item.scope == "company":
        return "data_policy_company_item"
    return None


def expiry_plan(
    items: Iterable[ItemFacts],
    group_members: Mapping[str, Iterable[str]],
    *,
    members: Iterable[str],
    policy: Policy,
) -> list[Decision]:
    """BIZ-5, BIZ-6, BIZ-7: what every member (admins included) loses when the plan
    expires, one decision per (item, member), in (item, member) order."""
    everyone = set(members)
    out: list[Decision] = []
    for item in items:
        for member, access in holders(item, group_members).items():
            if member not in everyone:
                continue
            reason = _expiry_reason(item, member, access, policy)
            if reason is not None:
                out.append(Decision(item.item_id, member, "revoke", reason, access))
    return sorted(out)


def restore_plan(revoked: Iterable[Decision], *, back: Iterable[str]) -> list[Decision]:
    """BIZ-8: what comes back when the plan is restored, for the members who are ``back``
    (the admins at once; the others when they accept a new invitation). Shared items do not
    come back: sharing groups and shared logins are re-created by the admins."""
    present = set(back)
    out: list[Decision] = []
    for row in revoked:
        if row.action != "revoke" or row.account_id not in present:
            continue
        if row.access == "group":
            out.append(Decision(row.item_id, row.account_id, "not_restored",
                                "sharing_groups_not_restored", row.access))  # fmt: skip
        elif row.access == "one_to_one":
            out.append(Decision(row.item_id, row.account_id, "not_restored",
                                "shared_items_not_restored", row.access))  # fmt: skip
        else:
            out.append(Decision(row.item_id, row.account_id, "restore", row.reason, row.access))
    return sorted(out)
