"""A typed slot for one hook: how a lower package lets a higher one plug in.

A package that must call code living above it (a device's unlinking ends its connections,
which belong to a package above devices) declares a :class:`Slot` typed with a Protocol and
calls what it holds; the composition root (``tenure.wiring``) fills every slot once when the
container is built. Nothing fills a slot at import time, so the import graph stays the
dependency graph.
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Slot(Generic[T]):
    """Holds the one hook of a kind; filling it again replaces it (``wire()`` is idempotent).
    A slot with a ``default`` works unfilled (the behaviour without the package above)."""

    def __init__(self, name: str, default: T | None = None) -> None:
        self.name = name
        self._hook: T | None = default

    def fill(self, hook: T) -> None:
        self._hook = hook

    def __call__(self) -> T:
        if self._hook is None:  # pragma: no cover - a programming error
            raise RuntimeError(f"{self.name}: nothing plugged in (tenure.wiring.wire)")
        return self._hook
