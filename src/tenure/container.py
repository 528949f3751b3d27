"""The application's composition root: what every entrypoint needs, built once."""

from __future__ import annotations

from dataclasses import dataclass

from tenure.kit.clock import Clock, SimulatedClock
from tenure.kit.db import Database
from tenure.kit.ports import Mailer, PaymentGateway
from tenure.kit.settings import Settings


@dataclass
class Container:
    settings: Settings
    db: Database
    clock: Clock
    gateway: PaymentGateway
    mailer: Mailer | None = None

    @property
    def simulated_clock(self) -> SimulatedClock | None:
        return self.clock if isinstance(self.clock, SimulatedClock) else None
