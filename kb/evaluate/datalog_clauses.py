"""pyDatalog's own clauses read as data, for the rewrites of a loaded program (datalog_rewrite,
datalog_conjunctions): a literal's key as the rewrites compare literals, the variables of a
term, and rules of one head merged where they differ in one literal.
"""
from __future__ import annotations

from typing import Callable

from pyDatalog import pyEngine


def literal_key(literal) -> tuple:
    """A literal as compared: its predicate and terms (variables by name, constants with their
    type, since pyDatalog matches 1, 1.0 and True as one constant but the rules never mean to)."""
    return (literal.pred.id, *(term_key(t, _by_name) for t in literal.terms))


def _by_name(name) -> tuple:
    return ("var", name)


def term_key(t, var) -> tuple:
    """A term as compared, `var` naming its variables: an arithmetic operation or a tuple by its
    parts, so that a variable inside one is the variable it is elsewhere."""
    if isinstance(t, pyEngine.Const):
        return (type(t.id), t.id)
    if isinstance(t, pyEngine.Operation):
        return ("op", term_key(t.lhs, var), t.operator_id, term_key(t.rhs, var))
    if isinstance(t, pyEngine.VarTuple):
        return ("tuple", *(term_key(e, var) for e in t._id))
    return var(t.id)


def variables(t):
    """The names of the variables in a term (inside an operation or a tuple too)."""
    if isinstance(t, pyEngine.Const):
        return
    if isinstance(t, pyEngine.Operation):
        yield from variables(t.lhs)
        yield from variables(t.rhs)
    elif isinstance(t, pyEngine.VarTuple):
        for e in t._id:
            yield from variables(e)
    else:
        yield t.id


def merge_differing_in_one(pred, fixed_part: Callable, merged: Callable) -> None:
    """Rules of `pred` alike but for one body literal at the same position become one rule with
    `merged(those literals)` in its place. `fixed_part(literal)` is what must be equal in the
    literal that differs (None: a literal that may not differ); each rule is merged once."""
    groups: dict[tuple, list] = {}
    for c in pred.clauses.values():
        keys = [literal_key(lit) for lit in c.body]
        for i, lit in enumerate(c.body):
            fixed = fixed_part(lit)
            if fixed is not None:
                groups.setdefault((literal_key(c.head), i, fixed, *keys[:i], *keys[i + 1:]), []).append(c)
    used = set()
    for (_, i, *_), members in groups.items():
        members = [c for c in members if id(c) not in used]
        if len(members) < 2:
            continue
        used.update(id(c) for c in members)
        first = members[0]
        literal = merged([c.body[i] for c in members])
        for c in members:
            pyEngine.retract(c)
        pyEngine.assert_(pyEngine.Clause(first.head, [*first.body[:i], literal, *first.body[i + 1:]]))
