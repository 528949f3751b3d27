#!/usr/bin/env python3
"""The API contract run (X-11): schemathesis against a real server, 0 failures expected.

It builds a throwaway SQLite database (migrated, the demo catalog loaded, a staff API key, a
customer with a card and a subscription), starts the API in a uvicorn process on loopback
with the simulated clock, and runs schemathesis over every operation of the server's own
OpenAPI document twice: authenticated with the staff API key, then with the customer's
session. Each operation gets a bounded number of generated requests (``--max-examples``,
``CONTRACT_MAX_EXAMPLES``), from a fixed seed, so that a run is reproducible. The checks:
``not_a_server_error``, ``status_code_conformance``, ``content_type_conformance`` and
``response_schema_conformance``. The server is stopped by its PID.

Usage: scripts/contract.py [--max-examples N] [--seed N] [--only staff|customer]
       [-- extra schemathesis options]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance"
)
# Never-ending (server-sent events): the stream is tested in tests/entitlements.
EXCLUDED_PATHS = ("/v1/me/entitlement/stream",)
# Signing out would end the session the customer run authenticates with.
EXCLUDED_FOR_CUSTOMER = ("/v1/auth/logout",)
START = "2026-01-05T12:00:00+00:00"
PLAN = "vg-personal-1m"  # of the demo catalog


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(
    port: int, method: str, path: str, body: Any = None, token: str | None = None
) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    return response.status, json.loads(raw) if raw else None


def _ok(port: int, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    status, payload = _call(port, method, path, body, token)
    if status >= 300:
        raise SystemExit(f"contract setup: {method} {path} answered {status}: {payload}")
    return payload


def _healthy(port: int) -> bool:
    try:
        return _call(port, "GET", "/healthz")[0] == 200
    except OSError:
        return False


def _staff_key(env: dict[str, str]) -> str:
    code = (
        "from tenure.auth.service import create_api_key\n"
        "from tenure.kit.db import Database\n"
        "from tenure.kit.settings import Settings\n"
        "from datetime import datetime\n"
        f"now = datetime.fromisoformat({START!r})\n"
        "db = Database(Settings().database_url)\n"
        "with db.transaction() as s:\n"
        "    _k, secret = create_api_key(s, name='contract', now=now)\n"
        "print(secret)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def _seed(port: int, staff: str) -> str:
    """A customer with a card and a subscription; returns the customer's session token."""
    email, password = "contract@example.com", "contract-password-1"
    account = _ok(
        port, "POST", "/v1/accounts",
        {"email": email, "name": "Contract Customer", "country": "DK", "password": password},
        staff,
    )  # fmt: skip
    session = _ok(port, "POST", "/v1/auth/login", {"email": email, "password": password})
    token = str(session["token"])
    card = {"number": "4242 4242 4242 4242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}
    _ok(port, "POST", "/v1/payment_methods", {"type": "card", "card": card}, token)
    _ok(port, "POST", "/v1/subscriptions", {"plan": PLAN}, token)
    _ok(port, "POST", "/v1/devices/link-codes", {"account_id": account["id"]}, staff)
    return token


def _schemathesis(
    port: int, token: str, *, excluded: tuple[str, ...], args: argparse.Namespace, tmp: Path
) -> int:
    """One schemathesis run. It runs in ``tmp``, where it keeps its cache (which would
    replay earlier failures first): every run starts the same way."""
    command = [
        str(BIN / "st"), "run", f"http://127.0.0.1:{port}/openapi.json",
        "--checks", CHECKS,
        "--header", f"Authorization: Bearer {token}",
        "--max-examples", str(args.max_examples),
        "--seed", str(args.seed),
        "--workers", str(args.workers),
        "--request-timeout", "30",
        "--no-color",
        *[option for path in excluded for option in ("--exclude-path", path)],
        *args.extra,
    ]  # fmt: skip
    return subprocess.run(command, cwd=tmp, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--max-examples", type=int, default=int(os.environ.get("CONTRACT_MAX_EXAMPLES", "5"))
    )
    parser.add_argument("--seed", type=int, default=11)
    # One worker by default: with two threads, hypothesis (describing a filter's lambda)
    # calls ast.parse from both at once, which CPython 3.11 can fail with "SystemError: AST
    # constructor recursion depth mismatch" — a crash of the tool, not a finding.
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--only", choices=("staff", "customer"))
    parser.add_argument("extra", nargs="*", help="passed to schemathesis (after --)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="tenure-contract-"))
    env = {
        **os.environ,
        "TENURE_DATABASE_URL": f"sqlite:///{tmp / 'contract.db'}",
        "TENURE_ENVIRONMENT": "test",
        "TENURE_SIMULATED_CLOCK": "true",
        "TENURE_SIMULATED_CLOCK_START": START,
        "TENURE_SCHEDULER_ENABLED": "false",
        "TENURE_EMAIL_ENABLED": "false",
        "TENURE_SESSION_TTL_HOURS": str(24 * 365 * 20),
    }
    tenure = str(BIN / "tenure")
    subprocess.run([tenure, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([tenure, "catalog", "load", "--demo"], env=env, check=True, capture_output=True)
    staff = _staff_key(env)

    port = _free_port()
    log = tmp / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "tenure.cli:asgi_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    codes: dict[str, int] = {}
    try:
        deadline = time.monotonic() + 60
        while not _healthy(port):
            if server.poll() is not None or time.monotonic() > deadline:
                print(log.read_text(), file=sys.stderr)
                return 1
            time.sleep(0.1)
        customer = _seed(port, staff)
        runs = {
            "staff": (staff, EXCLUDED_PATHS),
            "customer": (customer, EXCLUDED_PATHS + EXCLUDED_FOR_CUSTOMER),
        }
        for name, (token, excluded) in runs.items():
            if args.only and args.only != name:
                continue
            print(f"\n=== API contract (schemathesis), as {name} ===", flush=True)
            codes[name] = _schemathesis(port, token, excluded=excluded, args=args, tmp=tmp)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
    print("\n=== API contract summary ===")
    for name, code in codes.items():
        print(f"{name}: {'0 failures' if code == 0 else f'FAILED (exit {code})'}")
    errors = [line for line in log.read_text().splitlines() if "Traceback" in line]
    if errors:
        print(f"server log {log}: {len(errors)} tracebacks")
    return 1 if any(codes.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
