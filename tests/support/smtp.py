"""A real SMTP server on loopback (aiosmtpd) for tests that read what was sent."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tenure.kit.settings import Settings


class Collector:
    """aiosmtpd handler: keeps every message; refuses recipients at ``refused.example.com``."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address.endswith("@refused.example.com"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"


class SlowCollector(Collector):
    """A slow server: waits ``step_seconds`` before answering MAIL, RCPT and the end of DATA
    (without blocking other connections), so each message takes three times that."""

    def __init__(self, step_seconds: float) -> None:
        super().__init__()
        self.step_seconds = step_seconds

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: Any
    ) -> str:
        await asyncio.sleep(self.step_seconds)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        await asyncio.sleep(self.step_seconds)
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.step_seconds)
        return await super().handle_DATA(server, session, envelope)


class LocalSmtp:
    def __init__(self, port: int, handler: Collector | None = None) -> None:
        self.port = port
        self.handler = handler or Collector()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[LocalSmtp]:
    """A local SMTP server, not started: tests start it (or leave it down)."""
    server = LocalSmtp(_free_port())
    yield server
    server.stop()


def email_settings(database_url: str, port: int, **overrides: Any) -> Settings:
    """Test settings with email on, sent to the local SMTP server on ``port`` (simulated
    clock, a 5 s SMTP timeout); ``overrides`` change or add settings."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "simulated_clock": True,
        "email_enabled": True,
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_timeout_seconds": 5,
        **overrides,
    }
    return Settings(**values)
