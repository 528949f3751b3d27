"""Extension points of the entitlements package.

Entitlements are the lowest of the feature packages: connections, devices and licenses ask
them what an account may use. A licensed user of volume licensing (VL-13) reads the
entitlement of the subscription behind its license; which subscription that is comes from
the licenses package through an extension point. The members of an organization (BIZ-1)
read the entitlement of its subscriptions too, told by the organizations package. Both are
plugged in once by the composition root (:mod:`tenure.wiring`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from tenure.kit.hooks import Slot


class LicensedSubscription(Protocol):
    """The subscription of an active license; ``None`` when the license has ended or does not
    exist."""

    def __call__(self, session: Session, license_id: str) -> str | None: ...


licensed_subscription: Slot[LicensedSubscription] = Slot("entitlements.licensed_subscription")


@dataclass(frozen=True, slots=True)
class Grant:
    """A live subscription an organization grants one of its people (BIZ-1): the
    subscription, the organization, the person's role in it and the account the
    subscription belongs to (the organization's billing account, whose changes the
    person's status stream watches)."""

    subscription_id: str
    organization_id: str
    role: str
    owner_account_id: str


class OrganizationGrants(Protocol):
    """The subscriptions the organizations ``account_id`` belongs to grant it."""

    def __call__(self, session: Session, account_id: str) -> Sequence[Grant]: ...


def _no_organizations(session: Session, account_id: str) -> Sequence[Grant]:
    return ()


organization_grants: Slot[OrganizationGrants] = Slot(
    "entitlements.organization_grants", default=_no_organizations
)
