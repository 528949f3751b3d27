"""The ``tenure`` command (X-1, X-7, X-8, CAT-1): what an operator types and sees.

Each test starts from an empty database (a new SQLite file, or a new database on the test
PostgreSQL server) and runs the commands as ``make run`` does.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from tenure.auth import service as auth_service
from tenure.catalog import service as catalog_service
from tenure.cli import app
from tenure.kit.clock import SystemClock
from tenure.kit.db import Database, normalize_url
from tenure.kit.errors import Unauthenticated
from tenure.kit.settings import Settings

PG_URL = os.environ.get("TENURE_TEST_DATABASE_URL")
SECRET = re.compile(r"tnr_sk_[A-Za-z0-9_-]{20,}")

BAD_CATALOG = """\
vendor: Example
products:
  - code: app
    name: App
    plans:
      - code: app-monthly
        name: App monthly
        kind: personal
        billing_period_months: 0
        prices: {USD: 999}
"""


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """An empty database; on SQLite a file in a directory that does not exist yet."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'var' / 'tenure.db'}"
        return
    admin = create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"tenure_cli_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield (
            make_url(normalize_url(PG_URL)).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def tenure(db_url: str) -> CliRunnerCall:
    return CliRunnerCall(db_url)


class CliRunnerCall:
    """Runs ``tenure ARGS`` in-process with TENURE_DATABASE_URL set to the test database."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.runner = CliRunner()

    def __call__(self, *args: str, expect: int = 0, **env: str) -> Result:
        environment = {
            "TENURE_DATABASE_URL": self.database_url,
            "TENURE_ENVIRONMENT": "development",
            "TENURE_SIMULATED_CLOCK": "false",
            "COLUMNS": "120",
            **env,
        }
        result = self.runner.invoke(app, list(args), env=environment)
        assert result.exit_code == expect, (
            f"tenure {' '.join(args)}: exit {result.exit_code}, expected {expect}\n"
            f"{result.output}\n{result.exception!r}"
        )
        return result


def test_x7_migrate_creates_the_database_and_is_repeatable(
    tenure: CliRunnerCall, db_url: str
) -> None:
    first = tenure("migrate")
    assert "migrated" in first.output
    assert "0001_initial" in first.output
    if not PG_URL:
        assert Path(make_url(db_url).database or "").exists()
    again = tenure("migrate")
    assert "up to date" in again.output


def test_x7_commands_refuse_an_unmigrated_database(tenure: CliRunnerCall) -> None:
    for args in (("apikey", "list"), ("catalog", "show"), ("serve",), ("worker", "--once")):
        result = tenure(*args, expect=1)
        assert "tenure migrate" in result.output, args


def test_cat1_catalog_load_demo_and_if_changed_is_idempotent(
    tenure: CliRunnerCall, db_url: str
) -> None:
    tenure("migrate")
    loaded = tenure("catalog", "load", "--demo", "--if-changed")
    assert "catalog version 1" in loaded.output
    again = tenure("catalog", "load", "--demo", "--if-changed")
    assert "unchanged (version 1)" in again.output
    plain = tenure("catalog", "load", "--demo")
    assert "unchanged (version 1)" in plain.output
    db = Database(db_url)
    try:
        with db.transaction(write=False) as session:
            assert [v.version for v in catalog_service.list_versions(session)] == [1]
    finally:
        db.dispose()


def test_cat1_catalog_load_of_a_bad_file_exits_1_naming_the_field(
    tenure: CliRunnerCall, tmp_path: Path
) -> None:
    tenure("migrate")
    bad = tmp_path / "catalog.yaml"
    bad.write_text(BAD_CATALOG, encoding="utf-8")

    result = tenure("catalog", "load", str(bad), expect=1)

    assert "not a valid catalog" in result.output
    assert "products[0].plans[0].billing_period_months" in result.output
    assert "app-monthly" in result.output
    assert "no catalog" in tenure("catalog", "show", expect=1).output  # nothing was stored
    assert "cannot read" in tenure("catalog", "load", str(tmp_path / "nope.yaml"), expect=1).output


def test_cat1_catalog_show_prints_plans_prices_periods_and_limits(tenure: CliRunnerCall) -> None:
    tenure("migrate")
    tenure("catalog", "load", "--demo")
    demo = catalog_service.parse_catalog(catalog_service.demo_catalog_source())

    shown = tenure("catalog", "show").output
    shown_v1 = tenure("catalog", "show", "--version", "1").output

    assert "Catalog version 1" in shown
    for product in demo.products:
        assert product.code in shown
        for plan in product.plans:
            assert plan.code in shown
    monthly = next(p for product in demo.products for p in product.plans if p.prices)
    assert any(f"{amount / 100:.2f}" in shown for amount in monthly.prices.values())
    assert "month" in shown
    assert "Limits" in shown
    assert shown_v1 == shown
    assert "No catalog version 2" in tenure("catalog", "show", "--version", "2", expect=1).output


def _authenticate(db_url: str, secret: str) -> str:
    db = Database(db_url)
    try:
        with db.transaction(write=False) as session:
            principal = auth_service.authenticate(session, bearer=secret, now=SystemClock().now())
            return principal.kind
    finally:
        db.dispose()


def test_x8_apikey_create_prints_the_secret_once(tenure: CliRunnerCall, db_url: str) -> None:
    tenure("migrate")

    created = tenure("apikey", "create", "--name", "first staff key", "--first-run")
    secrets_shown = SECRET.findall(created.output)
    assert len(secrets_shown) == 1
    assert "not be shown again" in created.output
    assert _authenticate(db_url, secrets_shown[0]) == "staff"

    second = tenure("apikey", "create", "--name", "first staff key", "--first-run")
    assert "already exists" in second.output
    assert "tnr_sk_" not in second.output

    listed = tenure("apikey", "list").output
    assert "first staff key" in listed
    assert secrets_shown[0] not in listed
    assert not SECRET.search(listed)


def test_x8_apikey_revoke_ends_the_key(tenure: CliRunnerCall, db_url: str) -> None:
    tenure("migrate")
    created = tenure("apikey", "create", "--name", "ci").output
    secret = SECRET.findall(created)[0]
    key_id = re.findall(r"key_[0-9a-z]{26}", created)[0]

    assert "revoked" in tenure("apikey", "revoke", key_id).output
    with pytest.raises(Unauthenticated):
        _authenticate(db_url, secret)
    assert "already revoked" in tenure("apikey", "revoke", key_id).output
    assert "no staff API key" in tenure("apikey", "revoke", "key_nope", expect=1).output


def test_x1_serve_refuses_the_simulated_clock_in_production(tenure: CliRunnerCall) -> None:
    tenure("migrate")
    result = tenure(
        "serve",
        "--simulated-clock",
        expect=1,
        TENURE_ENVIRONMENT="production",
        TENURE_SECRET_KEY="a-real-production-secret-0123456789",
    )
    assert "simulated clock" in result.output
    assert "production" in result.output


def test_x1_worker_refuses_a_simulated_clock(tenure: CliRunnerCall) -> None:
    """The simulated clock lives in the serve process; a separate worker cannot follow it."""
    tenure("migrate")
    result = tenure("worker", "--once", expect=1, TENURE_SIMULATED_CLOCK="true")
    assert "simulated clock" in result.output


def test_x11_worker_refuses_a_send_lease_not_longer_than_the_smtp_timeout(
    tenure: CliRunnerCall,
) -> None:
    """An email's send lease must outlast one SMTP step (docs/email.md)."""
    tenure("migrate")
    result = tenure(
        "worker",
        "--once",
        expect=1,
        TENURE_SMTP_TIMEOUT_SECONDS="60",
        TENURE_EMAIL_SEND_LEASE_SECONDS="60",
    )
    assert "TENURE_EMAIL_SEND_LEASE_SECONDS (60) must be longer than" in result.output
    assert "TENURE_SMTP_TIMEOUT_SECONDS (60)" in result.output
    assert "due item(s)" in tenure("worker", "--once", TENURE_EMAIL_SEND_LEASE_SECONDS="61").output


