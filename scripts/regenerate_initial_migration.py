#!/usr/bin/env python3
"""Regenerate the single initial migration from the current models (X-7).

Until Tenure has a release, its schema history is one migration, ``0001_initial``. After
changing models, run::

    .venv/bin/python scripts/regenerate_initial_migration.py

It deletes ``src/tenure/migrations/versions/0001_initial.py``, autogenerates the migration
against a fresh temporary SQLite database, writes it back under the same name and formats it
with ruff. Then ``tests/test_migrations.py`` checks it against the models on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from tenure.migrations import MIGRATIONS_DIR, alembic_config, target_metadata

REVISION = "0001_initial"


def main() -> int:
    versions = MIGRATIONS_DIR / "versions"
    target = versions / f"{REVISION}.py"
    others = [p for p in versions.glob("*.py") if p != target and p.name != "__init__.py"]
    if others:
        print(f"other migrations exist ({', '.join(p.name for p in others)}); not touching them")
        return 1
    target_metadata()  # import every model first: a broken model fails before we delete
    backup = target.with_suffix(".py.previous")
    if target.exists():
        target.replace(backup)
    shutil.rmtree(versions / "__pycache__", ignore_errors=True)
    workdir = Path(tempfile.mkdtemp(prefix="tenure-migration-"))
    try:
        config = alembic_config(f"sqlite:///{workdir / 'empty.db'}")
        config.set_main_option("file_template", "%%(rev)s")
        command.revision(config, message="initial schema", autogenerate=True, rev_id=REVISION)
    except BaseException:
        if backup.exists():
            backup.replace(target)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if not target.exists():
        print(f"alembic did not write {target}", file=sys.stderr)
        if backup.exists():
            backup.replace(target)
        return 1
    backup.unlink(missing_ok=True)
    ruff = [sys.executable, "-m", "ruff"]
    subprocess.run([*ruff, "format", "--quiet", str(target)], check=True)
    subprocess.run([*ruff, "check", "--fix", "--quiet", str(target)], check=True)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
