"""Runs due work: one sweep, a loop for ``tenure worker`` / ``tenure serve``, and the
simulated-clock advance that replays every transition in time order (X-1)."""

from __future__ import annotations

import threading
from datetime import datetime

import structlog

from tenure.container import Container
from tenure.scheduler.registry import jobs

log = structlog.get_logger(__name__)


def sweep(container: Container, *, now: datetime | None = None) -> int:
    """Run everything due now, until nothing is left. Returns the number of items run."""
    now = now or container.clock.now()
    total = 0
    while True:
        ran = sum(job.run_due(container, now=now) for job in jobs())
        total += ran
        if ran == 0:
            return total


def advance_to(container: Container, target: datetime) -> int:
    """Move a simulated clock to ``target``, stopping at every instant something falls due
    and running it there, so transitions happen in order and at the time they would have."""
    clock = container.simulated_clock
    if clock is None:
        raise RuntimeError("only a simulated clock can be advanced")
    total = sweep(container)
    while True:
        due = [d for job in jobs() if (d := job.next_due_at(container)) is not None]
        upcoming = min(due) if due else None
        if upcoming is None or upcoming > target:
            break
        if upcoming > clock.now():
            clock.set(upcoming)
        ran = sweep(container)
        total += ran
        if ran == 0:  # pragma: no cover - a job reported due work it would not run
            log.warning("scheduler.stuck", at=upcoming.isoformat())
            break
    if target > clock.now():
        clock.set(target)
    return total + sweep(container)


class BackgroundScheduler:
    """The in-process scheduler of ``tenure serve`` and the loop of ``tenure worker``."""

    def __init__(self, container: Container, *, interval: float) -> None:
        self.container = container
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_forever(self) -> None:
        while not self._stop.is_set():
            try:
                ran = sweep(self.container)
                if ran:
                    log.info("scheduler.sweep", ran=ran)
            except Exception:  # keep the loop alive; the next sweep retries
                log.exception("scheduler.sweep_failed")
            self._stop.wait(self.interval)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run_forever, name="tenure-scheduler")
        self._thread.daemon = True
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
