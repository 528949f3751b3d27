"""Email templates: Jinja2 files translated with the project's gettext catalogs (X-5).

Every template ``NAME`` is a folder ``templates/NAME/`` with ``subject.txt``, ``body.txt``
and ``body.html``. Text is written in English inside ``_("...")`` / ``_n("...", "...", n)``
and looked up in ``tenure/locales/<locale>/LC_MESSAGES/messages.po``; ``{placeholders}`` are
filled from keyword arguments *after* translation, and in HTML the arguments are escaped.

Filters read the recipient's locale: ``money`` (``{"amount": int, "currency": str}``),
``date`` (a long date) and ``datetime`` (a long date and a time, in UTC) and
``payment_reason`` (a gateway failure code in words).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_time
from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from tenure.kit.errors import TenureError
from tenure.kit.i18n import DEFAULT_LOCALE, gettext, normalize_locale
from tenure.kit.money import Money

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """The context keys a template needs, and the ones it may use."""

    required: frozenset[str]
    optional: frozenset[str] = field(default_factory=frozenset)
    # Keys holding secrets (sign-in links): blanked out once the email is sent or failed.
    secret: frozenset[str] = field(default_factory=frozenset)


def _spec(
    *required: str, optional: tuple[str, ...] = (), secret: tuple[str, ...] = ()
) -> TemplateSpec:
    # Every template may greet the recipient by ``name``.
    return TemplateSpec(frozenset(required), frozenset((*optional, "name")), frozenset(secret))


TEMPLATES: Mapping[str, TemplateSpec] = {
    "magic_link": _spec("name", "link", "expires_minutes", secret=("link",)),
    "receipt": _spec("plan_name", "amount", "period_end", "invoice_id"),
    "renewal_upcoming": _spec("plan_name", "amount", "renewal_date"),
    "payment_failed": _spec(
        "plan_name",
        "amount",
        "reason",
        "grace_ends_at",
        optional=("accepted_methods", "organization_name"),
    ),
    "grace_started": _spec("plan_name", "grace_ends_at", optional=("organization_name",)),
    "grace_reminder": _spec(
        "plan_name", "grace_ends_at", "days_left", optional=("organization_name",)
    ),
    "subscription_expired": _spec(
        "plan_name",
        optional=("fallback_plan_name", "organization_name", "trial_plan_name", "trial_ends_at"),
    ),
    "download_link": _spec("product_name", "link", "expires_hours", secret=("link",)),
    "plan_ending": _spec("plan_name", "ends_at", optional=("organization_name",)),
    "organization_expired": _spec(
        "organization_name",
        "plan_name",
        "role",
        "suspended",
        optional=("trial_plan_name", "trial_ends_at", "fallback_plan_name", "restore_until"),
    ),
    "organization_invitation": _spec(
        "organization_name",
        "role",
        "link",
        "expires_at",
        optional=("inviter_name",),
        secret=("link",),
    ),
    "webhook_endpoint_disabled": _spec("endpoint_id", "url", "failing_since"),
}

# Gateway failure codes (tenure.kit.ports.FailureCode) in words.
PAYMENT_REASONS: Mapping[str, str] = {
    "card_declined": "The card was declined.",
    "insufficient_funds": "There were insufficient funds.",
    "expired_card": "The card has expired.",
    "processing_error": "The payment could not be processed.",
    "no_payment_method": "No payment method is on file.",
    "payment_method_not_allowed": "None of your payment methods can be used for this plan.",
}

# Payment method types (SUB-9) in words; brand names stay as they are.
PAYMENT_METHOD_NAMES: Mapping[str, str] = {
    "card": "card",
    "paypal": "PayPal",
    "bitcoin": "Bitcoin",
    "paymentwall": "Paymentwall",
    "invoice": "invoice",
}
TRANSLATED_METHOD_NAMES = ("card", "invoice")


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


def template_spec(template: str) -> TemplateSpec:
    try:
        return TEMPLATES[template]
    except KeyError:
        raise ValueError(
            f"unknown email template {template!r}; known: {', '.join(sorted(TEMPLATES))}"
        ) from None


def resolve_locale(locale: str | None) -> str:
    return normalize_locale(locale) or DEFAULT_LOCALE


def prepare_context(template: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """Check the keys a template needs and turn the values into JSON (to be stored).

    ``datetime``/``date`` become ISO strings, :class:`Money` becomes ``{"amount",
    "currency"}``; optional keys that are absent are set to ``None``.
    """
    spec = template_spec(template)
    if not context.keys() >= spec.required:
        missing = sorted(spec.required - context.keys())
        raise ValueError(f"email template {template!r} needs context key(s): {', '.join(missing)}")
    out = {key: _jsonable(value, key) for key, value in context.items()}
    for key in spec.optional:
        out.setdefault(key, None)
    return out


def render(template: str, locale: str, context: Mapping[str, Any]) -> Rendered:
    """Render subject, text and HTML of ``template`` in ``locale``.

    Raises ``ValueError`` for an unknown template, a missing context key or a value the
    template cannot format (e.g. a money dict without a currency).
    """
    values = prepare_context(template, context)
    variables = {**values, "_locale": resolve_locale(locale), "_template": template}
    try:
        subject = _text_env.get_template(f"{template}/subject.txt").render(variables)
        text = _text_env.get_template(f"{template}/body.txt").render(variables)
        html = _html_env.get_template(f"{template}/body.html").render(variables)
    except (TemplateError, TenureError, TypeError, KeyError, ValueError) as exc:
        raise ValueError(f"email template {template!r}: {exc}") from exc
    return Rendered(subject=" ".join(subject.split()), text=text.strip() + "\n", html=html)


REDACTED = "[redacted]"


def redact(
    template: str, context: Mapping[str, Any], text: str, html: str
) -> tuple[dict[str, Any], str, str]:
    """The context, text and HTML with the template's secret values blanked out."""
    spec = TEMPLATES.get(template)
    keys = spec.secret if spec else frozenset()
    secrets = [str(context[k]) for k in sorted(keys) if context.get(k)]
    new_context = {k: REDACTED if k in keys else v for k, v in context.items()}
    for value in secrets:
        text = text.replace(value, REDACTED)
        html = html.replace(str(escape(value)), REDACTED).replace(value, REDACTED)
    return new_context, text, html


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any, key: str) -> Any:
    if type(value) in _PLAIN:  # most values: checked first (a receipt is queued per renewal)
        return value
    if isinstance(value, datetime):
        if value.tzinfo is UTC:  # as read from the database: nothing to convert
            return value.isoformat()
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"context key {key!r}: give datetimes with a timezone")
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Money):
        return value.as_dict()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v, key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v, key) for v in value]
    raise ValueError(f"context key {key!r}: {type(value).__name__} cannot be stored as JSON")