def test_x7_worker_once_sweeps_and_exits(tenure: CliRunnerCall) -> None:
    tenure("migrate")
    assert "due item(s)" in tenure("worker", "--once").output


def test_x7_worker_stops_cleanly_on_sigterm(tenure: CliRunnerCall, db_url: str) -> None:
    tenure("migrate")
    env = {
        **os.environ,
        "TENURE_DATABASE_URL": db_url,
        "TENURE_SIMULATED_CLOCK": "false",
        "PYTHONUNBUFFERED": "1",
    }
    with subprocess.Popen(  # the with closes the pipe whatever happens
        [sys.executable, "-m", "tenure.cli", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            first_line = process.stdout.readline()
            assert "worker: running due work" in first_line
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 0, output
    assert "worker stopped" in output


def test_x7_migrate_reports_a_schema_that_does_not_match_the_models(
    tenure: CliRunnerCall, db_url: str
) -> None:
    """A database migrated by an older rewrite of the initial migration is not silently
    accepted as up to date."""
    tenure("migrate")
    engine = create_engine(normalize_url(db_url))
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE api_keys")
    engine.dispose()

    result = tenure("migrate", expect=1)

    assert "does not match" in result.output
    assert "add_table api_keys" in result.output


def test_x7_operations_guide_documents_every_setting() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "operations.md").read_text("utf-8")
    missing = [
        f"TENURE_{name.upper()}"
        for name in Settings.model_fields
        if f"`TENURE_{name.upper()}`" not in guide
    ]
    assert not missing, f"add these settings to docs/operations.md: {missing}"


def test_x11_serve_names_the_mail_folder_when_no_smtp_server_is_set(
    tenure: CliRunnerCall, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make run` in development: the start-up lines say where emails go instead of SMTP."""
    import uvicorn

    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_kwargs: served.append(app))
    tenure("migrate")
    folder = tmp_path / "var" / "mail"

    result = tenure("serve", TENURE_MAIL_DIR=str(folder))

    assert served, "the server was started"
    [line] = [line for line in result.output.splitlines() if "email:" in line]
    assert f"{folder}{os.sep}" in line
    assert ".eml" in line
    with_smtp = tenure("serve", TENURE_SMTP_HOST="mail.vault.example", TENURE_SMTP_PORT="587")
    assert "SMTP mail.vault.example:587" in with_smtp.output
    assert str(folder) not in with_smtp.output


def test_x11_serve_in_production_needs_smtp_and_the_sign_in_page(
    tenure: CliRunnerCall, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Production never writes mail to files, and never emails links to a page that is not
    there: it refuses to start, naming the missing setting."""
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *_args, **_kwargs: None)  # never serve
    tenure("migrate")
    production = {
        "TENURE_ENVIRONMENT": "production",
        "TENURE_SECRET_KEY": "a-real-production-secret-0123456789",
    }
    no_smtp = tenure("serve", expect=1, **production, TENURE_SIGN_IN_URL="https://v.example/in")
    assert "TENURE_SMTP_HOST" in no_smtp.output
    no_page = tenure("serve", expect=1, **production, TENURE_SMTP_HOST="mail.v.example")
    assert "TENURE_SIGN_IN_URL" in no_page.output
    not_a_url = tenure("serve", expect=1, TENURE_SIGN_IN_URL="v.example/sign-in")
    assert "sign_in_url" in not_a_url.output


def test_x9_keys_rotate_makes_a_new_signing_key(tenure: CliRunnerCall) -> None:
    tenure("migrate")
    first = tenure("keys", "rotate").output
    second = tenure("keys", "rotate").output
    assert "new signing key jwk_" in first and "new signing key jwk_" in second
    listed = tenure("keys", "list").output
    assert listed.count("jwk_") == 2
    assert "yes" in listed and "no" in listed  # the newest signs; the previous one not
