#!/usr/bin/env python3
"""The first session of docs/api.md with the typed client (tenure-client, clients/python).

With a staff API key, the vendor's backend: reads the catalog, finds the customer by email
or creates their account, adds their card (a sandbox test number, docs/payments.md),
subscribes them to a plan (with an Idempotency-Key: running this again buys nothing twice)
and reads what they may use now.

Usage: TENURE_STAFF_KEY=tnr_sk_… python docs/examples/first_session.py \
           [--base-url http://127.0.0.1:8000] [--email kim@example.com] [--plan vg-personal-1m]
with tenure_client importable (``pip install ./clients/python``, or
``PYTHONPATH=clients/python``); ``TENURE_URL`` may give the base URL instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TypeVar

from tenure_client import AuthenticatedClient
from tenure_client.api.accounts import create_account, list_accounts
from tenure_client.api.catalog import read_catalog
from tenure_client.api.entitlements import account_entitlement
from tenure_client.api.payment_methods import add_payment_method, list_payment_methods
from tenure_client.api.subscriptions import create_subscription
from tenure_client.models import (
    AccountCreate,
    AccountCreateLocale,
    CardIn,
    EntitlementOut,
    Error,
    PaymentMethodCreate,
    PaymentMethodCreateType,
    SubscriptionCreate,
)

T = TypeVar("T")


def ok(answer: T | Error | None) -> T:
    """The answer, or stop with the error's stable code and its message."""
    if isinstance(answer, Error):
        raise SystemExit(f"{answer.error.code}: {answer.error.message}")
    if answer is None:
        raise SystemExit("no answer the API documents")
    return answer


def first_session(tenure: AuthenticatedClient, email: str, plan: str) -> None:
    catalog = ok(read_catalog.sync(client=tenure))
    plans = {p.code: p for product in catalog.products for p in product.plans}
    if plan not in plans:
        raise SystemExit(f"the catalog has no plan {plan}; it has {', '.join(sorted(plans))}")
    print(f"catalog version {catalog.version}: {len(plans)} plans")

    found = ok(list_accounts.sync(client=tenure, email=email))
    if found.data:
        account = found.data[0]
        print(f"account {account.id} {account.email} (found)")
    else:
        new = AccountCreate(email=email, locale=AccountCreateLocale.DA)
        account = ok(create_account.sync(client=tenure, body=new))
        print(f"account {account.id} {account.email} (created)")

    methods = ok(list_payment_methods.sync(client=tenure, account_id=account.id))
    if not methods.data:
        card = CardIn(number="4242424242424242", exp_month=12, exp_year=2030, cvc="123")
        add = PaymentMethodCreate(
            type_=PaymentMethodCreateType.CARD, account_id=account.id, card=card
        )
        method = ok(add_payment_method.sync(client=tenure, body=add))
        print(f"payment method {method.id}: {method.brand} ending {method.last4}")

    order = SubscriptionCreate(account_id=account.id, plan=plan)
    subscription = ok(
        create_subscription.sync(
            client=tenure, body=order, idempotency_key=f"first-session-{account.id}-{plan}"
        )
    )
    print(f"subscription {subscription.id} {subscription.plan}: {subscription.status}")

    # Annotated: its other answer, an untyped 304, comes only for an If-None-Match.
    entitlement: EntitlementOut = ok(account_entitlement.sync(account.id, client=tenure))
    until = entitlement.expires_at.isoformat() if entitlement.expires_at else "no end"
    state = "active" if entitlement.active else "not active"
    products = ", ".join(entitlement.products)
    print(f"entitlement: {state} ({entitlement.reason}), {products}, until {until}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=os.environ.get("TENURE_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--email", default="kim@example.com")
    parser.add_argument("--plan", default="vg-personal-1m")
    args = parser.parse_args()
    key = os.environ.get("TENURE_STAFF_KEY")
    if not key:
        parser.error("set TENURE_STAFF_KEY to a staff API key (`tenure apikey create`)")
    with AuthenticatedClient(base_url=args.base_url, token=key) as tenure:
        first_session(tenure, args.email, args.plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
