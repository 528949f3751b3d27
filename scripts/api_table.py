#!/usr/bin/env python3
"""Print the endpoint table of docs/api.md from the application's own OpenAPI document.

Usage: .venv/bin/python scripts/api_table.py > /tmp/table.md (then paste it into docs/api.md
between the markers). tests/test_docs.py checks that every endpoint is listed there.
"""

from __future__ import annotations

from tenure.app import build_container, create_app
from tenure.kit.settings import Settings


def rows() -> list[tuple[str, str, str, str]]:
    settings = Settings(database_url="sqlite:///:memory:", simulated_clock=True)
    spec = create_app(build_container(settings)).openapi()
    out: list[tuple[str, str, str, str]] = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            tag = (operation.get("tags") or ["meta"])[0]
            text = (operation.get("description") or operation.get("summary") or "").strip()
            out.append((tag, path, method.upper(), text.splitlines()[0] if text else ""))
    return sorted(out)


if __name__ == "__main__":
    print("| area | endpoint | what it does |")
    print("| --- | --- | --- |")
    for tag, path, method, text in rows():
        print(f"| {tag} | `{method} {path}` | {text} |")
