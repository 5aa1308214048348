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

from kb.core.facts import Household
from kb.core.model import CompiledRule, Jurisdiction
from kb.evaluate.checks import plan_of
from kb.evaluate.conditions import RuleTrace, Truth, collect, missing_of, t_and


@dataclass
class Evaluation:
    jurisdiction: Jurisdiction
    truth: dict[str, dict[tuple, Truth]]
    traces: dict[str, list[RuleTrace]]
    params_used: set[str]
    views: dict = field(default_factory=dict)   # the engine's nested helper views, built once each
    derivations: dict = field(default_factory=dict)   # per derived fact, how it was computed (kb.explain.derivation)


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
        rules, recursive = plan_of(self.j).strata[tuple(scc)]
        if not rules:
            for p in scc:
                self.truth.setdefault(p, {})
            return
        for p in scc:
            self.truth[p] = {}
        for _ in range(64 if recursive else 1):
            traces = {p: [] for p in scc}
            for rule, body, clauses in rules:
                out = traces[rule.head.name]
                for binding in self._bindings(rule):
                    conds = [check(self, binding) for check in body]
                    if clauses:
                        for cond, clause in zip(conds, clauses):
                            cond.clause = clause
                    out.append(RuleTrace(rule, binding, t_and([c.holds for c in conds]), conds))
            new = {p: collect(traces[p]) for p in scc}
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

    # -- what is missing ------------------------------------------------------------
    def _missing_of(self, predicate: str, key: tuple | None) -> list[str]:
        """The facts that would decide an undetermined predicate: those of its unknown rule bodies."""
        if predicate == "member" and "member" not in self.traces:
            return []
        return missing_of(self.traces.get(predicate, []), key)
