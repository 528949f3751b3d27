"""Credentials for staff (API keys) and for customers and devices (access tokens) (X-8)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, NamedTuple, Protocol, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tenure.auth import repository
from tenure.auth.models import AccessToken, ApiKey
from tenure.kit.actor import Actor
from tenure.kit.errors import Forbidden, Unauthenticated
from tenure.kit.hooks import Slot
from tenure.kit.ids import new_id

STAFF_KEY_PREFIX = "tnr_sk_"
ACCESS_TOKEN_PREFIX = "tnr_at_"  # noqa: S105 - a prefix, not a secret

PrincipalKind = Literal["staff", "account", "device", "licensee"]


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller of a request."""

    kind: PrincipalKind
    id: str
    account_id: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def actor(self) -> Actor:
        return Actor(self.kind, self.id)

    def ensure_can_access(self, account_id: str) -> None:
        """Staff see everything; everyone else only what belongs to their own account."""
        if self.is_staff:
            return
        if self.account_id != account_id:
            raise Forbidden("forbidden", "You may not access this resource.")


class AdministersAccount(Protocol):
    """Is ``account_id`` an admin of the organization whose billing account is
    ``billing_account_id``? (Its admins act on its subscriptions, payment methods, invoices
    and credit, BIZ-1.) The organizations package answers; ``tenure.wiring`` plugs it in."""

    def __call__(self, session: Session, *, account_id: str, billing_account_id: str) -> bool: ...


def _no_organizations(session: Session, *, account_id: str, billing_account_id: str) -> bool:
    return False


administers_account: Slot[AdministersAccount] = Slot(
    "auth.administers_account", default=_no_organizations
)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(session: Session, *, name: str, now: datetime) -> tuple[ApiKey, str]:
    secret = STAFF_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        id=new_id("key"),
        name=name,
        key_hash=hash_secret(secret),
        hint=secret[:11] + "…",
        created_at=now,
        revoked_at=None,
    )
    session.add(key)
    return key, secret


def any_api_key(session: Session) -> bool:
    """Whether any staff API key exists (revoked or not)."""
    return bool(session.scalar(select(func.count()).select_from(ApiKey)))


def api_keys(session: Session) -> Sequence[ApiKey]:
    """Every staff API key, oldest first."""
    return session.scalars(select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)).all()


def find_api_key(session: Session, key_id: str) -> ApiKey | None:
    return session.get(ApiKey, key_id)


def revoke_api_key(key: ApiKey, *, now: datetime) -> None:
    """Refuse requests with this key from now on."""
    key.revoked_at = now


def issue_access_token(
    session: Session,
    *,
    kind: Literal["account", "device", "licensee"],
    subject_id: str,
    account_id: str,
    now: datetime,
    ttl: timedelta | None,
) -> tuple[AccessToken, str]:
    secret = ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken(
        id=new_id("sess"),
        token_hash=hash_secret(secret),
        kind=kind,
        subject_id=subject_id,
        account_id=account_id,
        created_at=now,
        expires_at=now + ttl if ttl else None,
        revoked_at=None,
    )
    session.add(token)
    return token, secret


