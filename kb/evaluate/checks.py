"""Each body literal of a jurisdiction's rules compiled once into a check function
(evaluator, binding) -> Condition, with its texts rendered once: the re-check runs for every
household, the rules change only on reload.
"""
from __future__ import annotations

import dataclasses
import operator
from fractions import Fraction

from grammar import ast
from kb.compile.body import literal_vars
from kb.core.facts import ALL_FACTS
from kb.core.model import CompiledRule, Jurisdiction
from kb.core.money import fmt, fmt_plain
from kb.evaluate.conditions import CASE_BY_CASE, COMPARE, NEGATE, NO_VALUE, Condition, exact, t_or


class _Plan:
    """A jurisdiction's rules ready for the re-check: per stratum, its rules, each as (rule, its
    head's name, the checks of its body literals, its variables in binding order, where among
    them the head's member variable is), and whether the stratum is recursive."""

    def __init__(self, j: Jurisdiction):
        self.jurisdiction = j
        self.strata: dict[tuple, tuple[list, bool]] = {}
        slots: dict[tuple, int] = {}     # a literal's shape -> its place in an evaluation's memo
        for scc in j.strata:
            rules = [r for r in j.rules if r.head.name in scc]
            recursive = len(scc) > 1 or any(scc[0] in r.reads_predicates for r in rules)
            own = set(scc) if recursive else set()
            self.strata[tuple(scc)] = ([(r, r.head.name, tuple(_check(j, lit, clause, own, slots) for lit, clause
                                                               in zip(r.body, _clause_of(r))), *_binding_plan(r))
                                        for r in rules], recursive)
        self.order = [(scc, self.strata[tuple(scc)]) for scc in j.strata]   # the strata in evaluation order


def _check(j: Jurisdiction, lit: ast.Literal, clause: int | None, own: set[str], slots: dict[tuple, int]):
    """A body literal's check, its conditions shared through the evaluation's memo (`_memoized`)
    unless it reads a predicate of its own recursive stratum (whose truths change while solved)."""
    check = _compile_literal(j, lit, clause)
    if not lit.is_comparison and lit.left.name in own:
        return check
    slot = slots.setdefault(_literal_shape(lit), len(slots))
    return _memoized(check, slot, tuple(dict.fromkeys(v.name for v in literal_vars(lit))), clause)


def _literal_shape(lit: ast.Literal) -> tuple:
    """A literal as compared for sharing: what it tests, without where it is written or cited."""
    return (lit.negated, _shape(lit.left), lit.op, _shape(lit.right))


def _shape(expr) -> tuple | None:
    if expr is None:
        return None
    return (type(expr).__name__, *(_shape(v) if dataclasses.is_dataclass(v) else v
                                   for f in dataclasses.fields(expr) if f.name != "pos"
                                   for v in (getattr(expr, f.name),)))


def _memoized(check, slot: int, names: tuple[str, ...], clause: int | None):
    """`check`, made once per evaluation for each binding of the literal's own variables: the same
    literal in several rules (大冶's `member(P)` in most of them, its income and age tests in
    several) and a household-level literal under each member's binding give the condition that
    the first check gave; three in four of a 大冶 household's conditions are such repeats. A
    literal's condition depends on the facts, the parameters and the truths of predicates solved
    in earlier strata only, all fixed while the evaluation runs. Conditions are records nothing
    changes once made, so the traces share one; a copy where the rule cites another clause."""
    def shared(first: Condition) -> Condition:
        if first.clause == clause:
            return first
        cond = _copy(first)
        cond.clause = clause
        return cond

    if not names:
        def household_level(ev, env):
            first = ev.memo.get(slot)
            if first is None:
                first = ev.memo[slot] = check(ev, env)
                return first
            return first if first.clause == clause else shared(first)
        return household_level
    if len(names) == 1:
        (var,) = names

        def per_member(ev, env):
            key = (slot, env[var])
            first = ev.memo.get(key)
            if first is None:
                first = ev.memo[key] = check(ev, env)
                return first
            return first if first.clause == clause else shared(first)
        return per_member

    def per_binding(ev, env):
        key = (slot, *(env[v] for v in names))
        first = ev.memo.get(key)
        if first is None:
            first = ev.memo[key] = check(ev, env)
            return first
        return shared(first)
    return per_binding


_copy = Condition.__copy__


def _clause_of(rule: CompiledRule) -> tuple[int | None, ...]:
    """Per body literal, the index of the clause its condition rests on: for a rule citing
    several sentences; None for all of a rule citing one."""
    if len(rule.clauses) < 2:
        return (None,) * len(rule.body)
    return tuple(lit.cite - 1 if lit.cite is not None else None for lit in rule.body)


