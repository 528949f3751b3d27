"""The accounts API's request and response bodies. Passwords go in, never out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tenure.accounts.models import Account

Language = Literal["en", "da", "de"]


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=320, description="Login email; stored lower-case.")
    name: str = Field(default="", max_length=200)
    country: str | None = Field(
        default=None, description="ISO 3166-1 alpha-2 code, e.g. DK.", max_length=2
    )
    locale: Language = Field(default="en", description="Language of emails and messages.")
    password: str | None = Field(
        default=None,
        description="At least 10 characters. Required for public self sign-up; optional when "
        "staff create the account (the customer can then sign in with a magic link).",
    )


class AccountUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=2, description="Empty string clears it.")
    locale: Language | None = None
    password: str | None = Field(default=None, description="A new password.")
    current_password: str | None = Field(
        default=None,
        description="Required when an account changes its own existing password.",
    )


class CreditOut(BaseModel):
    amount: int
    currency: str


class AccountOut(BaseModel):
    id: str
    kind: str = Field(
        description="person (a customer who signs in) or organization (an organization's "
        "billing account, which its admins act on)."
    )
    email: str
    name: str
    country: str | None
    locale: str
    has_password: bool
    credit: CreditOut
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(
            id=account.id,
            kind=account.kind,
            email=account.email,
            name=account.name,
            country=account.country,
            locale=account.locale,
            has_password=account.password_hash is not None,
            credit=CreditOut(amount=account.credit_balance, currency=account.credit_currency),
            created_at=account.created_at,
            updated_at=account.updated_at,
        )


# --- sign-in (served under /v1/auth) -------------------------------------------------------


class LoginIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=4096)


class MagicLinkIn(BaseModel):
    email: str = Field(max_length=320)


class MagicLinkRedeemIn(BaseModel):
    token: str = Field(max_length=200, description="The token from the emailed link.")


class MagicLinkAccepted(BaseModel):
    status: Literal["accepted"] = "accepted"
    expires_minutes: int


class SessionOut(BaseModel):
    token: str = Field(description="Send as `Authorization: Bearer <token>`. Shown once.")
    expires_at: datetime | None
    account_id: str
