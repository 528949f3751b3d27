from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenure.events.models import Event
from tenure.kit.actor import Actor
from tenure.kit.clock import plain_json
from tenure.kit.ids import new_id
from tenure.kit.pages import Window, keyset


def record(
    session: Session,
    *,
    type: str,
    at: datetime,
    actor: Actor,
    subject_type: str,
    subject_id: str,
    account_id: str | None,
    data: dict[str, Any] | None = None,
) -> Event:
    event = Event(
        id=new_id("evt"),
        type=type,
        occurred_at=at,
        actor_kind=actor.kind,
        actor_id=actor.id,
        account_id=account_id,
        subject_type=subject_type,
        subject_id=subject_id,
        data=plain_json(data or {}),
    )
    session.add(event)
    return event


def for_subject(
    session: Session, subject_id: str, *, window: Window | None = None
) -> Sequence[Event]:
    """The subject's events, oldest first (all of them, or one window)."""
    query = select(Event).where(Event.subject_id == subject_id)
    return session.scalars(keyset(query, [Event.seq], window)).all()


def for_account(session: Session, account_id: str, *, limit: int = 100) -> Sequence[Event]:
    return session.scalars(
        select(Event).where(Event.account_id == account_id).order_by(Event.seq).limit(limit)
    ).all()


def search(
    session: Session,
    *,
    account_id: str | None = None,
    subject_id: str | None = None,
    type: str | None = None,
    actor_kind: str | None = None,
    window: Window,
) -> Sequence[Event]:
    """A window of the audit trail, oldest first."""
    query = select(Event)
    if account_id is not None:
        query = query.where(Event.account_id == account_id)
    if subject_id is not None:
        query = query.where(Event.subject_id == subject_id)
    if type is not None:
        query = query.where(Event.type == type)
    if actor_kind is not None:
        query = query.where(Event.actor_kind == actor_kind)
    return session.scalars(keyset(query, [Event.seq], window)).all()