def _binding_plan(rule: CompiledRule) -> tuple[tuple[str, ...], int | None]:
    """The rule's variables in binding order, and where among them the head's member variable is."""
    names = tuple(rule.variables)
    var = rule.head.var
    return names, (names.index(var.name) if var is not None else None)


_PLANS: dict[int, _Plan] = {}


def plan_of(j: Jurisdiction) -> _Plan:
    plan = _PLANS.get(id(j))
    if plan is None or plan.jurisdiction is not j:
        plan = _PLANS[id(j)] = _Plan(j)
    return plan


def _compile_literal(j: Jurisdiction, lit: ast.Literal, clause: int | None):
    """The check of one body literal; its conditions carry `clause` (the rule's clause it rests on)."""
    check = _compile_comparison(j, lit, clause) if lit.is_comparison else _compile_atom(j, lit.left, clause)
    if not lit.negated:
        return check
    comparison = lit.is_comparison

    def negated(ev, env):
        cond = check(ev, env)
        cond.holds = None if cond.holds is None else not cond.holds
        cond.negated = True
        cond.text = "not " + cond.text
        if cond.test == "is true":
            cond.test = "is false"
        elif cond.test and comparison:
            cond.test = f"not {cond.test}"
        if cond.op:
            cond.op = NEGATE[cond.op]
        return cond
    return negated


def _compile_atom(j: Jurisdiction, atom, clause: int | None):
    text = ast.render(atom)
    if isinstance(atom, ast.Name):
        name = atom.name
        if name == CASE_BY_CASE:
            return lambda ev, env: Condition(name, None, note="一事一议 (decided case by case)", clause=clause)
        if name in ALL_FACTS:
            term = ALL_FACTS[name].rdf_term

            def household_fact(ev, env):
                value = ev.facts.get(name)
                if value is None:
                    return Condition(name, None, name, None, "is true", [term], clause=clause)
                return Condition(name, bool(value), name, value, "is true", [], clause=clause)
            return household_fact
        if name in j.per_member_predicates:
            def household_of_members(ev, env):
                values = ev.truth.get(name)
                holds = t_or(values.values()) if values else False
                return Condition(name, holds, predicate=name, clause=clause,
                                 missing=ev._missing_of(name, None) if holds is None else [])
            return household_of_members

        def household_predicate(ev, env):
            values = ev.truth.get(name)
            holds = values.get((), False) if values else False
            return Condition(name, holds, predicate=name, clause=clause,
                             missing=ev._missing_of(name, None) if holds is None else [])
        return household_predicate
    name = atom.name
    if name == CASE_BY_CASE:
        note = atom.arg.value
        return lambda ev, env: Condition(text, None, note=note, clause=clause)
    if isinstance(atom.arg, ast.Str):   # a code-set test such as problem("housing_safety")
        code = atom.arg.value
        term, test = ALL_FACTS[name].rdf_term, f"includes {atom.arg.value}"

        def code_test(ev, env):
            codes = ev.facts.get(name)
            if codes is None:
                return Condition(text, None, name, None, test, [term], clause=clause)
            return Condition(text, code in codes, name, sorted(codes), test, [], clause=clause)
        return code_test
    var = atom.arg.name
    if name in ALL_FACTS:
        term = ALL_FACTS[name].rdf_term

        def person_fact(ev, env):
            pid = env[var]
            value = ev.person_facts[pid].get(name)
            if value is None:
                return Condition(text, None, name, None, "is true", [f"{term} of <{pid}>"], member=pid, clause=clause)
            return Condition(text, bool(value), name, value, "is true", [], member=pid, clause=clause)
        return person_fact

    def person_predicate(ev, env):
        pid = env[var]
        values = ev.truth.get(name)
        holds = values.get((pid,), False) if values else False
        return Condition(text, holds, predicate=name, member=pid, clause=clause,
                         missing=ev._missing_of(name, (pid,)) if holds is None else [])
    return person_predicate


