"""Invitations by email (BIZ-1): an admin invites an address with a role; the email
carries a single-use link (only its hash is stored) valid for a week by default; the
invitee accepts while signed in with that address. Each pending invitation takes a seat."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy.orm import Session

from tenure.accounts.service import find_account_by_email, get_account, normalize_email
from tenure.auth.service import hash_secret
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Conflict, Forbidden, NotFound
from tenure.kit.ids import new_id
from tenure.kit.pages import Window
from tenure.notifications.service import enqueue_email
from tenure.organizations import repository, service
from tenure.organizations.models import ACCEPTED, PENDING, REVOKED, Invitation, Membership

if TYPE_CHECKING:
    from tenure.accounts.models import Account
    from tenure.kit.actor import Actor
    from tenure.organizations.models import Organization


def _with_token(page: str, token: str) -> str:
    parts = urlsplit(page)
    query = [*parse_qsl(parts.query, keep_blank_values=True), ("token", token)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _send(
    session: Session,
    org: Organization,
    invitation: Invitation,
    *,
    token: str,
    inviter: Account | None,
    page: str,
    now: datetime,
) -> None:
    """The invitation email, in the invitee's language if they have an account, else the
    organization's (X-5)."""
    invitee = find_account_by_email(session, invitation.email)
    locale = invitee.locale if invitee else service.billing_account(session, org).locale
    enqueue_email(
        session,
        to=invitation.email,
        template="organization_invitation",
        locale=locale,
        context={
            "organization_name": org.name,
            "role": invitation.role,
            "link": _with_token(page, token),
            "expires_at": invitation.expires_at,
            "inviter_name": (inviter.name or inviter.email) if inviter else None,
            "name": invitee.name if invitee else "",
        },
        now=now,
        account_id=org.account_id,
    )


def invite(
    session: Session,
    org: Organization,
    *,
    email: str,
    role: str,
    inviter: Account | None,
    page: str,
    ttl: timedelta,
    now: datetime,
    actor: Actor,
) -> tuple[Invitation, str]:
    """Invite ``email`` with ``role``: a single-use link token valid for ``ttl``, emailed.
    The invitation takes a seat until it is accepted, revoked or expires."""
    address = normalize_email(email)
    service.get(session, org.id, for_update=True)  # one seat decision at a time per organization
    existing = find_account_by_email(session, address)
    if existing is not None and repository.membership(session, org.id, existing.id):
        raise Conflict(
            "already_a_member", "{email} is already a member of the organization.", email=address
        )
    pending = repository.pending_for_email(session, org.id, address, now=now)
    if pending is not None:
        raise Conflict(
            "already_invited",
            "{email} already has a pending invitation; resend it instead.",
            email=address,
            invitation_id=pending.id,
        )
    service.ensure_seat(session, org, now=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        id=new_id("invt"),
        organization_id=org.id,
        email=address,
        role=role,
        token_hash=hash_secret(token),
        status=PENDING,
        expires_at=now + ttl,
        invited_by=actor.id,
        sent_count=1,
        last_sent_at=now,
        accepted_at=None,
        accepted_by=None,
        revoked_at=None,
        created_at=now,
        updated_at=now,
    )
    session.add(invitation)
    _send(session, org, invitation, token=token, inviter=inviter, page=page, now=now)
    service.record_event(
        session,
        org,
        "invitation_sent",
        at=now,
        actor=actor,
        invitation_id=invitation.id,
        email=address,
        role=role,
        expires_at=rfc3339(invitation.expires_at),
    )
    return invitation, token


def get_invitation(session: Session, org: Organization, invitation_id: str) -> Invitation:
    found = repository.invitation(session, invitation_id)
    if found is None or found.organization_id != org.id:
        raise NotFound(
            "invitation_not_found",
            "Invitation {invitation_id} was not found.",
            invitation_id=invitation_id,
        )
    return found


def listed(
    session: Session, org: Organization, *, window: Window, status: str | None, now: datetime
) -> Sequence[Invitation]:
    return repository.invitations(session, org.id, window=window, status=status, now=now)


