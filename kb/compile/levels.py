"""A jurisdiction's predicates in evaluation order, for the evaluators that handle no recursion.

The SQL batch program and the plain oracle evaluate one predicate after another in the
compiler's strata; a recursive predicate (a stratum with a cycle) is refused, located.
"""
from __future__ import annotations

from kb.core.model import Jurisdiction


class Unsupported(ValueError):
    """A rule shape the batch evaluators do not handle (e.g. recursion); located."""


def rule_levels(j: Jurisdiction) -> list[str]:
    """The predicates in evaluation order (the compiler's strata), refusing recursion."""
    order = []
    for scc in j.strata:
        rules = [r for r in j.rules if r.head.name in scc]
        if len(scc) > 1 or any(scc[0] in r.reads_predicates for r in rules):
            r = rules[0]
            raise Unsupported(f"{r.file}:{r.line}: recursive predicate(s) {', '.join(scc)}: "
                              "the batch evaluators do not handle recursion")
        order.append(scc[0])
    return order
