"""Extension points of the entitlements package.

Entitlements are the lowest of the feature packages: connections, devices and licenses ask
them what an account may use. A licensed user of volume licensing (VL-13) reads the
entitlement of the subscription behind its license; which subscription that is comes from
the licenses package through this extension point, registered once by the composition root
(:mod:`tenure.wiring`).
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session


class LicensedSubscription(Protocol):
    """The subscription of an active license; ``None`` when the license has ended or does not
    exist."""

    def __call__(self, session: Session, license_id: str) -> str | None: ...


_LICENSED_SUBSCRIPTION: list[LicensedSubscription] = []


def register_licensed_subscription(hook: LicensedSubscription) -> None:
    """Plug in how a license's subscription is found (the composition root does)."""
    _LICENSED_SUBSCRIPTION[:] = [hook]


def licensed_subscription() -> LicensedSubscription:
    if not _LICENSED_SUBSCRIPTION:  # pragma: no cover - a programming error
        raise RuntimeError("entitlements: no LicensedSubscription registered (tenure.wiring.wire)")
    return _LICENSED_SUBSCRIPTION[0]
