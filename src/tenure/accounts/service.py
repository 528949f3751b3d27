"""Accounts and customer sign-in (X-8): create, read and update accounts; passwords, magic
links and session tokens.

Passwords are hashed with argon2id and are never returned, logged or put into events. A
failed sign-in looks the same whether the email is unknown or the password is wrong, and
costs the same argon2 time either way, so the API does not reveal who has an account.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from babel import Locale
from babel.core import get_global
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tenure.accounts import repository
from tenure.accounts.models import ORGANIZATION, Account, MagicLink
from tenure.auth.service import (
    ACCESS_TOKEN_PREFIX,
    Principal,
    hash_secret,
    issue_access_token,
    revoke_account_sessions,
    revoke_token,
)
from tenure.events.service import record
from tenure.kit.actor import Actor
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from tenure.kit.hooks import Slot
from tenure.kit.i18n import SUPPORTED_LOCALES
from tenure.kit.ids import new_id
from tenure.kit.money import Money
from tenure.kit.pages import Window, window_of

if TYPE_CHECKING:
    from tenure.auth.models import AccessToken

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 1024
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})

_hasher = PasswordHasher()


# --- input rules -----------------------------------------------------------------------


def normalize_email(email: str) -> str:
    """Validate an email's syntax (no DNS look-up) and return it lower-case."""
    try:
        valid = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(
            "invalid_email", "The email address is not valid.", field="email"
        ) from exc
    return valid.normalized.lower()


@cache
def _countries() -> frozenset[str]:
    return frozenset(
        code
        for code in Locale("en").territories
        if isinstance(code, str)
        and len(code) == 2
        and code.isalpha()
        and code not in _NOT_COUNTRIES
    )


def alpha2_of(code: str) -> str | None:
    """An ISO 3166-1 country code, alpha-2 (``DK``) or alpha-3 (``DNK``, as the App Store's
    storefronts are named), as alpha-2; ``None`` when it names no country."""
    code = code.strip().upper()
    if len(code) == 3 and code.isalpha():
        aliases = get_global("territory_aliases").get(code) or []
        code = aliases[0] if len(aliases) == 1 else ""
    return code if code in _countries() else None


