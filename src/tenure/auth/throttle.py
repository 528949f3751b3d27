"""Throttling failed sign-ins: a password guessed against one email (or one license login),
or many logins tried from one client.

A failure is stored in its own transaction (the request's is rolled back with its error), so
every process sees it. Once a name or a client has failed ``max`` times within the window,
the next attempt — even with the right password — is ``429 rate_limited`` with
``Retry-After``, until the oldest of those failures leaves the window. The answer is the same
whether or not the name has an account. Names are stored as SHA-256 digests.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tenure.auth.models import SignInFailure
from tenure.auth.service import hash_secret
from tenure.kit.db import Database
from tenure.kit.errors import RateLimited, Unauthenticated
from tenure.kit.settings import Settings


def keys_of(*, name: str, client: str) -> tuple[str, str]:
    """What a sign-in counts against: its name (an email or username, case-insensitive) and
    its client."""
    return f"name:{hash_secret(name.strip().lower())}", f"client:{client[:64]}"


def check(session: Session, *, keys: Sequence[str], now: datetime, settings: Settings) -> None:
    """``rate_limited`` when a key has failed too often within the window."""
    window = timedelta(minutes=settings.sign_in_failure_window_minutes)
    blocked_until: list[datetime] = []
    for key in keys:
        limit = (
            settings.sign_in_max_failures_per_name
            if key.startswith("name:")
            else settings.sign_in_max_failures_per_client
        )
        count, oldest = session.execute(
            select(func.count(), func.min(SignInFailure.at)).where(
                SignInFailure.key == key, SignInFailure.at > now - window
            )
        ).one()
        if count >= limit and oldest is not None:
            blocked_until.append(oldest + window)
    if blocked_until:
        raise RateLimited.failed_too_often(until=max(blocked_until), now=now)


def record_failure(db: Database, *, keys: Sequence[str], now: datetime) -> None:
    """Count a failed sign-in against ``keys``, in a transaction of its own."""
    with db.transaction() as session:
        session.add_all([SignInFailure(key=key, at=now) for key in keys])


def purge(session: Session, *, before: datetime) -> int:
    result = session.execute(delete(SignInFailure).where(SignInFailure.at < before))
    return int(getattr(result, "rowcount", 0) or 0)


def client_of(request: Request) -> str:
    """The caller's address as the server sees it (behind a proxy: configure uvicorn's
    ``--forwarded-allow-ips`` so that it is the client's)."""
    return request.client.host if request.client else "unknown"


@contextmanager
def guarded(
    session: Session,
    *,
    db: Database,
    settings: Settings,
    name: str,
    client: str,
    now: datetime,
) -> Iterator[None]:
    """Around a sign-in: refuse it when throttled; count it when it fails with
    ``invalid_credentials`` (after rolling back the request's transaction)."""
    keys = keys_of(name=name, client=client)
    check(session, keys=keys, now=now, settings=settings)
    try:
        yield
    except Unauthenticated as exc:
        if exc.code == "invalid_credentials":
            session.rollback()
            record_failure(db, keys=keys, now=now)
        raise
