"""The entitlement of an account (or of a licensed user), read from its subscriptions and
their plans' terms, and its canonical JSON form with the ETag the apps poll with (APP-10).

``entitlement_for`` is what the apps' status endpoint and the connection limit (DEV-4) use;
the rules themselves are the pure :mod:`tenure.domain.entitlement`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, get_args

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tenure.accounts.service import alpha2_of, find_account
from tenure.catalog.schema import Platform
from tenure.catalog.service import PlanLookup, latest_catalog_or_none
from tenure.domain import entitlement as rules
from tenure.domain import storefront
from tenure.entitlements import extensions, repository
from tenure.entitlements.repository import TermsAsked as TermsAsked
from tenure.entitlements.schemas import ManageOut
from tenure.kit.clock import rfc3339
from tenure.kit.errors import Forbidden, InvalidInput, Unauthenticated
from tenure.subscriptions import lookups
from tenure.subscriptions.lifecycle import next_charge_amount
from tenure.subscriptions.lookups import list_subscriptions

if TYPE_CHECKING:
    from tenure.auth.service import Principal
    from tenure.subscriptions.models import Subscription


def terms_of(
    subs: Iterable[Subscription],
    lookup: PlanLookup,
    grants: Mapping[str, extensions.Grant] | None = None,
    *,
    amount_of: Callable[[Subscription], int | None] | None = None,
    managed_by: str = "you",
) -> list[rules.SubscriptionTerms]:
    """The rule's view of subscriptions. Only live ones need their plan (what they grant);
    the others are told by their status and dates. ``grants``: the subscriptions among them
    that an organization grants the reader, by id (BIZ-1). ``amount_of``: the amount of a
    renewing subscription's next charge (APP-12; not asked when not given). ``managed_by``:
    who manages the reader's subscriptions (``license_owner`` for a licensed user, VL-9)."""
    out: list[rules.SubscriptionTerms] = []
    for sub in subs:
        grant = grants.get(sub.id) if grants else None
        charge_lead = 0
        next_amount: int | None = None
        features: tuple[str, ...] = ()
        platforms: tuple[str, ...] = ()
        limit: int | None = None
        quota: int | None = None
        renewing_plan = True
        min_app: dict[str, str] = {}
        min_os: dict[str, str] = {}
        fallback: rules.FreeTier | None = None
        if sub.status == "expired":
            free = lookup.fallback(sub)
            if free is not None:
                fallback = rules.FreeTier(
                    product=sub.product_code,
                    plan=free.code,
                    features=tuple(free.features),
                    storage_quota_mb=free.storage_quota_mb,
                    connection_limit=free.connection_limit,
                )
        if sub.status in rules.COUNTING_STATUSES:
            product, plan = lookup(sub)
            features = tuple(plan.features)
            platforms = tuple(product.platforms)
            limit = plan.connection_limit
            quota = plan.storage_quota_mb
            renewing_plan = plan.renewal == "auto"
            min_app = {str(k): v for k, v in plan.min_app_versions.items()}
            min_os = {str(k): v for k, v in plan.min_os_versions.items()}
            charge_lead = plan.charge_lead_time_days
        renews = renewing_plan and sub.auto_renew and not sub.cancel_at_period_end
        who = "organization" if grant is not None and grant.role != "admin" else managed_by
        if (
            amount_of is not None
            and who == "you"
            and (
                (renews and sub.status in ("trialing", "active"))
                or (sub.status == "scheduled" and sub.paid_through is None)
            )
        ):
            next_amount = amount_of(sub)
            if sub.status == "scheduled":
                charge_lead = lookup(sub)[1].charge_lead_time_days
        out.append(
            rules.SubscriptionTerms(
                subscription_id=sub.id,
                product=sub.product_code,
                plan=sub.plan_code,
                channel=sub.channel,
                status=sub.status,
                current_period_end=sub.current_period_end,
                grace_ends_at=sub.grace_ends_at,
                features=features,
                connection_limit=limit,
                storage_quota_mb=quota,
                renews=renews,
                store_state=sub.store_state,
                trial_end=sub.trial_end,
                start_at=sub.start_at,
                platforms=platforms,
                min_app_versions=min_app,
                min_os_versions=min_os,
                organization_id=grant.organization_id if grant else None,
                organization_role=grant.role if grant else None,
                fallback=fallback,
                charge_lead_days=charge_lead,
                paid_through=sub.paid_through,
                next_amount=next_amount,
                currency=sub.currency,
                end_reason=sub.end_reason,
                ended_at=sub.ended_at,
                managed_by=who,
            )
        )
    return out


