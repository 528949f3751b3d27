"""Build the FastAPI application from settings (the composition root of the HTTP server)."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from functools import cache
from typing import cast

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

import tenure
from tenure.api import errors, openapi
from tenure.api.context import PublicCtx
from tenure.api.middleware import BodyLimit, ContentLanguage, PlainText
from tenure.api.observability import (
    Metrics,
    MetricsServer,
    Observability,
    configure_logging,
    metrics_authorized,
)
from tenure.api.routing import router
from tenure.container import Container
from tenure.kit.clock import Clock, SimulatedClock, SystemClock
from tenure.kit.db import Database
from tenure.kit.ports import Mailer, PaymentGateway
from tenure.kit.settings import Settings
from tenure.notifications.mailer import FileMailer, SmtpMailer
from tenure.scheduler.runner import BackgroundScheduler
from tenure.wiring import wire

DESCRIPTION = """
Tenure owns the life of a customer's right to use a product: trial, purchase, renewal,
failed payment, grace, expiry and restore, across the web shop and the App Store.

Authenticate with `Authorization: Bearer <token>`: a staff API key (`tnr_sk_…`) or a
customer/device access token (`tnr_at_…`). Every state-changing request accepts an
`Idempotency-Key` header. Errors are `{"error": {"code", "message", …}}`. Request bodies are
JSON (`Content-Type: application/json`) of at most 1 MiB by default (`413 request_too_large`).
"""


CATALOG_UPLOAD = "/v1/catalog/versions"


def build_container(
    settings: Settings,
    *,
    clock: Clock | None = None,
    gateway: PaymentGateway | None = None,
    db: Database | None = None,
    mailer: Mailer | None = None,
) -> Container:
    settings.check()
    wire()
    if clock is None:
        if settings.simulated_clock:
            start = (
                datetime.fromisoformat(settings.simulated_clock_start)
                if settings.simulated_clock_start
                else None
            )
            clock = SimulatedClock(start)
        else:
            clock = SystemClock()
    if gateway is None:
        from tenure.billing.sandbox import SandboxGateway

        gateway = SandboxGateway()
    return Container(
        settings=settings,
        db=db or Database(settings.database_url),
        clock=clock,
        gateway=gateway,
        mailer=mailer if mailer is not None else default_mailer(settings),
    )


def default_mailer(settings: Settings) -> Mailer | None:
    """SMTP when a host is set; else, outside production, one ``.eml`` file per email in
    ``settings.mail_dir``. Production without a host has none (``Settings.check`` allows
    that only with email turned off)."""
    if settings.smtp_host is not None:
        return SmtpMailer(settings)
    if settings.writes_mail_to_files:
        return FileMailer(settings.mail_dir)
    return None


DOCS_ASSETS = "/docs/assets"


class Health(BaseModel):
    status: str
    version: str
    now: datetime


health = router(tags=["meta"])


@health.get("/healthz")
def healthz(ctx: PublicCtx) -> Health:
    return Health(status="ok", version=tenure.__version__, now=ctx.now)


@health.get("/livez")
def livez(ctx: PublicCtx) -> Health:
    """Liveness (X-12): the process answers; the database is not asked."""
    return Health(status="ok", version=tenure.__version__, now=ctx.now)


class Readiness(BaseModel):
    status: str
    database: str = Field(description="ok, or unreachable.")
    migrations: str = Field(description="ok, pending (run `tenure migrate`), or unknown.")


@cache
def _heads() -> frozenset[str]:
    from tenure.migrations import head_revisions

    return frozenset(head_revisions())


@health.get(
    "/readyz",
    responses={503: {"description": "Not ready: the database or its migrations.",
                     "model": Readiness}},
)  # fmt: skip
def readyz(request: Request) -> JSONResponse:
    """Readiness (X-12): the database answers and is at the newest migration. ``503`` with
    what is wrong otherwise."""
    container: Container = request.app.state.container
    database, migrations = "ok", "ok"
    try:
        with container.db.transaction(write=False) as session:
            session.execute(text("SELECT 1"))
            try:
                found = set(session.scalars(text("SELECT version_num FROM alembic_version")))
            except SQLAlchemyError:
                found = set()
            if found != _heads():
                migrations = "pending"
    except SQLAlchemyError:
        database, migrations = "unreachable", "unknown"
    ready = database == "ok" and migrations == "ok"
    body = Readiness(status="ok" if ready else "not_ready", database=database,
                     migrations=migrations)  # fmt: skip
    return JSONResponse(body.model_dump(), status_code=200 if ready else 503)


def create_app(container: Container, *, run_scheduler: bool = False) -> FastAPI:
    scheduler = (
        BackgroundScheduler(container, interval=container.settings.scheduler_interval_seconds)
        if run_scheduler
        else None
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # /metrics on a port of its own, for as long as the app serves.
        metrics_server = (
            MetricsServer(app.state.metrics, container.settings).start()
            if container.settings.metrics_port is not None
            else None
        )
        app.state.metrics_server = metrics_server
        if scheduler is not None:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.stop()
            if metrics_server is not None:
                metrics_server.stop()

    # The API docs pages (/docs: Swagger UI, /redoc: ReDoc) load their scripts and styles
    # from this server (files shipped by fastapi-offline), never from a CDN: they work offline.
    app = FastAPIOffline(
        title="Tenure",
        version=tenure.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        static_url=DOCS_ASSETS,
        # No badge fetched from Swagger's online validator either.
        swagger_ui_parameters={"validatorUrl": None},
    )
    app.state.container = container
    errors.install(app)
    settings = container.settings
    configure_logging(settings)
    metrics = Metrics(container)
    app.state.metrics = metrics
    # Added innermost first: Content-Language wraps the others, so their 413 and 422 say it too.
    app.add_middleware(PlainText)
    app.add_middleware(
        BodyLimit,
        default=settings.max_body_bytes,
        by_path={CATALOG_UPLOAD: settings.catalog_max_body_bytes},
    )
    app.add_middleware(ContentLanguage)
    app.add_middleware(Observability, metrics=metrics, log_requests=settings.logs_requests)
    app.include_router(health)
    if settings.metrics_port is None:  # else on its own port (the lifespan starts it)
        app.add_api_route("/metrics", _metrics_endpoint, methods=["GET"], include_in_schema=False)
    for module_router, documented in _routers():
        app.include_router(module_router)
        if documented is not None:  # what the module sends out (OpenAPI 3.1 webhooks)
            app.webhooks.include_router(documented)
    if container.simulated_clock is not None:
        from tenure.clock.endpoints import api as clock_api

        app.include_router(clock_api)
    openapi.install(app)
    return app


def _metrics_endpoint(request: Request) -> Response:
    """Prometheus metrics (X-12); with ``metrics_token`` set, only for that bearer token."""
    container: Container = request.app.state.container
    if not metrics_authorized(
        container.settings.metrics_token, request.headers.get("authorization")
    ):
        return JSONResponse(
            {"error": {"code": "unauthenticated", "message": "Send the metrics token."}},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    metrics: Metrics = request.app.state.metrics
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)


def _routers() -> list[tuple[APIRouter, APIRouter | None]]:
    """Every domain's router (``api`` in its ``endpoints`` module), with the webhooks it
    documents (``webhooks``, if any)."""
    modules = [importlib.import_module(m) for m in ROUTER_MODULES]
    return [
        (cast(APIRouter, m.api), cast("APIRouter | None", getattr(m, "webhooks", None)))
        for m in modules
    ]


ROUTER_MODULES: tuple[str, ...] = (
    # First: the devices' connection requests are the hottest path, and a request is matched
    # against the routes in this order (no other router's paths overlap /v1/connections).
    "tenure.connections.endpoints",
    "tenure.catalog.endpoints",
    "tenure.accounts.endpoints",
    "tenure.auth.endpoints",
    "tenure.payment_methods.endpoints",
    "tenure.subscriptions.endpoints",
    "tenure.billing.endpoints",
    "tenure.devices.endpoints",
    "tenure.activation_codes.endpoints",
    "tenure.entitlements.endpoints",
    "tenure.licenses.endpoints",
    "tenure.volume.endpoints",
    "tenure.organizations.endpoints",
    "tenure.vault.endpoints",
    "tenure.signing.endpoints",
    "tenure.events.endpoints",
    "tenure.webhooks.endpoints",
    "tenure.channels.appstore.endpoints",
)
