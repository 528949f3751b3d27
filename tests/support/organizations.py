"""Helpers for the organization tests (BIZ-1): an organization with a plan, and joining it
the way people do (an invitation, accepted with the link's token)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from support import Api
from support.commerce import GOOD_CARD, Customer
from tenure.container import Container
from tenure.notifications.models import Email


def create_org(
    admin: Customer, name: str = "Fjord ApS", *, plan: str | None = None, seats: int = 5,
    card: bool = True, locale: str = "en",
) -> dict[str, Any]:  # fmt: skip
    """An organization with ``admin`` as its first admin; with a card and ``plan`` bought
    for ``seats`` people when given."""
    org: dict[str, Any] = admin.api.post(
        "/v1/organizations",
        {"name": name, "billing_email": f"billing@{name.split()[0].lower()}.example",
         "locale": locale},
        expect=201,
    )  # fmt: skip
    if card:
        admin.api.post(
            "/v1/payment_methods",
            {"account_id": org["billing_account_id"], "type": "card", "card": GOOD_CARD,
             "make_default": True},
            expect=201,
        )  # fmt: skip
    if plan is not None:
        org["subscription"] = admin.api.post(
            f"/v1/organizations/{org['id']}/subscriptions",
            {"plan": plan, "seats": seats},
            expect=201,
        )
    return org


def last_invitation_token(container: Container, address: str) -> str:
    """The link token of the newest invitation email queued to ``address`` (only the email
    carries it; the database keeps its hash)."""
    with container.db.transaction(write=False) as session:
        email = session.scalars(
            select(Email)
            .where(Email.template == "organization_invitation", Email.to_address == address)
            .order_by(Email.created_at.desc(), Email.id.desc())
        ).first()
        assert email is not None, f"no invitation to {address}"
        link = str(email.context["link"])
    found = re.search(r"token=([A-Za-z0-9_\-]+)", link)
    assert found is not None, link
    return found.group(1)


def join(
    container: Container, admin: Api, org: dict[str, Any], person: Customer, email: str,
    role: str = "member",
) -> None:  # fmt: skip
    """``admin`` invites ``email`` and ``person`` (signed in with it) accepts."""
    admin.post(f"/v1/organizations/{org['id']}/invitations", {"email": email, "role": role},
               expect=201)  # fmt: skip
    token = last_invitation_token(container, email)
    person.api.post("/v1/invitations/accept", {"token": token})
