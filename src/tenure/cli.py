"""The ``tenure`` command: serve, worker, migrate, catalog and API keys (X-1, X-7).

Every command reads one :class:`~tenure.kit.settings.Settings` (``TENURE_*`` variables);
its options override those settings. Each command is an entrypoint: it owns its
transaction (``container.db.transaction()``) and exits non-zero with a plain message when
something is wrong.
"""

from __future__ import annotations

import inspect
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from alembic import util as alembic_util
from pydantic import ValidationError
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

import tenure
from tenure import migrations
from tenure.app import build_container, create_app
from tenure.auth import service as auth_service
from tenure.auth.models import ApiKey
from tenure.container import Container
from tenure.events import service as events
from tenure.kit.actor import Actor
from tenure.kit.errors import InvalidInput, NotFound, TenureError
from tenure.kit.money import Money
from tenure.kit.runtime import prefer_latency, settle_heap
from tenure.kit.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from tenure.catalog.schema import Catalog, Plan

app = typer.Typer(
    name="tenure",
    help="Tenure: a self-hosted subscription, licensing and entitlement server.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(help="Load and show the product catalog.", no_args_is_help=True)
apikey_app = typer.Typer(help="Create, list and revoke staff API keys.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(apikey_app, name="apikey")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

#: The operator at the server's shell; the scheduler and bootstrap steps act as ``system``.
OPERATOR = Actor("staff", "cli")

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="Database URL (default: TENURE_DATABASE_URL, else sqlite:///var/tenure.db).",
        show_default=False,
    ),
]


def main() -> None:
    """The console script ``tenure``."""
    app()


# --------------------------------------------------------------------------- helpers


def fail(message: str, *, details: list[str] | None = None) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}")
    for line in details or []:
        err.print(f"  {escape(line)}")
    raise typer.Exit(1)


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with the command's options (those given) on top."""
    values = {name: value for name, value in overrides.items() if value is not None}
    try:
        return Settings(**values)
    except ValidationError as exc:
        fail(
            "invalid settings",
            details=[f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()],
        )


def shown_url(url: str) -> str:
    """A database URL fit for printing (no password)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable database URL>"


def require_migrated(settings: Settings) -> None:
    try:
        behind = migrations.pending(settings.database_url)
    except SQLAlchemyError as exc:
        fail(f"cannot open the database {shown_url(settings.database_url)}: {exc}")
    if behind:
        fail(
            f"the database {shown_url(settings.database_url)} has not been migrated to this "
            "version of Tenure: run `tenure migrate` first"
        )


def open_container(settings: Settings) -> Container:
    try:
        return build_container(settings)
    except ValueError as exc:
        fail(str(exc))


@contextmanager
def migrated_container(settings: Settings) -> Iterator[Container]:
    """What every command that uses the database needs: a migrated database (else exit 1
    with what to do), the container built from ``settings``, its connections closed after."""
    require_migrated(settings)
    container = open_container(settings)
    try:
        yield container
    finally:
        container.db.dispose()


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn Tenure's and the database's errors into a message and exit code 1."""
    try:
        yield
    except TenureError as exc:
        fail(exc.render(), details=problems_of(exc))
    except (alembic_util.CommandError, SQLAlchemyError) as exc:
        fail(f"database error: {getattr(exc, 'orig', None) or exc}")


def problems_of(exc: TenureError) -> list[str]:
    """The ``problems`` of a validation error ({field, problem} each) as lines."""
    problems = exc.params.get("problems")
    if not isinstance(problems, list):
        return []
    lines = []
    for problem in problems:
        if not isinstance(problem, dict):
            lines.append(str(problem))
            continue
        where = [f"plan {problem['plan']}"] if problem.get("plan") else []
        where += [f"line {problem['line']}"] if problem.get("line") else []
        suffix = f" ({', '.join(where)})" if where else ""
        lines.append(f"{problem.get('field') or '(catalog)'}{suffix}: {problem.get('problem')}")
    return lines


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


# --------------------------------------------------------------------------- serve


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
    if settings.simulated_clock:
        out.print("  clock:      [yellow]simulated[/] (POST /v1/clock/advance moves it)")

    import uvicorn

    if workers == 1:
        container = build_container(settings)
        try:
            served = create_app(container, run_scheduler=run_scheduler)
            settle_heap()
            prefer_latency()
            uvicorn.run(
                served,
                host=host,
                port=port,
                timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
            )
        finally:
            container.db.dispose()
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


# --------------------------------------------------------------------------- worker


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
    from tenure.scheduler.runner import BackgroundScheduler, sweep

    settings = load_settings(database_url=database_url, scheduler_interval_seconds=interval)
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
        settle_heap()
        try:
            scheduler.run_forever()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        out.print("worker stopped")


