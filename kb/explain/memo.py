"""What the answer's builder reads from a jurisdiction version alone (never from a household):
computed once per version and kept on the Jurisdiction object itself, so a memo lives and dies
with its rule base and two rule bases never share one.

A memo's values are shared by every answer and every thread: callers must not mutate them
(they hand out copies or immutable values). The memos are dropped when the version's `rules`
list is replaced or grows (a test building a rule base by hand), and a copy of the object
(`copy.copy`, as kb.batch.whatif makes one to change its parameters) starts its own.
"""
from __future__ import annotations

from typing import Callable


def memo(j, name: str) -> dict:
    """The memo dict called `name` of jurisdiction version `j` (empty on first use)."""
    return j.kept("_explain_memos", dict).setdefault(name, {})


def keyed(j, name: str, key, build: Callable[[], object]):
    """The value `build()` gives for `key` in memo `name` of `j`, computed on the first call only."""
    table = memo(j, name)
    found = table.get(key, _ABSENT)
    if found is _ABSENT:
        found = table[key] = build()
    return found


def once(j, name: str, build: Callable[[], object]):
    """The value `build()` gives for `j`, computed on the first call only."""
    return keyed(j, name, None, build)


_ABSENT = object()
