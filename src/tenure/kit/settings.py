"""One typed settings object, read from ``TENURE_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TENURE_", env_file=None, extra="ignore")

    environment: str = Field(default="development", description="development, test or production")
    database_url: str = "sqlite:///var/tenure.db"
    simulated_clock: bool = Field(
        default=False, description="Let staff move time through the API (never in production)."
    )
    simulated_clock_start: str | None = Field(
        default=None, description="ISO instant the simulated clock starts at."
    )
    base_url: str = "http://127.0.0.1:8000"
    sign_in_url: str | None = Field(
        default=None,
        description="The vendor's sign-in page: magic-link emails link to it with the token "
        "as the query parameter `token`. Required in production.",
    )
    invitation_url: str | None = Field(
        default=None,
        description="The vendor's page that accepts an organization's invitation: invitation "
        "emails link to it with the token as the query parameter `token` (BIZ-1).",
    )
    manage_subscriptions_url: str | None = Field(
        default=None,
        description="The vendor's page where a customer changes or cancels a web "
        "subscription: the entitlement's `manage.url` links to it with the subscription's id "
        "as the query parameter `subscription` (APP-12).",
    )
    invitation_ttl_days: int = Field(
        default=7, ge=1, le=90, description="How long an organization's invitation is valid."
    )
    secret_key: str = Field(
        default="dev-insecure-secret-change-me",
        description="Signs links and encrypts stored credentials. Must be set in production.",
    )
    session_ttl_hours: int = 24 * 30
    magic_link_ttl_minutes: int = 15
    demo_catalog: Path | None = None

    # Request limits; see docs/api.md "Request limits"
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest request body accepted; a larger one is refused (413).",
    )
    catalog_max_body_bytes: int = Field(
        default=4 * 1024 * 1024,
        ge=1024,
        description="Largest catalog upload (POST /v1/catalog/versions) accepted.",
    )

    # Email: SMTP when a host is set; else (never in production) .eml files in mail_dir
    smtp_host: str | None = Field(
        default=None, description="SMTP server. Unset: development writes .eml files instead."
    )
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    email_from: str = "Tenure <no-reply@tenure.invalid>"
    smtp_timeout_seconds: float = Field(
        default=30.0,
        gt=0,
        description="Socket timeout of each step of an SMTP conversation (connecting, each reply).",
    )
    mail_dir: Path = Field(
        default=Path("var/mail"),
        description="Where emails are written as .eml files when no SMTP host is set "
        "(development and tests only).",
    )
    email_enabled: bool = Field(
        default=True, description="Send queued email. When false, emails stay in the outbox."
    )
    email_max_attempts: int = Field(
        default=48, ge=1, description="Tries before an email is marked failed (about 2 days)."
    )
    email_retry_base_seconds: int = Field(
        default=60, ge=1, description="First retry delay; it doubles on every failure."
    )
    email_retry_max_seconds: int = Field(default=3600, ge=1, description="Longest retry delay.")
    email_send_lease_seconds: float = Field(
        default=120.0,
        gt=0,
        description="How long an email a worker is sending stays its own without a renewal; "
        "the worker renews it every third of this while the send lasts, and after a crash "
        "the email is sent again once it runs out. Must be longer than smtp_timeout_seconds.",
    )

    # Devices and connections (DEV-2, DEV-3, DEV-4)
    connection_ttl_seconds: int = Field(
        default=120, ge=5, description="A connection lease not renewed within this ends."
    )
    link_code_ttl_minutes: int = Field(
        default=10, ge=1, description="How long a one-time device link code works."
    )
    link_code_max_failures_per_client: int = Field(
        default=10, ge=1, description="Failed link-code redemptions per client IP per window."
    )
    link_code_max_failures_per_prefix: int = Field(
        default=20, ge=1, description="Failed redemptions per code prefix per window (global)."
    )
    link_code_failure_window_minutes: int = Field(default=15, ge=1)
    sign_in_max_failures_per_name: int = Field(
        default=10,
        ge=1,
        description="Failed sign-ins per email (or license username) per window.",
    )
    sign_in_max_failures_per_client: int = Field(
        default=50, ge=1, description="Failed sign-ins per client IP per window."
    )
    sign_in_failure_window_minutes: int = Field(default=15, ge=1)
    download_link_ttl_hours: int = Field(default=72, ge=1, le=24 * 30)

    renewal_notice_days: int = Field(
        default=7, ge=0, description="Email the customer this many days before a renewal."
    )

    # App Store Server Notifications V2 (APP-1); see docs/app-store.md
    appstore_bundle_id: str | None = Field(
        default=None, description="The app's bundle id; unset: the App Store channel is off."
    )
    appstore_app_apple_id: int | None = Field(
        default=None, description="The app's Apple ID (a number); required in Production."
    )
    appstore_environment: str = Field(
        default="Production", description="Production or Sandbox: the notifications accepted."
    )
    appstore_root_certificates_dir: Path | None = Field(
        default=None, description="A directory with Apple's root certificates (.cer DER or PEM)."
    )
    appstore_lapse_margin_hours: int = Field(
        default=48,
        ge=1,
        description="A renewing store subscription nobody hears of this long after its "
        "expiry date ends by itself.",
    )

    # Scheduler
    log_format: str | None = Field(
        default=None,
        pattern="^(json|console)$",
        description="json (one JSON object per line) or console (readable); json in "
        "production, console otherwise.",
    )
    log_level: str = Field(default="info", pattern="^(debug|info|warning|error)$")
    access_log: bool | None = Field(
        default=None,
        description="A log line per request; on except in tests (environment test).",
    )
    entitlement_token_ttl_hours: int = Field(
        default=72,
        ge=1,
        le=24 * 30,
        description="How long an offline entitlement token (X-9) is valid.",
    )
    metrics_token: str | None = Field(
        default=None,
        description="When set, GET /metrics needs `Authorization: Bearer <token>`.",
    )
    # Outgoing webhooks; see docs/webhooks.md
    webhooks_enabled: bool = Field(
        default=True, description="Send webhook deliveries. When false, they stay queued."
    )
    webhook_timeout_seconds: float = Field(
        default=10.0, gt=0, le=60, description="A delivery not answered within this failed."
    )
    webhook_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a batch a worker is sending stays its own without a renewal "
        "(renewed every third of it); after a crash its deliveries are sent again once it "
        "runs out. Must be longer than webhook_timeout_seconds.",
    )
    webhook_allow_http: bool = Field(
        default=False, description="Allow http:// endpoint URLs (tests, development)."
    )
    webhook_allow_private_addresses: bool = Field(
        default=False,
        description="Allow endpoints on loopback, link-local and private addresses (tests, "
        "a receiver inside your own network).",
    )
    operations_email: str | None = Field(
        default=None,
        description="Your operations address: told when a webhook endpoint is switched off "
        "for failing.",
    )
    operations_locale: str = Field(
        default="en", pattern="^(en|da|de)$", description="The language of those emails."
    )
    metrics_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="When set, /metrics is served on this port (of its own, by `tenure serve` "
        "and by `tenure worker`) and no longer on the API port.",
    )
    metrics_host: str = Field(
        default="127.0.0.1",
        description="The interface the metrics port listens on (loopback by default).",
    )
    metrics_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        description="How long a process reuses the figures it read from the database for "
        "/metrics (0: read at every scrape).",
    )
    scheduler_enabled: bool = True
    scheduler_interval_seconds: float = 5.0

    @field_validator("sign_in_url", "invitation_url", "manage_subscriptions_url")
    @classmethod
    def _an_http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an http:// or https:// URL, e.g. https://example.com/sign-in")
        return value

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def log_lines(self) -> str:
        """The log format in force (``log_format``, else by environment)."""
        return self.log_format or ("json" if self.is_production else "console")

    @property
    def logs_requests(self) -> bool:
        return self.access_log if self.access_log is not None else self.environment != "test"

    @property
    def writes_mail_to_files(self) -> bool:
        """No SMTP server is set outside production: emails become files in ``mail_dir``."""
        return self.smtp_host is None and not self.is_production

    @property
    def sign_in_page(self) -> str:
        """Where magic links point: ``sign_in_url``, else (development) a placeholder on this
        server that Tenure does not serve."""
        return self.sign_in_url or f"{self.base_url.rstrip('/')}/sign-in"

    @property
    def invitation_page(self) -> str:
        """Where invitation emails point: ``invitation_url``, else (development) a placeholder
        on this server that Tenure does not serve."""
        return self.invitation_url or f"{self.base_url.rstrip('/')}/invitations/accept"

    @property
    def manage_subscriptions_page(self) -> str:
        """Where web subscriptions are managed: ``manage_subscriptions_url``, else
        (development) a placeholder on this server that Tenure does not serve."""
        return self.manage_subscriptions_url or (
            f"{self.base_url.rstrip('/')}/account/subscriptions"
        )

    def check(self) -> None:
        """Refuse dangerous combinations before the server starts."""
        if self.is_production and self.simulated_clock:
            raise ValueError("the simulated clock is never allowed in production")
        if self.is_production and self.secret_key.startswith("dev-insecure"):
            raise ValueError("set TENURE_SECRET_KEY in production")
        if self.email_send_lease_seconds <= self.smtp_timeout_seconds:
            # docs/email.md: the lease must outlast any single SMTP wait, so that an email
            # is never handed to a second worker while one step of its send may still succeed.
            raise ValueError(
                f"TENURE_EMAIL_SEND_LEASE_SECONDS ({self.email_send_lease_seconds:g}) must be "
                f"longer than TENURE_SMTP_TIMEOUT_SECONDS ({self.smtp_timeout_seconds:g})"
            )
        if self.webhook_lease_seconds <= self.webhook_timeout_seconds:
            raise ValueError(
                f"TENURE_WEBHOOK_LEASE_SECONDS ({self.webhook_lease_seconds:g}) must be longer "
                f"than TENURE_WEBHOOK_TIMEOUT_SECONDS ({self.webhook_timeout_seconds:g})"
            )
        if self.appstore_environment not in ("Production", "Sandbox") and (
            self.environment != "test"
        ):
            # Xcode and LocalTesting data is not signed by Apple: accepting it would let
            # anyone forge purchases.
            raise ValueError("TENURE_APPSTORE_ENVIRONMENT must be Production or Sandbox")
        if self.is_production and self.email_enabled and self.smtp_host is None:
            raise ValueError(
                "set TENURE_SMTP_HOST in production: no SMTP server is configured, so no "
                "email would be sent (TENURE_EMAIL_ENABLED=false keeps emails in the outbox)"
            )
        if self.is_production and not self.sign_in_url:
            raise ValueError(
                "set TENURE_SIGN_IN_URL in production: the address of your sign-in page, "
                "which magic-link emails point at"
            )
