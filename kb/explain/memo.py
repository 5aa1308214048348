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
    held = j.__dict__.get("_explain_memos")
    if held is None or held[0] != id(j) or held[1] is not j.rules or held[2] != len(j.rules):
        held = j.__dict__["_explain_memos"] = (id(j), j.rules, len(j.rules), {})
    table = held[3].get(name)
    if table is None:
        table = held[3][name] = {}
    return table


def once(j, name: str, build: Callable[[], object]):
    """The value `build()` gives for `j`, computed on the first call only."""
    table = memo(j, name)
    if "value" not in table:
        table["value"] = build()
    return table["value"]
