#!/usr/bin/env python3
"""Generate the typed Python client, ``clients/python`` (package ``tenure-client``, import
``tenure_client``), from the application's own OpenAPI document with openapi-python-client
(``make client``; issue 15).

The document is built from the code (no server, no database), with the simulated clock's
endpoints, like the table of docs/api.md (``scripts/api_table.py``). The generator reads a
copy adapted in four ways, so that it drops nothing and the names read well (the served
document is not changed):

* **Titles.** The generator names each class after its schema's ``title``. When two pydantic
  models share a class name (``CreditOut`` in accounts and in billing), FastAPI keys their
  schemas by module (``tenure__billing__schemas__CreditOut``) but both keep the title
  ``CreditOut``, and the generator drops the second one and every operation that uses it.
  Such a schema is titled after its package instead: ``BillingCreditOut``.
* **Operation names.** The generator names each function's module after the operation's
  ``operationId``, which FastAPI makes unique by appending the path and the method
  (``create_account_v1_accounts_post``). The client's ids are the route's function name
  alone (``tenure_client.api.accounts.create_account``), unique within the operation's tag
  (the generator's module); a name that two operations of a tag share keeps FastAPI's id.
* **Idempotency keys.** Every state-changing request accepts ``Idempotency-Key`` (X-2,
  docs/api.md), which the routes do not declare (it is handled before them). Each such
  operation gets it as an optional header parameter: ``create_subscription.sync(…,
  idempotency_key="order-1")`` (the generated ``with_headers`` would also change the headers
  of the client it is called on, for every later request).
* **Media types.** The client sends JSON. A request body offered in other media types as
  well (the catalog upload also takes the YAML file as ``text/yaml`` …) keeps only
  ``application/json``.

The adapted document is written to ``clients/python/openapi.json`` (sorted keys), next to
the generated package; ``clients/python`` holds nothing else, and is replaced as a whole.
The generator runs with ``--fail-on-warning``: a part of the document it would skip stops
the run. tests/test_client.py fails when the committed client is not what this script
generates.

Usage: scripts/generate_client.py [--output DIR]   (default: clients/python)
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CONFIG = ROOT / "clients" / "python-config.yaml"
OUTPUT = ROOT / "clients" / "python"
SPEC = "openapi.json"
JSON = "application/json"
WRITE_METHODS = ("post", "put", "patch", "delete")
IDEMPOTENCY_KEY: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Retrying with the same key and body returns the first response and does "
    "nothing again (X-2, docs/api.md).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}


def document() -> dict[str, Any]:
    """The OpenAPI document the server serves (with the simulated clock's endpoints), built
    from fixed settings: no ``TENURE_*`` variable of the environment changes it."""
    from tenure.app import build_container, create_app
    from tenure.kit.settings import Settings

    saved = {k: v for k, v in os.environ.items() if k.startswith("TENURE_")}
    for name in saved:
        del os.environ[name]
    try:
        settings = Settings(database_url="sqlite:///:memory:", simulated_clock=True)
        return create_app(build_container(settings)).openapi()
    finally:
        os.environ.update(saved)


def _title(key: str) -> str:
    """``tenure__billing__schemas__CreditOut`` → ``BillingCreditOut``: the class name after
    the package that declares it (the module, ``schemas``, is left out)."""
    *modules, name = key.split("__")
    package = modules[-2] if len(modules) >= 2 else modules[-1]
    return "".join(part.capitalize() for part in package.split("_")) + name


def _name_operations(spec: dict[str, Any]) -> None:
    """Each operation's id without the path and method FastAPI appends, where that is still
    unique within its tag."""
    named: dict[tuple[str, str], list[tuple[dict[str, Any], bool]]] = {}
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            suffix = re.sub(r"\W", "_", path) + "_" + method
            operation_id: str = operation["operationId"]
            tag = (operation.get("tags") or ["default"])[0]
            generated = operation_id.endswith(suffix)  # else named on purpose: kept
            short = operation_id.removesuffix(suffix) if generated else operation_id
            named.setdefault((tag, short), []).append((operation, generated))
    for (_tag, short), operations in named.items():
        if len(operations) == 1 and operations[0][1]:
            operations[0][0]["operationId"] = short


def _accept_idempotency_key(operation: dict[str, Any]) -> None:
    parameters: list[dict[str, Any]] = operation.setdefault("parameters", [])
    declared = {(p.get("in"), str(p.get("name", "")).lower()) for p in parameters}
    if ("header", "idempotency-key") not in declared:
        parameters.append(copy.deepcopy(IDEMPOTENCY_KEY))


def for_generator(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``spec`` that openapi-python-client reads without dropping anything."""
    spec = copy.deepcopy(spec)
    schemas: dict[str, dict[str, Any]] = spec.get("components", {}).get("schemas", {})
    for key, schema in schemas.items():
        if "__" in key:  # FastAPI had to qualify the name: another model has the same one
            schema["title"] = _title(key)
    titles = [schema.get("title", key) for key, schema in schemas.items()]
    repeated = sorted({title for title in titles if titles.count(title) > 1})
    if repeated:
        raise SystemExit(f"generate_client.py: schemas with the same title: {repeated}")
    _name_operations(spec)
    for operations in spec.get("paths", {}).values():
        for method, operation in operations.items():
            if method in WRITE_METHODS:
                _accept_idempotency_key(operation)
            content = (operation.get("requestBody") or {}).get("content", {})
            if JSON in content and len(content) > 1:
                operation["requestBody"]["content"] = {JSON: content[JSON]}
    return spec


def generate(output: Path, spec: dict[str, Any] | None = None) -> None:
    """Write the client of ``spec`` (by default the application's document) into ``output``,
    replacing whatever was there."""
    adapted = for_generator(document() if spec is None else spec)
    text = json.dumps(adapted, indent=2, sort_keys=True, ensure_ascii=False)
    with tempfile.TemporaryDirectory(prefix="tenure-client-") as tmp:
        source = Path(tmp) / SPEC
        source.write_text(text + "\n", encoding="utf-8")
        built = Path(tmp) / "out"
        # The post hooks (ruff) are the .venv's, whatever else is on PATH.
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        subprocess.run(
            [str(BIN / "openapi-python-client"), "generate",
             "--path", str(source), "--config", str(CONFIG), "--meta", "setup",
             "--output-path", str(built), "--fail-on-warning"],
            env=env, check=True,
        )  # fmt: skip
        shutil.copyfile(source, built / SPEC)
        if output.exists():
            shutil.rmtree(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(built, output)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    generate(args.output)
    print(f"generated {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
