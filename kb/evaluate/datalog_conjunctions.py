"""Consecutive fact tests of one rule asked as one lookup: `pf_work_ability(H, P, "none") &
pf_livelihood_source(H, P, false) & pf_has_capable_supporter(H, P, false)` (大冶's 特困) becomes
`pf_all<n>(H, P)`, served by one resolver call that makes the three tests
(datalog_resolvers.conjunction_resolver). pyDatalog resolves a rule one literal at a time, a
subgoal per literal and member; the tests are the same, made in the same order with the same
bindings, in one step. Rules differing only in one joined test are joined too (`join_alternatives`).

Only tests of stated facts whose terms are the household, at most one member variable, and
constants are joined (no value is bound for a later literal to read).
"""
from __future__ import annotations

import itertools

from pyDatalog import pyEngine

from kb.evaluate.datalog_clauses import merge_differing_in_one, variables
from kb.evaluate.datalog_rules import OP_NAMES

CONJUNCTIONS: dict[str, tuple] = {}   # `hf_all<n>` / `pf_all<n>` -> its tests: (predicate, terms)
PAIRS: dict[str, tuple[str, str, str]] = {}   # `hf_pair<n>` -> (fact predicate, operator, fact predicate)
ALTERNATIVES: dict[str, tuple] = {}   # `hf_any<n>` / `pf_any<n>` -> the joined tests any of which holds
_NAMES: dict[tuple, str] = {}          # the same tests (by predicate and terms) -> one name
_COUNT = itertools.count()
H_SLOT, P_SLOT = "H", "P"              # slots of a test's terms: the household, the member


def join_tests(preds: list) -> None:
    """Join each run of consecutive joinable tests in every rule of `preds`; a run of one test
    too, whose resolver then reads the household's values directly. Two household facts looked
    up only to be compared (`hf_rigid_expenditure(H, V1) & hf_annual_income(H, V2) & V1 > V2`)
    are one test first (`_compared_pairs`)."""
    for pred in preds:
        for clause in list(pred.clauses.values()):
            body, run = [], []
            for lit in _compared_pairs(clause):
                if _joinable(lit, run):
                    run.append(lit)
                    continue
                body.extend([_joined(run)] if run else run)
                run = [lit] if _joinable(lit, []) else []
                if not run:
                    body.append(lit)
            body.extend([_joined(run)] if run else run)
            if len(body) != len(clause.body) or any(new is not old for new, old in zip(body, clause.body)):
                pyEngine.retract(clause)
                pyEngine.assert_(pyEngine.Clause(clause.head, body))


def _compared_pairs(clause) -> list:
    """The clause's body with each comparison of two household facts' values, each value read
    nowhere else, as one test `hf_pair<n>(H)` in the comparison's place (PAIRS): the lookups
    bind only the values compared, so the body derives the same; pyDatalog resolves one
    subgoal where it resolved three and unified each value found with the rule."""
    body = list(clause.body)
    counts: dict = {}
    for lit in (clause.head, *body):
        for t in lit.terms:
            for name in variables(t):
                counts[name] = counts.get(name, 0) + 1
    lookups = {lit.terms[1].id: k for k, lit in enumerate(body) if _household_lookup(lit)}
    for i, lit in enumerate(body):
        if lit.pred.name not in OP_NAMES or len(lit.terms) != 2 or not all(type(t) is pyEngine.Var for t in lit.terms):
            continue
        a, b = (lookups.get(t.id) for t in lit.terms)
        if a is None or b is None or a == b or a > i or b > i or any(counts[t.id] != 2 for t in lit.terms) \
                or body[a].terms[0].id != body[b].terms[0].id:
            continue
        key = (body[a].pred.name, lit.pred.name, body[b].pred.name)
        name = _NAMES.get(("pair", key))
        if name is None:
            name = _NAMES[("pair", key)] = f"hf_pair{next(_COUNT)}"
            PAIRS[name] = key
        body[i] = pyEngine.Literal(name, [body[a].terms[0]])
        body[a] = body[b] = None
    return [lit for lit in body if lit is not None]


def _household_lookup(lit) -> bool:
    """`hf_fact(H, V)`: a stated household fact's value looked up into a variable."""
    name, terms = lit.pred.name, lit.terms
    return (name.startswith("hf_") and "__" not in name and name not in CONJUNCTIONS and len(terms) == 2
            and all(type(t) is pyEngine.Var for t in terms))


def _joinable(lit, run: list) -> bool:
    """A stated fact's test (`hf_`/`pf_`, not negated) whose terms are the household, for a
    person fact a member variable (the run's), then constants."""
    name = lit.pred.name
    if not name.startswith(("hf_", "pf_")) or name in CONJUNCTIONS or name in ALTERNATIVES:
        return False
    keys = 2 if name.startswith("pf_") else 1
    terms = lit.terms
    if len(terms) < keys or not all(isinstance(t, pyEngine.Const) for t in terms[keys:]):
        return False
    if type(terms[0]) is not pyEngine.Var:
        return False
    if keys == 2 and type(terms[1]) is not pyEngine.Var:
        return False
    for other in run:
        if other.terms[0].id != terms[0].id:
            return False
        if keys == 2 and other.pred.name.startswith("pf_") and other.terms[1].id != terms[1].id:
            return False
    return True


def _joined(run: list):
    h = run[0].terms[0]
    p = next((lit.terms[1] for lit in run if lit.pred.name.startswith("pf_")), None)
    tests = tuple((lit.pred.name, tuple(H_SLOT if k == 0 else P_SLOT if k == 1 and lit.pred.name.startswith("pf_") else t
                                        for k, t in enumerate(lit.terms))) for lit in run)
    shape = tuple((name, tuple(t if isinstance(t, str) else (type(t.id), t.id) for t in terms))
                  for name, terms in tests)
    name = _NAMES.get(shape)
    if name is None:
        name = _NAMES[shape] = f"{'hf' if p is None else 'pf'}_all{next(_COUNT)}"
        CONJUNCTIONS[name] = tests
    return pyEngine.Literal(name, [h] if p is None else [h, p])


def join_alternatives(pred) -> None:
    """Rules of one head that differ only in one joined test (大冶's members: the relation, age
    and study tests of each definition; 特困: age or disability) become one rule whose test holds
    where any of theirs does (`ALTERNATIVES`): one resolver call, where pyDatalog would resolve
    each rule and table each test's subgoal."""
    def joined_terms(lit):
        return tuple(t.id for t in lit.terms) if lit.pred.name in CONJUNCTIONS else None

    def any_test(joined):
        tests = tuple(dict.fromkeys(lit.pred.name for lit in joined))
        name = _NAMES.get(("any", tests))
        if name is None:
            name = _NAMES[("any", tests)] = f"{joined[0].pred.name[:2]}_any{next(_COUNT)}"
            ALTERNATIVES[name] = tests
        return pyEngine.Literal(name, list(joined[0].terms))
    merge_differing_in_one(pred, joined_terms, any_test)
