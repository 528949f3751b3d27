"""A stand-in for Apple in the tests: a real certificate chain and real ES256 signatures.

``TestPKI`` builds what Apple signs App Store Server Notifications with — a root CA, an
intermediate CA carrying Apple's WWDR marker extension (1.2.840.113635.100.6.2.1) and a
leaf carrying the receipt-signing marker (1.2.840.113635.100.6.11.1), all EC P-256 — and
signs payloads as JWS with the chain in the ``x5c`` header. The server under test is given
the test root as its only trusted root, so Apple's own ``SignedDataVerifier`` checks every
signature exactly as in production (with OpenSSL's strict X.509 checks: key identifiers,
critical basic constraints, key usage, validity at the payload's ``signedDate``).

``AppleStore`` writes the payloads: notifications with their nested signed transaction and
renewal info. ``StorePurchase`` follows one customer's store subscription through its life
and produces each notification Apple would send, dated by the simulated clock.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from dateutil.relativedelta import relativedelta

from support import Api
from support.commerce import make_customer
from tenure.catalog.service import load_catalog
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.settings import Settings

LEAF_MARKER = "1.2.840.113635.100.6.11.1"  # Mac App Store and iTunes Store receipt signing
INTERMEDIATE_MARKER = "1.2.840.113635.100.6.2.1"  # Apple WWDR intermediate
ASN1_NULL = b"\x05\x00"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

BUNDLE_ID = "com.example.vpn"
APP_APPLE_ID = 1234567890
YEARLY = "com.example.vpn.yearly"
MONTHLY = "com.example.vpn.monthly"

STORE_CATALOG = """
vendor: Store tests
products:
  - code: vpn
    name: Test VPN
    platforms: [windows, macos, ios, android]
    plans:
      - code: vpn-monthly
        name: VPN Monthly
        kind: personal
        billing_period_months: 1
        prices: {USD: 1299}
        connection_limit: 8
      - code: vpn-ios
        name: VPN App Store, 12 months
        kind: personal
        billing_period_months: 12
        prices: {USD: 9999, DKK: 69900}
        channels: [app_store]
        store_product_ids: {app_store: com.example.vpn.yearly}
        payment_methods: []
        trial: {days: 7, requires_payment_method: true}
        connection_limit: 5
      - code: vpn-ios-monthly
        name: VPN App Store, 1 month
        kind: personal
        billing_period_months: 1
        prices: {USD: 999, DKK: 7900}
        channels: [app_store]
        store_product_ids: {app_store: com.example.vpn.monthly}
        payment_methods: []
        connection_limit: 5
