"""Test harness: every test gets a clean database and a server with a simulated clock.

The suite runs on SQLite by default. When ``TENURE_TEST_DATABASE_URL`` names a PostgreSQL
database (``scripts/with_postgres.py`` sets it), the same suite runs there instead.

* SQLite: the schema is built once into a template file; each test gets a fresh copy.
* PostgreSQL: the schema is built once; after each test every table is truncated.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

import tenure.models
from support import Api
from tenure.app import build_container, create_app
from tenure.auth import service as auth_service
from tenure.container import Container
from tenure.kit.clock import SimulatedClock
from tenure.kit.db import Base, Database, normalize_url
from tenure.kit.settings import Settings

# Fixtures shared by several test packages live in support/ and are registered here.
pytest_plugins = ["support.commerce", "support.smtp"]

PG_URL = os.environ.get("TENURE_TEST_DATABASE_URL")
START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

assert tenure.models  # every model is registered on Base.metadata


def pytest_report_header() -> str:
    return f"tenure database: {'PostgreSQL' if PG_URL else 'SQLite'}"


@pytest.fixture(scope="session")
def _schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build the schema once. Yields a template SQLite file, or the PostgreSQL URL."""
    if PG_URL:
        engine = create_engine(normalize_url(PG_URL))
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
        engine.dispose()
        yield PG_URL
    else:
        template = tmp_path_factory.mktemp("schema") / "template.db"
        engine = create_engine(f"sqlite:///{template}")
        Base.metadata.create_all(engine)
        engine.dispose()
        yield str(template)


@pytest.fixture
def database_url(_schema: str, tmp_path: Path) -> Iterator[str]:
    if PG_URL:
        yield PG_URL
        engine = create_engine(normalize_url(PG_URL))
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        engine.dispose()
    else:
        target = tmp_path / "tenure.db"
        shutil.copyfile(_schema, target)
        yield f"sqlite:///{target}"


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(START)


@pytest.fixture
def settings(database_url: str) -> Settings:
    # email_enabled=False: tests that do not care about email never reach for an SMTP server
    # (tests/notifications turns it on against a local aiosmtpd).
    # Life-cycle tests span months of simulated time: sessions outlive them.
    return Settings(
        environment="test",
        database_url=database_url,
        simulated_clock=True,
        email_enabled=False,
        session_ttl_hours=24 * 365 * 5,
    )


@pytest.fixture
def container(settings: Settings, clock: SimulatedClock) -> Iterator[Container]:
    built = build_container(settings, clock=clock, db=Database(settings.database_url))
    yield built
    built.db.dispose()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container)) as test_client:
        yield test_client


@pytest.fixture
def staff_token(container: Container) -> str:
    with container.db.transaction() as session:
        _key, secret = auth_service.create_api_key(session, name="tests", now=container.clock.now())
    return secret


@pytest.fixture
def staff(staff_token: str) -> dict[str, str]:
    """Headers of a staff API key (the vendor's backend)."""
    return {"Authorization": f"Bearer {staff_token}"}


@pytest.fixture
def staff_api(client: TestClient, staff: dict[str, str]) -> Api:
    return Api(client, staff)


@pytest.fixture
def anon_api(client: TestClient) -> Api:
    return Api(client, {})


@pytest.fixture
def demo_catalog(container: Container) -> tenure.catalog.service.LoadedCatalog:
    """The shipped demo catalog (CAT-2), loaded as version 1."""
    from tenure.catalog.service import demo_catalog_source, load_catalog
    from tenure.kit.actor import Actor

    with container.db.transaction() as session:
        loaded, _created = load_catalog(
            session, source=demo_catalog_source(), now=container.clock.now(), actor=Actor.system()
        )
    return loaded