def revoke_tokens_of(session: Session, *, subject_id: str, now: datetime) -> None:
    """End every live token of a subject at once (e.g. a reassigned license's credential)."""
    session.execute(
        update(AccessToken)
        .where(AccessToken.subject_id == subject_id, AccessToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_account_sessions(
    session: Session, *, account_id: str, keep_secret: str | None, now: datetime
) -> None:
    """End every customer session of an account (e.g. after a password change), except the
    one presented with ``keep_secret``."""
    query = update(AccessToken).where(
        AccessToken.kind == "account",
        AccessToken.subject_id == account_id,
        AccessToken.revoked_at.is_(None),
    )
    if keep_secret:
        query = query.where(AccessToken.token_hash != hash_secret(keep_secret))
    session.execute(query.values(revoked_at=now))


def revoke_token(session: Session, *, secret: str, now: datetime) -> None:
    session.execute(
        update(AccessToken)
        .where(AccessToken.token_hash == hash_secret(secret), AccessToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def authenticate(session: Session, *, bearer: str | None, now: datetime) -> Principal:
    return _principal(
        bearer,
        now,
        key_by_hash=lambda digest: session.scalar(select(ApiKey).where(ApiKey.key_hash == digest)),
        token_by_hash=lambda digest: session.scalar(
            select(AccessToken).where(AccessToken.token_hash == digest)
        ),
    )


def _principal(
    bearer: str | None,
    now: datetime,
    *,
    key_by_hash: Callable[[str], Any],
    token_by_hash: Callable[[str], Any],
) -> Principal:
    """Who ``bearer`` is, with the key or token row found by the hash of the secret (an ORM
    object or a Core row: ``id``/``revoked_at``, or ``kind``/``subject_id``/``account_id``/
    ``expires_at``/``revoked_at``)."""
    if not bearer:
        raise Unauthenticated("unauthenticated", "Sign in or send an API key.")
    digest = hash_secret(bearer)
    if bearer.startswith(STAFF_KEY_PREFIX):
        key = key_by_hash(digest)
        if key is None or key.revoked_at is not None:
            raise Unauthenticated("invalid_api_key", "The API key is not valid.")
        return Principal("staff", key.id)
    if bearer.startswith(ACCESS_TOKEN_PREFIX):
        token = token_by_hash(digest)
        if (
            token is None
            or token.revoked_at is not None
            or (token.expires_at is not None and token.expires_at <= now)
        ):
            raise Unauthenticated(
                "invalid_token", "Your session has ended or the token is not valid."
            )
        kind: PrincipalKind = token.kind
        return Principal(kind, token.subject_id, token.account_id)
    raise Unauthenticated("invalid_token", "Your session has ended or the token is not valid.")


def authenticate_quickly(conn: Connection, *, bearer: str | None, now: datetime) -> Principal:
    """:func:`authenticate` — the same answers and errors — with one prebuilt Core statement
    on ``conn`` (in its transaction) and no ORM object, for hot paths (a device's connects and
    heartbeats)."""
    return _principal(
        bearer,
        now,
        key_by_hash=lambda digest: _row(repository.key_by_hash(conn, digest), _KeyRow),
        token_by_hash=lambda digest: _row(repository.token_by_hash(conn, digest), _TokenRow),
    )


def authenticate_many(
    conn: Connection, *, bearers: Sequence[str | None], now: datetime
) -> list[Principal | Unauthenticated]:
    """:func:`authenticate_quickly` for several callers at once: their keys and tokens are
    looked up together (on PostgreSQL in one round trip, ``kit.direct.pipeline``). Each
    caller's answer is its principal or its error."""
    key_digests: set[str] = set()
    token_digests: set[str] = set()
    for bearer in bearers:
        if not bearer:
            continue
        if bearer.startswith(STAFF_KEY_PREFIX):
            key_digests.add(hash_secret(bearer))
        elif bearer.startswith(ACCESS_TOKEN_PREFIX):
            token_digests.add(hash_secret(bearer))
    found_keys, found_tokens = repository.by_hashes(conn, key_digests, token_digests)
    key_rows = {digest: _row(values, _KeyRow) for digest, values in found_keys.items()}
    token_rows = {digest: _row(values, _TokenRow) for digest, values in found_tokens.items()}
    answers: list[Principal | Unauthenticated] = []
    for bearer in bearers:
        try:
            answers.append(
                _principal(bearer, now, key_by_hash=key_rows.get, token_by_hash=token_rows.get)
            )
        except Unauthenticated as exc:
            answers.append(exc)
    return answers


_R = TypeVar("_R")


def _row(values: tuple[Any, ...] | None, shape: Callable[..., _R]) -> _R | None:
    return None if values is None else shape(*values)


class _KeyRow(NamedTuple):
    id: str
    revoked_at: datetime | None


class _TokenRow(NamedTuple):
    kind: str
    subject_id: str
    account_id: str | None
    expires_at: datetime | None
    revoked_at: datetime | None
