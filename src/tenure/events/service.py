from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tenure.events.models import Event
from tenure.events.rows import event_row
from tenure.kit.actor import Actor
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
    return add(
        session,
        event_row(
            type=type,
            at=at,
            actor=actor,
            subject_type=subject_type,
            subject_id=subject_id,
            account_id=account_id,
            data=data,
        ),
    )


class Subject(Protocol):
    """A row an event is about: its id, and the account it belongs to."""

    @property
    def id(self) -> str: ...

    @property
    def account_id(self) -> str | None: ...


def record_about(
    session: Session,
    kind: str,
    subject: Subject,
    type: str,
    *,
    at: datetime,
    actor: Actor,
    data: Mapping[str, Any],
) -> Event:
    """Record ``{kind}.{type}`` about ``subject`` (a device, a lease, a subscription…): the
    one shape of every package's event about one of its rows."""
    return record(
        session,
        type=f"{kind}.{type}",
        at=at,
        actor=actor,
        subject_type=kind,
        subject_id=subject.id,
        account_id=subject.account_id,
        data=dict(data),
    )


def add(session: Session, row: dict[str, Any]) -> Event:
    """Add an event built by :func:`event_row` (or by another package's builder over it)."""
    event = Event(**row)
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


# --- the sequence, for the entitlement streams' watcher --------------------------------


def newest_seq(session: Session) -> int:
    """The highest sequence number written so far (0 with no events)."""
    return session.scalar(select(func.max(Event.seq))) or 0


def seqs_above(session: Session, seq: int) -> Sequence[int]:
    """The sequence numbers above ``seq`` (unordered)."""
    return session.scalars(select(Event.seq).where(Event.seq > seq)).all()


def accounts_after(
    session: Session, *, after: int, gaps: Sequence[int], limit: int
) -> list[tuple[int, str | None]]:
    """``(seq, account_id)`` of the events after ``after`` and of those among ``gaps`` (seqs
    skipped before, maybe committed since), in order, at most ``limit``."""
    condition = Event.seq > after
    if gaps:
        condition = or_(condition, Event.seq.in_(gaps))
    rows = session.execute(
        select(Event.seq, Event.account_id).where(condition).order_by(Event.seq).limit(limit)
    ).all()
    return [(int(seq), account_id) for seq, account_id in rows]


def events_after(
    session: Session, *, after: int, gaps: Sequence[int], limit: int
) -> Sequence[Event]:
    """The events after ``after`` and those among ``gaps``, oldest first, at most ``limit``
    (for the outbox's readers that keep a cursor: the outgoing webhooks)."""
    condition = Event.seq > after
    if gaps:
        condition = or_(condition, Event.seq.in_(gaps))
    return session.scalars(select(Event).where(condition).order_by(Event.seq).limit(limit)).all()


def since(session: Session, *, at: datetime, after_seq: int, limit: int) -> Sequence[Event]:
    """Events that occurred at or after ``at`` with a sequence number above ``after_seq``,
    in sequence order, at most ``limit`` (a replay reads them page by page)."""
    return session.scalars(
        select(Event)
        .where(Event.occurred_at >= at, Event.seq > after_seq)
        .order_by(Event.seq)
        .limit(limit)
    ).all()


def by_seqs(session: Session, seqs: Sequence[int]) -> dict[int, Event]:
    return {e.seq: e for e in session.scalars(select(Event).where(Event.seq.in_(seqs))).all()}


def counts_by_type(
    session: Session, types: Sequence[str], *, after: int = 0, upto: int | None = None
) -> dict[str, int]:
    """How many events of each of ``types`` have a ``seq`` above ``after`` (and at most
    ``upto``): the totals that operators' counters are derived from (X-12)."""
    condition = [Event.type.in_(list(types)), Event.seq > after]
    if upto is not None:
        condition.append(Event.seq <= upto)
    rows = session.execute(
        select(Event.type, func.count()).where(*condition).group_by(Event.type)
    ).all()
    return {str(type_): int(count) for type_, count in rows}
