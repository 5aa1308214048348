"""Three-valued re-check of every compiled rule against one household's facts.

pyDatalog derives what holds (closed world); this evaluator re-checks each body literal with
unknown kept unknown (Kleene logic), recording the actual value and threshold of every
condition. Its traces are the explanations (why, why not, what is missing); its truth values
decide `undetermined`, and the engine cross-checks them with pyDatalog's answer.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

from grammar import ast
from .facts import ALL_FACTS, BOOLEAN, CODES, HOUSEHOLD, Household
from .model import CompiledRule, Jurisdiction
from .money import fmt, fmt_plain

Truth = bool | None   # None = unknown


class _NoValue:
    """A fact whose absence is a known "none" (e.g. no disability grade): every test on it fails."""

    def __repr__(self) -> str:
        return "none"


NO_VALUE = _NoValue()
CASE_BY_CASE = "case_by_case"


def t_and(values) -> Truth:
    values = list(values)
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def t_or(values) -> Truth:
    values = list(values)
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def t_not(value: Truth) -> Truth:
    return None if value is None else not value


@dataclass
class Condition:
    text: str
    holds: Truth
    fact: str | None = None          # fact or predicate the condition is about
    value: object = None             # its actual value (None if unknown)
    test: str | None = None          # e.g. "< dibao_standard (8400)"
    missing: list[str] = field(default_factory=list)
    predicate: str | None = None     # set when the literal refers to another rule's head
    member: str | None = None
    op: str | None = None            # normalised comparison, for counterfactuals
    threshold: Fraction | None = None
    negated: bool = False
    note: str | None = None


@dataclass
class RuleTrace:
    rule: CompiledRule
    binding: dict[str, str]
    holds: Truth
    conditions: list[Condition]

    @property
    def key(self) -> tuple:
        var = self.rule.head.var
        return (self.binding[var.name],) if var is not None else ()


@dataclass
class Evaluation:
    jurisdiction: Jurisdiction
    truth: dict[str, dict[tuple, Truth]]
    traces: dict[str, list[RuleTrace]]
    params_used: set[str]


class Evaluator:
    def __init__(self, j: Jurisdiction, household: Household, derived: dict[str, object],
                 derived_missing: dict[str, list[str]], params: dict[str, Fraction],
                 membership: dict[str, Truth] | None = None):
        self.j = j
        self.h = household
        self.facts = {**household.facts, **derived}
        self.derived_missing = derived_missing
        self.params = params
        self.people = {p.id: p for p in household.members}
        self.truth: dict[str, dict[tuple, Truth]] = {"listed": {(pid,): True for pid in self.people}}
        if membership is not None:
            self.truth["member"] = {(pid,): v for pid, v in membership.items()}
        self.traces: dict[str, list[RuleTrace]] = {}
        self.params_used: set[str] = set()

    # -- whole evaluation -----------------------------------------------------------
    def run(self, only: set[str] | None = None) -> Evaluation:
        preset = "member" in self.truth
        for scc in self.j.strata:
            if only is not None and not set(scc) & only:
                continue
            if preset and scc == ["member"]:
                continue
            self._solve(scc)
        return Evaluation(self.j, self.truth, self.traces, self.params_used)

    def _solve(self, scc: list[str]) -> None:
        rules = [r for r in self.j.rules if r.head.name in scc]
        if not rules:
            for p in scc:
                self.truth.setdefault(p, {})
            return
        recursive = len(scc) > 1 or any(scc[0] in r.reads_predicates for r in rules)
        for p in scc:
            self.truth[p] = {}
        for _ in range(64 if recursive else 1):
            traces = {p: [] for p in scc}
            for rule in rules:
                for binding in self._bindings(rule):
                    conds = [self._literal(lit, binding) for lit in rule.body]
                    traces[rule.head.name].append(RuleTrace(rule, binding, t_and(c.holds for c in conds), conds))
            new = {p: _collect(traces[p]) for p in scc}
            changed = any(new[p] != self.truth.get(p) for p in scc)
            for p in scc:
                self.truth[p] = new[p]
                self.traces[p] = traces[p]
            if not changed:
                break

    def _bindings(self, rule: CompiledRule):
        names = list(rule.variables)
        if not names:
            yield {}
            return
        for combo in itertools.product(self.people, repeat=len(names)):
            yield dict(zip(names, combo))

    # -- literals -------------------------------------------------------------------
    def _literal(self, lit: ast.Literal, env: dict[str, str]) -> Condition:
        cond = self._comparison(lit, env) if lit.is_comparison else self._atom(lit.left, env)
        if lit.negated:
            cond.holds = t_not(cond.holds)
            cond.negated = True
            cond.text = "not " + cond.text
            if cond.test == "is true":
                cond.test = "is false"
            elif cond.test and lit.is_comparison:
                cond.test = f"not {cond.test}"
            if cond.op:
                cond.op = _NEGATE[cond.op]
        return cond

    def _atom(self, atom, env) -> Condition:
        if isinstance(atom, ast.Name):
            name = atom.name
            if name == CASE_BY_CASE:
                return Condition(name, None, note="一事一议 (decided case by case)")
            if name in ALL_FACTS:
                value = self.facts.get(name)
                spec = ALL_FACTS[name]
                return Condition(name, None if value is None else bool(value), fact=name, value=value,
                                 test="is true", missing=[] if value is not None else [spec.rdf_term])
            values = self.truth.get(name, {})
            if name in self.j.per_member_predicates:
                holds = t_or(values.values()) if values else False
            else:
                holds = values.get((), False)
            return Condition(name, holds, predicate=name, missing=self._missing_of(name, None) if holds is None else [])
        name = atom.name
        if name == CASE_BY_CASE:
            return Condition(f'{name}("{atom.arg.value}")', None, note=atom.arg.value)
        if isinstance(atom.arg, ast.Str):   # a code-set test such as problem("housing_safety")
            codes = self.facts.get(name)
            spec = ALL_FACTS[name]
            holds = None if codes is None else atom.arg.value in codes
            return Condition(f'{name}("{atom.arg.value}")', holds, fact=name,
                             value=sorted(codes) if codes is not None else None,
                             test=f"includes {atom.arg.value}", missing=[] if codes is not None else [spec.rdf_term])
        pid = env[atom.arg.name]
        if name in ALL_FACTS:
            value = self.people[pid].facts.get(name)
            spec = ALL_FACTS[name]
            return Condition(f"{name}({atom.arg.name})", None if value is None else bool(value), fact=name,
                             value=value, test="is true", member=pid,
                             missing=[] if value is not None else [f"{spec.rdf_term} of <{pid}>"])
        holds = self.truth.get(name, {}).get((pid,), False)
        return Condition(f"{name}({atom.arg.name})", holds, predicate=name, member=pid,
                         missing=self._missing_of(name, (pid,)) if holds is None else [])

    def _missing_of(self, predicate: str, key: tuple | None) -> list[str]:
        """The facts that would decide an undetermined predicate: those of its unknown rule bodies."""
        if predicate == "member" and "member" not in self.traces:
            return []
        return sorted({m for t in self.traces.get(predicate, [])
                       if t.holds is None and (key is None or t.key == key)
                       for c in t.conditions if c.holds is None for m in c.missing})

    def _comparison(self, lit: ast.Literal, env) -> Condition:
        left, lmiss = self._value(lit.left, env)
        right, rmiss = self._value(lit.right, env)
        missing = lmiss + rmiss
        holds = None if missing else _compare(left, lit.op, right)
        fact_name = _subject(lit.left)
        member = env.get(lit.left.arg.name) if isinstance(lit.left, ast.Call) and isinstance(lit.left.arg, ast.Var) else None
        right_text = render(lit.right)
        shown = _show(right)
        test = f"{lit.op} {right_text}" + (f" ({shown})" if shown is not None and shown != right_text else "")
        cond = Condition(f"{render(lit.left)} {lit.op} {right_text}", holds, fact=fact_name, value=left,
                         test=test, missing=missing, member=member)
        if isinstance(right, (Fraction, str)) and fact_name is not None:
            cond.op, cond.threshold = lit.op, right
        return cond

    def _value(self, expr, env) -> tuple[object, list[str]]:
        if isinstance(expr, ast.Number):
            return expr.value, []
        if isinstance(expr, ast.Str):
            return expr.value, []
        if isinstance(expr, ast.Name):
            if expr.name in self.params:
                self.params_used.add(expr.name)
                return self.params[expr.name], []
            if expr.name in self.j.parameters:   # declared, but no value in force at this date
                return None, [f"parameter {self.j.id}.{expr.name} (no value in force on "
                              f"{self.h.assessment_date.isoformat()})"]
            value = self.facts.get(expr.name)
            if value is None:
                if expr.name in self.derived_missing:
                    return None, list(self.derived_missing[expr.name])
                return None, [ALL_FACTS[expr.name].rdf_term]
            return _exact(value), []
        if isinstance(expr, ast.Call):
            pid = env[expr.arg.name]
            value = self.people[pid].facts.get(expr.name)
            if value is None and ALL_FACTS[expr.name].absent_means:
                return NO_VALUE, []
            if value is None:
                return None, [f"{ALL_FACTS[expr.name].rdf_term} of <{pid}>"]
            return _exact(value), []
        if isinstance(expr, ast.BinOp):
            l, lm = self._value(expr.left, env)
            r, rm = self._value(expr.right, env)
            if lm or rm:
                return None, lm + rm
            if l is NO_VALUE or r is NO_VALUE:
                return NO_VALUE, []
            return {"+": l + r, "-": l - r, "*": l * r}[expr.op], []
        return None, []


def _exact(value):
    """Numbers as Fractions (ints widened), anything else (codes, booleans) as it is."""
    kind = type(value)
    if kind is Fraction or kind is str or kind is bool:
        return value
    return Fraction(value) if kind is int else value


_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def _compare(a, op, b) -> bool:
    if a is NO_VALUE or b is NO_VALUE:
        return False
    if op in ("==", "!="):
        return (a == b) == (op == "==")
    if isinstance(a, str) or isinstance(b, str):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _collect(traces: list[RuleTrace]) -> dict[tuple, Truth]:
    out: dict[tuple, list[Truth]] = {}
    for t in traces:
        out.setdefault(t.key, []).append(t.holds)
    return {k: t_or(v) for k, v in out.items()}


def _subject(expr) -> str | None:
    if isinstance(expr, ast.Name) and expr.name in ALL_FACTS:
        return expr.name
    if isinstance(expr, ast.Call) and expr.name in ALL_FACTS:
        return expr.name
    return None


def render(expr) -> str:
    if isinstance(expr, ast.Number):
        return expr.text
    if isinstance(expr, ast.Str):
        return f'"{expr.value}"'
    if isinstance(expr, ast.Name):
        return expr.name
    if isinstance(expr, ast.Call):
        arg = expr.arg
        return f"{expr.name}({arg.name if isinstance(arg, (ast.Var, ast.Name)) else render(arg)})"
    if isinstance(expr, ast.BinOp):
        return f"{render(expr.left)} {expr.op} {render(expr.right)}"
    return "?"


def _show(value) -> str | None:
    if isinstance(value, Fraction):
        return fmt_plain(value) if value.denominator == 1 else fmt(value)
    return None
