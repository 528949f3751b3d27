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

from tenure.kit.hooks import Slot


class LicensedSubscription(Protocol):
    """The subscription of an active license; ``None`` when the license has ended or does not
    exist."""

    def __call__(self, session: Session, license_id: str) -> str | None: ...


licensed_subscription: Slot[LicensedSubscription] = Slot("entitlements.licensed_subscription")
