"""Imports every ORM model so that ``Base.metadata`` knows all tables (Alembic, tests)."""

from tenure.accounts import models as accounts_models
from tenure.api import idempotency
from tenure.auth import models as auth_models
from tenure.billing import models as billing_models
from tenure.catalog import models as catalog_models
from tenure.events import models as events_models
from tenure.kit.db import Base
from tenure.notifications import models as notifications_models
from tenure.payment_methods import models as payment_methods_models
from tenure.subscriptions import models as subscriptions_models

__all__ = [
    "Base",
    "accounts_models",
    "auth_models",
    "billing_models",
    "catalog_models",
    "events_models",
    "idempotency",
    "notifications_models",
    "payment_methods_models",
    "subscriptions_models",
]
