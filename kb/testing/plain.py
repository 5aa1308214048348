"""A plain, hand-written Python evaluator of the compiled rules: no pyDatalog, no explanations.

It reads the same compiled AST as the engine (`kb.engine`) and the SQL batch path (`kb.batch.sql`)
and answers, per household, what the engine's answer says about each category and benefit:
status (Kleene three-valued), the deciding rule ids, subtypes, members and benefit values. It
exists for two reasons:

- as the baseline of the benchmark (`benchmarks/run.py`): "how fast is the simplest correct
  Python loop over these rules", against which the SQL path is measured;
- as the middle oracle of the differential test (`tests/batch/`): the engine is slow (tens of
  milliseconds a household), so the SQL path is compared with this evaluator on 10,000
  households per jurisdiction and this evaluator with the engine on at least 1,000.

Semantics follow `kb.evaluate.recheck.Evaluator` and `kb.engine` exactly: variables range over every
listed person; a literal over an absent fact is unknown; `and`/`or`/`not` are Kleene; an atom
naming a predicate with no derivation for the key is false; the membership rules run first in
their own context (no derived facts, no other predicates; a person without
`relation_to_applicant` is counted as listed), then the accounting of `kb.evaluate.accounting`.

The summary form (`Summary`) is shared with `kb.batch.sql` and with `summarize_answer` (engine
answers), so the three can be compared field by field:

    {"categories": {"dibao": {"status": "eligible", "rules": ["<id>.dibao_income"],
                              "subtypes": [], "members": []}, ...},
     "benefits": {"legal_aid": {"status": "eligible", "value": None}, ...},
     "persons": {"p1": {"dibao": "eligible", "tekun": "ineligible",
                        "inpatient_medical_aid": "eligible 0.70", ...}, ...}}

`persons` has, for each counted member, that member's status in every category (a family
category covers every member, or only the member its `dibao(P) :- …` rule is written for) and in
every benefit given per member, with the value that member gets.

`rules` lists the rule ids that hold when the category is eligible, the rule ids with an
undetermined binding when it is undetermined, and nothing when it is ineligible.
"""
from __future__ import annotations

import itertools
from datetime import date
from fractions import Fraction
from typing import Callable

from grammar import ast
from kb.evaluate.accounting import months_between
from kb.compile.compiler import CASE_BY_CASE
from kb.evaluate.recheck import t_or
from kb.core.facts import ALL_FACTS, DERIVED_FACTS, Household
from kb.compile.levels import Unsupported, rule_levels
from kb.core.model import CompiledRule, Jurisdiction
from kb.explain import graph
from kb.core.money import fmt

Truth = bool | None
STATUS = {True: "eligible", False: "ineligible", None: "undetermined"}


class _NoValue:
    def __repr__(self) -> str:
        return "none"


NO_VALUE = _NoValue()
_UNKNOWN = object()     # a value expression over an absent fact


def k_or(a: Truth, b: Truth) -> Truth:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def _compare(a, op, b) -> bool:
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


class _State:
    __slots__ = ("facts", "params", "people", "truth")

    def __init__(self, facts, params, people, truth):
        self.facts = facts
        self.params = params
        self.people = people
        self.truth = truth


LiteralFn = Callable[[_State, dict], Truth]
ValueFn = Callable[[_State, dict], object]


class _Compiler:
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
            if a is _UNKNOWN or b is _UNKNOWN:
                return None
            return _compare(a, op, b)
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
                    return _UNKNOWN
                v = st.facts.get(name)
                # the engine turns numbers into Fractions; ints and Fractions compare and
                # multiply exactly as they are, so they are left alone here
                return _UNKNOWN if v is None else v
            return name_value
        if isinstance(expr, ast.Call):
            name, var = expr.name, expr.arg.name
            absent = ALL_FACTS[name].absent_means is not None

            def person_value(st, env):
                v = st.people[env[var]].get(name)
                if v is None:
                    return NO_VALUE if absent else _UNKNOWN
                return v
            return person_value
        if isinstance(expr, ast.BinOp):
            left, right, op = self.value(expr.left), self.value(expr.right), expr.op

            def arith(st, env):
                a = left(st, env)
                b = right(st, env)
                if a is _UNKNOWN or b is _UNKNOWN:
                    return _UNKNOWN
                if a is NO_VALUE or b is NO_VALUE:
                    return NO_VALUE
                return a + b if op == "+" else a - b if op == "-" else a * b
            return arith
        raise Unsupported(f"unexpected expression {expr!r}")


class _Rule:
    __slots__ = ("rule", "head_var", "vars", "body", "covers")

    def __init__(self, rule: CompiledRule, compiler: _Compiler):
        self.rule = rule
        self.head_var = rule.head.var.name if rule.head.var is not None else None
        self.covers = rule.covers
        self.vars = rule.variables
        self.body = [compiler.literal(lit) for lit in rule.body]

    def _conjunction(self, st: _State, env) -> Truth:
        """Kleene AND of the body under one binding, stopping at the first false literal."""
        t: Truth = True
        for lit in self.body:
            v = lit(st, env)
            if v is False:
                return False
            if v is None:
                t = None
        return t

    def run(self, st: _State, out: dict, pids: list[str], covered: dict | None = None) -> Truth:
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


