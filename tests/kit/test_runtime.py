"""A long-running process puts its start-up heap out of the garbage collector's reach."""

from __future__ import annotations

import gc
import sys

import pytest

from tenure.kit.runtime import SERVER_SWITCH_INTERVAL, prefer_latency, settle_heap


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


def test_a_server_hands_the_gil_on_within_a_millisecond() -> None:
    before = sys.getswitchinterval()
    try:
        prefer_latency()
        assert sys.getswitchinterval() == pytest.approx(SERVER_SWITCH_INTERVAL)
        assert before > SERVER_SWITCH_INTERVAL  # shorter than Python's default of 5 ms
    finally:
        sys.setswitchinterval(before)