def normalize_country(country: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code, upper-case; empty means none."""
    if country is None or not country.strip():
        return None
    code = country.strip().upper()
    if code not in _countries():
        raise InvalidInput(
            "invalid_country",
            "Unknown country code {country}; use a two-letter ISO 3166 code such as DK.",
            country=country,
            field="country",
        )
    return code


def check_locale(locale: str) -> str:
    if locale not in SUPPORTED_LOCALES:
        raise InvalidInput(
            "invalid_locale",
            "Unsupported language {locale}; use en, da or de.",
            locale=locale,
            field="locale",
        )
    return locale


def hash_password(password: str) -> str:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput(
            "password_too_short",
            "The password must be at least {min_length} characters long.",
            min_length=PASSWORD_MIN_LENGTH,
            field="password",
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        raise InvalidInput(
            "password_too_long",
            "The password must be at most {max_length} characters long.",
            max_length=PASSWORD_MAX_LENGTH,
            field="password",
        )
    return _hasher.hash(password)


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(24))


def password_matches(password_hash: str | None, password: str) -> bool:
    """Check a password. Without a stored hash, spend the same time and say no."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


# --- accounts --------------------------------------------------------------------------


def create_account(
    session: Session,
    *,
    email: str,
    name: str = "",
    country: str | None = None,
    locale: str = "en",
    password: str | None = None,
    now: datetime,
    actor: Actor,
) -> Account:
    """Create an account. ``email_taken`` if the (normalized) email already has one.

    For a self sign-up pass ``Actor("account", None)``: the event then names the new
    account as its own actor.
    """
    address = normalize_email(email)
    account = Account(
        id=new_id("acct"),
        email=address,
        name=name.strip(),
        country=normalize_country(country),
        locale=check_locale(locale),
        password_hash=hash_password(password) if password is not None else None,
        credit_balance=0,
        credit_currency="USD",
        created_at=now,
        updated_at=now,
    )
    if repository.by_email(session, address) is not None:
        raise _email_taken()
    try:
        with session.begin_nested():
            session.add(account)
    except IntegrityError as exc:  # a concurrent sign-up with the same email won
        raise _email_taken() from exc
    if actor.kind == "account" and actor.id is None:
        actor = Actor("account", account.id)
    record(
        session,
        type="account.created",
        at=now,
        actor=actor,
        subject_type="account",
        subject_id=account.id,
        account_id=account.id,
        data={
            "email": account.email,
            "name": account.name,
            "country": account.country,
            "locale": account.locale,
            "has_password": account.password_hash is not None,
        },
    )
    return account


def create_billing_account(
    session: Session, *, email: str, name: str, locale: str, now: datetime
) -> Account:
    """The account an organization owns its subscriptions through and pays with (``kind``
    ``organization``): its billing ``email`` (often an admin's own address, so not unique),
    name and language. Nobody signs in as it; the organization's admins act on it. The
    caller records the event (``organization.created``)."""
    account = Account(
        id=new_id("acct"),
        kind=ORGANIZATION,
        email=normalize_email(email),
        name=name.strip(),
        country=None,
        locale=check_locale(locale),
        password_hash=None,
        credit_balance=0,
        credit_currency="USD",
        created_at=now,
        updated_at=now,
    )
    session.add(account)
    return account


def update_billing_account(
    session: Session,
    account_id: str,
    *,
    email: str | None = None,
    name: str | None = None,
    locale: str | None = None,
    now: datetime,
) -> Account:
    """Change an organization's billing address, name or language (on its account)."""
    account = get_account(session, account_id)
    if account.kind != ORGANIZATION:  # pragma: no cover - a programming error
        raise ValueError(f"{account_id} is not an organization's billing account")
    if email is not None:
        account.email = normalize_email(email)
    if name is not None:
        account.name = name.strip()
    if locale is not None:
        account.locale = check_locale(locale)
    account.updated_at = now
    return account


def suspend_account(
    session: Session,
    account_id: str,
    *,
    reason: str,
    by: str,
    now: datetime,
    actor: Actor,
) -> Account:
    """The person may not use the account at all (BIZ-4): every customer session ends and
    sign-in is refused until :func:`reinstate_account`. Devices keep their tokens, so the
    apps can read the status that says why."""
    account = get_account(session, account_id)
    if account.suspended_reason is not None:
        return account
    account.suspended_reason = reason
    account.suspended_at = now
    account.suspended_by = by
    account.updated_at = now
    revoke_account_sessions(session, account_id=account.id, keep_secret=None, now=now)
    record(session, type="account.suspended", at=now, actor=actor, subject_type="account",
           subject_id=account.id, account_id=account.id,
           data={"reason": reason, "by": by})  # fmt: skip
    return account


def reinstate_account(
    session: Session, account_id: str, *, by: str, now: datetime, actor: Actor
) -> Account | None:
    """Lift a suspension made by ``by`` (an organization); others stay."""
    account = get_account(session, account_id)
    if account.suspended_reason is None or account.suspended_by != by:
        return None
    account.suspended_reason = None
    account.suspended_at = None
    account.suspended_by = None
    account.updated_at = now
    record(session, type="account.reinstated", at=now, actor=actor, subject_type="account",
           subject_id=account.id, account_id=account.id, data={"by": by})  # fmt: skip
    return account


def _email_taken() -> Conflict:
    return Conflict(
        "email_taken", "An account with this email address already exists.", field="email"
    )


def get_account(session: Session, account_id: str) -> Account:
    account = repository.get(session, account_id)
    if account is None:
        raise NotFound(
            "account_not_found", "Account {account_id} was not found.", account_id=account_id
        )
    return account


def find_account(session: Session, account_id: str) -> Account | None:
    """The account, or ``None`` if there is none with this id."""
    return repository.get(session, account_id)


def find_account_by_email(session: Session, email: str) -> Account | None:
    """The account with this email (any case), or ``None``; a malformed email finds none."""
    try:
        address = normalize_email(email)
    except InvalidInput:
        return None
    return repository.by_email(session, address)


def recent_accounts(
    session: Session, *, window: Window, email: str | None = None
) -> Sequence[Account]:
    """A window of the accounts, newest first; only the one with ``email`` if given."""
    if email is not None:
        found = find_account_by_email(session, email)
        return window_of([found] if found else [], lambda a: (a.id,), window, descending=True)
    return repository.recent(session, window=window)


def update_account(
    session: Session,
    *,
    account_id: str,
    name: str | None = None,
    country: str | None = None,
    locale: str | None = None,
    password: str | None = None,
    current_password: str | None = None,
    require_current_password: bool,
    keep_session: str | None = None,
    now: datetime,
    actor: Actor,
) -> Account:
    """Change an account. ``None`` leaves a field as it is; ``country=""`` clears it.

    An account changing its own password must give the current one
    (``require_current_password``) unless it has none yet; staff need not. A new password
    ends every other session of the account (``keep_session`` is the caller's own token).
    """
    account = get_account(session, account_id)
    if account.kind == ORGANIZATION:
        raise Conflict(
            "organization_account",
            "This is an organization's billing account: change its name, billing email and "
            "language through the organization.",
            organization_account_id=account.id,
        )
    changed: list[str] = []
    if name is not None and name.strip() != account.name:
        account.name = name.strip()
        changed.append("name")
    if country is not None:
        code = normalize_country(country)
        if code != account.country:
            account.country = code
            changed.append("country")
    if locale is not None and check_locale(locale) != account.locale:
        account.locale = locale
        changed.append("locale")
    if password is not None:
        if require_current_password and account.password_hash is not None:
            if not current_password:
                raise InvalidInput(
                    "current_password_required",
                    "Give your current password to change it.",
                    field="current_password",
                )
            if not password_matches(account.password_hash, current_password):
                raise InvalidInput(
                    "current_password_incorrect",
                    "The current password is wrong.",
                    field="current_password",
                )
        account.password_hash = hash_password(password)
        revoke_account_sessions(session, account_id=account.id, keep_secret=keep_session, now=now)
        changed.append("password")
    if changed:
        account.updated_at = now
        record(
            session,
            type="account.updated",
            at=now,
            actor=actor,
            subject_type="account",
            subject_id=account.id,
            account_id=account.id,
            data={
                "changed": changed,
                "name": account.name,
                "country": account.country,
                "locale": account.locale,
            },
        )
    return account


# --- sign-in ---------------------------------------------------------------------------


def _invalid_credentials() -> Unauthenticated:
    return Unauthenticated("invalid_credentials", "The email or password is wrong.")


def authenticate_password(session: Session, *, email: str, password: str) -> Account:
    """The account these credentials belong to, or ``invalid_credentials``."""
    account = find_account_by_email(session, email)
    ok = password_matches(account.password_hash if account else None, password)
    if account is None or not ok:
        raise _invalid_credentials()
    return account


def start_session(
    session: Session, *, account: Account, method: str, now: datetime, ttl: timedelta
) -> tuple[AccessToken, str]:
    """Issue a customer session token (shown once) and record the sign-in. A suspended
    account cannot sign in (``account_suspended``, with the reason)."""
    if account.suspended_reason is not None:
        raise Forbidden(
            "account_suspended",
            "You cannot use this account any more: it signed in through your organization's "
            "single sign-on, which ended with the organization's plan. Ask your organization's "
            "administrator.",
            reason=account.suspended_reason,
            organization_id=account.suspended_by,
        )
    token, secret = issue_access_token(
        session, kind="account", subject_id=account.id, account_id=account.id, now=now, ttl=ttl
    )
    record(
        session,
        type="account.signed_in",
        at=now,
        actor=Actor("account", account.id),
        subject_type="account",
        subject_id=account.id,
        account_id=account.id,
        data={"method": method, "session_id": token.id, "expires_at": _iso(token.expires_at)},
    )
    return token, secret


def end_session(session: Session, *, principal: Principal, secret: str, now: datetime) -> None:
    """Sign out: the presented token stops working at once."""
    if not secret.startswith(ACCESS_TOKEN_PREFIX):
        raise InvalidInput(
            "not_a_session",
            "Only a session token can be signed out; API keys are revoked by an administrator.",
        )
    revoke_token(session, secret=secret, now=now)
    if principal.kind == "account" and principal.account_id is not None:
        record(
            session,
            type="account.signed_out",
            at=now,
            actor=principal.actor,
            subject_type="account",
            subject_id=principal.account_id,
            account_id=principal.account_id,
        )


def _with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` added to its query (its own parameters are kept)."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *params.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


class MagicLinkMailer(Protocol):
    """Queues the email that carries an account's one-time sign-in ``link``, in the caller's
    transaction. Notifications does (``tenure.wiring`` plugs it in): accounts sits below
    the outbox and does not import it."""

    def __call__(
        self, session: Session, *, account: Account, link: str, expires_minutes: int, now: datetime
    ) -> None: ...


magic_link_mailer: Slot[MagicLinkMailer] = Slot("accounts.magic_link_mailer")


def request_magic_link(
    session: Session, *, email: str, sign_in_page: str, ttl_minutes: int, now: datetime
) -> str | None:
    """Store a one-time sign-in link and queue the email that carries it: the vendor's
    ``sign_in_page`` with the token as the query parameter ``token``.

    Returns the link's secret token, or ``None`` when no account has this email (the caller
    must answer the same either way).
    """
    account = find_account_by_email(session, email)
    if account is None:
        return None
    token = secrets.token_urlsafe(32)
    link = MagicLink(
        id=new_id("lnk"),
        account_id=account.id,
        token_hash=hash_secret(token),
        created_at=now,
        expires_at=now + timedelta(minutes=ttl_minutes),
        used_at=None,
    )
    session.add(link)
    record(
        session,
        type="account.magic_link_sent",
        at=now,
        actor=Actor.system(),
        subject_type="account",
        subject_id=account.id,
        account_id=account.id,
        data={"magic_link_id": link.id, "expires_at": _iso(link.expires_at)},
    )
    magic_link_mailer()(
        session,
        account=account,
        link=_with_query(sign_in_page, token=token),
        expires_minutes=ttl_minutes,
        now=now,
    )
    return token


def redeem_magic_link(session: Session, *, token: str, now: datetime) -> Account:
    """The account a live, unused link belongs to; the link is used up. Otherwise
    ``invalid_magic_link`` (unknown, expired and used links look the same)."""
    link = repository.magic_link_by_hash(session, hash_secret(token)) if token else None
    if link is None or not repository.use_magic_link(session, link.id, now=now):
        raise Unauthenticated(
            "invalid_magic_link", "The sign-in link is not valid, has expired or was already used."
        )
    return get_account(session, link.account_id)


def _iso(instant: datetime | None) -> str | None:
    return rfc3339(instant) if instant else None


def lock_account(session: Session, account_id: str) -> Account:
    """The account, locked for update (PostgreSQL) so that changes to what belongs to it
    (e.g. its default payment method) are serialized. ``account_not_found`` if missing."""
    account = repository.get(session, account_id, for_update=True)
    if account is None:
        raise NotFound(
            "account_not_found", "Account {account_id} was not found.", account_id=account_id
        )
    return account


# --- credit (SUB-10): the balance lives on the account; billing keeps the ledger ---------


def _no_account() -> NotFound:
    return NotFound("account_not_found", "No account with this id exists.")


def credit_of(session: Session, account_id: str) -> Money:
    """The account's credit balance, read without a lock."""
    account = repository.get(session, account_id)
    if account is None:
        raise _no_account()
    return Money(account.credit_balance, account.credit_currency)


def change_credit(
    session: Session, account_id: str, delta: int, *, currency: str | None = None
) -> Money:
    """Add ``delta`` (minor units, may be negative) to the account's credit, with the account
    row locked FOR UPDATE until the commit; returns the balance after. With ``currency`` the
    credit is (re)denominated in it: a balance held in another currency must be used up first
    (``credit_currency_mismatch``)."""
    account = repository.locked(session, account_id)
    if account is None:
        raise _no_account()
    if currency is not None:
        if account.credit_balance and account.credit_currency != currency:
            raise Conflict(
                "credit_currency_mismatch",
                "The account holds credit in {currency}; it must be used up first.",
                currency=account.credit_currency,
            )
        account.credit_currency = currency
    account.credit_balance += delta
    return Money(account.credit_balance, account.credit_currency)


def take_credit(
    session: Session, account_id: str, *, currency: str, up_to: int
) -> tuple[int, Money] | None:
    """Use up to ``up_to`` of the account's credit held in ``currency``: ``None`` (and no
    lock) if it holds none in it, else the amount taken and the balance after, the account row
    locked FOR UPDATE until the commit."""
    peek = repository.get(session, account_id)
    if peek is None or peek.credit_balance <= 0 or peek.credit_currency != currency:
        return None
    account = repository.locked(session, account_id)
    if account is None:
        raise _no_account()
    used = min(account.credit_balance, up_to)
    account.credit_balance -= used
    return used, Money(account.credit_balance, account.credit_currency)
