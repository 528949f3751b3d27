from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from tenure.domain.entitlement import Entitlement
from tenure.kit.i18n import gettext


class EntitlementWarningOut(BaseModel):
    code: str
    message: str
    subscription_id: str
    deadline: datetime | None


class EntitlementOut(BaseModel):
    """What the account may use right now (issue 6 adds channels, ETag and the stream)."""

    account_id: str
    active: bool
    reason: str = Field(
        description="subscription_active, trialing, grace, no_subscription or expired."
    )
    features: list[str]
    connection_limit: int | None
    expires_at: datetime | None
    warnings: list[EntitlementWarningOut]
    subscription_ids: list[str]

    @classmethod
    def of(cls, account_id: str, value: Entitlement, *, locale: str) -> EntitlementOut:
        return cls(
            account_id=account_id,
            active=value.active,
            reason=value.reason,
            features=list(value.features),
            connection_limit=value.connection_limit,
            expires_at=value.expires_at,
            warnings=[
                EntitlementWarningOut(
                    code=w.code,
                    message=gettext(w.message, locale),
                    subscription_id=w.subscription_id,
                    deadline=w.deadline,
                )
                for w in value.warnings
            ],
            subscription_ids=list(value.subscription_ids),
        )
