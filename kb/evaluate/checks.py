"""Each body literal of a jurisdiction's rules compiled once into a check function
(evaluator, binding) -> Condition, with its texts rendered once: the re-check runs for every
household, the rules change only on reload.
"""
from __future__ import annotations

import operator
from fractions import Fraction

from grammar import ast
from kb.core.facts import ALL_FACTS
from kb.core.model import CompiledRule, Jurisdiction
from kb.core.money import fmt, fmt_plain
from kb.evaluate.conditions import CASE_BY_CASE, COMPARE, NEGATE, NO_VALUE, Condition, exact, t_or


class _Plan:
    """A jurisdiction's rules ready for the re-check: per stratum, its rules with the checks of
    their body literals and the clause each condition rests on, and whether it is recursive."""

    def __init__(self, j: Jurisdiction):
        self.jurisdiction = j
        self.strata: dict[tuple, tuple[list, bool]] = {}
        for scc in j.strata:
            rules = [r for r in j.rules if r.head.name in scc]
            recursive = len(scc) > 1 or any(scc[0] in r.reads_predicates for r in rules)
            self.strata[tuple(scc)] = ([(r, tuple(_compile_literal(j, lit) for lit in r.body), _clause_of(r),
                                         *_binding_plan(r)) for r in rules], recursive)


def _clause_of(rule: CompiledRule) -> tuple[int | None, ...] | None:
    """For a rule citing several sentences: the index of the clause each condition rests on."""
    if len(rule.clauses) < 2:
        return None
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


def _compile_literal(j: Jurisdiction, lit: ast.Literal):
    check = _compile_comparison(j, lit) if lit.is_comparison else _compile_atom(j, lit.left)
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


def _compile_atom(j: Jurisdiction, atom):
    text = ast.render(atom)
    if isinstance(atom, ast.Name):
        name = atom.name
        if name == CASE_BY_CASE:
            return lambda ev, env: Condition(name, None, note="一事一议 (decided case by case)")
        if name in ALL_FACTS:
            term = [ALL_FACTS[name].rdf_term]

            def household_fact(ev, env):
                value = ev.facts.get(name)
                return Condition(name, None if value is None else bool(value), fact=name, value=value,
                                 test="is true", missing=[] if value is not None else list(term))
            return household_fact
        per_member = name in j.per_member_predicates

        def household_predicate(ev, env):
            values = ev.truth.get(name, {})
            holds = (t_or(values.values()) if values else False) if per_member else values.get((), False)
            return Condition(name, holds, predicate=name, missing=ev._missing_of(name, None) if holds is None else [])
        return household_predicate
    name = atom.name
    if name == CASE_BY_CASE:
        note = atom.arg.value
        return lambda ev, env: Condition(text, None, note=note)
    if isinstance(atom.arg, ast.Str):   # a code-set test such as problem("housing_safety")
        code = atom.arg.value
        term, test = ALL_FACTS[name].rdf_term, f"includes {atom.arg.value}"

        def code_test(ev, env):
            codes = ev.facts.get(name)
            return Condition(text, None if codes is None else code in codes, fact=name,
                             value=sorted(codes) if codes is not None else None,
                             test=test, missing=[] if codes is not None else [term])
        return code_test
    var = atom.arg.name
    if name in ALL_FACTS:
        term = ALL_FACTS[name].rdf_term

        def person_fact(ev, env):
            pid = env[var]
            value = ev.people[pid].facts.get(name)
            return Condition(text, None if value is None else bool(value), fact=name, value=value,
                             test="is true", member=pid,
                             missing=[] if value is not None else [f"{term} of <{pid}>"])
        return person_fact

    def person_predicate(ev, env):
        pid = env[var]
        holds = ev.truth.get(name, {}).get((pid,), False)
        return Condition(text, holds, predicate=name, member=pid,
                         missing=ev._missing_of(name, (pid,)) if holds is None else [])
    return person_predicate


