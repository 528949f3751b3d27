"""Organizations API (BIZ-1, BIZ-2, BIZ-9): organizations, their admins and members,
invitations by email, seats and business subscriptions.

Who may: an organization's admins manage it; its members read it and their own membership
and may leave; staff may do everything; nobody else anything (X-8). The organization's
payment methods, invoices and credit are its billing account's: admins use the usual
endpoints with ``account_id`` set to ``billing_account_id``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import Query, status

from tenure.accounts import lookups as account_lookups
from tenure.accounts.service import find_account, get_account
from tenure.api.context import AccountCtx, Ctx, OwnerCtx, PublicCtx, StaffCtx
from tenure.api.openapi import CHARGES
from tenure.api.pages import Page, Paging, page
from tenure.api.routing import router
from tenure.billing.schemas import InvoiceOut
from tenure.billing.service import payments_of
from tenure.events.schemas import EventOut
from tenure.kit.errors import InvalidInput
from tenure.organizations import invitations, restore, service
from tenure.organizations.models import Invitation, Membership, Organization
from tenure.organizations.schemas import (
    AcceptedOut,
    AddSeatsIn,
    ExpiryOut,
    InGraceOut,
    InvitationIn,
    InvitationOut,
    InvitationPreviewOut,
    MemberOut,
    OrganizationCreate,
    OrganizationOut,
    OrganizationSubscriptionIn,
    OrganizationUpdate,
    RoleIn,
    SeatsAddedOut,
    SeatsOut,
    SettingsIn,
    TokenIn,
)
from tenure.subscriptions import lookups as subscriptions
from tenure.subscriptions import purchase, seats
from tenure.subscriptions.schemas import SubscriptionOut

if TYPE_CHECKING:
    from tenure.accounts.models import Account

api = router("/v1", tags=["organizations"])

InvitationStatus = Literal["pending", "expired", "accepted", "revoked"]


def _org(ctx: Ctx, organization_id: str, *, admin: bool) -> tuple[Organization, str | None]:
    """The organization, if the caller may (see the module); with the caller's role."""
    org = service.get(ctx.session, organization_id)
    return org, service.ensure_allowed(ctx.session, org, ctx.me, admin=admin)


def _out(ctx: Ctx, org: Organization, role: str | None) -> OrganizationOut:
    return OrganizationOut.of(org, service.billing_account(ctx.session, org), role=role)


def _inviter(ctx: Ctx) -> Account | None:
    account_id = ctx.me.account_id
    return find_account(ctx.session, account_id) if account_id else None


def _ttl(ctx: Ctx) -> timedelta:
    return timedelta(days=ctx.container.settings.invitation_ttl_days)


def _invitation_out(ctx: Ctx, invitation: Invitation) -> InvitationOut:
    return InvitationOut.of(invitation, status=invitations.status_of(invitation, ctx.now))


def _members_out(ctx: Ctx, memberships: list[Membership]) -> list[MemberOut]:
    people = {
        a.id: a for a in account_lookups.load_many(ctx.session, [m.account_id for m in memberships])
    }
    return [MemberOut.of(m, people[m.account_id]) for m in memberships]


# --------------------------------------------------------------------------- organizations


@api.post("/organizations", status_code=status.HTTP_201_CREATED)
def create_organization(body: OrganizationCreate, ctx: OwnerCtx) -> OrganizationOut:
    """Create an organization: a signed-in customer becomes its first admin; staff name the
    first admin (``admin_account_id``)."""
    if ctx.me.is_staff:
        if not body.admin_account_id:
            raise InvalidInput(
                "admin_account_id_required",
                "Name the organization's first admin (admin_account_id).",
                field="admin_account_id",
            )
        admin_id = body.admin_account_id
    else:
        admin_id = ctx.account_scope(body.admin_account_id)
    org = service.create(
        ctx.session,
        name=body.name,
        billing_email=body.billing_email,
        locale=body.locale,
        admin_account_id=admin_id,
        now=ctx.now,
        actor=ctx.actor,
    )
    return _out(ctx, org, None if ctx.me.is_staff else "admin")


@api.get("/organizations")
def list_organizations(
    ctx: OwnerCtx,
    window: Paging,
    name: Annotated[
        str | None, Query(max_length=200, description="Staff: names containing this.")
    ] = None,
) -> Page[OrganizationOut]:
    """A customer's organizations (with their role in each); staff see every organization."""
    if ctx.me.is_staff:
        orgs = service.listed(ctx.session, window=window, name=name)
        return page(orgs, window, key=lambda o: (o.id,), out=lambda o: _out(ctx, o, None))
    me = ctx.account_scope(None)
    mine = service.of_member(ctx.session, me, window=window)
    return page(
        mine,
        window,
        key=lambda o: (o.id,),
        out=lambda o: _out(ctx, o, service.role_of(ctx.session, o, me)),
    )


