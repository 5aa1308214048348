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

from datetime import date
from fractions import Fraction

from kb.evaluate.accounting import months_between
from kb.evaluate.conditions import t_or
from kb.core.facts import Household
from kb.compile.levels import rule_levels
from kb.core.model import Jurisdiction
from kb.explain import graph
from kb.explain.types import Answer
from kb.core.money import fmt
from kb.testing.plain_rules import PlainRule, RuleCompiler, State, k_or

Truth = bool | None
STATUS = {True: "eligible", False: "ineligible", None: "undetermined"}


class PlainEvaluator:
    """Decides every category and benefit of one jurisdiction for a household; see the module doc."""

    def __init__(self, j: Jurisdiction, overrides: dict[str, Fraction] | None = None):
        self.j = j
        self.overrides = dict(overrides or {})
        self._params: dict[date, dict[str, Fraction]] = {}
        self.exclusions = set(j.income_exclusions)
        main = RuleCompiler(j, membership=False)
        self.member_rules = [PlainRule(r, RuleCompiler(j, membership=True)) for r in j.rules_for("member")]
        self.order: list[tuple[str, list[PlainRule]]] = []
        for pred in rule_levels(j):
            if pred in ("listed", "member"):
                continue
            self.order.append((pred, [PlainRule(r, main) for r in j.rules_for(pred)]))
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
        st = State(facts, params, people, {"listed": {(p,): True for p in pids}, "member": member})
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
        st = State(h.facts, params, people, {"listed": {(p,): True for p in pids}})
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

    def _summary(self, st: State, rule_truth: dict[str, Truth]) -> dict:
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

    def _persons(self, st: State, rule_truth, covered, counted: list[str]) -> dict:
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

    def _member_values(self, bid: str, st: State) -> dict[tuple, set]:
        """member key -> the values of the rules of a per-member benefit that hold for them."""
        per_key: dict[tuple, set] = {}
        for rule in self.j.rules_for(bid):
            if rule.head.var is None:
                continue
            out: dict = {}
            PlainRule(rule, RuleCompiler(self.j, False)).run(st, out, list(st.people))
            for key, t in out.items():
                if t is True:
                    per_key.setdefault(key, set())
                    if rule.head.value is not None:
                        per_key[key].add(rule.head.value.value)
        return per_key

    def _benefit_value(self, bid: str, st: State, rule_truth) -> str | None:
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


def summarize_answer(answer: Answer) -> dict:
    """The engine's answer (`kb.engine.decide`) in the summary form of this module."""
    categories = {}
    for c in answer.categories:
        if c.status == "eligible":
            ids = sorted({b.rule for b in graph.traces(answer, c.because)})
        elif c.status == "undetermined":
            ids = sorted({b.rule for b in graph.traces(answer, c.unknown)})
        else:
            ids = []
        members = sorted(m.member for m in c.members or [] if m.status == "eligible") if c.per_member else []
        categories[c.id] = {"status": c.status, "rules": ids, "subtypes": sorted(c.subtypes or []),
                            "members": members}
    benefits = {b.id: {"status": b.status, "value": b.value} for b in answer.benefits}
    persons: dict[str, dict] = {pid: {} for pid in answer.membership.counted}
    for c in answer.categories:
        for m in c.members or []:
            persons[m.member][c.id] = m.status
    for b in answer.benefits:
        if b.per_member:
            for m in b.members or []:
                persons[m.member][b.id] = m.status + (f" {m.value}" if m.value else "")
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
