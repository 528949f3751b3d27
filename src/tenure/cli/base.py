"""What every ``tenure`` command shares: the command groups, the consoles, the settings, and
the one context a command that uses the database runs in (:func:`database_session`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any, NoReturn

import typer
from alembic import util as alembic_util
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tenure import migrations
from tenure.app import build_container
from tenure.container import Container
from tenure.kit.actor import Actor
from tenure.kit.errors import TenureError
from tenure.kit.settings import Settings

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
keys_app = typer.Typer(
    help="Rotate and list the keys that sign offline entitlement tokens.", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")

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
def opened_container(settings: Settings) -> Iterator[Container]:
    """The container built from ``settings`` (else exit 1), its connections closed after."""
    container = open_container(settings)
    try:
        yield container
    finally:
        container.db.dispose()


@contextmanager
def migrated_container(settings: Settings) -> Iterator[Container]:
    """What every command that uses the database needs: a migrated database (else exit 1
    with what to do) and :func:`opened_container`."""
    require_migrated(settings)
    with opened_container(settings) as container:
        yield container


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Turn Tenure's and the database's errors into a message and exit code 1."""
    try:
        yield
    except TenureError as exc:
        fail(exc.render(), details=problems_of(exc))
    except (alembic_util.CommandError, SQLAlchemyError) as exc:
        fail(f"database error: {getattr(exc, 'orig', None) or exc}")


@contextmanager
def database_session(
    database_url: str | None = None, *, settings: Settings | None = None, write: bool = True
) -> Iterator[tuple[Container, Session]]:
    """The one context of a command that works in the database: its settings (from the
    environment and ``--database-url``, unless the command read them already), the migrated
    database's container (:func:`migrated_container`), Tenure's and the database's errors
    as a message and exit 1 (:func:`reporting_errors`), and one transaction, committed when
    the command's block ends normally."""
    if settings is None:
        settings = load_settings(database_url=database_url)
    with (
        migrated_container(settings) as container,
        reporting_errors(),
        container.db.transaction(write=write) as session,
    ):
        yield container, session


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


def when(instant: datetime | None) -> str:
    return instant.strftime("%Y-%m-%d %H:%M UTC") if instant else ""
