"""Scheduler jobs of the organizations package (BIZ-8), each found from database state and
settled one expiry per transaction, the row locked (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL) and its status checked again, so a second worker or a retry changes nothing.

* ``organizations.restore_lapse``: at ``pay_by`` a restore is renewed or lapses.
* ``organizations.purge``: at the end of the restore window the revoked items are gone for
  good (``organization.items_purged`` tells the vendor's backend to delete them).
"""

from __future__ import annotations

from tenure.kit.actor import Actor
from tenure.organizations import repository, restore
from tenure.scheduler.registry import OneAtATime, register

register(
    OneAtATime(
        "organizations.restore_lapse",
        next_due=repository.next_lapse_at,
        due=lambda session, now, limit: repository.due_lapses(session, now=now, limit=limit),
        settle=lambda session, expiry_id, now: restore.lapse(
            session, expiry_id, now=now, actor=Actor.scheduler()
        ),
    )
)
register(
    OneAtATime(
        "organizations.purge",
        next_due=repository.next_purge_at,
        due=lambda session, now, limit: repository.due_purges(session, now=now, limit=limit),
        settle=lambda session, expiry_id, now: restore.purge(
            session, expiry_id, now=now, actor=Actor.scheduler()
        ),
    )
)