class PlainEvaluator:
    """Decides every category and benefit of one jurisdiction for a household; see the module doc."""

    def __init__(self, j: Jurisdiction, overrides: dict[str, Fraction] | None = None):
        self.j = j
        self.overrides = dict(overrides or {})
        self._params: dict[date, dict[str, Fraction]] = {}
        self.exclusions = set(j.income_exclusions)
        main = _Compiler(j, membership=False)
        self.member_rules = [_Rule(r, _Compiler(j, membership=True)) for r in j.rules_for("member")]
        self.order: list[tuple[str, list[_Rule]]] = []
        for pred in rule_levels(j):
            if pred in ("listed", "member"):
                continue
            self.order.append((pred, [_Rule(r, main) for r in j.rules_for(pred)]))
        self.tracked = set(j.categories) | set(j.benefits)

    def params_at(self, when: date) -> dict[str, Fraction]:
        values = self._params.get(when)
        if values is None:
            values = {}
            for name, param in self.j.parameters.items():
                v = param.at(when)
                if v is not None:
                    values[name] = v.value
            values.update(self.overrides)
            self._params[when] = values
        return values

    def decide(self, h: Household) -> dict:
        params = self.params_at(h.assessment_date)
        people = {p.id: p.facts for p in h.members}
        pids = list(people)
        member = self.membership(h, params, people)
        # accounting
        derived = self._account(h, member)
        facts = dict(h.facts)
        facts.update(derived)
        st = _State(facts, params, people, {"listed": {(p,): True for p in pids}, "member": member})
        rule_truth: dict[str, Truth] = {}
        covered: dict[str, dict[str, Truth]] = {}     # family category -> member -> covered by a `covers` rule
        for pred, rules in self.order:
            out = {}
            cover = covered.setdefault(pred, {}) if pred in self.j.categories else None
            for rule in rules:
                t = rule.run(st, out, pids, cover)
                if pred in self.tracked:
                    rule_truth[rule.rule.id] = t
            st.truth[pred] = out
        summary = self._summary(st, rule_truth)
        summary["persons"] = self._persons(st, rule_truth, covered,
                                           [p for p in pids if member.get((p,)) is True])
        return summary

    def membership(self, h: Household, params: dict | None = None, people: dict | None = None) -> dict:
        """(person id,) -> counted? (Kleene), as the engine's membership run decides it."""
        if params is None:
            params = self.params_at(h.assessment_date)
        if people is None:
            people = {p.id: p.facts for p in h.members}
        if not self.member_rules:
            return {(pid,): True for pid in people}
        pids = list(people)
        st = _State(h.facts, params, people, {"listed": {(p,): True for p in pids}})
        out: dict = {}
        for rule in self.member_rules:
            rule.run(st, out, pids)
        return {(p.id,): True if "relation_to_applicant" not in p.facts else out.get((p.id,), False)
                for p in h.members}

    def _account(self, h: Household, member: dict) -> dict:
        derived: dict = {}
        counted = sum(1 for p in h.members if member.get((p.id,)) is True)
        undecided = any(member.get((p.id,)) is None for p in h.members)
        size = None if undecided or counted == 0 else counted
        if size is not None:
            derived["household_size"] = size
        if h.income_items is not None:
            income = Fraction(0)
            for item in h.income_items:
                if item.type not in self.exclusions:
                    income += item.amount
            derived["annual_income"] = income
            if size is not None:
                derived["per_capita_income"] = income / size
        assets = h.facts.get("financial_assets")
        if assets is not None and size is not None:
            derived["financial_assets_per_capita"] = Fraction(assets) / size
        for fact, source in (("months_since_dibao_denial", "denied_dibao_on"), ("months_since_exit", "exited_on")):
            when = h.facts.get(source)
            if isinstance(when, date):
                derived[fact] = months_between(when, h.assessment_date)
        return derived

    def _summary(self, st: _State, rule_truth: dict[str, Truth]) -> dict:
        j = self.j
        categories = {}
        for cat in j.categories.values():
            truth = st.truth.get(cat.id, {})
            status = t_or(truth.values()) if cat.per_member else truth.get((), False)
            rules = j.rules_for(cat.id)
            if status is True:
                ids = sorted({r.id for r in rules if rule_truth.get(r.id) is True})
            elif status is None:
                ids = sorted({r.id for r in rules if rule_truth.get(r.id) is None})
            else:
                ids = []
            subtypes = sorted({r.head.subtype for r in rules if r.head.subtype and rule_truth.get(r.id) is True})
            members = sorted(k[0] for k, v in truth.items() if v is True) if cat.per_member else []
            categories[cat.id] = {"status": STATUS[status], "rules": ids, "subtypes": subtypes, "members": members}
        benefits = {}
        for b in j.benefits.values():
            truth = st.truth.get(b.id, {})
            status = t_or(truth.values()) if truth else False
            benefits[b.id] = {"status": STATUS[status], "value": self._benefit_value(b.id, st, rule_truth)}
        return {"categories": categories, "benefits": benefits}

    def _persons(self, st: _State, rule_truth, covered, counted: list[str]) -> dict:
        j = self.j
        out = {}
        values = {b.id: self._member_values(b.id, st) for b in j.benefits.values() if b.per_member}
        for pid in counted:
            mine = {}
            for cat in j.categories.values():
                if cat.per_member:
                    t = st.truth.get(cat.id, {}).get((pid,), False)
                else:
                    family = False
                    for r in j.rules_for(cat.id):
                        if r.covers is None:
                            family = k_or(family, rule_truth.get(r.id, False))
                    t = k_or(family, covered.get(cat.id, {}).get(pid, False))
                mine[cat.id] = STATUS[t]
            for bid, per_key in values.items():
                t = st.truth.get(bid, {}).get((pid,), False)
                mine[bid] = STATUS[t]
                if t is True:
                    chosen = self._pick(bid, per_key.get((pid,), set()))
                    if chosen is not None:
                        mine[bid] += " " + fmt(chosen)
            out[pid] = mine
        return out

    def _member_values(self, bid: str, st: _State) -> dict[tuple, set]:
        """member key -> the values of the rules of a per-member benefit that hold for them."""
        per_key: dict[tuple, set] = {}
        for rule in self.j.rules_for(bid):
            if rule.head.var is None:
                continue
            out: dict = {}
            _Rule(rule, _Compiler(self.j, False)).run(st, out, list(st.people))
            for key, t in out.items():
                if t is True:
                    per_key.setdefault(key, set())
                    if rule.head.value is not None:
                        per_key[key].add(rule.head.value.value)
        return per_key

    def _benefit_value(self, bid: str, st: _State, rule_truth) -> str | None:
        j = self.j
        rules = j.rules_for(bid)
        if bid in j.per_member_predicates:
            # per key: the values of the rules holding for that member
            per_key = self._member_values(bid, st)
            chosen = [self._pick(bid, values) for _, values in sorted(per_key.items())]
        else:
            holding = [r for r in rules if rule_truth.get(r.id) is True]
            if not holding:
                return None
            chosen = [self._pick(bid, {r.head.value.value for r in holding if r.head.value is not None})]
        if chosen and all(c == chosen[0] for c in chosen) and chosen[0] is not None:
            return fmt(chosen[0])
        return None

    def _pick(self, bid: str, values: set) -> Fraction | None:
        if len(values) == 1:
            return next(iter(values))
        if not values:
            return None
        principle = next((p for p in self.j.principles if bid in p.benefits), None)
        if principle is None:
            return None
        return max(values) if principle.picks == "max" else min(values)