# --------------------------------------------------------------------------- migrate


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


# --------------------------------------------------------------------------- catalog


@catalog_app.command("load")
def catalog_load(
    file: Annotated[
        Path | None,
        typer.Argument(help="A catalog YAML file.", dir_okay=False, show_default=False),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Load the demo catalog (TENURE_DEMO_CATALOG, else the bundled one)."
        ),
    ] = False,
    if_changed: Annotated[
        bool,
        typer.Option(
            "--if-changed",
            help="Only make a new version if the catalog differs from the current one "
            "(an identical catalog never makes a new version anyway).",
        ),
    ] = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Validate a catalog and make it the current version (CAT-1)."""
    from tenure.catalog.service import demo_catalog_source, load_catalog

    del if_changed  # the service never makes a version for an unchanged catalog
    if (file is None) == (not demo):
        fail("give either a catalog FILE or --demo")
    settings = load_settings(database_url=database_url)
    if file is None and settings.demo_catalog is None:
        source, name, actor = demo_catalog_source(), "the demo catalog", Actor.system()
    else:
        path = file or settings.demo_catalog
        assert path is not None
        try:
            source = path.read_text(encoding="utf-8")
        except OSError as exc:
            fail(f"cannot read {path}: {exc.strerror}")
        name, actor = str(path), (OPERATOR if file else Actor.system())
    with migrated_container(settings) as container, reporting_errors():
        try:
            with container.db.transaction() as session:
                loaded, created = load_catalog(
                    session, source=source, now=container.clock.now(), actor=actor
                )
        except InvalidInput as exc:
            fail(f"{name} is not a valid catalog", details=problems_of(exc) or [exc.render()])
    plans = sum(len(product.plans) for product in loaded.catalog.products)
    if created:
        out.print(
            f"loaded {escape(name)} as catalog version {loaded.version} "
            f"({len(loaded.catalog.products)} products, {plans} plans)"
        )
    else:
        out.print(f"catalog unchanged (version {loaded.version})")


@catalog_app.command("show")
def catalog_show(
    version: Annotated[
        int | None,
        typer.Option(help="A past version (default: the current one).", min=1, show_default=False),
    ] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Print the products, plans, prices, periods and limits of the catalog."""
    from tenure.catalog.service import catalog_version, current_catalog

    settings = load_settings(database_url=database_url)
    with (
        migrated_container(settings) as container,
        reporting_errors(),
        container.db.transaction(write=False) as session,
    ):
        try:
            loaded = (
                current_catalog(session) if version is None else catalog_version(session, version)
            )
        except NotFound as exc:
            if exc.code != "no_catalog":
                raise
            fail("no catalog has been loaded yet: run `tenure catalog load FILE` (or --demo)")
    loaded_at = _when(loaded.loaded_at)
    out.print(
        f"[bold]Catalog version {loaded.version}[/] of {escape(loaded.catalog.vendor)}, "
        f"loaded {loaded_at}"
    )
    for table in catalog_tables(loaded.catalog):
        out.print()
        out.print(table)


def catalog_tables(catalog: Catalog) -> list[Table]:
    """One table per product: its plans with prices, periods, trials and limits."""
    tables = []
    for product in catalog.products:
        platforms = f" — {', '.join(product.platforms)}" if product.platforms else ""
        table = Table(
            title=f"{escape(product.name)} ({product.code}){platforms}",
            title_justify="left",
            show_lines=True,
        )
        table.add_column("Plan", overflow="fold", ratio=3)
        table.add_column("Period", no_wrap=True)
        table.add_column("Prices", overflow="fold", ratio=2)
        table.add_column("Trial", no_wrap=True)
        table.add_column("Limits", overflow="fold", ratio=2)
        for plan in product.plans:
            table.add_row(
                f"[bold]{plan.code}[/]\n{escape(plan.name)}\n"
                f"[dim]{plan.kind} · {', '.join(plan.channels)}[/]",
                _period(plan.billing_period_months),
                _prices(plan),
                f"{plan.trial.days} days" if plan.trial else "—",
                _limits(plan),
            )
        tables.append(table)
    return tables


