"""What an entry of the answer's tables says itself, left out of it and joined back in.

A stated condition's literal names its member's variable (`age(P) >= 60`: `of` is `P`) and reads
as its test (`>= 60`); its fact has one RDF term in the answer (`fact_terms`); most conditions
rest on their rule's first clause; and a trace holds exactly when its conditions say so. The
answer leaves each of these out where it is what the rest says (and writes null where an entry has
none though the rest would give it one); kb.explain.graph builds the tables with `leave_out` and
`clause_exceptions` and reads them with `join_in` and `all_of` (server/static/js/graph.js the same).
"""
from __future__ import annotations

import msgspec
from msgspec import UNSET

from kb.explain.types import StatedCondition, StatedRule, given


def leave_out(entry: StatedCondition, fact_terms: dict[str, str]) -> StatedCondition:
    """A stated condition without what its literal and the answer's `fact_terms` say (registering
    its fact's term there on first use); changed in place."""
    if entry.of == own_of(entry):
        entry.of = UNSET
    elif entry.of is UNSET and own_of(entry) is not None:
        entry.of = None            # no member, though the literal names a variable
    if entry.fact and entry.test == own_test(entry):
        entry.test = UNSET
    elif entry.fact and entry.test is UNSET and own_test(entry) is not None:
        entry.test = None          # no test, though the literal reads as one
    if entry.fact:
        known = fact_terms.setdefault(entry.fact, entry.term) if entry.term else fact_terms.get(entry.fact)
        if entry.term == known:
            entry.term = UNSET
        elif entry.term is UNSET and known is not None:
            entry.term = None      # no term, though the fact has one elsewhere
    return entry


def join_in(c: StatedCondition, rule: StatedRule, at: int, fact_terms: dict[str, str]) -> StatedCondition:
    """A rule's stated condition at a position in full: its clause, term, test and `of`."""
    own = condition_clause(rule, at)
    term = c.term if c.term is not UNSET else fact_terms.get(c.fact, UNSET) if c.fact else UNSET
    test = c.test if c.test is not UNSET else (own_test(c) or UNSET)
    of = c.of if c.of is not UNSET else (own_of(c) or UNSET)
    if (own is UNSET and term is c.term and test is c.test and of is c.of
            and None not in (term, test, of)):
        return c
    return msgspec.structs.replace(c, clause=own if own is not UNSET else c.clause,
                                   term=UNSET if term is None else term, test=UNSET if test is None else test,
                                   of=UNSET if of is None else of)


def own_of(c: StatedCondition) -> str | None:
    """The variable a literal's one argument names (`not livelihood_source(P)` -> `P`); a stated
    condition leaves out an `of` that is this one."""
    condition = c.condition or ""
    condition = condition[4:] if condition.startswith("not ") else condition
    head, _, rest = condition.partition("(")
    arg, closed, _ = rest.partition(")")
    if not closed or not head.isidentifier() or not arg.isidentifier() or not arg[0].isupper():
        return None
    return arg


def own_test(c: StatedCondition) -> str | None:
    """The test a literal on a fact reads as: what follows `fact(args) ` (`age(P) >= 60` ->
    `>= 60`); a stated condition leaves out a `test` that is this one."""
    condition, fact = c.condition or "", c.fact or ""
    if not fact or not condition.startswith(fact):
        return None
    rest = condition[len(fact):]
    if rest.startswith("("):
        close = rest.find(")")
        rest = rest[close + 1:] if close >= 0 else ""
    return rest[1:] if rest.startswith(" ") and len(rest) > 1 else None


def clause_exceptions(clauses: list[str], stated: list[StatedCondition]) -> dict[int, str | None]:
    """The conditions that do not rest on the rule's first clause, when the rule cites several
    (the rest do; null: on none), or that rest on one of their own when it cites one."""
    first = clauses[0] if len(clauses) > 1 else UNSET
    return {i: given(s.clause) for i, s in enumerate(stated) if s.clause != first}


def condition_clause(rule: StatedRule, at: int):
    """The clause a rule's condition at a position rests on (UNSET: none of its own)."""
    if at in rule.condition_clauses:
        found = rule.condition_clauses[at]
        return UNSET if found is None else found
    return rule.clauses[0] if len(rule.clauses) > 1 else UNSET


def all_of(truths) -> bool | None:
    """Whether a rule's body holds from its conditions: false if one fails, true if all hold,
    else unknown (null). A trace states `holds` only where it is not this."""
    truths = list(truths)
    return False if False in truths else True if all(t is True for t in truths) else None