@api.get("/organizations/in_grace")
def organizations_in_grace(ctx: StaffCtx, window: Paging) -> Page[InGraceOut]:
    """BIZ-9, staff: organizations whose plan is in grace, soonest deadline first, with the
    amount due, days left, the admins to contact and when they were last reminded."""
    entries = service.grace_worklist(ctx.session, now=ctx.now, window=window)

    def out(entry: service.InGrace) -> InGraceOut:
        account = find_account(ctx.session, entry.organization.account_id)
        return InGraceOut.of(entry, account.email if account else None)

    return page(entries, window, key=lambda e: (e.grace_ends_at, e.subscription.id), out=out)


@api.get("/organizations/{organization_id}")
def get_organization(organization_id: str, ctx: OwnerCtx) -> OrganizationOut:
    """Admins and members read their organization (with their role); staff any."""
    org, role = _org(ctx, organization_id, admin=False)
    return _out(ctx, org, role)


@api.patch("/organizations/{organization_id}")
def update_organization(
    organization_id: str, body: OrganizationUpdate, ctx: OwnerCtx
) -> OrganizationOut:
    """Admins change the name, the billing email or the language."""
    org, role = _org(ctx, organization_id, admin=True)
    service.update(
        ctx.session,
        org,
        name=body.name,
        billing_email=body.billing_email,
        locale=body.locale,
        now=ctx.now,
        actor=ctx.actor,
    )
    return _out(ctx, org, role)


@api.patch("/organizations/{organization_id}/settings")
def change_settings(organization_id: str, body: SettingsIn, ctx: OwnerCtx) -> OrganizationOut:
    """Admins choose single sign-on (BIZ-4), the data policy on expiry (BIZ-5: lose_all,
    keep_all, keep_personal), revoking the company's logins from removed members with the
    company's domains (BIZ-6), and record (or drop, with null) the directory connection."""
    org, role = _org(ctx, organization_id, admin=True)
    fields = body.model_fields_set
    service.change_settings(
        ctx.session,
        org,
        service.SettingsChange(
            sso_enabled=body.sso_enabled,
            data_policy=body.data_policy,
            revoke_company_items=body.revoke_company_items,
            company_domains=body.company_domains,
            directory=body.directory.model_dump() if body.directory else None,
            drop_directory="directory" in fields and body.directory is None,
        ),
        now=ctx.now,
        actor=ctx.actor,
    )
    return _out(ctx, org, role)


@api.get("/organizations/{organization_id}/events")
def organization_events(organization_id: str, ctx: OwnerCtx, window: Paging) -> Page[EventOut]:
    """Admins and staff: every change to the organization, its members and invitations,
    oldest first, with who made it (X-3)."""
    org, _role = _org(ctx, organization_id, admin=True)
    rows = service.events_of(ctx.session, org, window=window)
    return page(rows, window, key=lambda e: (e.seq,), out=EventOut.of)


# --------------------------------------------------------------------------- members


@api.get("/organizations/{organization_id}/members")
def list_members(organization_id: str, ctx: OwnerCtx, window: Paging) -> Page[MemberOut]:
    """Admins and staff: the admins and members, in the order they joined."""
    org, _role = _org(ctx, organization_id, admin=True)
    rows = list(service.members(ctx.session, org, window=window))
    people = dict(zip(rows, _members_out(ctx, rows), strict=True))
    return page(rows, window, key=lambda m: (m.created_at, m.id), out=lambda m: people[m])


@api.get("/organizations/{organization_id}/membership")
def my_membership(organization_id: str, ctx: AccountCtx) -> MemberOut:
    """A member's (or admin's) own membership."""
    org, _role = _org(ctx, organization_id, admin=False)
    me = ctx.account_scope(None)
    found = service.membership_of(ctx.session, org, me)
    return MemberOut.of(found, get_account(ctx.session, me))


@api.patch("/organizations/{organization_id}/members/{account_id}")
def change_member_role(
    organization_id: str, account_id: str, body: RoleIn, ctx: OwnerCtx
) -> MemberOut:
    """Admins promote a member to admin or demote an admin; the last admin stays one
    (``409 last_admin``)."""
    org, _role = _org(ctx, organization_id, admin=True)
    found = service.change_role(
        ctx.session, org, account_id=account_id, role=body.role, now=ctx.now, actor=ctx.actor
    )
    return MemberOut.of(found, get_account(ctx.session, account_id))


@api.delete("/organizations/{organization_id}/members/{account_id}")
def remove_member(organization_id: str, account_id: str, ctx: OwnerCtx) -> MemberOut:
    """Admins remove a member (or another admin, but never the last one). What the
    organization granted them ends at once."""
    org, _role = _org(ctx, organization_id, admin=True)
    found = service.remove_member(
        ctx.session, org, account_id=account_id, now=ctx.now, actor=ctx.actor
    )
    return MemberOut.of(found, get_account(ctx.session, account_id))