def _compile_comparison(j: Jurisdiction, lit: ast.Literal):
    left, right, op = _compile_value(j, lit.left), _compile_value(j, lit.right), lit.op
    fact_name = _subject(lit.left)
    member_var = lit.left.arg.name if isinstance(lit.left, ast.Call) and isinstance(lit.left.arg, ast.Var) else None
    right_text = ast.render(lit.right)
    text = f"{ast.render(lit.left)} {op} {right_text}"
    plain_test = f"{op} {right_text}"
    compare, ordering = COMPARE[op], _ORDERING[op]
    # the test text for each threshold seen, keyed by the value's identity: thresholds are
    # parameter values, the same objects for every household (a stored value keeps its id
    # from being reused); values from a household's facts only fill the few free places
    tests: dict[int, tuple[object, str]] = {}

    def test_of(rvalue) -> str:
        seen = tests.get(id(rvalue))
        if seen is not None and seen[0] is rvalue:
            return seen[1]
        shown = _show(rvalue)
        test = plain_test if shown is None or shown == right_text else f"{plain_test} ({shown})"
        if len(tests) < 32:
            tests[id(rvalue)] = (rvalue, test)
        return test

    def comparison(ev, env):
        lvalue, lmiss = left(ev, env)
        rvalue, rmiss = right(ev, env)
        missing = lmiss + rmiss if rmiss else lmiss
        if missing:
            holds = None
        elif lvalue is NO_VALUE or rvalue is NO_VALUE:
            holds = False
        elif type(lvalue) is Fraction and type(rvalue) is Fraction:
            # two exact numbers (most tests): compared as integers, as Fraction itself does,
            # without its generic dispatch (a fifth of the re-check's comparisons' time)
            ln, ld = lvalue.as_integer_ratio()
            rn, rd = rvalue.as_integer_ratio()
            holds = ordering(ln * rd, rn * ld)
        else:
            holds = compare(lvalue, rvalue)
        cond = Condition(text, holds, fact_name, lvalue, test_of(rvalue), missing,
                         member=env[member_var] if member_var else None)
        if fact_name is not None and isinstance(rvalue, (Fraction, str)):
            cond.op, cond.threshold = op, rvalue
        return cond
    return comparison


# the comparisons on two Fractions' cross products (denominators are positive)
_ORDERING = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
             ">=": operator.ge}


def _compile_value(j: Jurisdiction, expr):
    """expr -> function (evaluator, binding) -> (value, missing RDF terms)."""
    if isinstance(expr, (ast.Number, ast.Str)):
        value = expr.value
        return lambda ev, env: (value, [])
    if isinstance(expr, ast.Name):
        name = expr.name
        declared = name in j.parameters
        term = ALL_FACTS[name].rdf_term if name in ALL_FACTS else None

        def named(ev, env):
            params = ev.params
            if name in params:
                ev.params_used.add(name)
                return params[name], []
            if declared:   # declared, but no value in force at this date
                return None, [f"parameter {j.id}.{name} (no value in force on "
                              f"{ev.h.assessment_date.isoformat()})"]
            value = ev.facts.get(name)
            if value is None:
                if name in ev.derived_missing:
                    return None, list(ev.derived_missing[name])
                return None, [term]
            return exact(value), []
        return named
    if isinstance(expr, ast.Call):
        name, var = expr.name, expr.arg.name
        spec = ALL_FACTS[name]
        absent_is_none = bool(spec.absent_means)

        def person_value(ev, env):
            pid = env[var]
            value = ev.people[pid].facts.get(name)
            if value is None:
                if absent_is_none:
                    return NO_VALUE, []
                return None, [f"{spec.rdf_term} of <{pid}>"]
            return exact(value), []
        return person_value
    if isinstance(expr, ast.BinOp):
        left, right = _compile_value(j, expr.left), _compile_value(j, expr.right)
        combine = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}[expr.op]

        def binop(ev, env):
            l, lm = left(ev, env)
            r, rm = right(ev, env)
            if lm or rm:
                return None, lm + rm
            if l is NO_VALUE or r is NO_VALUE:
                return NO_VALUE, []
            return combine(l, r), []
        return binop
    return lambda ev, env: (None, [])


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