def summarize_answer(answer: dict) -> dict:
    """The engine's answer (`kb.engine.decide`) in the summary form of this module."""
    categories = {}
    for c in answer["categories"]:
        if c["status"] == "eligible":
            ids = sorted({b["rule"] for b in graph.traces(answer, c["because"])})
        elif c["status"] == "undetermined":
            ids = sorted({b["rule"] for b in graph.traces(answer, c.get("unknown", []))})
        else:
            ids = []
        members = sorted(m["member"] for m in c.get("members", []) if m["status"] == "eligible") \
            if c.get("per_member") else []
        categories[c["id"]] = {"status": c["status"], "rules": ids, "subtypes": sorted(c.get("subtypes", [])),
                               "members": members}
    benefits = {b["id"]: {"status": b["status"], "value": b["value"]} for b in answer.get("benefits", [])}
    persons: dict[str, dict] = {pid: {} for pid in answer["membership"]["counted"]}
    for c in answer["categories"]:
        for m in c.get("members", []):
            persons[m["member"]][c["id"]] = m["status"]
    for b in answer.get("benefits", []):
        if b.get("per_member"):
            for m in b.get("members", []):
                persons[m["member"]][b["id"]] = m["status"] + (f" {m['value']}" if m.get("value") else "")
    return {"categories": categories, "benefits": benefits, "persons": persons}


def differences(a: dict, b: dict) -> list[str]:
    """Field-by-field differences between two summaries (empty when they agree)."""
    out = []
    for section in ("categories", "benefits", "persons"):
        for key in sorted(set(a.get(section, {})) | set(b.get(section, {}))):
            x, y = a.get(section, {}).get(key), b.get(section, {}).get(key)
            if x != y:
                out.append(f"{section}.{key}: {x} != {y}")
    return out
