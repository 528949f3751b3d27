"""What the entitlement rules read, for the hot path of a device's connection admission
(DEV-4): the account's counting subscriptions in one statement straight on the driver, and
their plans' connection limits from a per-process cache of the immutable catalog versions.

Runs on the caller's ``Connection`` (no ORM session): a catalog version this process has not
seen yet is read through a session joined to the connection's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tenure.catalog.service import catalog_version
from tenure.domain import entitlement as rules
from tenure.kit.direct import Pending
from tenure.subscriptions.lookups import PlanOf, PlansIn

COUNTING = tuple(sorted(rules.COUNTING_STATUSES))

_COUNTING_PLANS = PlansIn(COUNTING)
# A plan's connection limit by (catalog version id, plan code), for the life of the process:
# a stored catalog version never changes.
_PLAN_LIMITS: dict[tuple[str, str], int | None] = {}
_PLAN_LIMITS_MAX = 4096


@dataclass(frozen=True, slots=True)
class TermsAsked:
    """The account's counting subscriptions, asked (:func:`send_connection_terms`) and not
    yet read (:func:`connection_terms`)."""

    pending: Pending


def send_connection_terms(conn: Connection, account_id: str) -> TermsAsked:
    """Ask for the account's counting subscriptions, in ``conn``'s transaction (on PostgreSQL
    inside ``kit.direct.pipeline``: sent, not yet answered)."""
    return TermsAsked(_COUNTING_PLANS.send(conn, account_id))


def connection_terms(conn: Connection, asked: TermsAsked) -> list[tuple[PlanOf, int | None]]:
    """The answer of :func:`send_connection_terms`: each subscription with its plan's
    connection limit (read after the pipeline: reading a catalog version this process has not
    seen yet runs SQLAlchemy statements, which need the plain mode)."""
    return [(row, _plan_limit(conn, row)) for row in PlansIn.read(asked.pending)]


def _plan_limit(conn: Connection, row: PlanOf) -> int | None:
    if row.catalog_version_id is not None:
        key = (row.catalog_version_id, row.plan_code)
        if key in _PLAN_LIMITS:
            return _PLAN_LIMITS[key]
    # Unknown here: read it (raises as terms_of does for a missing version or plan).
    with Session(bind=conn) as session:  # joins the connection's transaction
        loaded = catalog_version(session, row.catalog_version)
    limit = loaded.plan(row.plan_code).connection_limit
    if len(_PLAN_LIMITS) >= _PLAN_LIMITS_MAX:
        _PLAN_LIMITS.clear()
    _PLAN_LIMITS[(loaded.id, row.plan_code)] = limit
    return limit