@api.post("/organizations/{organization_id}/leave")
def leave_organization(organization_id: str, ctx: AccountCtx) -> MemberOut:
    """A member (or an admin who is not the last one) leaves the organization."""
    org, _role = _org(ctx, organization_id, admin=False)
    me = ctx.account_scope(None)
    found = service.remove_member(ctx.session, org, account_id=me, now=ctx.now,
                                  actor=ctx.actor, left=True)  # fmt: skip
    return MemberOut.of(found, get_account(ctx.session, me))


# --------------------------------------------------------------------------- invitations


@api.post("/organizations/{organization_id}/invitations", status_code=status.HTTP_201_CREATED)
def invite(organization_id: str, body: InvitationIn, ctx: OwnerCtx) -> InvitationOut:
    """Admins invite an email address with a role. The email carries a single-use link
    (valid 7 days by default). Each pending invitation takes a seat: beyond the plan's seats
    the answer is ``409 seat_limit_reached`` with the numbers."""
    org, _role = _org(ctx, organization_id, admin=True)
    invitation, _token = invitations.invite(
        ctx.session,
        org,
        email=body.email,
        role=body.role,
        inviter=_inviter(ctx),
        page=ctx.container.settings.invitation_page,
        ttl=_ttl(ctx),
        now=ctx.now,
        actor=ctx.actor,
    )
    return _invitation_out(ctx, invitation)


@api.get("/organizations/{organization_id}/invitations")
def list_invitations(
    organization_id: str,
    ctx: OwnerCtx,
    window: Paging,
    status_filter: Annotated[
        InvitationStatus | None,
        Query(alias="status", description="Only these; all when not given."),
    ] = None,
) -> Page[InvitationOut]:
    """Admins and staff: the organization's invitations, oldest first."""
    org, _role = _org(ctx, organization_id, admin=True)
    rows = invitations.listed(ctx.session, org, window=window, status=status_filter, now=ctx.now)
    return page(rows, window, key=lambda i: (i.created_at, i.id),
                out=lambda i: _invitation_out(ctx, i))  # fmt: skip


@api.post("/organizations/{organization_id}/invitations/{invitation_id}/resend")
def resend_invitation(organization_id: str, invitation_id: str, ctx: OwnerCtx) -> InvitationOut:
    """Send a pending or expired invitation again with a new link and expiry; the old link
    stops working."""
    org, _role = _org(ctx, organization_id, admin=True)
    invitation = invitations.get_invitation(ctx.session, org, invitation_id)
    invitations.resend(
        ctx.session,
        org,
        invitation,
        inviter=_inviter(ctx),
        page=ctx.container.settings.invitation_page,
        ttl=_ttl(ctx),
        now=ctx.now,
        actor=ctx.actor,
    )
    return _invitation_out(ctx, invitation)


@api.delete("/organizations/{organization_id}/invitations/{invitation_id}")
def revoke_invitation(organization_id: str, invitation_id: str, ctx: OwnerCtx) -> InvitationOut:
    """Withdraw an invitation that was not accepted; its seat is free again."""
    org, _role = _org(ctx, organization_id, admin=True)
    invitation = invitations.get_invitation(ctx.session, org, invitation_id)
    invitations.revoke(ctx.session, org, invitation, now=ctx.now, actor=ctx.actor)
    return _invitation_out(ctx, invitation)


@api.post("/invitations/preview")
def preview_invitation(body: TokenIn, ctx: PublicCtx) -> InvitationPreviewOut:
    """What an invitation link is for, before signing in or up: the organization, the role
    and the invited address."""
    invitation, org = invitations.preview(ctx.session, token=body.token, now=ctx.now)
    return InvitationPreviewOut(
        organization_id=org.id,
        organization_name=org.name,
        email=invitation.email,
        role=invitation.role,
        status=invitations.status_of(invitation, ctx.now),
        expires_at=invitation.expires_at,
    )


@api.post("/invitations/accept")
def accept_invitation(body: TokenIn, ctx: AccountCtx) -> AcceptedOut:
    """The invitee, signed in with the invited address (or signed up with it), accepts.
    Each failure has its own code: ``invitation_not_found``, ``invitation_already_accepted``,
    ``invitation_expired``, ``invitation_revoked``, ``invitation_for_another_email``,
    ``already_a_member``."""
    me = ctx.account_scope(None)
    membership, org = invitations.accept(
        ctx.session, token=body.token, account_id=me, now=ctx.now, actor=ctx.actor
    )
    restore.on_member_joined(ctx.session, org, me, now=ctx.now, actor=ctx.actor)  # BIZ-8
    return AcceptedOut(
        organization=_out(ctx, org, membership.role),
        member=MemberOut.of(membership, get_account(ctx.session, me)),
    )


