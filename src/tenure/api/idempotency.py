"""Idempotency keys for every state-changing request (X-2).

A request with an ``Idempotency-Key`` first *claims* the key in its own short transaction.
The claim is unique per caller and key, so a concurrent duplicate is refused with
``idempotency_request_in_progress`` instead of running twice. The response of a successful
request is stored in the same transaction as its effects; a retry with the same body gets
that stored response back and causes nothing, a retry with another body gets
``idempotency_key_reused``. A failed request releases its claim: it changed nothing, so the
caller may retry with the same key.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import LargeBinary, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from tenure.kit.db import Base, Database
from tenure.kit.errors import Conflict, InvalidInput

CLAIM_TIMEOUT = timedelta(minutes=5)
KEEP_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(index=True)
    completed_at: Mapped[datetime | None]
    status_code: Mapped[int | None]
    media_type: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[bytes | None] = mapped_column(LargeBinary)


def scope_of(authorization: str | None) -> str:
    """Keys are private to the credentials that sent them."""
    return hashlib.sha256((authorization or "anonymous").encode()).hexdigest()


def request_hash(method: str, path: str, query: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def validate_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(
            "invalid_idempotency_key",
            "The Idempotency-Key header must be 1 to 255 characters.",
        )
    return key


def claim(
    db: Database, *, scope: str, key: str, req_hash: str, now: datetime
) -> IdempotencyRecord | None:
    """Claim the key. Return the stored record when this request was already completed."""
    for _ in range(3):
        with db.transaction() as session:
            existing = session.scalar(
                select(IdempotencyRecord).where(
                    IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
                )
            )
            if existing is None:
                session.add(
                    IdempotencyRecord(scope=scope, key=key, request_hash=req_hash, created_at=now)
                )
                try:
                    session.flush()
                except IntegrityError:
                    session.rollback()
                    continue
                return None
            if existing.request_hash != req_hash:
                raise Conflict(
                    "idempotency_key_reused",
                    "This Idempotency-Key was already used with a different request.",
                )
            if existing.completed_at is not None:
                session.expunge(existing)
                return existing
            if now - existing.created_at < CLAIM_TIMEOUT:
                raise Conflict(
                    "idempotency_request_in_progress",
                    "A request with this Idempotency-Key is still being processed; retry later.",
                )
            # An abandoned claim (its process died): take it over.
            existing.created_at = now
            return None
    raise Conflict(
        "idempotency_request_in_progress",
        "A request with this Idempotency-Key is still being processed; retry later.",
    )


def complete(
    session: Session,
    *,
    scope: str,
    key: str,
    now: datetime,
    status_code: int,
    media_type: str | None,
    body: bytes,
) -> None:
    record = session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
        )
    )
    if record is None:  # pragma: no cover - the claim was committed before the handler ran
        return
    record.completed_at = now
    record.status_code = status_code
    record.media_type = media_type
    record.body = body


def release(db: Database, *, scope: str, key: str) -> None:
    with db.transaction() as session:
        session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.scope == scope,
                IdempotencyRecord.key == key,
                IdempotencyRecord.completed_at.is_(None),
            )
        )


def purge_expired(session: Session, *, now: datetime) -> int:
    result = session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - KEEP_FOR)
    )
    return int(getattr(result, "rowcount", 0) or 0)
