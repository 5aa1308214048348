"""The analysis itself: the sweeps read into findings, each confirmed by re-deciding its witness."""
from __future__ import annotations

from datetime import date

from kb.analysis.conflicts.boundaries import Boundaries
from kb.analysis.conflicts.labels import reference_date
from kb.analysis.conflicts.overlaps import Overlaps
from kb.analysis.conflicts.runs import Runner, answers_of
from kb.analysis.conflicts.sweeps import Sweeps
from kb.analysis.conflicts.thresholds import parameters_at, thresholds
from kb.analysis.conflicts.witnesses import KINDS, describe, household
from kb.core.model import RuleBase


class Analysis(Sweeps, Boundaries, Overlaps):
    def __init__(self, rulebase: RuleBase, when: date | None = None):
        self.rb = rulebase
        self.when = when or reference_date(rulebase)
        self.runner = Runner(rulebase, self.when)
        self.th = thresholds(rulebase, self.when)
        self.params = {jid: parameters_at(j, self.when) for jid, j in rulebase.jurisdictions.items()}
        self.findings: dict[str, dict] = {}
        self.pairs: dict[tuple[str, str, str], tuple] = {}          # (jid, a, b) -> (n eligible, household)
        self.pair_measures: dict[tuple[str, str, str], tuple] = {}  # the same, where a benefit differs

    # -- witnesses ----------------------------------------------------------------------------------
    def _witness(self, households: dict[str, dict], position: str | None = None, benefits=None) -> dict:
        jids = sorted(households)
        first = households[jids[0]]
        same = all(households[j] == first for j in jids)
        w = {"household": first, "date": self.when.isoformat(), "describe": describe(first),
             "answers": answers_of(self.runner, households, jids)}
        if not same:
            w["households"] = {j: households[j] for j in jids}
            w["describe_each"] = {j: describe(households[j]) for j in jids}
        if position:
            w["position"] = position
        if benefits:
            w["benefits"] = {j: {b: {"status": self.runner.run(households[j], j)["benefits"][b]["status"],
                                     "value": self.runner.run(households[j], j)["benefits"][b]["value"]}
                                 for b in benefits if b in self.runner.run(households[j], j)["benefits"]}
                             for j in jids}
        return w

    def confirm(self) -> list[dict]:
        """Decide every witness afresh (no cache) and mark the finding confirmed when the engine
        gives exactly the recorded answers."""
        out = []
        for f in self.findings.values():
            f["confirmed"] = rerun_witness(f, self.rb) == f["witness"]["answers"]
            out.append(f)
        return sorted(out, key=lambda f: (KINDS.index(f["kind"]), f["id"]))


def rerun_witness(finding: dict, rulebase: RuleBase) -> dict[str, dict[str, str]]:
    """The statuses the engine gives the finding's witness household(s) now."""
    from kb.engine import decide
    w = finding["witness"]
    out = {}
    for jid in w["answers"]:
        data = (w.get("households") or {}).get(jid, w["household"])
        answer = decide(household(data, jid, w["date"]), rulebase, jid)
        out[jid] = {c.id: c.status for c in answer.categories}
    return out


# -- public ---------------------------------------------------------------------------------------

_CACHE: dict[tuple, list[dict]] = {}


def find_conflicts(rulebase: RuleBase, when: date | None = None) -> list[dict]:
    """Every finding over the compiled rule base, each with a confirmed witness (cached per
    rule-base version and date)."""
    key = (rulebase.version, when, tuple(sorted(rulebase.jurisdictions)))
    if key not in _CACHE:
        analysis = Analysis(rulebase, when)
        analysis.within()
        analysis.overlaps_within()
        analysis.overlaps_across()
        analysis.across()
        _CACHE[key] = analysis.confirm()
    return _CACHE[key]


def report(rulebase: RuleBase, when: date | None = None) -> dict:
    findings = find_conflicts(rulebase, when)
    counts = {k: sum(1 for f in findings if f["kind"] == k) for k in KINDS}
    return {"rulebase": {"version": rulebase.version}, "date": (when or reference_date(rulebase)).isoformat(),
            "method": "thresholds ± one step enumerated; every witness decided by kb.engine.decide",
            "counts": counts, "conflicts": findings}
