"""Issue 3 acceptance, through the HTTP API with the simulated clock and a real SMTP server:
trial → renewal (charged 2 days early) → failed renewal → grace with reminders → paid on the
last day of grace → active with the same anchor; and trial → unpaid → expired.
SUB-2, SUB-3, SUB-5, BIZ-2 (emails), X-5 (in the account's language)."""

from __future__ import annotations

from typing import Any

import pytest

from support import Api
from support.commerce import FAILING_CARD, Customer, add_card, make_customer
from support.smtp import LocalSmtp, email_settings
from tenure.kit.settings import Settings


@pytest.fixture
def settings(database_url: str, smtp: LocalSmtp) -> Settings:
    """Email on, to the local SMTP server."""
    smtp.start()
    return email_settings(database_url, smtp.port, session_ttl_hours=24 * 365 * 5)


@pytest.fixture
def dane(staff_api: Api, catalog: None) -> Customer:
    return make_customer(staff_api, "mette@example.dk", locale="da")


def advance_to(staff_api: Api, instant: str) -> None:
    staff_api.post("/v1/clock/advance", {"to": instant})


def sub_of(api: Api, sub_id: str) -> dict[str, Any]:
    result: dict[str, Any] = api.get(f"/v1/subscriptions/{sub_id}")
    return result


def mails(smtp: LocalSmtp) -> list[str]:
    return [str(m["X-Tenure-Template"]) for m in smtp.messages]


def test_sub5_biz2_trial_renewal_failure_grace_reminders_paid_on_last_day(
    dane: Customer, staff_api: Api, smtp: LocalSmtp
) -> None:
    add_card(dane.api)
    sub = dane.api.post("/v1/subscriptions", {"plan": "pm-team"}, expect=201)
    assert sub["trial_end"].startswith("2026-01-19T12:00:00")  # 14-day trial

    advance_to(staff_api, "2026-01-19T12:00:00Z")
    active = sub_of(dane.api, sub["id"])
    assert active["status"] == "active"
    assert active["current_period_end"].startswith("2026-02-19T12:00:00")

    # SUB-3: charged 2 days before the renewal date; the new period starts on the date.
    advance_to(staff_api, "2026-02-17T12:00:00Z")
    renewal = dane.api.get("/v1/invoices")["data"][-1]
    assert renewal["billing_reason"] == "subscription_cycle"
    assert renewal["status"] == "paid" and renewal["paid_at"].startswith("2026-02-17T12:00:00")
    assert renewal["period_start"].startswith("2026-02-19T12:00:00")
    assert sub_of(dane.api, sub["id"])["current_period_end"].startswith("2026-02-19")
    advance_to(staff_api, "2026-02-19T12:00:00Z")
    assert sub_of(dane.api, sub["id"])["current_period_end"].startswith("2026-03-19T12:00:00")

    add_card(dane.api, FAILING_CARD)  # the new default card will be declined
    advance_to(staff_api, "2026-03-19T12:00:00Z")
    due = sub_of(dane.api, sub["id"])
    assert due["status"] == "past_due"  # grace: full access
    assert due["grace_ends_at"].startswith("2026-04-18T12:00:00")

    # Retries on days 1, 3, 7, 14, 21 and 28 of grace, each followed by a reminder.
    advance_to(staff_api, "2026-04-18T08:00:00Z")  # the last day of grace
    assert sub_of(dane.api, sub["id"])["status"] == "past_due"
    add_card(dane.api)  # charged at once
    recovered = sub_of(dane.api, sub["id"])
    assert recovered["status"] == "active"
    assert recovered["current_period_end"].startswith("2026-04-19T12:00:00")  # same anchor

    advance_to(staff_api, "2026-04-19T12:00:00Z")
    assert sub_of(dane.api, sub["id"])["current_period_end"].startswith("2026-05-19T12:00:00")

    assert mails(smtp) == [
        "receipt",  # trial end
        "renewal_upcoming",  # 7 days before 19 Feb
        "receipt",  # renewal charged 17 Feb
        "renewal_upcoming",  # 7 days before 19 Mar
        "payment_failed",  # 17 Mar
        "grace_started",  # 19 Mar, with the deadline
        *["grace_reminder"] * 6,
        "receipt",  # paid on the last day of grace
        "receipt",  # the 19 Apr renewal, charged at once: its charge date had passed
    ]
    assert {m["Content-Language"] for m in smtp.messages} == {"da"}
    assert {m["To"] for m in smtp.messages} == {"mette@example.dk"}
    grace_mail = smtp.messages[5].get_body(("plain",))
    assert grace_mail is not None
    assert "18" in grace_mail.get_content()  # the deadline, 18 April


def test_sub2_sub5_unpaid_trial_expires_and_says_so(
    dane: Customer, staff_api: Api, smtp: LocalSmtp
) -> None:
    sub = dane.api.post("/v1/subscriptions", {"plan": "pm-team"}, expect=201)
    advance_to(staff_api, "2026-02-18T11:00:00Z")
    assert sub_of(dane.api, sub["id"])["status"] == "past_due"
    advance_to(staff_api, "2026-02-18T12:00:00Z")
    ended = sub_of(dane.api, sub["id"])
    assert ended["status"] == "expired" and ended["end_reason"] == "payment_failed"
    assert mails(smtp) == ["grace_started", *["grace_reminder"] * 6, "subscription_expired"]
    expired_mail = smtp.messages[-1].get_body(("plain",))
    assert expired_mail is not None
    assert "Free" in expired_mail.get_content()  # the plan it falls back to
