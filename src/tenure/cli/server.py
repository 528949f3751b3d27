"""``tenure serve``, ``tenure worker`` and ``tenure migrate``: run Tenure and keep its schema
current (X-1, X-7)."""

from __future__ import annotations

import inspect
import os
import signal
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer
from alembic import util as alembic_util
from rich.markup import escape
from sqlalchemy.exc import SQLAlchemyError

import tenure
from tenure import migrations
from tenure.app import build_container, create_app
from tenure.cli.base import (
    DatabaseUrlOption,
    app,
    err,
    fail,
    load_settings,
    migrated_container,
    opened_container,
    out,
    reporting_errors,
    require_migrated,
    shown_url,
)
from tenure.kit.runtime import prefer_latency, settle_heap
from tenure.kit.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI


def docs_folder() -> Path | None:
    """The repository's docs/ folder, when running from a source checkout."""
    root = Path(tenure.__file__).resolve().parents[2]
    folder = root / "docs"
    return folder if folder.is_dir() and (root / "pyproject.toml").is_file() else None


def email_destination(settings: Settings) -> str:
    """Where queued emails go, for the start-up lines of ``serve`` and ``worker``."""
    if not settings.email_enabled:
        return "off: emails stay in the outbox (TENURE_EMAIL_ENABLED=false)"
    if settings.smtp_host is not None:
        return f"SMTP {settings.smtp_host}:{settings.smtp_port}"
    if settings.writes_mail_to_files:
        folder = settings.mail_dir.resolve()
        return f"written as .eml files to {folder}{os.sep} (no TENURE_SMTP_HOST set)"
    return "no SMTP server set"  # production refuses this in Settings.check


def asgi_app() -> FastAPI:
    """An app built from the environment alone (``uvicorn --factory tenure.cli:asgi_app``,
    and each process of ``tenure serve --workers N``)."""
    settings = Settings()
    app = create_app(build_container(settings), run_scheduler=settings.scheduler_enabled)
    settle_heap()
    prefer_latency()
    return app