# --------------------------------------------------------------------------- seats and plans


@api.get("/organizations/{organization_id}/seats")
def get_seats(organization_id: str, ctx: OwnerCtx) -> SeatsOut:
    """Admins and staff: the seat limit and what takes seats (members and pending
    invitations)."""
    org, _role = _org(ctx, organization_id, admin=True)
    return SeatsOut.of(service.seat_usage(ctx.session, org, now=ctx.now))


@api.post("/organizations/{organization_id}/seats", responses=CHARGES)
def add_seats(organization_id: str, body: AddSeatsIn, ctx: OwnerCtx) -> SeatsAddedOut:
    """Admins add seats to a per-seat plan: charged at once for the rest of the period
    (prorated, the renewal date unchanged), free during a trial. Plans with one price for up
    to N members answer ``409 seats_fixed_by_plan``."""
    org, _role = _org(ctx, organization_id, admin=True)
    sub = service.seat_subscription(ctx.session, org, body.subscription_id)
    sub = subscriptions.get_subscription(ctx.session, sub.id, for_update=True)
    added = seats.add_seats(
        ctx.session,
        sub=sub,
        count=body.add,
        gateway=ctx.container.gateway,
        now=ctx.now,
        actor=ctx.actor,
    )
    invoice = (
        InvoiceOut.of(added.invoice, list(payments_of(ctx.session, added.invoice.id)))
        if added.invoice is not None
        else None
    )
    return SeatsAddedOut.of(added, service.seat_usage(ctx.session, org, now=ctx.now), invoice)


@api.post(
    "/organizations/{organization_id}/subscriptions",
    status_code=status.HTTP_201_CREATED,
    responses=CHARGES,
)
def buy_plan(
    organization_id: str, body: OrganizationSubscriptionIn, ctx: OwnerCtx
) -> SubscriptionOut:
    """Admins buy a business plan for the organization, with its trial or paid at once from
    the organization's payment methods (SUB-2, SUB-9); ``seats`` is the number of people."""
    org, _role = _org(ctx, organization_id, admin=True)
    sub = purchase.create_subscription(
        ctx.session,
        purchase=purchase.Purchase(
            account_id=org.account_id,
            plan_code=body.plan,
            currency=body.currency,
            quantity=body.seats,
            payment_method_id=body.payment_method_id,
            trial=body.trial,
        ),
        gateway=ctx.container.gateway,
        now=ctx.now,
        actor=ctx.actor,
    )
    restore.on_plan_bought(ctx.session, org, now=ctx.now, actor=ctx.actor)  # BIZ-8
    return SubscriptionOut.of(sub)


@api.get("/organizations/{organization_id}/subscriptions")
def list_plans(organization_id: str, ctx: OwnerCtx, window: Paging) -> Page[SubscriptionOut]:
    """Admins and staff: the organization's subscriptions, oldest first."""
    org, _role = _org(ctx, organization_id, admin=True)
    subs = subscriptions.list_subscriptions(ctx.session, account_id=org.account_id, window=window)
    return page(subs, window, key=lambda s: (s.created_at, s.id), out=SubscriptionOut.of)


# --------------------------------------------------------------------------- BIZ-8


@api.get("/organizations/{organization_id}/expiry")
def get_expiry(organization_id: str, ctx: OwnerCtx) -> ExpiryOut:
    """The organization's latest expiry: when, the restore window, the status of a restore.
    For staff, its admins, and those who were admins at expiry."""
    org = service.get(ctx.session, organization_id)
    return ExpiryOut.of(restore.readable(ctx.session, org, ctx.me))


@api.post("/organizations/{organization_id}/restore_request")
def request_restore(organization_id: str, ctx: AccountCtx) -> ExpiryOut:
    """BIZ-8: someone who was an admin when the plan expired asks support to restore it,
    within the restore window (``restore_admins_only``, ``restore_window_over``)."""
    org = service.get(ctx.session, organization_id)
    expiry = restore.request(
        ctx.session, org, account_id=ctx.account_scope(None), now=ctx.now, actor=ctx.actor
    )
    return ExpiryOut.of(expiry)


@api.post("/organizations/{organization_id}/restore")
def restore_plan(organization_id: str, ctx: StaffCtx) -> ExpiryOut:
    """BIZ-8, staff: restore an expired plan within its window. The admins at expiry are back
    at once, with 3 days to update billing and buy the plan again; the other members are
    invited again."""
    org = service.get(ctx.session, organization_id)
    return ExpiryOut.of(restore.restore(ctx.session, org, now=ctx.now, actor=ctx.actor))
