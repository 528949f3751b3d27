"""Process-wide tuning of a long-running Tenure process (server or worker)."""

from __future__ import annotations

import gc
import sys


def settle_heap() -> int:
    """Move every object alive now — modules, classes, routes, the compiled catalog… — out
    of the garbage collector's reach (``gc.freeze``), after one full collection.

    A server holds a few hundred thousand such objects for its whole life. Python's full
    (generation 2) collection walks every tracked object, and ran every few seconds under
    load for 70–85 ms on the 2-core development machine, stopping every request for that
    long (the connection benchmark's worst latencies). Frozen objects are never walked
    again; they are still freed by reference counting when dropped. Returns how many
    objects were frozen. Call it once, from an entrypoint, when start-up is done.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


# How long a thread that wants the GIL waits before the running thread is asked to let go
# of it, in an API server (Python's default: 5 ms).
SERVER_SWITCH_INTERVAL = 0.001


def prefer_latency() -> None:
    """Let a thread that gets an answer from the database have the GIL back sooner.

    A server's threads mostly wait: on the network, on the database. When an answer arrives
    while the event loop is busy, the thread waiting for it gets the GIL only when the loop
    blocks or after the switch interval — by default 5 ms, for every round trip. On
    PostgreSQL a device request's batch makes a few round trips in its worker thread, and
    those waits made up much of the worst latencies at moderate load (p99 of 5–53 ms
    against 11–19 ms with 1 ms, `docs/performance.md`). Call it once, from the server's
    entrypoint; scheduled work (``tenure worker``) keeps the default.
    """
    sys.setswitchinterval(SERVER_SWITCH_INTERVAL)