# Open entitlement streams (SSE) never finish by themselves: on shutdown, give requests this
# long, then close; the apps reconnect to another process.
GRACEFUL_SHUTDOWN_SECONDS = 5


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    database_url: DatabaseUrlOption = None,
    simulated_clock: Annotated[
        bool,
        typer.Option(
            "--simulated-clock",
            help="Let staff move time through POST /v1/clock/advance (X-1). Never in "
            "production; one process only.",
        ),
    ] = False,
    workers: Annotated[int, typer.Option(help="Number of API processes.", min=1)] = 1,
    no_scheduler: Annotated[
        bool,
        typer.Option(
            "--no-scheduler",
            help="Do not run due work in this process (run `tenure worker` instead).",
        ),
    ] = False,
) -> None:
    """Serve the HTTP API, with the scheduler running in-process."""
    settings = load_settings(
        database_url=database_url, simulated_clock=True if simulated_clock else None
    )
    try:
        settings.check()
    except ValueError as exc:
        fail(f"refusing to start: {exc}")
    if settings.simulated_clock and workers > 1:
        fail("the simulated clock lives in one process: run it with --workers 1")
    if settings.metrics_port is not None and workers > 1:
        fail(
            "TENURE_METRICS_PORT is one port per process: run one `tenure serve` per process "
            "(each with its own metrics port), or leave the port unset and scrape /metrics on "
            "the API port"
        )
    require_migrated(settings)
    run_scheduler = settings.scheduler_enabled and not no_scheduler

    base = f"http://{host}:{port}"
    out.print(f"[bold]Tenure {tenure.__version__}[/] on {base}")
    out.print(f"  database:   {escape(shown_url(settings.database_url))}")
    out.print(f"  API docs:   {base}/docs")
    out.print(f"  OpenAPI:    {base}/openapi.json")
    folder = docs_folder()
    out.print(f"  guides:     {folder if folder else 'docs/ in the Tenure source repository'}")
    out.print(f"  scheduler:  {'in this process' if run_scheduler else 'off (run tenure worker)'}")
    out.print(f"  email:      {escape(email_destination(settings))}")
    if settings.sign_in_url is None:
        out.print(
            f"  sign-in:    magic links point at {escape(settings.sign_in_page)}, which Tenure "
            "does not serve: set TENURE_SIGN_IN_URL to your sign-in page"
        )
    if settings.metrics_port is not None:
        out.print(f"  metrics:    http://{settings.metrics_host}:{settings.metrics_port}/metrics")
    if settings.simulated_clock:
        out.print("  clock:      [yellow]simulated[/] (POST /v1/clock/advance moves it)")

    import uvicorn

    if workers == 1:
        # Checked migrated before the start-up lines above; built and closed here.
        with opened_container(settings) as container:
            served = create_app(container, run_scheduler=run_scheduler)
            settle_heap()
            prefer_latency()
            uvicorn.run(
                served,
                host=host,
                port=port,
                timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            )
        return
    # Each worker process builds its own app from the environment: hand it our overrides.
    os.environ["TENURE_DATABASE_URL"] = settings.database_url
    os.environ["TENURE_SCHEDULER_ENABLED"] = "true" if run_scheduler else "false"
    # A process that is still importing Tenure on a busy machine is not a hung one.
    patience: dict[str, Any] = (
        {"timeout_worker_healthcheck": 60}
        if "timeout_worker_healthcheck" in inspect.signature(uvicorn.run).parameters
        else {}
    )
    uvicorn.run(
        "tenure.cli:asgi_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        **patience,
    )


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Run what is due now, then exit.")] = False,
    interval: Annotated[
        float | None,
        typer.Option(
            help="Seconds between sweeps (default: TENURE_SCHEDULER_INTERVAL_SECONDS).",
            min=0.05,
            show_default=False,
        ),
    ] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Run scheduled work (renewals, payment retries, expiries, emails) in a loop.

    Several workers may run against one PostgreSQL database: each item is claimed with
    SKIP LOCKED and every action is idempotent.
    """
    from tenure.api.observability import Metrics, MetricsServer, configure_logging
    from tenure.scheduler.runner import BackgroundScheduler, sweep

    settings = load_settings(database_url=database_url, scheduler_interval_seconds=interval)
    configure_logging(settings)  # the same structured logs as the server
    if settings.simulated_clock:
        fail(
            "a separate worker cannot follow a simulated clock: its time lives in the "
            "`tenure serve` process, whose in-process scheduler runs the due work"
        )
    with migrated_container(settings) as container:
        if once:
            with reporting_errors():
                ran = sweep(container)
            out.print(f"ran {ran} due item(s)")
            return
        scheduler = BackgroundScheduler(container, interval=settings.scheduler_interval_seconds)

        def stop(signum: int, _frame: FrameType | None) -> None:
            err.print(f"{signal.Signals(signum).name}: stopping after the work in hand")
            scheduler.stop()

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        out.print(
            f"worker: running due work every {settings.scheduler_interval_seconds:g}s "
            f"on {escape(shown_url(settings.database_url))} (Ctrl-C stops)"
        )
        out.print(f"worker: email {escape(email_destination(settings))}")
        # The worker's /metrics: the same figures read from the database as the API's.
        metrics_server = (
            MetricsServer(Metrics(container), settings).start()
            if settings.metrics_port is not None
            else None
        )
        if metrics_server is not None:
            host, port = metrics_server.address
            out.print(f"worker: metrics on http://{host}:{port}/metrics")
        settle_heap()
        try:
            scheduler.run_forever()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if metrics_server is not None:
                metrics_server.stop()
        out.print("worker stopped")


@app.command()
def migrate(database_url: DatabaseUrlOption = None) -> None:
    """Create or upgrade the database schema to this version (Alembic ``upgrade head``)."""
    settings = load_settings(database_url=database_url)
    url = settings.database_url
    try:
        before = migrations.current_revisions(url)
        migrations.upgrade(url)
        after = migrations.current_revisions(url)
        drift = migrations.schema_differences(url)
    except (alembic_util.CommandError, SQLAlchemyError, RuntimeError) as exc:
        fail(f"migrating {shown_url(url)} failed: {exc}")
    revision = ", ".join(sorted(after))
    if drift:
        fail(
            f"the schema of {shown_url(url)} (at {revision}) does not match this version of "
            "Tenure. Until the first release Tenure has a single initial migration that is "
            "rewritten in place, so a database migrated by an older checkout must be "
            "recreated: for the development SQLite file, delete it (rm var/tenure.db*) and "
            "run `tenure migrate` again. Differences:",
            details=drift[:20],
        )
    if before == after:
        out.print(f"database {escape(shown_url(url))} is up to date ({revision})")
    else:
        out.print(f"migrated {escape(shown_url(url))} to {revision}")
