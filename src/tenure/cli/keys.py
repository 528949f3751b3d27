"""``tenure keys rotate | list``: the keys that sign offline entitlement tokens (X-9)."""

from __future__ import annotations

from datetime import timedelta

from rich import box
from rich.table import Table

from tenure.cli.base import OPERATOR, DatabaseUrlOption, database_session, keys_app, out, when
from tenure.signing import service as signing


@keys_app.command("rotate")
def keys_rotate(database_url: DatabaseUrlOption = None) -> None:
    """Make a new signing key. The previous key stops signing at once and stays published
    (/.well-known/jwks.json) until the last token it signed has expired."""
    with database_session(database_url) as (container, session):
        settings = container.settings
        key = signing.rotate(
            session,
            secret_key=settings.secret_key,
            ttl=timedelta(hours=settings.entitlement_token_ttl_hours),
            now=container.clock.now(),
            actor=OPERATOR,
        )
    out.print(f"new signing key {key.kid}: it signs every token from now on")


@keys_app.command("list")
def keys_list(database_url: DatabaseUrlOption = None) -> None:
    """The signing keys: which signs, and until when each is published."""
    with database_session(database_url) as (_container, session):
        table = Table(box=box.SIMPLE)
        for column in ("kid", "created", "signs", "published until"):
            table.add_column(column)
        for key in signing.keys(session):
            table.add_row(
                key.kid,
                when(key.created_at),
                "yes" if key.retired_at is None else "no",
                when(key.published_until) if key.published_until else "-",
            )
    out.print(table)
