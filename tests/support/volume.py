"""A volume subscription straight in the database, with its licenses, so the License Manager
can be tested without going through the purchase side (tenure.volume)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta

from support import Api
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.ids import new_id
from tenure.licenses.service import create_licenses
from tenure.subscriptions.models import Subscription


@dataclass
class VolumeSub:
    id: str
    license_ids: list[str]


def insert_volume_subscription(
    container: Container,
    account_id: str,
    *,
    product: str = "vpn",
    plan: str = "vpn-volume",
    quantity: int = 12,
    catalog_version: int = 1,
) -> VolumeSub:
    """An active 12-month volume subscription of ``quantity`` licenses (none assigned)."""
    now = container.clock.now()
    with container.db.transaction() as session:
        sub = Subscription(
            id=new_id("sub"),
            account_id=account_id,
            product_code=product,
            plan_code=plan,
            catalog_version=catalog_version,
            channel="web",
            status="active",
            quantity=quantity,
            currency="USD",
            unit_amount=700,
            billing_period_months=12,
            auto_renew=True,
            payment_method_id=None,
            start_at=now,
            trial_start=None,
            trial_end=None,
            anchor_at=now,
            period_offset_months=0,
            current_period_start=now,
            current_period_end=now + relativedelta(months=12),
            paid_through=now + relativedelta(months=12),
            grace_ends_at=None,
            renewal_attempted_for=None,
            grace_started_at=None,
            renewal_notice_for=None,
            next_retry_at=None,
            cancel_at_period_end=False,
            canceled_at=None,
            ended_at=None,
            end_reason=None,
            scheduled_plan_code=None,
            scheduled_catalog_version=None,
            previous_subscription_id=None,
            next_action=None,
            next_action_at=None,
            created_at=now,
            updated_at=now,
        )
        session.add(sub)
        session.flush()
        licenses = create_licenses(
            session,
            subscription_id=sub.id,
            account_id=account_id,
            count=quantity,
            now=now,
            actor=Actor.system(),
        )
        return VolumeSub(sub.id, [lic.id for lic in licenses])


def sign_in(
    api: Api, username: str, password: str, expect: int = 200, **extra: object
) -> dict[str, Any]:
    result: dict[str, Any] = api.post(
        "/v1/licenses/sign-in", {"username": username, "password": password, **extra}, expect
    )
    return result


def bearer(token: object) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
