"""The shapes of the figures a package offers to ``/metrics`` (X-12); the collector that
reads them is ``tenure.api.metrics``, and ``tenure.wiring`` plugs them in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from prometheus_client.core import Metric
from sqlalchemy.orm import Session

GaugeSource = Callable[[Session, datetime], Iterable[Metric]]
"""Reads a package's gauges in the scrape's read-only transaction, at ``now``: a few cheap,
indexed queries of the package's own tables."""


@dataclass(frozen=True)
class EventCounter:
    """A counter (``name``, exposed as ``name_total``) of the events of ``types`` ever
    written."""

    name: str
    documentation: str
    types: tuple[str, ...]
