"""What would change a category's outcome: for each rule that did not hold, the changes of facts
(or of the helper and category outcomes, or the case-by-case decisions) that would make it hold,
as the answer's `would_change` states them (docs/answer.md)."""
from __future__ import annotations

from msgspec.structs import astuple

from kb.core.money import fmt
from kb.evaluate.conditions import RuleTrace
from kb.explain.graph import predicate_now
from kb.explain.trace_table import TERMS, value_text
from kb.explain.types import Change, WouldChange


def would_change(traces: list[RuleTrace], view) -> list[WouldChange]:
    """For each rule that did not hold: the changes of facts that would make it hold, smallest
    first; each alternative names its trace and the positions of the conditions to change (the
    trace states the facts, members and values)."""
    alternatives = []
    seen = set()
    for t in traces:
        changes: list[Change] = []
        needed: dict[int, str] = {}
        for at, c in enumerate(t.conditions):
            if c.holds is True:
                continue
            if c.op and c.fact:
                same = [x for x in t.conditions if x.fact == c.fact and x.op and x.member == c.member]
                needs = " and ".join(f"{x.op} {_threshold_text(x.threshold)}" for x in same)
                change = Change(fact=c.fact, term=TERMS[c.fact], now=value_text(c.value), needs=needs)
            elif c.fact:
                change = Change(fact=c.fact, term=TERMS[c.fact], now=value_text(c.value),
                                needs="false" if c.negated else "true")
            elif c.predicate:
                change = Change(predicate=c.predicate, now=predicate_now(c.predicate, c.holds, c.negated),
                                needs=("not " if c.negated else "") + c.predicate)
            else:
                change = Change(condition=c.text, now="undecided", needs=c.note or "a decision")
            if c.member:
                change.member = c.member
            if change not in changes:
                changes.append(change)
                needed[at] = change.needs
        key = tuple(_change_key(ch) for ch in changes)
        if changes and key not in seen:
            seen.add(key)
            alternatives.append(WouldChange(trace=view(t), needs=needed))
    alternatives.sort(key=lambda a: len(a.needs))
    return alternatives


def _change_key(change: Change) -> tuple:
    """A change as a key equal exactly where its repr is (the alternatives were told apart by
    their changes' repr): its texts as they are, the value it has now by its type and repr."""
    parts = astuple(change)
    now = parts[_NOW]
    return (*parts[:_NOW], type(now), repr(now), *parts[_NOW + 1:])


_NOW = Change.__struct_fields__.index("now")


def _threshold_text(value) -> str:
    return f'"{value}"' if isinstance(value, str) else fmt(value)
