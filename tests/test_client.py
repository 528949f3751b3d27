"""The typed Python client (issue 15, item 4): clients/python is exactly what `make client`
generates from the application's OpenAPI document, and the first session of docs/api.md,
written with it (docs/examples/first_session.py), works against a real server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import Api
from support.servers import api_processes
from tenure.catalog.service import LoadedCatalog

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "clients" / "python"
EXAMPLE = ROOT / "docs" / "examples" / "first_session.py"
# What building or installing the package leaves beside it (the generated .gitignore's).
NOT_GENERATED = {"__pycache__", "build", "dist"}


def _script() -> Any:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import generate_client
    finally:
        sys.path.pop(0)
    return generate_client


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not NOT_GENERATED & set(path.relative_to(root).parts)
        and not any(part.endswith(".egg-info") for part in path.parts)
    }


def _differences(expected: Path, actual: Path) -> list[str]:
    """Each file of ``actual`` that is not as in ``expected``: missing, extra or different."""
    want, have = _files(expected), _files(actual)
    return sorted(
        [f"missing {name}" for name in want.keys() - have.keys()]
        + [f"extra {name}" for name in have.keys() - want.keys()]
        + [f"different {name}" for name in want.keys() & have.keys() if want[name] != have[name]]
    )


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("client") / "python"
    _script().generate(output)
    return output


def test_the_committed_client_is_what_make_client_generates(regenerated: Path) -> None:
    """An API change without `make client` leaves clients/python stale: this fails, naming
    the files that differ."""
    differences = _differences(regenerated, CLIENT)
    assert not differences, (
        f"clients/python is stale: run `make client` and commit it ({len(differences)} "
        f"files: {', '.join(differences[:20])})"
    )


def test_a_changed_document_gives_another_client(regenerated: Path, tmp_path: Path) -> None:
    """The check above can fail: one operation's description changed in the document changes
    the document the client was generated from and that operation's module, nothing else."""
    script = _script()
    spec = script.document()
    spec["paths"]["/v1/catalog"]["get"]["description"] = "The catalog, described otherwise."
    changed = tmp_path / "python"
    script.generate(changed, spec)
    assert _differences(regenerated, changed) == [
        "different openapi.json",
        "different tenure_client/api/catalog/read_catalog.py",
    ]


def _first_session(port: int, staff_token: str, email: str) -> list[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(CLIENT), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "TENURE_STAFF_KEY": staff_token,
    }
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), "--base-url", f"http://127.0.0.1:{port}", "--email", email],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


def test_the_first_session_example_runs_against_a_real_server(
    database_url: str,
    tmp_path: Path,
    demo_catalog: LoadedCatalog,
    staff_token: str,
    staff_api: Api,
) -> None:
    """docs/examples/first_session.py, with the generated client importable (not installed):
    the customer's account, card and subscription, then their entitlement; run again, it
    finds the account and its Idempotency-Key buys nothing twice."""
    email = "kim@example.com"
    with api_processes(database_url, tmp_path, 1) as servers:
        first = _first_session(servers[0].port, staff_token, email)
        again = _first_session(servers[0].port, staff_token, email)

    account = staff_api.get("/v1/accounts", params={"email": email})["data"][0]
    owned = {"account_id": account["id"]}
    (card,) = staff_api.get("/v1/payment_methods", params=owned)["data"]
    (subscription,) = staff_api.get("/v1/subscriptions", params=owned)["data"]
    assert (subscription["plan"], subscription["status"]) == ("vg-personal-1m", "active")
    until = subscription["current_period_end"].replace("Z", "+00:00")
    plans = sum(len(product.plans) for product in demo_catalog.catalog.products)
    assert first == [
        f"catalog version {demo_catalog.version}: {plans} plans",
        f"account {account['id']} {email} (created)",
        f"payment method {card['id']}: visa ending 4242",
        f"subscription {subscription['id']} vg-personal-1m: active",
        f"entitlement: active (subscription_active), veilguard-vpn, until {until}",
    ]
    assert again == [first[0], f"account {account['id']} {email} (found)", *first[3:]]


def test_the_api_guide_shows_the_example_as_it_is() -> None:
    """The code docs/api.md shows under "Typed Python client" is the example's own, which
    the test above runs: it cannot drift from what works."""
    guide = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = guide.split("## Typed Python client", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert blocks, "docs/api.md: no Python example under Typed Python client"
    example = EXAMPLE.read_text(encoding="utf-8")
    assert all(block in example for block in blocks), "copy it from " + str(EXAMPLE)