def counting_subscriptions(
    session: Session, *, account_id: str, product: str | None = None
) -> Sequence[Subscription]:
    """The account's subscriptions that may give access (one indexed query)."""
    return lookups.of_account_in(
        session, account_id=account_id, statuses=repository.COUNTING, product=product
    )


def entitlement_for(
    session: Session,
    *,
    account_id: str,
    now: datetime,
    product: str | None = None,
    client: rules.Client | None = None,
) -> rules.Entitlement:
    """The account's one entitlement at ``now`` over all its subscriptions, web and store
    (APP-3), and those its organizations grant it (BIZ-1), or over one ``product``; for
    ``client`` when given (APP-2)."""
    subs, grants = _with_granted(
        session, account_id, list_subscriptions(session, account_id=account_id)
    )
    if product is not None:
        subs = [s for s in subs if s.product_code == product]
    terms = terms_of(subs, PlanLookup(session), grants, amount_of=_amount_in(session))
    return rules.resolve(terms, now=now, client=client)


def _amount_in(session: Session) -> Callable[[Subscription], int | None]:
    def amount(sub: Subscription) -> int | None:
        return next_charge_amount(session, sub)

    return amount


_GRANTS = "tenure.entitlements.grants"


def _grants(session: Session, account_id: str) -> Sequence[extensions.Grant]:
    """What the account's organizations grant it, asked once per session (a stream's read
    renders the entitlement and then names the accounts to watch from the same grants)."""
    remembered: dict[str, Sequence[extensions.Grant]] = session.info.setdefault(_GRANTS, {})
    if account_id not in remembered:
        remembered[account_id] = extensions.organization_grants()(session, account_id)
    return remembered[account_id]


def _with_granted(
    session: Session, account_id: str, own: Sequence[Subscription]
) -> tuple[list[Subscription], dict[str, extensions.Grant]]:
    """``own`` subscriptions and the live ones the account's organizations grant it."""
    grants = {g.subscription_id: g for g in _grants(session, account_id)}
    subs = list(own)
    for subscription_id in grants:
        granted = lookups.find(session, subscription_id)
        if granted is not None:
            subs.append(granted)
    return subs, grants


def watched_accounts(session: Session, subject: Subject) -> frozenset[str]:
    """The accounts whose events may change ``subject``'s entitlement: its own, and the
    billing accounts of the organizations that grant it a subscription (their renewals,
    grace and end); the status stream wakes on the events of any of them (APP-10)."""
    if subject.license_id is not None:
        return frozenset({subject.account_id})
    granted = _grants(session, subject.account_id)
    return frozenset({subject.account_id, *(g.owner_account_id for g in granted)})


def connection_limit_for(
    session: Session, *, account_id: str, now: datetime, product: str | None = None
) -> tuple[bool, int | None]:
    """``(entitled, limit)`` for the account's own connections (DEV-4, APP-4): the highest
    ``connection_limit`` among its live subscriptions, its own and those its organizations
    grant it; ``None`` means no limit applies."""
    own = counting_subscriptions(session, account_id=account_id, product=product)
    subs, grants = _with_granted(session, account_id, own)
    if product is not None:
        subs = [s for s in subs if s.product_code == product]
    resolved = rules.resolve(terms_of(subs, PlanLookup(session), grants), now=now)
    if resolved.active:
        return True, resolved.connection_limit
    # No live subscription: a free tier with a connection limit still admits (a VPN's free
    # plan, CAT-1); that needs the ended subscriptions too.
    every = entitlement_for(session, account_id=account_id, now=now, product=product)
    limits = [t.connection_limit for t in every.free_tiers if t.connection_limit is not None]
    return (True, max(limits)) if limits else (False, None)


def send_connection_terms(conn: Connection, account_id: str) -> TermsAsked:
    """Ask for the account's counting subscriptions (for the hot path of connection
    admission, DEV-4): one statement straight on the driver, in ``conn``'s transaction (on
    PostgreSQL inside a pipeline: sent, not yet answered). :func:`connection_limit_from`
    reads the answer."""
    return repository.send_connection_terms(conn, account_id)


def connection_limit_from(
    conn: Connection, asked: TermsAsked, *, now: datetime
) -> tuple[bool, int | None]:
    """The same answer as :func:`connection_limit_for` without ``product``, from the answer
    of :func:`send_connection_terms`, without ORM objects: plans' limits come from a
    per-process cache of the immutable catalog versions."""
    active = False
    limits: list[int] = []
    for row, limit in repository.connection_terms(conn, asked):
        terms = rules.SubscriptionTerms(
            subscription_id=row.subscription_id,
            product="",
            plan=row.plan_code,
            channel="",
            status=row.status,
            current_period_end=None,
            grace_ends_at=row.grace_ends_at,
            store_state=row.store_state,
        )
        if rules.counts(terms, now=now):
            active = True
            if limit is not None:
                limits.append(limit)
    return active, max(limits) if limits else None


