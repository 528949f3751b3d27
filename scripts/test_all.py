#!/usr/bin/env python3
"""Run the whole suite on SQLite and on PostgreSQL and say how many tests ran on each.

PostgreSQL is started by ``scripts/with_postgres.py``. Without PostgreSQL binaries the
PostgreSQL run is skipped loudly, except in CI (``CI=true``) where that is a failure.
Extra arguments are passed to pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def counts(report: Path) -> tuple[int, int, int]:
    if not report.exists():
        return (0, 0, 0)
    suite = ET.parse(report).getroot()
    if suite.tag == "testsuites":
        suite = suite[0]
    total = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    return (total - failed - skipped, failed, skipped)


def main(extra: list[str]) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="tenure-test-"))
    results: dict[str, tuple[int, int, int]] = {}
    codes: dict[str, int] = {}

    print("\n=== test suite on SQLite ===", flush=True)
    env = {k: v for k, v in os.environ.items() if k != "TENURE_TEST_DATABASE_URL"}
    sqlite_xml = tmp / "sqlite.xml"
    codes["SQLite"] = subprocess.run(
        [PYTHON, "-m", "pytest", f"--junitxml={sqlite_xml}", *extra], cwd=ROOT, env=env, check=False
    ).returncode
    results["SQLite"] = counts(sqlite_xml)

    print("\n=== test suite on PostgreSQL ===", flush=True)
    pg_xml = tmp / "postgres.xml"
    code = subprocess.run(
        [PYTHON, str(ROOT / "scripts" / "with_postgres.py"), PYTHON, "-m", "pytest",
         f"--junitxml={pg_xml}", *extra],
        cwd=ROOT, env=env, check=False,
    ).returncode  # fmt: skip
    if code == 3:
        banner = "!" * 72
        print(f"\n{banner}")
        print("!! PostgreSQL binaries not found: the PostgreSQL run was SKIPPED.")
        print("!! Install PostgreSQL (e.g. the postgresql-15 package) to test on it.")
        print(banner)
        if os.environ.get("CI", "").lower() == "true":
            print("CI=true: PostgreSQL is required in CI.")
            codes["PostgreSQL"] = 1
    else:
        codes["PostgreSQL"] = code
        results["PostgreSQL"] = counts(pg_xml)

    print("\n=== summary ===")
    passed = failed = skipped = 0
    for name, (p, f, s) in results.items():
        print(f"{name}: {p} passed, {f} failed, {s} skipped (exit {codes[name]})")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    bad = any(c != 0 for c in codes.values())
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
