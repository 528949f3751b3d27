"""Verifying App Store Server Notifications V2 with Apple's ``app-store-server-library``.

A notification is a JWS signed (ES256) by a key whose certificate chain (``x5c``) must lead
to one of Apple's root certificates configured on this server; the library checks the chain
at the notification's signing date, the app's bundle id (and, in Production, its Apple ID)
and the environment. The transaction and renewal info nested inside are JWS of their own
and are verified the same way. Online revocation checks (OCSP) are off: Tenure makes no
network calls.

Anything that does not verify is refused with ``401`` and a stable code, and nothing is
stored.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from appstoreserverlibrary.models.Environment import Environment
from appstoreserverlibrary.models.JWSRenewalInfoDecodedPayload import (
    JWSRenewalInfoDecodedPayload,
)
from appstoreserverlibrary.models.JWSTransactionDecodedPayload import (
    JWSTransactionDecodedPayload,
)
from appstoreserverlibrary.signed_data_verifier import (
    SignedDataVerifier,
    VerificationException,
    VerificationStatus,
)
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from tenure.domain.appstore import StoreNotice, StoreRenewal, StoreTransaction
from tenure.kit.errors import Conflict, InvalidInput, Unauthenticated
from tenure.kit.settings import Settings

SIGNED_ENVIRONMENTS = ("Production", "Sandbox")
CERTIFICATE_SUFFIXES = (".cer", ".der", ".crt", ".pem")


class NotificationVerifier(Protocol):
    def verify(self, signed_payload: str) -> StoreNotice:
        """The verified notification, or raise ``Unauthenticated``/``InvalidInput``."""
        ...


def _not_configured() -> Conflict:
    return Conflict(
        "app_store_not_configured", "The App Store channel is not configured on this server."
    )


def _instant(milliseconds: int | None) -> datetime | None:
    if milliseconds is None:
        return None
    seconds, millis = divmod(int(milliseconds), 1000)
    return datetime.fromtimestamp(seconds, tz=UTC) + timedelta(milliseconds=millis)


def _refused(status: VerificationStatus, expected: str) -> Unauthenticated:
    if status == VerificationStatus.INVALID_APP_IDENTIFIER:
        return Unauthenticated("store_wrong_app", "This App Store notification is for another app.")
    if status == VerificationStatus.INVALID_ENVIRONMENT:
        return Unauthenticated(
            "store_wrong_environment",
            "This App Store notification is not from the {environment} environment.",
            environment=expected,
        )
    return Unauthenticated(
        "store_signature_invalid", "The App Store signature of this notification is not valid."
    )


def _invalid_payload(problem: str) -> InvalidInput:
    return InvalidInput(
        "store_payload_invalid",
        "The App Store notification is incomplete: {problem}.",
        problem=problem,
    )


def load_root_certificates(directory: Path) -> list[bytes]:
    """Every certificate file in ``directory`` (DER or PEM), as DER bytes."""
    found: list[bytes] = []
    if not directory.is_dir():
        return found
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in CERTIFICATE_SUFFIXES or not path.is_file():
            continue
        raw = path.read_bytes()
        if b"-----BEGIN CERTIFICATE-----" in raw:
            for certificate in x509.load_pem_x509_certificates(raw):
                found.append(certificate.public_bytes(Encoding.DER))
        else:
            found.append(x509.load_der_x509_certificate(raw).public_bytes(Encoding.DER))
    return found


@dataclass(frozen=True)
class AppleConfig:
    bundle_id: str
    app_apple_id: int | None
    environment: str
    root_certificates: tuple[bytes, ...]

    @classmethod
    def from_settings(cls, settings: Settings) -> AppleConfig:
        environment = settings.appstore_environment
        unsigned = environment not in SIGNED_ENVIRONMENTS
        if (
            not settings.appstore_bundle_id
            or settings.appstore_root_certificates_dir is None
            or (unsigned and settings.environment != "test")
            or environment not in {e.value for e in Environment}
            or (environment == "Production" and settings.appstore_app_apple_id is None)
        ):
            raise _not_configured()
        roots = load_root_certificates(settings.appstore_root_certificates_dir)
        if not roots:
            raise _not_configured()
        return cls(
            bundle_id=settings.appstore_bundle_id,
            app_apple_id=settings.appstore_app_apple_id,
            environment=environment,
            root_certificates=tuple(roots),
        )


class AppleVerifier:
    """The real verifier: Apple's ``SignedDataVerifier``, offline."""

    def __init__(self, config: AppleConfig) -> None:
        self.config = config
        self._library = SignedDataVerifier(
            list(config.root_certificates),
            False,  # enable_online_checks: no network, the chain is checked at signedDate
            Environment(config.environment),
            config.bundle_id,
            config.app_apple_id,
        )

    def verify(self, signed_payload: str) -> StoreNotice:
        expected = self.config.environment
        try:
            payload = self._library.verify_and_decode_notification(signed_payload)
            data = payload.data
            transaction = renewal = None
            if data is not None and data.signedTransactionInfo:
                transaction = self._library.verify_and_decode_signed_transaction(
                    data.signedTransactionInfo
                )
            if data is not None and data.signedRenewalInfo:
                renewal = self._library.verify_and_decode_renewal_info(data.signedRenewalInfo)
        except VerificationException as exc:
            raise _refused(exc.status, expected) from exc
        if not payload.notificationUUID:
            raise _invalid_payload("notificationUUID is missing")
        signed_at = _instant(payload.signedDate)
        if signed_at is None:
            raise _invalid_payload("signedDate is missing")
        notice_type = payload.rawNotificationType or ""
        if not notice_type:
            raise _invalid_payload("notificationType is missing")
        txn = _transaction(transaction) if transaction is not None else None
        ren = _renewal(renewal) if renewal is not None else None
        if (
            txn is not None
            and ren is not None
            and ren.original_transaction_id
            and ren.original_transaction_id != txn.original_transaction_id
        ):
            raise _invalid_payload("the renewal info is for another transaction")
        environment = None
        if data is not None:
            environment = data.rawEnvironment
        elif payload.summary is not None:
            environment = payload.summary.rawEnvironment
        return StoreNotice(
            uuid=payload.notificationUUID,
            type=notice_type,
            subtype=payload.rawSubtype,
            signed_at=signed_at,
            environment=environment,
            transaction=txn,
            renewal=ren,
        )


