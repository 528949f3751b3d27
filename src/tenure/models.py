"""Imports every ORM model so that ``Base.metadata`` knows all tables (Alembic, tests)."""

from tenure.accounts import models as accounts_models
from tenure.activation_codes import models as activation_codes_models
from tenure.api import idempotency
from tenure.auth import models as auth_models
from tenure.billing import models as billing_models
from tenure.catalog import models as catalog_models
from tenure.channels.appstore import models as appstore_models
from tenure.connections import models as connections_models
from tenure.devices import models as devices_models
from tenure.events import models as events_models
from tenure.kit.db import Base
from tenure.licenses import models as licenses_models
from tenure.notifications import models as notifications_models
from tenure.organizations import models as organizations_models
from tenure.payment_methods import models as payment_methods_models
from tenure.signing import models as signing_models
from tenure.subscriptions import models as subscriptions_models
from tenure.vault import models as vault_models
from tenure.volume import models as volume_models
from tenure.webhooks import models as webhooks_models

__all__ = [
    "Base",
    "accounts_models",
    "activation_codes_models",
    "appstore_models",
    "auth_models",
    "billing_models",
    "catalog_models",
    "connections_models",
    "devices_models",
    "events_models",
    "idempotency",
    "licenses_models",
    "notifications_models",
    "organizations_models",
    "payment_methods_models",
    "signing_models",
    "subscriptions_models",
    "vault_models",
    "volume_models",
    "webhooks_models",
]
