"""server.heap.settle_heap: what `binggui serve` and the benchmark's plain server do to the collector."""
from __future__ import annotations

import gc

from server.heap import YOUNG_THRESHOLD, settle_heap


def test_settle_heap_freezes_what_exists_and_makes_young_collections_rarer():
    before = gc.get_threshold()
    try:
        settle_heap()
        assert gc.get_freeze_count() > 0                     # the existing heap is never scanned again
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        garbage = []
        garbage.append(garbage)                                 # a cycle made after settling
        del garbage
        assert gc.collect() >= 1                                # is still collected
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
