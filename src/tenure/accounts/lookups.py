"""What other packages' set-based and hot-path statements need of the accounts table: the
statements (or the columns to join) built here, once, by their users at import, so that they
still run as one statement with no extra round trip; and the batch loads of the renewals.

Only reads and row locks: accounts are written by this package alone (``.importlinter`` keeps
its models and repository to it). The account's credit changes through
``accounts.service.change_credit``/``take_credit``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, FromClause, Join, Select, Table, bindparam, select
from sqlalchemy.orm import Session

from tenure.accounts.models import Account

_ACCOUNTS = cast(Table, Account.__table__)


def lock_statement(key: str) -> Select[Any]:
    """``SELECT id, suspended_reason … FOR UPDATE`` of the account whose id is bound as
    ``key`` (PostgreSQL; SQLite leaves ``FOR UPDATE`` out): locked, and whether it may be
    used at all (BIZ-4)."""
    return (
        select(_ACCOUNTS.c.id, _ACCOUNTS.c.suspended_reason)
        .where(_ACCOUNTS.c.id == bindparam(key))
        .with_for_update()
    )


def exists_statement(key: str) -> Select[Any]:
    """The id of the account whose id is bound as ``key``, without a lock."""
    return select(_ACCOUNTS.c.id).where(_ACCOUNTS.c.id == bindparam(key))


def locale_statement(key: str) -> Select[Any]:
    """The language of the account whose id is bound as ``key``."""
    return select(_ACCOUNTS.c.locale).where(_ACCOUNTS.c.id == bindparam(key))


def join_for_renewals(
    left: FromClause, account_id: ColumnElement[str]
) -> tuple[Join, tuple[ColumnElement[Any], ...]]:
    """``left`` joined to the account ``account_id`` names, and what a renewal needs of it:
    ``account_email``, ``account_locale``, ``credit_balance``, ``credit_currency``."""
    columns = (
        _ACCOUNTS.c.email.label("account_email"),
        _ACCOUNTS.c.locale.label("account_locale"),
        _ACCOUNTS.c.credit_balance,
        _ACCOUNTS.c.credit_currency,
    )
    return left.join(_ACCOUNTS, _ACCOUNTS.c.id == account_id), columns


def load_many(session: Session, account_ids: Collection[str]) -> Sequence[Account]:
    """The accounts with these ids, in one query (the session's identity map then answers
    lookups of them by id)."""
    return session.scalars(select(Account).where(Account.id.in_(account_ids))).all()


def lock_holding_credit(session: Session, account_ids: Collection[str]) -> None:
    """Lock FOR UPDATE, in id order, those of the accounts that hold credit (which a renewal
    may use and so lock): two workers sharing such accounts then wait for each other instead
    of deadlocking."""
    session.execute(
        select(Account.id)
        .where(Account.id.in_(account_ids), Account.credit_balance > 0)
        .order_by(Account.id)
        .with_for_update()
    ).all()
