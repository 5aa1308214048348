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
from kb.core.model import Jurisdiction
from kb.evaluate.checks import plan_of
from kb.evaluate.conditions import RuleTrace, Truth, missing_of


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
        self.person_facts = {p.id: p.facts for p in household.members}
        self.truth: dict[str, dict[tuple, Truth]] = {"listed": {(pid,): True for pid in self.people}}
        if membership is not None:
            self.truth["member"] = {(pid,): v for pid, v in membership.items()}
        self.traces: dict[str, list[RuleTrace]] = {}
        self.params_used: set[str] = set()
        self._binding_lists: dict[tuple, list] = {}
        self._missing: dict[str, dict] = {}    # predicate -> key -> missing terms, dropped when its traces change
        self.memo: dict = {}    # each literal's condition per binding of its variables (checks._memoized)

    # -- whole evaluation -----------------------------------------------------------
    def run(self, only: set[str] | None = None) -> Evaluation:
        preset = "member" in self.truth
        for scc, stratum in plan_of(self.j).order:
            if only is not None and only.isdisjoint(scc):
                continue
            if preset and scc == ["member"]:
                continue
            self._solve(stratum, scc)
        return Evaluation(self.j, self.truth, self.traces, self.params_used)

    def _solve(self, stratum, scc: list[str]) -> None:
        rules, recursive = stratum
        truth_of, traces_of, missing = self.truth, self.traces, self._missing
        if not rules:
            for p in scc:
                truth_of.setdefault(p, {})
            return
        for p in scc:
            truth_of[p] = {}
        for _ in range(64 if recursive else 1):
            traces = {p: [] for p in scc}
            new = {p: {} for p in scc}
            for rule, head, body, names, key_at in rules:
                out, truth = traces[head], new[head]
                for combo, binding in self._bindings(names):
                    conds = [check(self, binding) for check in body]
                    holds = True    # t_and of the conditions, inline: this loop runs for every binding
                    for c in conds:
                        if c.holds is False:
                            holds = False
                            break
                        if c.holds is None:
                            holds = None
                    key = (combo[key_at],) if key_at is not None else ()
                    out.append(RuleTrace(rule, binding, holds, conds, key))
                    # the head's truth per key, as `collect` would give: true over unknown over false
                    seen = truth.get(key, False)
                    if seen is False or (seen is None and holds is True):
                        truth[key] = holds
            changed = recursive and any(new[p] != truth_of.get(p) for p in scc)
            for p in scc:
                truth_of[p] = new[p]
                traces_of[p] = traces[p]
                missing.pop(p, None)
            if not changed:
                break

    def _bindings(self, names: tuple[str, ...]) -> list[tuple[tuple, dict[str, str]]]:
        """(people, binding) for every assignment of listed people to the rule's variables, made
        once per household and variable list; traces share them, and nothing changes a binding."""
        out = self._binding_lists.get(names)
        if out is None:
            if not names:
                out = [((), {})]
            else:
                out = [(combo, dict(zip(names, combo)))
                       for combo in itertools.product(self.people, repeat=len(names))]
            self._binding_lists[names] = out
        return out

    # -- what is missing ------------------------------------------------------------
    def _missing_of(self, predicate: str, key: tuple | None) -> list[str]:
        """The facts that would decide an undetermined predicate: those of its unknown rule bodies
        (computed once per predicate and key while its traces stand; each caller gets its own list)."""
        if predicate == "member" and "member" not in self.traces:
            return []
        per_key = self._missing.setdefault(predicate, {})
        found = per_key.get(key)
        if found is None:
            found = per_key[key] = missing_of(self.traces.get(predicate, []), key)
        return list(found)
