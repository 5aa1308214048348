"""Clauses of one head that begin alike, resolved once: pyDatalog resolves every clause of a
subgoal separately, copying the rest of its body for each binding alive, so literals that
several rules of a head share are loaded as one tabled helper (`shared_prefixes`), and a
household-level test that they all begin with is tested once (`gates`).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from pyDatalog.pyParser import Term

from grammar import ast
from kb.compile.body import literal_vars
from kb.core.model import Jurisdiction
from kb.evaluate.datalog_rules import _AUX, H, RuleBuilder, finish


@dataclass(frozen=True)
class SharedPrefix:
    """The first `length` ordered body literals of several rules of one head, derived once as
    the helper `name(H, member vars...)`: pyDatalog tables the helper's rows, where each rule
    would otherwise resolve the same literals again for every binding alive (大冶's 特困 rules
    share five of their six conditions)."""
    name: str
    args: tuple[str, ...]
    length: int
    bound_people: frozenset[str]
    gate: bool = False   # the helper is the rest after one shared household-level literal (`gates`)


def shared_prefixes(j: Jurisdiction, prefix: str, params: dict[str, Fraction]) -> dict[int, SharedPrefix]:
    """Per rule (by position in j.rules), the helper standing for the first literals it shares
    with other rules of its head: rules grouped by their first two ordered literals (a single
    shared literal is one tabled subgoal already), the group's common prefix loaded once."""
    groups: dict[tuple, list[tuple[int, list]]] = {}
    for i, rule in enumerate(j.rules):
        lits = RuleBuilder(j, rule, prefix, params).ordered()
        if len(lits) >= 2:
            texts = [ast.render_literal(lit) for lit in lits]
            groups.setdefault((rule.head.name, *texts[:2]), []).append((i, lits, texts))
    out = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        length = min(len(texts) for _, _, texts in members)
        first = members[0][2]
        for _, _, texts in members:
            length = next((k for k in range(2, length) if texts[k] != first[k]), length)
        i0, lits0 = members[0][0], members[0][1][:length]
        names = list(dict.fromkeys(v.name for lit in lits0 for v in literal_vars(lit)))
        builder = RuleBuilder(j, j.rules[i0], prefix, params)
        terms = finish([t for lit in lits0 for t in builder.literal(lit)])
        shared = SharedPrefix(f"{prefix}__shared{next(_AUX)}", (H, *names), length,
                              frozenset(builder.bound_people))
        body = terms[0]
        for t in terms[1:]:
            body = body & t
        Term(shared.name)(*(builder.var(n) for n in shared.args)) <= body
        for i, _, _ in members:
            out[i] = shared
    out.update(gates(j, prefix, params, {i for i in range(len(j.rules)) if i not in out}))
    return out


def gates(j: Jurisdiction, prefix: str, params: dict[str, Fraction], free: set[int]) -> dict[int, SharedPrefix]:
    """Rules of one plain head whose first ordered literal is the same household-level test
    (大冶's 危房改造 and 受灾 rules): `head <= test & rest(H[, P])`, each rule deriving `rest`.
    A household failing the test costs one clause, not one per rule."""
    groups: dict[tuple, list[tuple[int, list]]] = {}
    for i in sorted(free):
        rule = j.rules[i]
        lits = RuleBuilder(j, rule, prefix, params).ordered()
        if lits and rule.head.value is None and rule.head.subtype is None and not literal_vars(lits[0]):
            groups.setdefault((rule.head.name, ast.render_literal(lits[0])), []).append((i, lits))
    out = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        i0, lits0 = members[0]
        builder = RuleBuilder(j, j.rules[i0], prefix, params)
        head = j.rules[i0].head
        args = (H, head.var.name) if head.var is not None else (H,)
        gate = SharedPrefix(f"{prefix}__gate{next(_AUX)}", args, 1, frozenset(), gate=True)
        terms = finish(builder.literal(lits0[0])) + [Term(gate.name)(*(builder.var(n) for n in args))]
        body = terms[0]
        for t in terms[1:]:
            body = body & t
        for h in builder.heads():
            h <= body
        for i, _ in members:
            out[i] = gate
    return out