"""


def ms(at: datetime) -> int:
    """An instant as the store writes it: milliseconds since the epoch."""
    return (at - EPOCH) // timedelta(milliseconds=1)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Tenure tests"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Not Apple Inc."),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
        ]
    )


@dataclass
class TestPKI:
    """Root → intermediate → leaf, EC P-256, valid from ``not_before`` to ``not_after``."""

    __test__ = False  # not a test class, despite its name

    not_before: datetime = datetime(2020, 1, 1, tzinfo=UTC)
    not_after: datetime = datetime(2040, 1, 1, tzinfo=UTC)
    leaf_marker: bool = True
    intermediate_marker: bool = True
    root_key: ec.EllipticCurvePrivateKey = field(init=False)
    intermediate_key: ec.EllipticCurvePrivateKey = field(init=False)
    leaf_key: ec.EllipticCurvePrivateKey = field(init=False)
    root: x509.Certificate = field(init=False)
    intermediate: x509.Certificate = field(init=False)
    leaf: x509.Certificate = field(init=False)

    def __post_init__(self) -> None:
        self.root_key = ec.generate_private_key(ec.SECP256R1())
        self.intermediate_key = ec.generate_private_key(ec.SECP256R1())
        self.leaf_key = ec.generate_private_key(ec.SECP256R1())
        root_name = _name("Tenure Test Root CA - G3")
        self.root = self._certificate(
            subject=root_name,
            key=self.root_key,
            issuer=root_name,
            issuer_key=self.root_key,
            ca=True,
            path_length=None,
            marker=None,
        )
        self.intermediate = self._certificate(
            subject=_name("Tenure Test Worldwide Developer Relations CA - G6"),
            key=self.intermediate_key,
            issuer=root_name,
            issuer_key=self.root_key,
            ca=True,
            path_length=0,
            marker=INTERMEDIATE_MARKER if self.intermediate_marker else None,
        )
        self.leaf = self._certificate(
            subject=_name("Tenure Test App Store Receipt Signing"),
            key=self.leaf_key,
            issuer=self.intermediate.subject,
            issuer_key=self.intermediate_key,
            ca=False,
            path_length=None,
            marker=LEAF_MARKER if self.leaf_marker else None,
        )

    def _certificate(
        self,
        *,
        subject: x509.Name,
        key: ec.EllipticCurvePrivateKey,
        issuer: x509.Name,
        issuer_key: ec.EllipticCurvePrivateKey,
        ca: bool,
        path_length: int | None,
        marker: str | None,
    ) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.not_before)
            .not_valid_after(self.not_after)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=not ca,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=ca,
                    crl_sign=ca,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                critical=False,
            )
        )
        if marker is not None:
            builder = builder.add_extension(
                x509.UnrecognizedExtension(x509.ObjectIdentifier(marker), ASN1_NULL),
                critical=False,
            )
        return builder.sign(issuer_key, hashes.SHA256())

    @property
    def root_der(self) -> bytes:
        return self.root.public_bytes(Encoding.DER)

    @property
    def x5c(self) -> list[str]:
        return [
            base64.b64encode(c.public_bytes(Encoding.DER)).decode()
            for c in (self.leaf, self.intermediate, self.root)
        ]

    def sign(
        self, payload: dict[str, Any], *, key: ec.EllipticCurvePrivateKey | None = None
    ) -> str:
        """A JWS (ES256) of ``payload`` with this chain in ``x5c``; ``key`` forges it."""
        return jwt.encode(
            payload, key or self.leaf_key, algorithm="ES256", headers={"x5c": self.x5c}
        )

    def unsigned(self, payload: dict[str, Any]) -> str:
        """The same payload with ``alg: none`` and no signature."""

        def part(value: dict[str, Any]) -> str:
            raw = json.dumps(value, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        return f"{part({'alg': 'none', 'x5c': self.x5c})}.{part(payload)}."


def write_root(
    pki: TestPKI, directory: Path, *, pem: bool = False, name: str = "AppleRootCA-G3"
) -> Path:
    """Put the PKI's root certificate in ``directory`` as Apple ships it (DER ``.cer``)."""
    directory.mkdir(parents=True, exist_ok=True)
    if pem:
        (directory / f"{name}.pem").write_bytes(pki.root.public_bytes(Encoding.PEM))
    else:
        (directory / f"{name}.cer").write_bytes(pki.root_der)
    return directory


