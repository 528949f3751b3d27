#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster, then remove the cluster.

Usage: scripts/with_postgres.py COMMAND [ARGS...]

It finds the machine's PostgreSQL binaries (``/usr/lib/postgresql/<v>/bin``, ``pg_config``
or ``PATH``), runs ``initdb`` in a private temporary directory (as the ``postgres`` user when
we are root, because ``initdb`` refuses root), starts the server on a Unix socket in that
directory only (no TCP), creates a database and runs COMMAND with
``TENURE_TEST_DATABASE_URL`` pointing at it. Exit code 3 means no PostgreSQL was found.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NO_POSTGRES = 3


def find_bindir() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        path = Path(out.stdout.strip())
        if (path / "initdb").exists():
            return path
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    bindir = find_bindir()
    if bindir is None:
        print("with_postgres: no PostgreSQL binaries found", file=sys.stderr)
        return NO_POSTGRES
    as_root = os.geteuid() == 0
    run_as: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="tenure-pg-"))
    if as_root:
        user = pwd.getpwnam("postgres")
        os.chown(workdir, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, sock = workdir / "data", workdir
    port = "5432"
    try:
        subprocess.run(
            [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        options = (
            f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w",
             "-l", str(workdir / "server.log"), "start"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        subprocess.run(
            [str(bindir / "createdb"), "-h", str(sock), "-p", port, "-U", "postgres", "tenure"],
            check=True,
        )
        env = dict(os.environ)
        env["TENURE_TEST_DATABASE_URL"] = (
            f"postgresql+psycopg://postgres@/tenure?host={sock}&port={port}"
        )
        return subprocess.run(argv, env=env, check=False).returncode
    finally:
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