def _period(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "1 year" if years == 1 else f"{years} years"
    return "1 month" if months == 1 else f"{months} months"


def _prices(plan: Plan) -> str:
    if plan.kind == "volume":
        lines = ["a license a month:"]
        for tier in plan.volume_tiers:
            amounts = sorted(tier.monthly_unit_prices.items())
            lines.append(
                f"{tier.min_quantity}+ " + ", ".join(Money(a, c).format() for c, a in amounts)
            )
        return "\n".join(lines)
    if not plan.prices:
        return "free"
    return "\n".join(Money(amount, cur).format() for cur, amount in sorted(plan.prices.items()))


def _limits(plan: Plan) -> str:
    limits = []
    if plan.connection_limit is not None:
        limits.append(f"{plan.connection_limit} connections")
    seats = plan.seats
    if seats.max is not None or seats.min > 1:
        upper = seats.max if seats.max is not None else "∞"
        limits.append(f"{seats.min}–{upper} seats")
    if plan.activation_codes is not None:
        limits.append(f"{plan.activation_codes.slots} {plan.activation_codes.slot_kind}/code")
    if plan.storage_quota_mb is not None:
        limits.append(f"{plan.storage_quota_mb} MB storage")
    if plan.grace_days:
        limits.append(f"{plan.grace_days}d grace")
    return "\n".join(limits) or "—"


# --------------------------------------------------------------------------- API keys


@apikey_app.command("create")
def apikey_create(
    name: Annotated[str, typer.Option("--name", help="What the key is for.")],
    first_run: Annotated[
        bool,
        typer.Option(
            "--first-run",
            help="Do nothing if any staff API key exists (used by `make run`).",
        ),
    ] = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create a staff API key (X-8) and print its secret once."""
    if not name.strip():
        fail("give the key a --name")
    settings = load_settings(database_url=database_url)
    with (
        migrated_container(settings) as container,
        reporting_errors(),
        container.db.transaction() as session,
    ):
        if first_run and session.scalar(select(func.count()).select_from(ApiKey)):
            out.print(
                "staff API key already exists (`tenure apikey list` shows them; "
                "`tenure apikey create --name NAME` makes another)"
            )
            return
        now = container.clock.now()
        key, secret = auth_service.create_api_key(session, name=name.strip(), now=now)
        events.record(
            session,
            type="api_key.created",
            at=now,
            actor=Actor.system() if first_run else OPERATOR,
            subject_type="api_key",
            subject_id=key.id,
            account_id=None,
            data={"name": key.name, "hint": key.hint},
        )
    out.print(f"Created staff API key {key.id} ({escape(key.name)}):")
    out.print()
    out.print(f"    {secret}", markup=False)
    out.print()
    out.print(
        "[bold yellow]Keep it now: it will not be shown again.[/] "
        'Send it as "Authorization: Bearer <key>".'
    )


@apikey_app.command("list")
def apikey_list(database_url: DatabaseUrlOption = None) -> None:
    """List staff API keys (never their secrets)."""
    settings = load_settings(database_url=database_url)
    with (
        migrated_container(settings) as container,
        reporting_errors(),
        container.db.transaction(write=False) as session,
    ):
        keys = session.scalars(select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)).all()
    if not keys:
        out.print("no staff API keys: tenure apikey create --name NAME")
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("ID", no_wrap=True)
    table.add_column("Key", no_wrap=True)
    table.add_column("Created", no_wrap=True)
    table.add_column("Revoked", no_wrap=True)
    table.add_column("Name", min_width=10)
    for key in keys:
        revoked = f"{key.revoked_at:%Y-%m-%d}" if key.revoked_at else "—"
        table.add_row(key.id, key.hint, f"{key.created_at:%Y-%m-%d}", revoked, escape(key.name))
    out.print(table)


@apikey_app.command("revoke")
def apikey_revoke(
    key_id: Annotated[str, typer.Argument(metavar="ID", help="The key's id (key_…).")],
    database_url: DatabaseUrlOption = None,
) -> None:
    """Revoke a staff API key: requests with it are refused from now on."""
    settings = load_settings(database_url=database_url)
    with (
        migrated_container(settings) as container,
        reporting_errors(),
        container.db.transaction() as session,
    ):
        key = session.get(ApiKey, key_id)
        if key is None:
            fail(f"no staff API key {key_id} (tenure apikey list shows them)")
        if key.revoked_at is not None:
            out.print(f"{key.id} was already revoked at {_when(key.revoked_at)}")
            return
        now = container.clock.now()
        key.revoked_at = now
        events.record(
            session,
            type="api_key.revoked",
            at=now,
            actor=OPERATOR,
            subject_type="api_key",
            subject_id=key.id,
            account_id=None,
            data={"name": key.name},
        )
    out.print(f"revoked {key.id} ({escape(key.name)})")


def _when(instant: datetime | None) -> str:
    return instant.strftime("%Y-%m-%d %H:%M UTC") if instant else ""


if __name__ == "__main__":  # pragma: no cover
    main()
