"""The organizations API's request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tenure.billing.schemas import InvoiceOut
from tenure.subscriptions.schemas import MoneyOut, SubscriptionOut

if TYPE_CHECKING:
    from tenure.accounts.models import Account
    from tenure.organizations.models import (
        Invitation,
        Membership,
        Organization,
        OrganizationExpiry,
    )
    from tenure.organizations.service import InGrace, SeatUsage
    from tenure.subscriptions.seats import SeatsAdded

Role = Literal["admin", "member"]
Language = Literal["en", "da", "de"]


class OrganizationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    billing_email: str = Field(
        max_length=320, description="Receipts and invoices go here (often an admin's address)."
    )
    locale: Language = Field(
        default="en", description="The organization's language (emails to its billing address)."
    )
    admin_account_id: str | None = Field(
        default=None,
        max_length=40,
        description="Staff: the first admin. A signed-in customer becomes the first admin.",
    )


class OrganizationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    billing_email: str | None = Field(default=None, max_length=320)
    locale: Language | None = None


DataPolicy = Literal["lose_all", "keep_all", "keep_personal"]


class DirectoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["active_directory", "scim", "other"]
    name: str = Field(default="", max_length=200)


class SettingsOut(BaseModel):
    sso_enabled: bool = Field(description="Single sign-on (BIZ-4).")
    data_policy: str = Field(
        description="What members keep of their items when the plan expires (BIZ-5): "
        "lose_all, keep_all or keep_personal."
    )
    revoke_company_items: bool = Field(
        description="Revoke logins of the company's domains from removed members, and from "
        "everyone when the plan expires (BIZ-6)."
    )
    company_domains: list[str]
    directory: dict[str, Any] | None = Field(
        description="The directory connection (Active Directory, SCIM …), if any."
    )

    @classmethod
    def of(cls, org: Organization) -> SettingsOut:
        return cls(
            sso_enabled=org.sso_enabled,
            data_policy=org.data_policy,
            revoke_company_items=org.revoke_company_items,
            company_domains=list(org.company_domains or []),
            directory=org.directory,
        )


class SettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sso_enabled: bool | None = None
    data_policy: DataPolicy | None = None
    revoke_company_items: bool | None = None
    company_domains: list[str] | None = Field(
        default=None, max_length=100, description="Hosts (or keyed hashes of them)."
    )
    directory: DirectoryIn | None = Field(
        default=None, description="Record a directory connection; null to drop it."
    )


class OrganizationOut(BaseModel):
    id: str
    name: str
    billing_email: str
    locale: str
    billing_account_id: str = Field(
        description="The account the organization's subscriptions, payment methods, invoices "
        "and credit belong to; its admins may name it as `account_id` on those endpoints."
    )
    role: str | None = Field(
        default=None, description="The caller's role in it (admin or member); null for staff."
    )
    settings: SettingsOut
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, org: Organization, account: Account, *, role: str | None) -> OrganizationOut:
        return cls(
            id=org.id,
            name=org.name,
            billing_email=account.email,
            locale=account.locale,
            billing_account_id=org.account_id,
            role=role,
            settings=SettingsOut.of(org),
            created_at=org.created_at,
            updated_at=org.updated_at,
        )


class MemberOut(BaseModel):
    account_id: str
    email: str
    name: str
    role: str
    joined_at: datetime

    @classmethod
    def of(cls, membership: Membership, account: Account) -> MemberOut:
        return cls(
            account_id=membership.account_id,
            email=account.email,
            name=account.name,
            role=membership.role,
            joined_at=membership.created_at,
        )


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role


class InvitationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=320)
    role: Role = "member"


class InvitationOut(BaseModel):
    id: str
    organization_id: str
    email: str
    role: str
    status: str = Field(description="pending, expired, accepted or revoked.")
    expires_at: datetime
    sent_count: int
    last_sent_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, invitation: Invitation, *, status: str) -> InvitationOut:
        return cls(
            id=invitation.id,
            organization_id=invitation.organization_id,
            email=invitation.email,
            role=invitation.role,
            status=status,
            expires_at=invitation.expires_at,
            sent_count=invitation.sent_count,
            last_sent_at=invitation.last_sent_at,
            accepted_at=invitation.accepted_at,
            revoked_at=invitation.revoked_at,
            created_at=invitation.created_at,
        )


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200, description="The token from the link.")


class InvitationPreviewOut(BaseModel):
    organization_id: str
    organization_name: str
    email: str
    role: str
    status: str
    expires_at: datetime


class AcceptedOut(BaseModel):
    organization: OrganizationOut
    member: MemberOut


class SeatsOut(BaseModel):
    limit: int = Field(description="Seats of the live business subscriptions (CAT-1).")
    members: int
    pending_invitations: int = Field(description="Pending invitations that have not expired.")
    used: int
    available: int
    subscription_ids: list[str]

    @classmethod
    def of(cls, usage: SeatUsage) -> SeatsOut:
        return cls(
            limit=usage.limit,
            members=usage.members,
            pending_invitations=usage.pending_invitations,
            used=usage.used,
            available=usage.available,
            subscription_ids=[s.id for s in usage.subscriptions],
        )


class AddSeatsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    add: int = Field(ge=1, le=100_000, description="How many seats to add.")
    subscription_id: str | None = Field(
        default=None, max_length=40, description="Needed when there are several subscriptions."
    )


class SeatsAddedOut(BaseModel):
    subscription: SubscriptionOut
    added: int
    amount_charged: MoneyOut = Field(description="0 during a trial (the trial's end bills it).")
    invoice: InvoiceOut | None
    seats: SeatsOut

    @classmethod
    def of(cls, added: SeatsAdded, usage: SeatUsage, invoice: InvoiceOut | None) -> SeatsAddedOut:
        sub = added.subscription
        return cls(
            subscription=SubscriptionOut.of(sub),
            added=added.added,
            amount_charged=MoneyOut(amount=added.amount, currency=sub.currency),
            invoice=invoice,
            seats=SeatsOut.of(usage),
        )


class OrganizationSubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str = Field(min_length=1, max_length=64, description="A business plan.")
    seats: int = Field(default=1, ge=1, le=100_000, description="Seats to buy (CAT-1).")
    currency: str = Field(default="USD", min_length=3, max_length=3)
    payment_method_id: str | None = Field(default=None, max_length=40)
    trial: bool | None = None


class AdminContactOut(BaseModel):
    account_id: str
    name: str
    email: str
    locale: str


class InGraceOut(BaseModel):
    """An organization in grace, for support to reach out to (BIZ-9)."""

    organization_id: str
    organization_name: str
    billing_email: str | None
    subscription_id: str
    plan: str
    grace_ends_at: datetime
    days_left: int
    amount_due: MoneyOut | None
    admins: list[AdminContactOut]
    last_reminder_at: datetime | None

    @classmethod
    def of(cls, entry: InGrace, billing_email: str | None) -> InGraceOut:
        due = entry.amount_due
        return cls(
            organization_id=entry.organization.id,
            organization_name=entry.organization.name,
            billing_email=billing_email,
            subscription_id=entry.subscription.id,
            plan=entry.subscription.plan_code,
            grace_ends_at=entry.grace_ends_at,
            days_left=entry.days_left,
            amount_due=MoneyOut(amount=due.amount, currency=due.currency) if due else None,
            admins=[
                AdminContactOut(account_id=a.id, name=a.name, email=a.email, locale=a.locale)
                for a in entry.admins
            ],
            last_reminder_at=entry.last_reminder_at,
        )


class ExpiryOut(BaseModel):
    """An expiry of the organization's business plan and its restore (BIZ-3, BIZ-8)."""

    id: str
    subscription_id: str
    plan: str
    reason: str
    expired_at: datetime
    admins: list[str] = Field(description="The admins at expiry: only they may ask to restore.")
    members: list[str]
    sso_enabled: bool
    plan_id: str = Field(description="The revocation plan made at expiry.")
    restore_plan_id: str = Field(description="The plan of what a restore brings back.")
    restore_until: datetime
    status: str = Field(
        description="expired, restore_requested, restored, renewed, lapsed or purged."
    )
    requested_by: str | None
    requested_at: datetime | None
    restored_at: datetime | None
    pay_by: datetime | None = Field(description="A restored plan must be bought by then.")

    @classmethod
    def of(cls, expiry: OrganizationExpiry) -> ExpiryOut:
        return cls(
            id=expiry.id,
            subscription_id=expiry.subscription_id,
            plan=expiry.plan_code,
            reason=expiry.reason,
            expired_at=expiry.expired_at,
            admins=list(expiry.admins),
            members=list(expiry.members),
            sso_enabled=expiry.sso_enabled,
            plan_id=expiry.plan_id,
            restore_plan_id=(
                f"restore:{expiry.id}"
                if expiry.restores <= 1
                else f"restore:{expiry.id}:{expiry.restores}"
            ),
            restore_until=expiry.restore_until,
            status=expiry.status,
            requested_by=expiry.requested_by,
            requested_at=expiry.requested_at,
            restored_at=expiry.restored_at,
            pay_by=expiry.pay_by,
        )