def _compile_comparison(j: Jurisdiction, lit: ast.Literal, clause: int | None):
    left, right, op = _compile_value(j, lit.left), _compile_value(j, lit.right), lit.op
    fact_name = _subject(lit.left)
    member_var = lit.left.arg.name if isinstance(lit.left, ast.Call) and isinstance(lit.left.arg, ast.Var) else None
    right_text = ast.render(lit.right)
    text = f"{ast.render(lit.left)} {op} {right_text}"
    plain_test = f"{op} {right_text}"
    compare, ordering = COMPARE[op], _ORDERING[op]
    # the test text for each threshold seen, keyed by the value's identity: thresholds are
    # parameter values, the same objects for every household (a stored value keeps its id
    # from being reused); values from a household's facts only fill the few free places.
    # The last one seen is kept apart: a threshold is mostly the one parameter value in force
    # (one tuple, replaced whole: the server re-checks on several threads at once).
    tests: dict[int, tuple[object, str]] = {}
    last: tuple[object, str | None] = (_NOTHING, None)

    def test_of(rvalue) -> str:
        nonlocal last
        seen = last
        if rvalue is seen[0]:
            return seen[1]
        seen = tests.get(id(rvalue))
        if seen is not None and seen[0] is rvalue:
            test = seen[1]
        else:
            shown = _show(rvalue)
            test = plain_test if shown is None or shown == right_text else f"{plain_test} ({shown})"
            if len(tests) >= 32:
                return test
            tests[id(rvalue)] = (rvalue, test)
        last = (rvalue, test)
        return test

    def comparison(ev, env):
        lvalue, lmiss = left(ev, env)
        rvalue, rmiss = right(ev, env)
        if lmiss or rmiss:
            holds = None
            missing = [*lmiss, *rmiss]
        else:
            missing = []
            if lvalue is NO_VALUE or rvalue is NO_VALUE:
                holds = False
            elif type(lvalue) is Fraction and type(rvalue) is Fraction:
                # two exact numbers (most tests): compared as integers, as Fraction itself does,
                # without its generic dispatch (a fifth of the re-check's comparisons' time)
                ln, ld = lvalue.as_integer_ratio()
                rn, rd = rvalue.as_integer_ratio()
                holds = ordering(ln * rd, rn * ld)
            else:
                holds = compare(lvalue, rvalue)
        if fact_name is not None and (type(rvalue) is Fraction or isinstance(rvalue, (Fraction, str))):
            return Condition(text, holds, fact_name, lvalue, test_of(rvalue), missing,
                             member=env[member_var] if member_var else None, op=op, threshold=rvalue, clause=clause)
        return Condition(text, holds, fact_name, lvalue, test_of(rvalue), missing,
                         member=env[member_var] if member_var else None, clause=clause)
    return comparison


_NOTHING = object()   # no threshold seen yet (`test_of`)
_KNOWN = ()           # a value's missing terms when it is known: none (shared, never changed)

# the comparisons on two Fractions' cross products (denominators are positive)
_ORDERING = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
             ">=": operator.ge}


def _compile_value(j: Jurisdiction, expr):
    """expr -> function (evaluator, binding) -> (value, missing RDF terms: a sequence, empty when known)."""
    if isinstance(expr, (ast.Number, ast.Str)):
        known = (expr.value, _KNOWN)
        return lambda ev, env: known
    if isinstance(expr, ast.Name):
        name = expr.name
        declared = name in j.parameters
        term = ALL_FACTS[name].rdf_term if name in ALL_FACTS else None

        def named(ev, env):
            params = ev.params
            if name in params:
                ev.params_used.add(name)
                return params[name], _KNOWN
            if declared:   # declared, but no value in force at this date
                return None, (f"parameter {j.id}.{name} (no value in force on "
                              f"{ev.h.assessment_date.isoformat()})",)
            value = ev.facts.get(name)
            if value is None:
                if name in ev.derived_missing:
                    return None, ev.derived_missing[name]
                return None, (term,)
            return exact(value), _KNOWN
        return named
    if isinstance(expr, ast.Call):
        name, var = expr.name, expr.arg.name
        spec = ALL_FACTS[name]
        absent = (NO_VALUE, _KNOWN) if spec.absent_means else None

        def person_value(ev, env):
            pid = env[var]
            value = ev.person_facts[pid].get(name)
            if value is None:
                return absent or (None, (f"{spec.rdf_term} of <{pid}>",))
            return exact(value), _KNOWN
        return person_value
    if isinstance(expr, ast.BinOp):
        left, right = _compile_value(j, expr.left), _compile_value(j, expr.right)
        combine = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}[expr.op]

        def binop(ev, env):
            l, lm = left(ev, env)
            r, rm = right(ev, env)
            if lm or rm:
                return None, (*lm, *rm)
            if l is NO_VALUE or r is NO_VALUE:
                return NO_VALUE, _KNOWN
            return combine(l, r), _KNOWN
        return binop
    unknown = (None, _KNOWN)
    return lambda ev, env: unknown


def _subject(expr) -> str | None:
    if isinstance(expr, ast.Name) and expr.name in ALL_FACTS:
        return expr.name
    if isinstance(expr, ast.Call) and expr.name in ALL_FACTS:
        return expr.name
    return None


def _show(value) -> str | None:
    if isinstance(value, Fraction):
        return fmt_plain(value) if value.denominator == 1 else fmt(value)
    return None
