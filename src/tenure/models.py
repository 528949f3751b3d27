"""Imports every ORM model so that ``Base.metadata`` knows all tables (Alembic, tests)."""

from tenure.accounts import models as accounts_models
from tenure.api import idempotency
from tenure.auth import models as auth_models
from tenure.events import models as events_models
from tenure.kit.db import Base

__all__ = ["Base", "accounts_models", "auth_models", "events_models", "idempotency"]
