"""Who did something (X-3): staff, an account owner, an organization admin, a device, the
App Store, or the scheduler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ActorKind = Literal[
    "staff", "account", "admin", "device", "licensee", "store", "scheduler", "system"
]


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: str | None = None

    @classmethod
    def scheduler(cls) -> Actor:
        return cls("scheduler", None)

    @classmethod
    def system(cls) -> Actor:
        return cls("system", None)
