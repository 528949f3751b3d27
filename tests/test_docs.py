"""docs/ is kept true: every endpoint the API serves is listed in docs/api.md, and the
examples name plans and products that the demo catalog has."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tenure.catalog.service import demo_catalog_source, parse_catalog

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


# What a doc example names: a plan in JSON (`"plan": "…"`, `"fallback_plan": …`), in Python
# (`plan="…"`, `catalog.plan("…")`), in a message ("The plan … is not sold", "(plan …)"), or
# a code in a YAML example (`- code: …`); a product in JSON; a store product id.
PLAN_MENTIONS = (
    re.compile(r'"(?:\w+_)?plan"\s*:\s*"([^"]+)"'),
    re.compile(r'\bplan=\s*"([^"]+)"'),
    re.compile(r'\.plan\(\s*"([^"]+)"'),
    re.compile(r"\b[Pp]lan ([a-z0-9]+(?:-[a-z0-9]+)+)\b"),
)
PRODUCT_MENTIONS = (
    re.compile(r'"product"\s*:\s*"([^"]+)"'),
    re.compile(r'"products"\s*:\s*\[\s*"([^"]+)"'),
)
CODE_MENTIONS = (re.compile(r"^\s*-\s*code:\s*([^\s#]+)", re.MULTILINE),)
STORE_ID_MENTIONS = (re.compile(r"store_product_ids:\s*\{\s*\w+:\s*([^\s,}]+)"),)


def _mentions(patterns: tuple[re.Pattern[str], ...]) -> list[tuple[str, str]]:
    pages = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
    found = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for pattern in patterns:
            for match in pattern.finditer(text):
                value = match.group(1)
                if not any(mark in value for mark in "<…{"):  # a placeholder
                    line = text.count("\n", 0, match.start()) + 1
                    found.append((value, f"{page.relative_to(ROOT)}:{line}"))
    return found


def test_x11_every_plan_and_product_a_doc_example_names_is_in_the_demo_catalog() -> None:
    """A newcomer copies the examples against `make run`, which loads the demo catalog: an
    example naming a plan it lacks (`veil-vpn-monthly`) answers 404 unknown_plan."""
    demo = parse_catalog(demo_catalog_source())
    plans = {plan.code for product in demo.products for plan in product.plans}
    products = {product.code for product in demo.products}
    store_ids = {
        store_id
        for product in demo.products
        for plan in product.plans
        for store_id in plan.store_product_ids.values()
    }
    named_plans = _mentions(PLAN_MENTIONS)
    assert len(named_plans) >= 5  # the patterns still find the examples
    wrong = [f"plan {code} ({where})" for code, where in named_plans if code not in plans]
    wrong += [f"product {c} ({w})" for c, w in _mentions(PRODUCT_MENTIONS) if c not in products]
    wrong += [f"code {c} ({w})" for c, w in _mentions(CODE_MENTIONS) if c not in plans | products]
    wrong += [f"store id {c} ({w})" for c, w in _mentions(STORE_ID_MENTIONS) if c not in store_ids]
    assert not wrong, f"doc examples name what the demo catalog lacks: {wrong}"
