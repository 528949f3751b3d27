"""``tenure apikey create | list | revoke``: staff API keys (X-8)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from tenure.auth import service as auth_service
from tenure.cli.base import (
    OPERATOR,
    DatabaseUrlOption,
    apikey_app,
    database_session,
    fail,
    out,
    when,
)
from tenure.events import service as events
from tenure.kit.actor import Actor


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
    with database_session(database_url) as (container, session):
        if first_run and auth_service.any_api_key(session):
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
    with database_session(database_url, write=False) as (_container, session):
        keys = auth_service.api_keys(session)
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
    with database_session(database_url) as (container, session):
        key = auth_service.find_api_key(session, key_id)
        if key is None:
            fail(f"no staff API key {key_id} (tenure apikey list shows them)")
        if key.revoked_at is not None:
            out.print(f"{key.id} was already revoked at {when(key.revoked_at)}")
            return
        now = container.clock.now()
        auth_service.revoke_api_key(key, now=now)
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
