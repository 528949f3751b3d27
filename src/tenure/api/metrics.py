"""What operators count (X-12): metrics read from the database, so that every process shows
the same truth whichever process did the work.

The scheduler usually runs in its own process (``tenure worker``) and the API in several:
a counter incremented in memory where a renewal is charged would be seen only by the
process that charged it. So every business figure is read from the database at the scrape
(by :class:`DatabaseCollector`, at most once per ``metrics_cache_seconds`` per process):

* **Counters from the events table.** Every state change writes its event in the same
  transaction as the change (``subscription.renewal_paid``, ``subscription.renewal_failed``,
  ``subscription.past_due`` …), so "how many renewals were ever charged" is a count of
  events. :class:`EventTotals` counts each type once and then only the rows above the
  highest ``seq`` it has counted, re-counting a tail of ``settle_seconds`` because
  PostgreSQL may commit a lower ``seq`` after a higher one. Every process reports the same
  total: aggregate with ``max`` (not ``sum``) across processes.
* **Gauges from database state**: the email outbox, subscriptions in grace, and each
  scheduler job's lag (how long its oldest due item has waited).

Only what happens in one process and leaves no row stays a per-process counter (HTTP
requests and refused connection admissions: a refusal changes nothing); sum those across
processes.

**Extension point.** Another package adds its own figures through :data:`SOURCES`, filled
by ``tenure.wiring.wire()`` (never at import time): ``SOURCES.add_gauges(name, source)``
with a function ``source(session, now) -> Iterable[Metric]`` that reads the package's own
tables (one cheap, indexed query or a few), and ``SOURCES.add_counter(EventCounter(...))``
for a counter of event types.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import structlog
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tenure.events import service as events
from tenure.kit.metrics import EventCounter, GaugeSource
from tenure.scheduler.registry import jobs

if TYPE_CHECKING:
    from tenure.container import Container

log = structlog.get_logger(__name__)


@dataclass
class MetricSources:
    """The figures read from the database at each scrape, by name (adding again replaces)."""

    gauges: dict[str, GaugeSource] = field(default_factory=dict)
    counters: dict[str, EventCounter] = field(default_factory=dict)

    def add_gauges(self, name: str, source: GaugeSource) -> None:
        self.gauges[name] = source

    def add_counter(self, counter: EventCounter) -> None:
        self.counters[counter.name] = counter

    @property
    def event_types(self) -> tuple[str, ...]:
        return tuple(sorted({t for counter in self.counters.values() for t in counter.types}))


SOURCES = MetricSources()
"""Filled by ``tenure.wiring.wire()``."""


class EventTotals:
    """Totals of event types since the database began, read incrementally.

    ``base`` holds the counts of the rows up to ``base_seq``; each reading counts the rows
    above it. ``base_seq`` moves up only to the newest ``seq`` seen at least
    ``settle_seconds`` ago, so a transaction that commits a lower ``seq`` late is counted
    as long as it commits within that time."""

    def __init__(self, *, settle_seconds: float = 300.0) -> None:
        self.settle_seconds = settle_seconds
        self.types: tuple[str, ...] = ()
        self.base: dict[str, int] = {}
        self.base_seq = 0
        self.marks: deque[tuple[float, int]] = deque()

    def read(self, session: Session, types: Sequence[str], *, at: float) -> dict[str, int]:
        if tuple(types) != self.types:  # the counted types changed: count from the start
            self.types, self.base, self.base_seq = tuple(types), {}, 0
            self.marks.clear()
        if not self.types:
            return {}
        settled: int | None = None
        while self.marks and at - self.marks[0][0] >= self.settle_seconds:
            settled = self.marks.popleft()[1]
        if settled is not None and settled > self.base_seq:
            more = events.counts_by_type(session, self.types, after=self.base_seq, upto=settled)
            for type_, count in more.items():
                self.base[type_] = self.base.get(type_, 0) + count
            self.base_seq = settled
        newest = events.newest_seq(session)
        tail = events.counts_by_type(session, self.types, after=self.base_seq)
        self.marks.append((at, newest))
        return {t: self.base.get(t, 0) + tail.get(t, 0) for t in self.types}


def _database_read(*, ok: bool) -> Metric:
    return GaugeMetricFamily(
        "tenure_metrics_database_up",
        "1 when this scrape's figures were read from the database, 0 when it did not answer "
        "(only the process's own counters are shown then).",
        value=1.0 if ok else 0.0,
    )


class DatabaseCollector(Collector):
    """Every figure read from the database, cached for ``metrics_cache_seconds``."""

    def __init__(self, container: Container, sources: MetricSources = SOURCES) -> None:
        self.container = container
        self.sources = sources
        self.totals = EventTotals()
        self._lock = threading.Lock()
        self._cached: list[Metric] = []
        self._cached_at: float | None = None

    def collect(self) -> Iterator[Metric]:
        ttl = self.container.settings.metrics_cache_seconds
        with self._lock:
            at = time.monotonic()
            if self._cached_at is None or at - self._cached_at >= ttl:
                try:
                    self._cached = [*self._read(at), _database_read(ok=True)]
                except SQLAlchemyError:  # the process's own figures are still worth a scrape
                    log.warning("metrics.database_read_failed", exc_info=True)
                    self._cached = [_database_read(ok=False)]
                self._cached_at = at
            yield from self._cached

    def _read(self, at: float) -> list[Metric]:
        now = self.container.clock.now()
        found: list[Metric] = []
        with self.container.db.transaction(write=False) as session:
            for source in self.sources.gauges.values():
                found.extend(source(session, now))
            totals = self.totals.read(session, self.sources.event_types, at=at)
        for counter in self.sources.counters.values():
            family = CounterMetricFamily(counter.name, counter.documentation)
            family.add_metric([], sum(totals.get(t, 0) for t in counter.types))
            found.append(family)
        found.extend(self._scheduler_lag(now))
        return found

    def _scheduler_lag(self, now: datetime) -> Iterator[Metric]:
        """How long each job's oldest due item has waited (0: nothing due)."""
        by_job = GaugeMetricFamily(
            "tenure_scheduler_job_lag_seconds",
            "How long the oldest due item of each scheduler job has waited (0: none due).",
            labels=["job"],
        )
        worst = 0.0
        for job in jobs():
            due = job.next_due_at(self.container)
            lag = max(0.0, (now - due).total_seconds()) if due is not None else 0.0
            worst = max(worst, lag)
            by_job.add_metric([job.name], lag)
        yield by_job
        yield GaugeMetricFamily(
            "tenure_scheduler_lag_seconds",
            "The largest tenure_scheduler_job_lag_seconds (0: nothing is due).",
            value=worst,
        )
