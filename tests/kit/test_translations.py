"""X-5: every customer-facing error message has a Danish and a German translation.

Messages are found in the source: the English template given to a ``TenureError`` subclass,
and the ``(code, message)`` pairs that pure rules in ``domain/`` return.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tenure.kit.i18n import _catalog

SRC = Path(__file__).resolve().parents[2] / "src" / "tenure"
ERRORS = {
    "TenureError", "InvalidInput", "NotFound", "Conflict", "Forbidden",
    "Unauthenticated", "PaymentFailed", "RateLimited", "RequestTooLarge",
}  # fmt: skip


def _messages() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ERRORS and len(node.args) >= 2:
                    message = node.args[1]
                    if isinstance(message, ast.Constant) and isinstance(message.value, str):
                        found.add(message.value)
            if (
                "domain" in path.parts
                and isinstance(node, ast.Return)
                and isinstance(node.value, ast.Tuple)
                and len(node.value.elts) == 2
                and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str)
                    for e in node.value.elts
                )
            ):
                message_node = node.value.elts[1]
                assert isinstance(message_node, ast.Constant)
                found.add(str(message_node.value))
    return found


def test_x5_messages_are_found() -> None:
    messages = _messages()
    assert "The API key is not valid." in messages
    assert "The subscription is already on this plan." in messages


@pytest.mark.parametrize("locale", ["da", "de"])
def test_x5_every_error_message_is_translated(locale: str) -> None:
    catalog = _catalog(locale)
    missing = sorted(m for m in _messages() if m not in catalog)
    assert not missing, f"{len(missing)} messages lack a {locale} translation: {missing}"
