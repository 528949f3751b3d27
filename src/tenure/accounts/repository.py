"""Every query on accounts and magic links."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tenure.accounts.models import PERSON, Account, MagicLink
from tenure.kit.pages import Window, keyset


def get(session: Session, account_id: str, *, for_update: bool = False) -> Account | None:
    return session.get(Account, account_id, with_for_update=for_update)


def locked(session: Session, account_id: str) -> Account | None:
    """The account, read again and locked FOR UPDATE (PostgreSQL) until the commit."""
    return session.scalar(select(Account).where(Account.id == account_id).with_for_update())


def by_email(session: Session, email: str) -> Account | None:
    """The person who signs in with ``email`` (organizations' billing accounts never do)."""
    return session.scalar(select(Account).where(Account.email == email, Account.kind == PERSON))


def recent(session: Session, *, window: Window) -> Sequence[Account]:
    """A window of the accounts, newest first (ids sort by creation time)."""
    return session.scalars(keyset(select(Account), [Account.id], window, descending=True)).all()


def magic_link_by_hash(session: Session, token_hash: str) -> MagicLink | None:
    return session.scalar(select(MagicLink).where(MagicLink.token_hash == token_hash))


def use_magic_link(session: Session, link_id: str, *, now: datetime) -> bool:
    """Mark a live link used. Atomic: of two concurrent redeems only one gets ``True``."""
    result = session.execute(
        update(MagicLink)
        .where(MagicLink.id == link_id, MagicLink.used_at.is_(None), MagicLink.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1
