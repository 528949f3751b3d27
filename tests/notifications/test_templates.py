"""Email templates in English, Danish and German (X-5) for the notifications of BIZ-2 and
DEV-3; the MIME message they become; the retry schedule."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from tenure.kit.i18n import gettext
from tenure.kit.money import Money
from tenure.notifications.jobs import retry_delay
from tenure.notifications.mailer import compose
from tenure.notifications.rendering import PAYMENT_REASONS, TEMPLATES, TEMPLATES_DIR, render

DEADLINE = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

CONTEXTS: dict[str, dict[str, Any]] = {
    "magic_link": {"name": "Ann", "link": "https://vpn.example/l/abc", "expires_minutes": 15},
    "receipt": {
        "plan_name": "Orbit VPN",
        "amount": {"amount": 1299, "currency": "USD"},
        "period_end": DEADLINE,
        "invoice_id": "inv_1",
    },
    "renewal_upcoming": {
        "plan_name": "Orbit VPN",
        "amount": Money(9900, "DKK"),
        "renewal_date": DEADLINE,
    },
    "payment_failed": {
        "plan_name": "Orbit VPN",
        "amount": {"amount": 1299, "currency": "USD"},
        "reason": "insufficient_funds",
        "grace_ends_at": DEADLINE,
    },
    "grace_started": {"plan_name": "Vault Business", "grace_ends_at": DEADLINE},
    "grace_reminder": {"plan_name": "Vault Business", "grace_ends_at": DEADLINE, "days_left": 7},
    "subscription_expired": {"plan_name": "Vault Business", "fallback_plan_name": "Vault Free"},
    "download_link": {
        "product_name": "Orbit VPN",
        "link": "https://vpn.example/d/xyz",
        "expires_hours": 24,
    },
    "plan_ending": {
        "plan_name": "Vault Business",
        "ends_at": DEADLINE,
        "organization_name": "Fjord",
    },
    "organization_expired": {
        "organization_name": "Fjord",
        "plan_name": "Vault Business",
        "role": "admin",
        "suspended": False,
        "trial_plan_name": "Vault Premium",
        "trial_ends_at": DEADLINE,
        "fallback_plan_name": "Vault Free",
        "restore_until": DEADLINE,
    },
    "organization_invitation": {
        "organization_name": "Fjord",
        "role": "admin",
        "link": "https://vault.example/invitations/accept?token=abc",
        "expires_at": DEADLINE,
        "inviter_name": "Ann",
    },
    "webhook_endpoint_disabled": {
        "endpoint_id": "whk_01jd0000000000000000000000",
        "url": "https://hooks.vpn.example/tenure",
        "failing_since": DEADLINE,
    },
}

# Values from the contexts above that may appear in every language's subject.
NAMES = {"Orbit", "VPN", "Vault", "Business", "Free", "Ann", "Fjord", "Premium"}
# Words that are the same in English and Danish/German.
SHARED = {"for", "link", "Link", "Webhook"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-zÆØÅæøåÄÖÜäöüß]{3,}", text) if w not in NAMES | SHARED}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_x5_every_template_renders_in_en_da_de(template: str) -> None:
    rendered = {loc: render(template, loc, CONTEXTS[template]) for loc in ("en", "da", "de")}
    subjects = {loc: r.subject for loc, r in rendered.items()}
    assert len(set(subjects.values())) == 3, subjects
    english = _words(subjects["en"])
    for loc in ("da", "de"):
        leftover = english & _words(subjects[loc])
        assert not leftover, f"{template}/{loc} subject has English words {leftover}"
        assert rendered[loc].text != rendered["en"].text
        assert f'<html lang="{loc}">' in rendered[loc].html
    for r in rendered.values():
        assert "\n" not in r.subject
        assert r.subject.strip() == r.subject
        assert r.text.endswith("\n")
        assert "{" not in r.text
        assert "}" not in r.text


def test_x5_every_template_string_is_translated() -> None:
    """Every ``_("...")``/``_n(...)`` text in the templates has a Danish and German entry."""
    used: set[str] = set(PAYMENT_REASONS.values()) | {"{date} at {time} UTC"}
    for path in TEMPLATES_DIR.rglob("*"):
        if path.is_file():
            source = path.read_text(encoding="utf-8")
            used |= set(re.findall(r'\b_\(\s*"([^"]+)"', source))
            for one, many in re.findall(r'\b_n\(\s*"([^"]+)"\s*,\s*"([^"]+)"', source):
                used |= {one, many}
    assert len(used) > 40
    missing = [(loc, m) for loc in ("da", "de") for m in sorted(used) if gettext(m, loc) == m]
    # "Frist" is the Danish and German for "Deadline", so every entry differs from English.
    assert not missing


def test_x5_money_and_dates_follow_the_locale() -> None:
    ctx = CONTEXTS["payment_failed"]
    en = render("payment_failed", "en", ctx).text
    da = render("payment_failed", "da", ctx).text
    de = render("payment_failed", "de-AT", ctx).text
    assert "$12.99" in en
    assert "March 1, 2026 at 12:00\u202fPM UTC" in en
    # CLDR 47 (Babel 2.19, the locked release) writes the Danish USD as "USD", no longer
    # "US$": a Babel upgrade through `make lock` shows here what customers will read.
    assert "12,99\xa0USD" in da
    assert "1. marts 2026 kl. 12.00 UTC" in da
    assert "12,99\xa0$" in de
    assert "1. März 2026 um 12:00 Uhr UTC" in de
    assert "Der var ikke dækning på kontoen." in da  # the gateway's failure code in words
    renewal = render("renewal_upcoming", "da", CONTEXTS["renewal_upcoming"])
    assert "99,00\xa0kr." in renewal.text
    assert "fornyes den 1. marts 2026" in renewal.subject


def test_biz2_grace_reminder_counts_days_in_each_language() -> None:
    def subject(locale: str, days: int) -> str:
        ctx = {**CONTEXTS["grace_reminder"], "days_left": days}
        return render("grace_reminder", locale, ctx).subject

    assert subject("en", 1) == "Reminder: Vault Business expires in 1 day"
    assert subject("da", 7) == "Påmindelse: Vault Business udløber om 7 dage"
    assert subject("de", 1) == "Erinnerung: Vault Business läuft in 1 Tag ab"
    assert subject("de", 0) == "Erinnerung: Vault Business läuft heute ab"


def test_biz2_grace_started_states_the_deadline() -> None:
    body = render("grace_started", "de", CONTEXTS["grace_started"])
    assert "Frist: 1. März 2026 um 12:00 Uhr UTC" in body.text
    assert "1. März 2026 um 12:00 Uhr UTC" in body.html


def test_subscription_expired_without_fallback_plan() -> None:
    ctx = {"plan_name": "Vault Business"}
    assert "no longer have access" in render("subscription_expired", "en", ctx).text
    with_fallback = render("subscription_expired", "da", CONTEXTS["subscription_expired"])
    assert "Din konto er flyttet til Vault Free." in with_fallback.text


def test_x5_html_escapes_context_but_text_keeps_it() -> None:
    ctx = {**CONTEXTS["magic_link"], "name": "<script>alert(1)</script>"}
    ctx["link"] = "https://vpn.example/l?a=1&b=2"
    rendered = render("magic_link", "en", ctx)
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert 'href="https://vpn.example/l?a=1&amp;b=2"' in rendered.html
    assert "Hello <script>alert(1)</script>," in rendered.text


def test_unknown_template_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown email template 'welcome'"):
        render("welcome", "en", {})


def test_missing_context_key_is_named() -> None:
    ctx = {k: v for k, v in CONTEXTS["receipt"].items() if k != "invoice_id"}
    with pytest.raises(ValueError, match="'receipt' needs context key\\(s\\): invoice_id"):
        render("receipt", "en", ctx)


def test_bad_money_and_naive_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="money"):
        render("receipt", "en", {**CONTEXTS["receipt"], "amount": 1299})
    with pytest.raises(ValueError, match="timezone"):
        render("grace_started", "en", {"plan_name": "X", "grace_ends_at": datetime(2026, 3, 1)})  # noqa: DTZ001


def test_compose_builds_multipart_alternative_with_headers() -> None:
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    rendered = render("magic_link", "da", CONTEXTS["magic_link"])
    message = compose(
        email_id="eml_01abc",
        sender="Orbit VPN <no-reply@vpn.example>",
        to="ann@example.com",
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        locale="da",
        now=now,
    )
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert parsed["Subject"] == "Dit login-link"
    assert parsed["Message-ID"] == "<eml_01abc@vpn.example>"
    assert parsed["Content-Language"] == "da"
    assert parsed["To"] == "ann@example.com"
    assert parsed["Date"] == "Mon, 05 Jan 2026 12:00:00 +0000"
    plain = parsed.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "Brug linket herunder" in plain.get_content()


def test_retry_delay_doubles_and_is_capped() -> None:
    delays = [retry_delay(n, base_seconds=60, max_seconds=3600) for n in range(1, 10)]
    minutes = [d // timedelta(minutes=1) for d in delays]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert retry_delay(500, base_seconds=60, max_seconds=3600) == timedelta(hours=1)


def test_biz3_the_expired_email_names_the_expiry_trial_before_the_fallback() -> None:
    context = {**CONTEXTS["subscription_expired"], "trial_plan_name": "Vault Premium",
               "trial_ends_at": DEADLINE}  # fmt: skip
    for locale in ("en", "da", "de"):
        text = render("subscription_expired", locale, context).text
        assert "Vault Premium" in text and "Vault Free" in text
    english = render("subscription_expired", "en", context).text
    assert "free trial of Vault Premium" in english
    assert "has been moved to" not in english  # not yet: after the trial
