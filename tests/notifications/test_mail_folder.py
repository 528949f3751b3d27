"""Development without an SMTP server (X-11): every email becomes an ``.eml`` file in the mail
folder, and production refuses to run without SMTP instead of dropping mail."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from support import Api
from tenure.container import Container
from tenure.kit.settings import Settings
from tenure.notifications.models import Email


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    return tmp_path / "var" / "mail"


@pytest.fixture
def settings(database_url: str, mail_dir: Path) -> Settings:
    """Overrides tests/conftest.py: a developer's settings, no SMTP server set."""
    return Settings(
        environment="development",
        database_url=database_url,
        simulated_clock=True,
        email_enabled=True,
        mail_dir=mail_dir,
        session_ttl_hours=24 * 365,
    )


def _read(path: Path) -> EmailMessage:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_x11_development_without_smtp_writes_each_email_to_the_mail_folder(
    staff_api: Api, anon_api: Api, container: Container, mail_dir: Path
) -> None:
    staff_api.post("/v1/accounts", {"email": "fay@example.com", "name": "Fay"}, expect=201)
    staff_api.post("/v1/accounts", {"email": "gus@example.com", "name": "Gus"}, expect=201)

    anon_api.post("/v1/auth/magic-links", {"email": "gus@example.com"}, expect=202)
    staff_api.post("/v1/clock/advance", {"minutes": 1})
    anon_api.post("/v1/auth/magic-links", {"email": "fay@example.com"}, expect=202)
    staff_api.post("/v1/clock/advance", {"minutes": 1})

    files = sorted(mail_dir.iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]  # no temporary file left behind
    first, second = (_read(f) for f in files)
    assert (first["To"], second["To"]) == ("gus@example.com", "fay@example.com")  # by time
    with container.db.transaction(write=False) as session:
        emails = {e.to_address: e for e in session.scalars(select(Email))}
    for path, message in zip(files, (first, second), strict=True):
        email = emails[str(message["To"])]
        assert email.status == "sent"
        assert message["Message-ID"] == f"<{email.id}@tenure.invalid>"
        assert path.name.endswith(f"-{email.id}@tenure.invalid.eml")
        assert message["Subject"] == email.subject
        assert message.get_content_type() == "multipart/alternative"
        plain = message.get_body(preferencelist=("plain",))
        assert plain is not None and "sign-in?token=" in plain.get_content()
    # A real RFC 5322 message: CRLF line ends, header block, blank line, body.
    raw = files[0].read_bytes()
    assert b"\r\n\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert files[0].name.startswith("20260105T120000Z-")  # Date of the attempt, UTC


def test_x11_production_without_smtp_refuses_to_start(database_url: str) -> None:
    production = Settings(
        environment="production",
        database_url=database_url,
        secret_key="a-long-random-production-secret-0123456789",
        sign_in_url="https://vault.example/sign-in",
    )
    with pytest.raises(ValueError, match="TENURE_SMTP_HOST"):
        production.check()
    production.model_copy(update={"smtp_host": "mail.vault.example"}).check()
    production.model_copy(update={"email_enabled": False}).check()  # emails stay queued
