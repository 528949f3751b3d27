"""``tenure catalog load`` and ``tenure catalog show`` (CAT-1)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from tenure.cli.base import (
    OPERATOR,
    DatabaseUrlOption,
    catalog_app,
    database_session,
    fail,
    load_settings,
    out,
    problems_of,
    when,
)
from tenure.kit.actor import Actor
from tenure.kit.errors import InvalidInput, NotFound
from tenure.kit.money import Money

if TYPE_CHECKING:
    from tenure.catalog.schema import Catalog, Plan


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
    with database_session(settings=settings) as (container, session):
        try:
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

    with database_session(database_url, write=False) as (_container, session):
        try:
            loaded = (
                current_catalog(session) if version is None else catalog_version(session, version)
            )
        except NotFound as exc:
            if exc.code != "no_catalog":
                raise
            fail("no catalog has been loaded yet: run `tenure catalog load FILE` (or --demo)")
    loaded_at = when(loaded.loaded_at)
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
