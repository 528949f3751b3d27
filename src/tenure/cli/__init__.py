"""The ``tenure`` command: serve, worker, migrate, catalog and API keys (X-1, X-7).

Every command reads one :class:`~tenure.kit.settings.Settings` (``TENURE_*`` variables);
its options override those settings. Each command is an entrypoint: it owns its
transaction (one :func:`~tenure.cli.base.database_session`) and exits non-zero with a plain
message when something is wrong.

``base`` holds what the commands share; ``server`` runs Tenure (serve, worker, migrate);
``catalog`` and ``apikeys`` are the operator's commands.
"""

from __future__ import annotations

from tenure.cli import apikeys, catalog, keys, server
from tenure.cli.base import app
from tenure.cli.server import asgi_app

__all__ = ["apikeys", "app", "asgi_app", "catalog", "keys", "main", "server"]


def main() -> None:
    """The console script ``tenure``."""
    app()
