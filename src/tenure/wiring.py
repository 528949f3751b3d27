"""The composition root's plug board: which feature package hooks into which core package.

Core packages expose typed extension points and never import the packages that use them;
this module, above both, plugs them together once per process (:func:`wire`, called by
``build_container``). Reading it tells what reacts to what.
"""

from __future__ import annotations

from tenure.connections import service as connections
from tenure.licenses import repository as license_rows
from tenure.licenses.service import HOLDER_TYPE as LICENSE_HOLDER
from tenure.payment_methods import service as payment_methods
from tenure.subscriptions import extensions
from tenure.subscriptions.charging import charge_past_due_with_new_method
from tenure.volume.lifecycle import VolumeLifecycle


def wire() -> None:
    """Plug every extension in; calling it again changes nothing."""
    # Volume plans renew only the licenses set to renew, and end them with the subscription.
    extensions.register("volume", VolumeLifecycle())
    # A new payment method pays a past-due invoice at once (SUB-5).
    if charge_past_due_with_new_method not in payment_methods.on_payment_method_added:
        payment_methods.on_payment_method_added.append(charge_past_due_with_new_method)
    # A licensed user's connections are admitted under the license's lock (VL-13).
    connections.register_holder_lock(LICENSE_HOLDER, license_rows.lock_license)
