"""A long-running process puts its start-up heap out of the garbage collector's reach."""

from __future__ import annotations

import gc

from tenure.kit.runtime import settle_heap


def _tracked(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_settle_heap_freezes_what_is_alive_and_spares_what_comes_after() -> None:
    before = {"routes": [object()]}  # a container the collector tracks
    assert _tracked(before)
    try:
        frozen = settle_heap()
        assert frozen >= 1 and frozen == gc.get_freeze_count()
        assert not _tracked(before)  # a full collection no longer walks it
        after = {"cache": [object()]}
        assert _tracked(after)  # what the server makes later is collected as usual
    finally:
        gc.unfreeze()
    assert _tracked(before)
