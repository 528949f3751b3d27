"""Issue 14 acceptance: a worker that dies in the middle of the expiry of a 1,000-member
organization, and is restarted, applies the expiry exactly once — no duplicate plan rows, no
missing member, one trial and one email each (BIZ-3, BIZ-6, X-7). Runs on SQLite and on
PostgreSQL.

The expiry runs inside the transaction that expires the subscription; a worker killed half
way through it (here: after 500 of the 1,000 trials) leaves nothing behind, and the
restarted worker finds the subscription still due and applies the whole expiry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tenure.accounts.service import create_account
from tenure.catalog.service import demo_catalog_source, load_catalog
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.clock import SimulatedClock
from tenure.kit.ids import new_id
from tenure.notifications.models import Email
from tenure.organizations import service as organizations
from tenure.organizations.models import Membership, OrganizationExpiry
from tenure.scheduler.runner import sweep
from tenure.subscriptions import purchase
from tenure.subscriptions.models import Subscription
from tenure.vault import service as vault
from tenure.vault.models import VaultDecision

STAFF = Actor("staff", "key_tests")
MEMBERS = 1000


def seed(container: Container) -> tuple[str, str]:
    """An organization of 1,000 (one admin) on the Team plan's trial, each member with a
    company login on the company's domain, and "revoke company items" on."""
    now = container.clock.now()
    with container.db.transaction() as session:
        load_catalog(session, source=demo_catalog_source(), now=now, actor=STAFF)
        admin = create_account(session, email="admin@big.example", now=now, actor=STAFF)
        org = organizations.create(
            session, name="Big", billing_email="billing@big.example", locale="en",
            admin_account_id=admin.id, now=now, actor=STAFF,
        )  # fmt: skip
        everyone = [admin.id]
        for n in range(1, MEMBERS):
            person = create_account(session, email=f"m{n}@big.example", now=now, actor=STAFF)
            session.add(Membership(id=new_id("mem"), organization_id=org.id, account_id=person.id,
                                   role="member", invitation_id=None, created_at=now,
                                   updated_at=now))  # fmt: skip
            everyone.append(person.id)
        sub = purchase.create_subscription(
            session,
            purchase=purchase.Purchase(
                account_id=org.account_id, plan_code="keyloft-team-1y", quantity=MEMBERS
            ),
            gateway=container.gateway,
            now=now,
            actor=STAFF,
        )
        organizations.change_settings(
            session, org,
            organizations.SettingsChange(revoke_company_items=True,
                                         company_domains=["big.example"]),
            now=now, actor=STAFF,
        )  # fmt: skip
        vault.upsert_items(
            session, org.id,
            [vault.ItemIn(item_id=f"login-{n}", owner_account_id=account_id, kind="login",
                          scope="company", domain="intranet.big.example")
             for n, account_id in enumerate(everyone)],
            members=everyone, now=now, actor=STAFF,
        )  # fmt: skip
        return org.id, sub.id


def counts(container: Container, org_id: str) -> dict[str, Any]:
    with container.db.transaction(write=False) as session:
        return {
            "expiries": session.scalar(
                select(func.count())
                .select_from(OrganizationExpiry)
                .where(OrganizationExpiry.organization_id == org_id)
            ),
            "rows": session.scalar(
                select(func.count())
                .select_from(VaultDecision)
                .where(VaultDecision.organization_id == org_id)
            ),
            "distinct_rows": session.scalar(
                select(func.count(func.distinct(VaultDecision.item_id))).where(
                    VaultDecision.organization_id == org_id
                )
            ),
            "trials": dict(
                session.execute(
                    select(Subscription.account_id, func.count())
                    .where(Subscription.plan_code == "keyloft-premium-1y")
                    .group_by(Subscription.account_id)
                ).all()
            ),
            "emails": session.scalar(
                select(func.count())
                .select_from(Email)
                .where(Email.template == "organization_expired")
            ),
            "members_left": session.scalar(
                select(func.count())
                .select_from(Membership)
                .where(Membership.organization_id == org_id)
            ),
        }


def test_biz3_x7_a_worker_killed_during_a_1000_member_expiry_applies_it_once(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    org_id, sub_id = seed(container)
    clock = container.clock
    assert isinstance(clock, SimulatedClock)
    clock.advance(timedelta(days=14))  # the trial ends unpaid: grace
    sweep(container)
    clock.advance(timedelta(days=30))  # the grace runs out: the plan expires

    real = purchase.grant_trial
    granted = 0

    def dies_half_way(*args: Any, **kwargs: Any) -> Any:
        nonlocal granted
        granted += 1
        if granted == MEMBERS // 2:
            raise SystemExit("worker killed half way through the expiry")
        return real(*args, **kwargs)

    monkeypatch.setattr(purchase, "grant_trial", dies_half_way)
    with pytest.raises(SystemExit):
        sweep(container)
    # Nothing of the expiry was committed: the subscription is still due.
    assert counts(container, org_id)["expiries"] == 0
    with container.db.transaction(write=False) as session:
        assert session.get(Subscription, sub_id).status == "past_due"  # type: ignore[union-attr]

    monkeypatch.setattr(purchase, "grant_trial", real)
    sweep(container)  # the restarted worker
    sweep(container)  # and once more: nothing left to do
    after = counts(container, org_id)
    assert after["expiries"] == 1
    assert after["rows"] == MEMBERS and after["distinct_rows"] == MEMBERS
    assert len(after["trials"]) == MEMBERS and set(after["trials"].values()) == {1}
    assert after["emails"] == MEMBERS
    assert after["members_left"] == 0