def granted_connection_limit(
    conn: Connection, account_id: str, *, now: datetime
) -> tuple[bool, int | None]:
    """:func:`connection_limit_for` on ``conn``'s transaction: the slow path of connection
    admission, taken only when the account's own live subscriptions give no access: the
    subscriptions its organizations grant it (BIZ-1), else a free tier it fell back to."""
    with Session(bind=conn) as session:
        return connection_limit_for(session, account_id=account_id, now=now)


# --------------------------------------------------------------------------- who asks


@dataclass(frozen=True, slots=True)
class Subject:
    """Whose entitlement a caller reads: an account's, or one license's (a licensed user
    of volume licensing sees the subscription behind its license, VL-13)."""

    account_id: str
    license_id: str | None = None


def subject_of(principal: Principal) -> Subject:
    """``/me/entitlement``: an account, a device (its account's) or a licensed user."""
    if principal.kind in ("account", "device") and principal.account_id is not None:
        return Subject(principal.account_id)
    if principal.kind == "licensee" and principal.account_id is not None:
        return Subject(principal.account_id, license_id=principal.id)
    raise Forbidden("forbidden", "You may not access this resource.")


def entitlement_of(
    session: Session,
    subject: Subject,
    *,
    now: datetime,
    product: str | None = None,
    client: rules.Client | None = None,
) -> rules.Entitlement:
    """The entitlement of ``subject``. A licensed user's whose license has ended is refused
    like an ended session (its token is revoked at the same moment anyway). A suspended
    account has none (BIZ-4)."""
    if subject.license_id is None:
        account = find_account(session, subject.account_id)
        if account is not None and account.suspended_reason is not None:
            return rules.suspended(account.suspended_reason)
        return entitlement_for(
            session, account_id=subject.account_id, now=now, product=product, client=client
        )
    subscription_id = extensions.licensed_subscription()(session, subject.license_id)
    if subscription_id is None:
        raise Unauthenticated("invalid_token", "Your session has ended or the token is not valid.")
    sub = lookups.find(session, subscription_id)
    subs = [sub] if sub is not None and (product is None or sub.product_code == product) else []
    # The bill is the owner's: a licensed user is not shown it (APP-12, VL-9).
    terms = terms_of(subs, PlanLookup(session), managed_by="license_owner")
    return rules.resolve(terms, now=now, client=client)


# --------------------------------------------------------------------------- clients (APP-2)


class ClientVersionTooOld(InvalidInput):
    """The app is older than every live subscription's plan allows (APP-2)."""

    MESSAGES: ClassVar[dict[tuple[str, ...], str]] = {
        ("app",): "This version of the app is too old for your subscription. Update the app "
        "to version {min_app_version} or later.",
        ("os",): "Your device's operating system is too old for your subscription. Update it "
        "to version {min_os_version} or later.",
        ("app", "os"): "This version of the app and your device's operating system are too old "
        "for your subscription. The app needs version {min_app_version} or later, and the "
        "operating system version {min_os_version} or later.",
    }

    def __init__(self, problem: rules.ClientVersionProblem) -> None:
        super().__init__(
            "client_version_too_old", self.MESSAGES[problem.too_old], **problem.params()
        )


def ensure_client_can_use(value: rules.Entitlement) -> rules.Entitlement:
    """Raise ``client_version_too_old`` (422) with the minimums when the client asking can
    use none of the live subscriptions; otherwise return ``value``."""
    if value.reason == "client_version_too_old" and value.client_problems:
        raise ClientVersionTooOld(value.client_problems[0])
    return value


def client_from(
    platform: str | None, app_version: str | None, os_version: str | None
) -> rules.Client | None:
    """The client of a request from its ``X-App-Platform``, ``X-App-Version`` and
    ``X-OS-Version`` headers; ``None`` (no gating) when no platform is named."""
    if platform is None or not platform.strip():
        if app_version or os_version:
            raise InvalidInput(
                "client_platform_required",
                "Send X-App-Platform together with X-App-Version and X-OS-Version.",
            )
        return None
    name = platform.strip().lower()
    known = list(get_args(Platform))
    if name not in known:
        raise InvalidInput(
            "invalid_client_platform",
            "X-App-Platform {platform} is not one of: {known}.",
            platform=platform,
            known=", ".join(known),
        )
    for header, value in (("X-App-Version", app_version), ("X-OS-Version", os_version)):
        if value is not None and not rules.valid_client_version(value.strip()):
            raise InvalidInput(
                "invalid_client_version",
                "{header} must be a version such as 7.3.10, not {value}.",
                header=header,
                value=value,
            )
    return rules.Client(
        platform=name,
        app_version=app_version.strip() if app_version else None,
        os_version=os_version.strip() if os_version else None,
    )


