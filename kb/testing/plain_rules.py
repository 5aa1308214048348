"""The plain oracle's rule bodies as Python closures (kb.testing.plain): each literal a function
(state, binding) -> Kleene truth, written apart from the engine's re-check on purpose, so the
differential tests compare two independent readings of the same compiled rules.
"""
from __future__ import annotations

import itertools
from typing import Callable

from grammar import ast
from kb.compile.vocabulary import CASE_BY_CASE
from kb.core.facts import ALL_FACTS, DERIVED_FACTS
from kb.compile.levels import Unsupported
from kb.core.model import CompiledRule, Jurisdiction

Truth = bool | None


class NoValue:
    def __repr__(self) -> str:
        return "none"


NO_VALUE = NoValue()
UNKNOWN = object()     # a value expression over an absent fact


def k_or(a: Truth, b: Truth) -> Truth:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def kleene_compare(a, op, b) -> bool:
    if a is NO_VALUE or b is NO_VALUE:
        return False
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if isinstance(a, str) or isinstance(b, str):
        return False
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


class State:
    __slots__ = ("facts", "params", "people", "truth")

    def __init__(self, facts, params, people, truth):
        self.facts = facts
        self.params = params
        self.people = people
        self.truth = truth


LiteralFn = Callable[[State, dict], Truth]
ValueFn = Callable[[State, dict], object]


class RuleCompiler:
    """Compiles rule bodies into Python closures; `membership` is the engine's membership run."""

    def __init__(self, j: Jurisdiction, membership: bool):
        self.j = j
        self.membership = membership

    def literal(self, lit: ast.Literal) -> LiteralFn:
        fn = self._comparison(lit) if lit.is_comparison else self._atom(lit.left)
        if lit.negated:
            inner = fn

            def fn(st, env, inner=inner):
                v = inner(st, env)
                return None if v is None else not v
        return fn

    def _atom(self, atom) -> LiteralFn:
        j = self.j
        if isinstance(atom, ast.Name):
            name = atom.name
            if name == CASE_BY_CASE:
                return lambda st, env: None
            if name in ALL_FACTS:
                def fact(st, env, name=name):
                    v = st.facts.get(name)
                    return None if v is None else bool(v)
                return fact
            if self.membership and name not in ("listed",):
                return lambda st, env: False
            if name in j.per_member_predicates:
                def any_of(st, env, name=name):
                    values = st.truth.get(name)
                    if not values:
                        return False
                    out = False
                    for v in values.values():
                        if v is True:
                            return True
                        if v is None:
                            out = None
                    return out
                return any_of

            def household(st, env, name=name):
                values = st.truth.get(name)
                return values.get((), False) if values else False
            return household
        name = atom.name
        if name == CASE_BY_CASE:        # case_by_case("reason")
            return lambda st, env: None
        if isinstance(atom.arg, ast.Str):
            code = atom.arg.value

            def code_test(st, env, name=name, code=code):
                codes = st.facts.get(name)
                return None if codes is None else code in codes
            return code_test
        var = atom.arg.name
        if name in ALL_FACTS:
            def person_fact(st, env, name=name, var=var):
                v = st.people[env[var]].get(name)
                return None if v is None else bool(v)
            return person_fact
        if name == "listed":
            return lambda st, env: True
        if self.membership:
            if name == "member":
                raise Unsupported("a membership rule reads member(P): recursion is not handled")
            return lambda st, env: False

        def person_pred(st, env, name=name, var=var):
            values = st.truth.get(name)
            return values.get((env[var],), False) if values else False
        return person_pred

    def _comparison(self, lit: ast.Literal) -> LiteralFn:
        left, right, op = self.value(lit.left), self.value(lit.right), lit.op

        def compare(st, env):
            a = left(st, env)
            b = right(st, env)
            if a is UNKNOWN or b is UNKNOWN:
                return None
            return kleene_compare(a, op, b)
        return compare

    def value(self, expr) -> ValueFn:
        if isinstance(expr, (ast.Number, ast.Str)):
            const = expr.value
            return lambda st, env: const
        if isinstance(expr, ast.Name):
            name = expr.name
            derived_in_membership = self.membership and name in DERIVED_FACTS

            def name_value(st, env):
                if name in st.params:
                    return st.params[name]
                if derived_in_membership:
                    return UNKNOWN
                v = st.facts.get(name)
                # the engine turns numbers into Fractions; ints and Fractions compare and
                # multiply exactly as they are, so they are left alone here
                return UNKNOWN if v is None else v
            return name_value
        if isinstance(expr, ast.Call):
            name, var = expr.name, expr.arg.name
            absent = ALL_FACTS[name].absent_means is not None

            def person_value(st, env):
                v = st.people[env[var]].get(name)
                if v is None:
                    return NO_VALUE if absent else UNKNOWN
                return v
            return person_value
        if isinstance(expr, ast.BinOp):
            left, right, op = self.value(expr.left), self.value(expr.right), expr.op

            def arith(st, env):
                a = left(st, env)
                b = right(st, env)
                if a is UNKNOWN or b is UNKNOWN:
                    return UNKNOWN
                if a is NO_VALUE or b is NO_VALUE:
                    return NO_VALUE
                return a + b if op == "+" else a - b if op == "-" else a * b
            return arith
        raise Unsupported(f"unexpected expression {expr!r}")


class PlainRule:
    __slots__ = ("rule", "head_var", "vars", "body", "covers")

    def __init__(self, rule: CompiledRule, compiler: RuleCompiler):
        self.rule = rule
        self.head_var = rule.head.var.name if rule.head.var is not None else None
        self.covers = rule.covers
        self.vars = rule.variables
        self.body = [compiler.literal(lit) for lit in rule.body]

    def _conjunction(self, st: State, env) -> Truth:
        """Kleene AND of the body under one binding, stopping at the first false literal."""
        t: Truth = True
        for lit in self.body:
            v = lit(st, env)
            if v is False:
                return False
            if v is None:
                t = None
        return t

    def run(self, st: State, out: dict, pids: list[str], covered: dict | None = None) -> Truth:
        """Adds this rule's truth per key into `out`; returns its Kleene OR over all bindings.
        For a family category's rule written for one member (`covers`), `covered` gets the truth
        per member covered."""
        if not self.vars:
            t = self._conjunction(st, None)
            out[()] = k_or(out.get((), False), t)
            return t
        overall: Truth = False
        head_var = self.head_var
        combos = ([{self.vars[0]: p} for p in pids] if len(self.vars) == 1 else
                  [dict(zip(self.vars, c)) for c in itertools.product(pids, repeat=len(self.vars))])
        for env in combos:
            t = self._conjunction(st, env)
            key = (env[head_var],) if head_var is not None else ()
            out[key] = k_or(out.get(key, False), t)
            overall = k_or(overall, t)
            if covered is not None and self.covers is not None:
                who = env[self.covers]
                covered[who] = k_or(covered.get(who, False), t)
        return overall
