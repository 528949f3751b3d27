"""docs/ is kept true: every endpoint the API serves is listed in docs/api.md."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_endpoint_is_in_the_api_guide() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from api_table import rows
    finally:
        sys.path.pop(0)
    guide = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [f"{m} {p}" for _tag, p, m, _text in rows() if f"`{m} {p}`" not in guide]
    assert not missing, f"add to docs/api.md (scripts/api_table.py prints the table): {missing}"