# --------------------------------------------------------------------------- APP-11


def store_offers_in(
    session: Session, country: storefront.Country, *, product: str | None = None
) -> tuple[storefront.StoreOffer, ...]:
    """Whether each product (or ``product``) and its free trial are offered in ``country``'s
    App Store, from the catalog in force (APP-11). No catalog: nothing to offer."""
    head = latest_catalog_or_none(session)
    if head is None:
        return ()
    products: list[tuple[str, list[storefront.StorePlan]]] = []
    for each in head.catalog.products:
        if product is not None and each.code != product:
            continue
        plans = [
            storefront.StorePlan(
                plan=plan.code,
                regions=tuple(plan.regions),
                trial_days=plan.trial.days if plan.trial else None,
                trial_regions=tuple(plan.trial.regions) if plan.trial else ("*",),
            )
            for plan in each.plans
            if "app_store" in plan.channels and plan.public
        ]
        products.append((each.code, plans))
    return storefront.store_offers(products, country)


def storefront_country(value: str | None) -> str | None:
    """The country of an App Store storefront as the app reads it from StoreKit
    (``Storefront.countryCode``, ISO 3166-1 alpha-3 such as ``DNK``; alpha-2 ``DK`` is
    accepted too), as an alpha-2 code; ``None`` when not sent. Anything else is ``422
    invalid_storefront``."""
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    country = alpha2_of(code)
    if country is None:
        raise InvalidInput(
            "invalid_storefront",
            "{storefront} is not an App Store storefront country; send StoreKit's "
            "Storefront.countryCode, such as DNK.",
            storefront=value,
        )
    return country


# --------------------------------------------------------------------------- ETag (APP-10)


def canonical_json(body: object) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def etag_of(canonical: bytes) -> str:
    """A strong ETag: the SHA-256 of the canonical JSON (its first 128 bits, quoted)."""
    return '"' + hashlib.sha256(canonical).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 ``If-None-Match``: ``*`` or a list of tags, compared weakly."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        if candidate.strip().removeprefix("W/") == opaque:
            return True
    return False


# ---------------------------------------------------------------------------

TOKEN_AUDIENCE = "tenure-entitlement"  # noqa: S105 - a JWT audience, not a secret


def _token_source(source: rules.Source, manage_page: str) -> dict[str, object]:
    manage = ManageOut.of(source.manage, source.subscription_id, page=manage_page, locale="en")
    charge = source.next_charge
    return {
        "id": source.subscription_id,
        "product": source.product,
        "plan": source.plan,
        "channel": source.channel,
        "renews": source.renews,
        "access_until": rfc3339(source.access_until) if source.access_until else None,
        "next_charge_at": rfc3339(charge.at) if charge else None,
        "cancel_by": rfc3339(charge.cancel_by) if charge else None,
        "manage_url": manage.url,
        "managed_by": source.manage.by,
    }


def token_claims(
    value: rules.Entitlement,
    subject: Subject,
    *,
    now: datetime,
    ttl: timedelta,
    issuer: str,
    manage_page: str,
) -> dict[str, object]:
    """The claims of an offline entitlement token (X-9): who, whether and until when they
    are entitled, what to, and the grace deadline; each live subscription's plan, channel,
    next charge, last moment to cancel and where to manage it (APP-12); valid for ``ttl``
    from ``now``. Times of the entitlement are RFC 3339; ``iat``/``exp`` are the JWT's own
    (seconds)."""
    grace = next((w.deadline for w in value.warnings if w.code == "grace_deadline"), None)
    claims: dict[str, object] = {
        "iss": issuer,
        "aud": TOKEN_AUDIENCE,
        "sub": subject.account_id,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "active": value.active,
        "reason": value.reason,
        "products": list(value.products),
        "plans": sorted({s.plan for s in value.sources}),
        "channels": list(value.channels),
        "features": list(value.features),
        "connection_limit": value.connection_limit,
        "storage_quota_mb": value.storage_quota_mb,
        "access_until": rfc3339(value.expires_at) if value.expires_at else None,
        "grace_deadline": rfc3339(grace) if grace else None,
        "organizations": sorted({s.organization_id for s in value.sources if s.organization_id}),
        "subscriptions": [_token_source(s, manage_page) for s in value.sources],
    }
    if subject.license_id is not None:
        claims["license_id"] = subject.license_id
    return claims
