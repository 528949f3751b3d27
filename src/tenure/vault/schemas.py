"""The vault index API's request and response bodies (staff: the vendor's backend)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from tenure.vault.models import VaultDecision, VaultGroup, VaultItem, VaultShare

ItemId = Annotated[str, Field(min_length=1, max_length=200)]
AccountId = Annotated[str, Field(min_length=1, max_length=40)]


class ShareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient_account_id: AccountId | None = Field(
        default=None, description="A one-to-one share with this member."
    )
    group_id: ItemId | None = Field(default=None, description="A share with a sharing group.")
    shared_by_account_id: AccountId | None = Field(
        default=None,
        description="Who originally shared it with the group (the owner when not given).",
    )


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: ItemId = Field(description="Your id of the item.")
    owner_account_id: AccountId = Field(description="The member whose vault holds it.")
    kind: str = Field(
        min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$",
        description="login, secure_note, …",
    )  # fmt: skip
    scope: Literal["personal", "company"]
    domain: str | None = Field(
        default=None,
        max_length=300,
        description="A login's host (login.example.com), or a keyed hash of it "
        "(hmac-sha256:<64 hex digits>).",
    )
    shares: list[ShareIn] = Field(default_factory=list, max_length=1000)


class ItemsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[ItemIn] = Field(min_length=1, max_length=500)


class ItemIdsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_ids: list[ItemId] = Field(min_length=1, max_length=500)


class GroupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    group_id: ItemId
    name: str = Field(default="", max_length=200)
    members: list[AccountId] = Field(default_factory=list, max_length=10_000)


class GroupsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    groups: list[GroupIn] = Field(min_length=1, max_length=500)


class CountOut(BaseModel):
    count: int


class ShareOut(BaseModel):
    recipient_account_id: str | None
    group_id: str | None
    shared_by_account_id: str

    @classmethod
    def of(cls, share: VaultShare) -> ShareOut:
        return cls(
            recipient_account_id=share.recipient_account_id,
            group_id=share.group_id,
            shared_by_account_id=share.shared_by_account_id,
        )


class ItemOut(BaseModel):
    item_id: str
    owner_account_id: str
    kind: str
    scope: str
    domain: str | None
    shares: list[ShareOut]
    updated_at: datetime

    @classmethod
    def of(cls, item: VaultItem, shares: list[VaultShare]) -> ItemOut:
        return cls(
            item_id=item.item_id,
            owner_account_id=item.owner_account_id,
            kind=item.kind,
            scope=item.scope,
            domain=item.domain,
            shares=[ShareOut.of(s) for s in sorted(shares, key=lambda s: s.id)],
            updated_at=item.updated_at,
        )


class GroupOut(BaseModel):
    group_id: str
    name: str
    members: list[str]
    ended_at: datetime | None = Field(description="Set when the plan expired (BIZ-7).")

    @classmethod
    def of(cls, group: VaultGroup, members: list[str]) -> GroupOut:
        return cls(
            group_id=group.group_id, name=group.name, members=members, ended_at=group.ended_at
        )


class AccessOut(BaseModel):
    item_id: str
    access: str = Field(description="owner, one_to_one or group.")
    state: str = Field(description="active, revoke (revoked) or not_restored.")
    reason: str | None = Field(description="Why, when it is not active.")


class DecisionOut(BaseModel):
    """One row of a revocation plan, for your backend to apply and confirm."""

    id: str
    plan_id: str
    cause: str = Field(description="member_removed, expiry or restore.")
    item_id: str
    account_id: str
    action: str = Field(description="revoke, restore or not_restored.")
    reason: str
    access: str
    created_at: datetime
    applied_at: datetime | None

    @classmethod
    def of(cls, row: VaultDecision) -> DecisionOut:
        return cls(
            id=row.id,
            plan_id=row.plan_id,
            cause=row.cause,
            item_id=row.item_id,
            account_id=row.account_id,
            action=row.action,
            reason=row.reason,
            access=row.access,
            created_at=row.created_at,
            applied_at=row.applied_at,
        )


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        min_length=1, max_length=1000
    )
