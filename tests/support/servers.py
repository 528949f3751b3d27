"""Real API processes (uvicorn, ``tenure.cli:asgi_app``) on the test database, for tests that
need more than one process or a real socket."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import START


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()  # also when the server accepted and then failed to answer


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def api_processes(
    database_url: str, logs: Path, count: int, **settings: str
) -> Iterator[list[Server]]:
    """``count`` API processes on ``database_url``, on the tests' simulated clock (it starts
    where tests/conftest.py's does), scheduler and email off; ``settings`` adds ``TENURE_*``
    variables (``session_ttl_hours="…"`` → ``TENURE_SESSION_TTL_HOURS``). Stopped by PID."""
    env = {
        **os.environ,
        "TENURE_DATABASE_URL": database_url,
        "TENURE_ENVIRONMENT": "test",
        "TENURE_SIMULATED_CLOCK": "true",
        "TENURE_SIMULATED_CLOCK_START": START.isoformat(),
        "TENURE_SCHEDULER_ENABLED": "false",
        "TENURE_EMAIL_ENABLED": "false",
        **{f"TENURE_{name.upper()}": value for name, value in settings.items()},
    }
    servers: list[Server] = []
    try:
        for index in range(count):
            port = free_port()
            log = logs / f"server-{index}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "uvicorn", "--factory", "tenure.cli:asgi_app",
                     "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                    env=env, stdout=out, stderr=subprocess.STDOUT,
                )  # fmt: skip
            servers.append(Server(port, process, log))
        deadline = time.monotonic() + 60
        for server in servers:
            while not healthy(server.port):
                assert server.process.poll() is None, server.log.read_text()
                assert time.monotonic() < deadline, "the server did not start in time"
                time.sleep(0.1)
        yield servers
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.process.terminate()
        for server in servers:
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait(timeout=5)
