"""Extension points of the devices package.

Devices sit below connections (a connection is a device's lease), so unlinking a device
does not import connections to end its leases: connections plugs that in here, and the
composition root (:mod:`tenure.wiring`) registers it once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from tenure.kit.actor import Actor
from tenure.kit.hooks import Slot


class EndConnections(Protocol):
    """End every live connection of a device; how many ended."""

    def __call__(
        self, session: Session, *, device_id: str, now: datetime, actor: Actor, reason: str
    ) -> int: ...


end_connections: Slot[EndConnections] = Slot("devices.end_connections")