def status_of(invitation: Invitation, now: datetime) -> str:
    """``pending``, ``expired``, ``accepted`` or ``revoked``."""
    if invitation.status == PENDING and invitation.expires_at <= now:
        return "expired"
    return invitation.status


def _ensure_not_settled(invitation: Invitation) -> None:
    if invitation.status == ACCEPTED:
        raise Conflict("invitation_already_accepted", "This invitation has already been accepted.")
    if invitation.status == REVOKED:
        raise Conflict("invitation_revoked", "This invitation was withdrawn by the organization.")


def resend(
    session: Session,
    org: Organization,
    invitation: Invitation,
    *,
    inviter: Account | None,
    page: str,
    ttl: timedelta,
    now: datetime,
    actor: Actor,
) -> tuple[Invitation, str]:
    """Send a pending (or expired) invitation again with a new link and a new expiry; the
    old link stops working. An expired one needs a free seat again."""
    _ensure_not_settled(invitation)
    service.get(session, org.id, for_update=True)
    if invitation.expires_at <= now:
        service.ensure_seat(session, org, now=now)
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_secret(token)
    invitation.expires_at = now + ttl
    invitation.sent_count += 1
    invitation.last_sent_at = now
    invitation.updated_at = now
    _send(session, org, invitation, token=token, inviter=inviter, page=page, now=now)
    service.record_event(
        session,
        org,
        "invitation_resent",
        at=now,
        actor=actor,
        invitation_id=invitation.id,
        email=invitation.email,
        expires_at=rfc3339(invitation.expires_at),
    )
    return invitation, token


def revoke(
    session: Session, org: Organization, invitation: Invitation, *, now: datetime, actor: Actor
) -> Invitation:
    """Withdraw an invitation that has not been accepted; its link stops working and its seat
    is free."""
    _ensure_not_settled(invitation)
    invitation.status = REVOKED
    invitation.revoked_at = now
    invitation.updated_at = now
    service.record_event(
        session,
        org,
        "invitation_revoked",
        at=now,
        actor=actor,
        invitation_id=invitation.id,
        email=invitation.email,
    )
    return invitation


def _by_token(session: Session, token: str) -> Invitation:
    found = repository.invitation_by_hash(session, hash_secret(token)) if token else None
    if found is None:
        raise NotFound("invitation_not_found", "The invitation link is not valid.")
    return found


def preview(session: Session, *, token: str, now: datetime) -> tuple[Invitation, Organization]:
    """What an invitation link is for (the organization, the role, the address), so the page
    it opens can say so before the invitee signs in or signs up."""
    invitation = _by_token(session, token)
    return invitation, service.get(session, invitation.organization_id)


def accept(
    session: Session, *, token: str, account_id: str, now: datetime, actor: Actor
) -> tuple[Membership, Organization]:
    """The signed-in invitee accepts: they become a member (or admin) at once. The link works
    once, until it expires, for the invited address only."""
    invitation = _by_token(session, token)
    _ensure_not_settled(invitation)
    if invitation.expires_at <= now:
        raise Conflict(
            "invitation_expired",
            "This invitation has expired. Ask an admin of the organization to send it again.",
            expired_at=rfc3339(invitation.expires_at),
        )
    account = get_account(session, account_id)
    if account.email != invitation.email:
        raise Forbidden(
            "invitation_for_another_email",
            "This invitation was sent to another email address. Sign in with that address to "
            "accept it.",
        )
    org = service.get(session, invitation.organization_id)
    if repository.membership(session, org.id, account.id) is not None:
        raise Conflict(
            "already_a_member",
            "{email} is already a member of the organization.",
            email=account.email,
        )
    membership = Membership(
        id=new_id("mem"),
        organization_id=org.id,
        account_id=account.id,
        role=invitation.role,
        invitation_id=invitation.id,
        created_at=now,
        updated_at=now,
    )
    session.add(membership)
    invitation.status = ACCEPTED
    invitation.accepted_at = now
    invitation.accepted_by = account.id
    invitation.updated_at = now
    service.record_event(
        session,
        org,
        "invitation_accepted",
        at=now,
        actor=actor,
        account_id=account.id,
        invitation_id=invitation.id,
        member_account_id=account.id,
        role=invitation.role,
    )
    return membership, org
