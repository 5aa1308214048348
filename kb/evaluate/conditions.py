"""Three-valued (Kleene) logic and the records the re-check writes: one `Condition` per body
literal checked, one `RuleTrace` per rule applied to a binding. The explainers read these
records; the comparison table is shared with the pyDatalog compiler, so both back ends decide
`<` on codes and numbers alike.
"""
from __future__ import annotations

from fractions import Fraction

import msgspec

from kb.core.model import CompiledRule

Truth = bool | None   # None = unknown


class _NoValue:
    """A fact whose absence is a known "none" (e.g. no disability grade): every test on it fails."""

    def __repr__(self) -> str:
        return "none"


NO_VALUE = _NoValue()
CASE_BY_CASE = "case_by_case"


def t_and(values) -> Truth:
    result: Truth = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def t_or(values) -> Truth:
    result: Truth = False
    for v in values:
        if v is True:
            return True
        if v is None:
            result = None
    return result


def t_not(value: Truth) -> Truth:
    return None if value is None else not value


# The re-check writes some four hundred conditions and a hundred and fifty traces per household:
# Structs (built in C) rather than dataclasses: a third less re-check time (大冶, measured).
# Untracked by the garbage collector (gc=False): they hold strings, values, lists of strings and
# the rule base's rules, never a reference back to themselves.
class Condition(msgspec.Struct, gc=False):
    text: str
    holds: Truth
    fact: str | None = None          # fact or predicate the condition is about
    value: object = None             # its actual value (None if unknown)
    test: str | None = None          # e.g. "< dibao_standard (8400)"
    missing: list[str] = msgspec.field(default_factory=list)
    predicate: str | None = None     # set when the literal refers to another rule's head
    member: str | None = None
    op: str | None = None            # normalised comparison, for counterfactuals
    threshold: Fraction | None = None
    negated: bool = False
    note: str | None = None
    clause: int | None = None        # which of the rule's clauses it rests on (`@n`), when it has several


class RuleTrace(msgspec.Struct, gc=False):
    rule: CompiledRule
    binding: dict[str, str]
    holds: Truth
    conditions: list[Condition]
    # the head's key: (member,) for a per-member head, () for a household's; stored, since the
    # explanations look it up hundreds of times a household
    key: tuple = ()


def exact(value):
    """Numbers as Fractions (ints widened), anything else (codes, booleans) as it is."""
    kind = type(value)
    if kind is Fraction or kind is str or kind is bool:
        return value
    return Fraction(value) if kind is int else value


NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def _either_is_code(a, b) -> bool:
    return isinstance(a, str) or isinstance(b, str)


# `<` and friends with a code on either side are false, as in the rules' closed world; the
# pyDatalog compiler uses the same table to decide comparisons between two parameters
COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: False if _either_is_code(a, b) else a < b,
    "<=": lambda a, b: False if _either_is_code(a, b) else a <= b,
    ">": lambda a, b: False if _either_is_code(a, b) else a > b,
    ">=": lambda a, b: False if _either_is_code(a, b) else a >= b,
}


def missing_of(traces: list[RuleTrace], key: tuple | None = None) -> list[str]:
    """The facts that would decide: those of the unknown conditions of the unknown traces
    (of one member's, when key names one)."""
    return sorted({m for t in traces if t.holds is None and (key is None or t.key == key)
                   for c in t.conditions if c.holds is None for m in c.missing})


def collect(traces: list[RuleTrace]) -> dict[tuple, Truth]:
    out: dict[tuple, list[Truth]] = {}
    for t in traces:
        out.setdefault(t.key, []).append(t.holds)
    return {k: t_or(v) for k, v in out.items()}