def _transaction(decoded: JWSTransactionDecodedPayload) -> StoreTransaction:
    if not decoded.originalTransactionId:
        raise _invalid_payload("the transaction has no originalTransactionId")
    return StoreTransaction(
        original_transaction_id=decoded.originalTransactionId,
        transaction_id=decoded.transactionId,
        product_id=decoded.productId,
        purchased_at=_instant(decoded.purchaseDate),
        original_purchased_at=_instant(decoded.originalPurchaseDate),
        expires_at=_instant(decoded.expiresDate),
        revoked_at=_instant(decoded.revocationDate),
        offer_type=decoded.rawOfferType,
        offer_discount_type=decoded.rawOfferDiscountType,
        price_milli=decoded.price,
        currency=decoded.currency,
        app_account_token=(decoded.appAccountToken or "").lower() or None,
        environment=decoded.rawEnvironment,
    )


def _renewal(decoded: JWSRenewalInfoDecodedPayload) -> StoreRenewal:
    return StoreRenewal(
        original_transaction_id=decoded.originalTransactionId,
        auto_renew=None if decoded.rawAutoRenewStatus is None else decoded.rawAutoRenewStatus == 1,
        auto_renew_product_id=decoded.autoRenewProductId,
        in_billing_retry=bool(decoded.isInBillingRetryPeriod),
        grace_expires_at=_instant(decoded.gracePeriodExpiresDate),
        expiration_intent=decoded.rawExpirationIntent,
        renewal_price_milli=decoded.renewalPrice,
        currency=decoded.currency,
        app_account_token=(decoded.appAccountToken or "").lower() or None,
    )


_cache: dict[AppleConfig, AppleVerifier] = {}
_cache_lock = threading.Lock()


def verifier_for(settings: Settings) -> NotificationVerifier:
    """The verifier for this server's settings (built once per configuration), or
    ``409 app_store_not_configured``."""
    config = AppleConfig.from_settings(settings)
    with _cache_lock:
        verifier = _cache.get(config)
        if verifier is None:
            if len(_cache) >= 8:
                _cache.clear()
            verifier = _cache[config] = AppleVerifier(config)
        return verifier