# --- helpers exposed to the templates -------------------------------------------------------


def _locale_of(context: Context) -> str:
    return str(context.get("_locale", DEFAULT_LOCALE))


def _pick(singular: str, plural: str, count: int) -> str:
    # English, Danish and German share the rule "one" (n == 1) / "other".
    return singular if count == 1 else plural


@pass_context
def _text_gettext(context: Context, message: str, **params: Any) -> str:
    return gettext(message, _locale_of(context)).format(**params)


@pass_context
def _text_ngettext(context: Context, singular: str, plural: str, count: int, **params: Any) -> str:
    return gettext(_pick(singular, plural, count), _locale_of(context)).format(
        count=count, **params
    )


@pass_context
def _html_gettext(context: Context, message: str, **params: Any) -> Markup:
    return escape(gettext(message, _locale_of(context))).format(**params)


@pass_context
def _html_ngettext(
    context: Context, singular: str, plural: str, count: int, **params: Any
) -> Markup:
    return escape(gettext(_pick(singular, plural, count), _locale_of(context))).format(
        count=count, **params
    )


@pass_context
def _money(context: Context, value: Any) -> str:
    if isinstance(value, Mapping) and {"amount", "currency"} <= value.keys():
        return Money(value["amount"], value["currency"]).format(_locale_of(context))
    raise ValueError(f"money must be {{'amount': int, 'currency': str}}, got {value!r}")


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"expected an ISO instant with a timezone, got {value!r}")
    return value.astimezone(UTC)


@pass_context
def _date(context: Context, value: Any) -> str:
    day: date
    if isinstance(value, str) and len(value) == 10:
        day = date.fromisoformat(value)
    elif isinstance(value, date) and not isinstance(value, datetime):
        day = value
    else:
        day = _as_datetime(value).date()
    return str(format_date(day, "long", locale=_locale_of(context)))


@pass_context
def _datetime(context: Context, value: Any) -> str:
    """A deadline: long date and short time, in UTC (the recipient's zone is not known)."""
    instant = _as_datetime(value)
    locale = _locale_of(context)
    return gettext("{date} at {time} UTC", locale).format(
        date=format_date(instant, "long", locale=locale),
        time=format_time(instant, "short", tzinfo=UTC, locale=locale),
    )


@pass_context
def _payment_reason(context: Context, value: Any) -> str:
    code = str(value)
    return gettext(PAYMENT_REASONS[code], _locale_of(context)) if code in PAYMENT_REASONS else code


@pass_context
def _method_names(context: Context, value: Any) -> str:
    """``["card", "paypal"]`` → "card, PayPal" in the recipient's language."""
    locale = _locale_of(context)
    names = [
        gettext(PAYMENT_METHOD_NAMES[str(v)], locale)
        if str(v) in TRANSLATED_METHOD_NAMES
        else PAYMENT_METHOD_NAMES.get(str(v), str(v))
        for v in value or ()
    ]
    return ", ".join(names)


def _environment(*, html: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=html,  # noqa: S701 - the text env renders text/plain and subjects
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.globals["_"] = _html_gettext if html else _text_gettext
    env.globals["_n"] = _html_ngettext if html else _text_ngettext
    env.filters["money"] = _money
    env.filters["date"] = _date
    env.filters["datetime"] = _datetime
    env.filters["payment_reason"] = _payment_reason
    env.filters["method_names"] = _method_names
    return env


_text_env = _environment(html=False)
_html_env = _environment(html=True)