def store_settings(
    database_url: str, roots: Path, *, environment: str = "Production", **extra: Any
) -> Settings:
    """The tests' usual settings, with the App Store channel trusting ``roots``."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "simulated_clock": True,
        "email_enabled": False,
        "session_ttl_hours": 24 * 365 * 5,
        "appstore_bundle_id": BUNDLE_ID,
        "appstore_app_apple_id": APP_APPLE_ID,
        "appstore_environment": environment,
        "appstore_root_certificates_dir": roots,
        **extra,
    }
    return Settings(**values)


@dataclass
class AppleStore:
    """Writes and signs App Store Server Notifications V2 like Apple does."""

    pki: TestPKI
    bundle_id: str = BUNDLE_ID
    app_apple_id: int = APP_APPLE_ID
    environment: str = "Production"

    def transaction(
        self,
        *,
        original_transaction_id: str,
        transaction_id: str,
        product_id: str,
        purchased_at: datetime,
        original_purchased_at: datetime,
        expires_at: datetime,
        signed_at: datetime,
        free_trial: bool = False,
        price_milli: int = 99_990,
        currency: str = "USD",
        app_account_token: str | None = None,
        revoked_at: datetime | None = None,
        reason: str = "PURCHASE",
    ) -> dict[str, Any]:
        txn: dict[str, Any] = {
            "originalTransactionId": original_transaction_id,
            "transactionId": transaction_id,
            "webOrderLineItemId": f"w{transaction_id}",
            "bundleId": self.bundle_id,
            "productId": product_id,
            "subscriptionGroupIdentifier": "21000001",
            "purchaseDate": ms(purchased_at),
            "originalPurchaseDate": ms(original_purchased_at),
            "expiresDate": ms(expires_at),
            "quantity": 1,
            "type": "Auto-Renewable Subscription",
            "inAppOwnershipType": "PURCHASED",
            "signedDate": ms(signed_at),
            "environment": self.environment,
            "transactionReason": reason,
            "storefront": "USA",
            "storefrontId": "143441",
            "currency": currency,
            "price": 0 if free_trial else price_milli,
        }
        if free_trial:
            txn.update(offerType=1, offerDiscountType="FREE_TRIAL", offerPeriod="P1W")
        if app_account_token is not None:
            txn["appAccountToken"] = app_account_token
        if revoked_at is not None:
            txn.update(revocationDate=ms(revoked_at), revocationReason=0)
        return txn

    def renewal(
        self,
        *,
        original_transaction_id: str,
        product_id: str,
        signed_at: datetime,
        auto_renew: bool = True,
        auto_renew_product_id: str | None = None,
        in_billing_retry: bool = False,
        grace_expires_at: datetime | None = None,
        expiration_intent: int | None = None,
        app_account_token: str | None = None,
        renewal_date: datetime | None = None,
    ) -> dict[str, Any]:
        info: dict[str, Any] = {
            "originalTransactionId": original_transaction_id,
            "autoRenewProductId": auto_renew_product_id or product_id,
            "productId": product_id,
            "autoRenewStatus": 1 if auto_renew else 0,
            "isInBillingRetryPeriod": in_billing_retry,
            "signedDate": ms(signed_at),
            "environment": self.environment,
            "currency": "USD",
            "renewalPrice": 99_990,
        }
        if grace_expires_at is not None:
            info["gracePeriodExpiresDate"] = ms(grace_expires_at)
        if expiration_intent is not None:
            info["expirationIntent"] = expiration_intent
        if app_account_token is not None:
            info["appAccountToken"] = app_account_token
        if renewal_date is not None:
            info["renewalDate"] = ms(renewal_date)
        return info

    def notification_payload(
        self,
        notification_type: str,
        subtype: str | None,
        *,
        signed_at: datetime,
        transaction: dict[str, Any] | None,
        renewal: dict[str, Any] | None,
        notification_uuid: str | None = None,
        sign_nested: Any = None,
    ) -> dict[str, Any]:
        sign = sign_nested or self.pki.sign
        data: dict[str, Any] = {
            "appAppleId": self.app_apple_id,
            "bundleId": self.bundle_id,
            "bundleVersion": "7.3.7",
            "environment": self.environment,
            "status": 1,
        }
        if transaction is not None:
            data["signedTransactionInfo"] = sign(transaction)
        if renewal is not None:
            data["signedRenewalInfo"] = sign(renewal)
        payload: dict[str, Any] = {
            "notificationType": notification_type,
            "notificationUUID": notification_uuid or str(uuid.uuid4()),
            "data": data,
            "version": "2.0",
            "signedDate": ms(signed_at),
        }
        if subtype is not None:
            payload["subtype"] = subtype
        return payload

    def notification(self, notification_type: str, subtype: str | None, **kwargs: Any) -> str:
        return self.pki.sign(self.notification_payload(notification_type, subtype, **kwargs))


@dataclass
class StorePurchase:
    """One customer's App Store subscription, from the store's side. Each method moves the
    store's state and returns the signed notification Apple would send about it, signed
    at ``at`` (default: the simulated clock's now)."""

    store: AppleStore
    clock: Any  # tenure.kit.clock.SimulatedClock
    app_account_token: str | None
    original_transaction_id: str = field(
        default_factory=lambda: str(2_000_000_000_000_000 + uuid.uuid4().int % 10**12)
    )
    product_id: str = YEARLY
    months: int = 12
    trial_days: int = 7
    purchased_at: datetime | None = None
    original_purchased_at: datetime | None = None
    expires_at: datetime | None = None
    free_trial: bool = False
    auto_renew: bool = True
    auto_renew_product_id: str | None = None
    revoked_at: datetime | None = None
    in_billing_retry: bool = False
    grace_expires_at: datetime | None = None
    expiration_intent: int | None = None
    transactions: int = 0

    def _now(self, at: datetime | None) -> datetime:
        return at or self.clock.now()

    def _new_transaction(self, start: datetime, *, trial: bool, months: int | None = None) -> None:
        self.transactions += 1
        self.purchased_at = start
        self.original_purchased_at = self.original_purchased_at or start
        self.free_trial = trial
        self.expires_at = (
            start + timedelta(days=self.trial_days)
            if trial
            else start + relativedelta(months=months or self.months)
        )
        self.revoked_at = None
        self.in_billing_retry = False
        self.grace_expires_at = None
        self.expiration_intent = None

    def notify(
        self,
        notification_type: str,
        subtype: str | None = None,
        *,
        at: datetime | None = None,
        notification_uuid: str | None = None,
    ) -> str:
        """The notification for the store's current state."""
        signed_at = self._now(at)
        assert self.purchased_at and self.original_purchased_at and self.expires_at
        txn = self.store.transaction(
            original_transaction_id=self.original_transaction_id,
            transaction_id=f"{self.original_transaction_id}{self.transactions:03d}",
            product_id=self.product_id,
            purchased_at=self.purchased_at,
            original_purchased_at=self.original_purchased_at,
            expires_at=self.expires_at,
            signed_at=signed_at,
            free_trial=self.free_trial,
            app_account_token=self.app_account_token,
            revoked_at=self.revoked_at,
        )
        renewal = self.store.renewal(
            original_transaction_id=self.original_transaction_id,
            product_id=self.product_id,
            signed_at=signed_at,
            auto_renew=self.auto_renew,
            auto_renew_product_id=self.auto_renew_product_id,
            in_billing_retry=self.in_billing_retry,
            grace_expires_at=self.grace_expires_at,
            expiration_intent=self.expiration_intent,
            app_account_token=self.app_account_token,
        )
        return self.store.notification(
            notification_type,
            subtype,
            signed_at=signed_at,
            transaction=txn,
            renewal=renewal,
            notification_uuid=notification_uuid,
        )

    # --- what happens in the store ------------------------------------------------------

    def initial_buy(self, *, trial: bool = True, at: datetime | None = None) -> str:
        self._new_transaction(self._now(at), trial=trial)
        return self.notify("SUBSCRIBED", "INITIAL_BUY", at=at)

    def renew(
        self,
        *,
        at: datetime | None = None,
        subtype: str | None = None,
        starts: datetime | None = None,
    ) -> str:
        """The store charged the next period. It starts at the old expiry (a renewal, or a
        payment recovered in grace) or at ``starts`` (a payment recovered after access had
        lapsed in billing retry: the new period starts then)."""
        assert self.expires_at is not None
        start = starts or self.expires_at
        if self.auto_renew_product_id and self.auto_renew_product_id != self.product_id:
            self.product_id, self.months = self.auto_renew_product_id, 1
        self.auto_renew_product_id = None
        self._new_transaction(start, trial=False)
        return self.notify("DID_RENEW", subtype, at=at)

    def set_auto_renew(self, enabled: bool, *, at: datetime | None = None) -> str:
        self.auto_renew = enabled
        subtype = "AUTO_RENEW_ENABLED" if enabled else "AUTO_RENEW_DISABLED"
        return self.notify("DID_CHANGE_RENEWAL_STATUS", subtype, at=at)

    def downgrade_at_renewal(self, product_id: str, *, at: datetime | None = None) -> str:
        self.auto_renew_product_id = product_id
        return self.notify("DID_CHANGE_RENEWAL_PREF", "DOWNGRADE", at=at)

    def expire(self, subtype: str = "VOLUNTARY", *, at: datetime | None = None) -> str:
        self.expiration_intent = {"VOLUNTARY": 1, "BILLING_RETRY": 2}.get(subtype)
        self.in_billing_retry = False
        return self.notify("EXPIRED", subtype, at=at)

    def fail_to_renew(self, *, grace_days: int | None, at: datetime | None = None) -> str:
        assert self.expires_at is not None
        self.in_billing_retry = True
        if grace_days is not None:
            self.grace_expires_at = self.expires_at + timedelta(days=grace_days)
        return self.notify(
            "DID_FAIL_TO_RENEW", "GRACE_PERIOD" if grace_days is not None else None, at=at
        )

    def grace_expired(self, *, at: datetime | None = None) -> str:
        return self.notify("GRACE_PERIOD_EXPIRED", at=at)

    def refund(self, *, at: datetime | None = None) -> str:
        self.revoked_at = self._now(at)
        return self.notify("REFUND", at=at)

    def reverse_refund(self, *, at: datetime | None = None) -> str:
        self.revoked_at = None
        return self.notify("REFUND_REVERSED", at=at)

    def extend(self, days: int, *, at: datetime | None = None) -> str:
        assert self.expires_at is not None
        self.expires_at += timedelta(days=days)
        return self.notify("RENEWAL_EXTENDED", at=at)

    def resubscribe(self, *, at: datetime | None = None) -> str:
        self.auto_renew = True
        self._new_transaction(self._now(at), trial=False)
        return self.notify("SUBSCRIBED", "RESUBSCRIBE", at=at)


# --- fixtures (import them into a test module to use them) -------------------------------


@pytest.fixture(scope="session")
def apple_pki() -> TestPKI:
    return TestPKI()


@pytest.fixture
def settings(database_url: str, tmp_path: Path, apple_pki: TestPKI) -> Settings:
    """Overrides conftest's settings: the App Store channel on, trusting the test root."""
    return store_settings(database_url, write_root(apple_pki, tmp_path / "apple-roots"))


@pytest.fixture
def apple(apple_pki: TestPKI) -> AppleStore:
    return AppleStore(apple_pki)


@pytest.fixture
def store_catalog(container: Container) -> None:
    with container.db.transaction() as session:
        load_catalog(session, source=STORE_CATALOG, now=container.clock.now(), actor=Actor("staff"))


@dataclass
class StoreCustomer:
    """A customer whose app fetched its appAccountToken before buying in the App Store."""

    id: str
    api: Api
    token: str


def store_customer(staff_api: Api, email: str = "ios@example.com") -> StoreCustomer:
    customer = make_customer(staff_api, email)
    token = customer.api.post("/v1/channels/app_store/account_token")["app_account_token"]
    return StoreCustomer(customer.id, customer.api, token)


def post_notification(api: Api, signed_payload: str, expect: int = 200) -> dict[str, Any]:
    """Deliver a notification the way Apple does (no credentials)."""
    client = Api(api.client, {})
    result: dict[str, Any] = client.post(
        "/v1/channels/app_store/notifications", {"signedPayload": signed_payload}, expect=expect
    )
    return result
