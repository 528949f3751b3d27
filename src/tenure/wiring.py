"""The composition root's plug board: which package hooks into which lower package.

A lower package exposes typed extension points and never imports the packages that use
them; this module, above both, plugs them together once per process (:func:`wire`, called
by ``build_container``). Reading it tells what reacts to what.
"""

from __future__ import annotations

from tenure.accounts import service as accounts
from tenure.activation_codes import extensions as activation_code_extensions
from tenure.api.metrics import SOURCES
from tenure.auth import service as auth
from tenure.connections import service as connections
from tenure.devices import deliveries
from tenure.devices import extensions as device_extensions
from tenure.entitlements import extensions as entitlement_extensions
from tenure.licenses import service as licenses
from tenure.notifications import metrics as notification_metrics
from tenure.notifications import service as notifications
from tenure.organizations import service as organizations
from tenure.organizations.expiry import BusinessLifecycle
from tenure.payment_methods import service as payment_methods
from tenure.subscriptions import extensions
from tenure.subscriptions import metrics as subscription_metrics
from tenure.subscriptions.charging import charge_past_due_with_new_method
from tenure.volume.lifecycle import VolumeLifecycle
from tenure.webhooks import metrics as webhook_metrics


def wire() -> None:
    """Plug every extension in; calling it again changes nothing."""
    # The outbox sends the sign-in links accounts issue.
    accounts.magic_link_mailer.fill(notifications.send_magic_link)
    # Volume plans renew only the licenses set to renew, and end them with the subscription.
    extensions.register("volume", VolumeLifecycle())
    # A business plan's end is its organization's expiry (BIZ-3 … BIZ-7).
    extensions.register("business", BusinessLifecycle())
    # A new payment method pays a past-due invoice at once (SUB-5).
    if charge_past_due_with_new_method not in payment_methods.on_payment_method_added:
        payment_methods.on_payment_method_added.append(charge_past_due_with_new_method)
    # A licensed user's connections are admitted under the license's lock (VL-13).
    connections.register_holder_lock(licenses.HOLDER_TYPE, licenses.lock_for_connections)
    # An unlinked device's connections end (DEV-1).
    device_extensions.end_connections.fill(connections.end_for_device)
    # An activation code's slots are taken by the devices its subscription is on (DEV-7).
    activation_code_extensions.slots_used.fill(deliveries.slots_used)
    # A licensed user's entitlement is that of its license's subscription (VL-13).
    entitlement_extensions.licensed_subscription.fill(licenses.active_subscription_id)
    # An organization's people read the entitlement of its subscriptions (BIZ-1) …
    entitlement_extensions.organization_grants.fill(organizations.grants)
    # … and its grace emails go to its admins, its plan's end to everyone (BIZ-2, BIZ-10).
    notifications.audience.fill(organizations.audience)
    # … and its admins act on its billing account (subscriptions, payment methods, invoices).
    auth.administers_account.fill(organizations.administers)
    # What operators count: gauges and event counters read from the database at each
    # scrape, whichever process did the work (tenure.api.metrics).
    SOURCES.add_gauges("emails", notification_metrics.gauges)
    SOURCES.add_gauges("subscriptions", subscription_metrics.gauges)
    for counter in subscription_metrics.COUNTERS:
        SOURCES.add_counter(counter)
    SOURCES.add_gauges("webhooks", webhook_metrics.gauges)
    for counter in webhook_metrics.COUNTERS:
        SOURCES.add_counter(counter)
