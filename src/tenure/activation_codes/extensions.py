"""Extension points of the activation codes package.

A code's slots are taken by the devices its subscription is installed or on its way to
(DEV-7). Devices sit above activation codes (a delivery makes and checks the code), so the
count comes from the devices package through this extension point, registered once by the
composition root (:mod:`tenure.wiring`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from tenure.kit.hooks import Slot


class SlotsUsed(Protocol):
    """The slots of a subscription's code in use at ``now`` (``slot_kind``: devices or
    users)."""

    def __call__(
        self, session: Session, subscription_id: str, *, slot_kind: str, now: datetime
    ) -> int: ...


slots_used: Slot[SlotsUsed] = Slot("activation_codes.slots_used")
