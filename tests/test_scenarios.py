"""Scenario tests as data (OpenFisca style): every case asserts every category's status and
the section of the clause that decides it. Cases live in tests/scenarios/<jurisdiction>.yaml."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from kb.compile.compiler import POLICY_DIR, compile_paths
from kb.engine import decide
from kb.explain import graph
from kb.explain.types import Answer, given
from kb.testing.scenario import household_from_dict

SCENARIO_DIR = Path(__file__).parent / "scenarios"


def _cases():
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(doc["cases"]):
            yield pytest.param(doc["jurisdiction"], case, id=f"{path.stem}-{i:02d}-{case['name']}")


@lru_cache(maxsize=None)
def _rulebase(jurisdiction: str):
    return compile_paths([POLICY_DIR / jurisdiction])


@pytest.mark.parametrize("jurisdiction,case", list(_cases()))
def test_scenario(jurisdiction, case):
    household = household_from_dict(case["household"], jurisdiction, case["date"])
    answer = decide(household, _rulebase(jurisdiction), texts=("zh", "en"))   # the reading notes in both
    categories = {c.id: c for c in answer.categories}
    expect = case["expect"]
    G = _Reader(answer)
    asserted = {k for k in expect if k not in ("benefits", "missing", "membership", "accounting")}
    assert asserted == set(categories), f"every category must be asserted; missing {set(categories) - asserted}"
    problems = []
    for cid in sorted(asserted):
        want, got = expect[cid], categories[cid]
        if got.status != want["status"]:
            problems.append(f"{cid}: expected {want['status']}, got {got.status} (sections {got.sections}; "
                            f"failed {[f.condition for b in G.traces(got.because_not) for f in G.failed(b)]}; "
                            f"missing {G.terms(got.missing)})")
        elif "section" in want and want["section"] not in got.sections:
            problems.append(f"{cid}: expected deciding section {want['section']}, got {got.sections}")
        failed = {f"{f.fact or f.condition} {given(f.value)} {given(f.test)}".strip()
                  for b in G.traces(got.because_not) for f in G.failed(b)}
        for text in want.get("failed", []):
            if text not in failed:
                problems.append(f"{cid}: expected failed condition {text!r}, got {sorted(failed)}")
        for fact, needs in (want.get("needs") or {}).items():
            offered = {ch.needs for alt in got.would_change for ch in graph.changes(answer, alt) if ch.fact == fact}
            if needs not in offered:
                problems.append(f"{cid}: expected would_change {fact} {needs!r}, got {sorted(offered)}")
        if "subtypes" in want and sorted(want["subtypes"]) != (got.subtypes or []):
            problems.append(f"{cid}: expected subtypes {want['subtypes']}, got {given(got.subtypes)}")
        if "derived_by" in want:
            # the clause that shaped the derived income figure is cited by the category and carried
            # by every deciding condition on that figure
            sections = sorted(c.section for c in G.clauses(got.derived_by or []))
            if sections != sorted(want["derived_by"]):
                problems.append(f"{cid}: expected derived_by {want['derived_by']}, got {sections}")
            traces = G.traces(got.because or got.because_not or got.unknown)
            on_income = [c for t in traces for c in G.conditions(t) if c.fact in ("per_capita_income", "annual_income")]
            if not on_income or any(sorted(x.section for x in G.clauses(c.derivation.excluded_by if c.derivation else []))
                                    != sorted(want["derived_by"]) for c in on_income):
                problems.append(f"{cid}: conditions on income do not carry the excluding clause: {on_income}")
        if "reading" in want:
            # the outcome rests on a reading the document leaves open: the answer says so in zh and en
            notes = got.reading_notes or []
            if not any(want["reading"] in n.en and n.zh for n in notes):
                problems.append(f"{cid}: expected a reading note containing {want['reading']!r}, got {notes}")
        if "subtypes_undetermined" in want and sorted(want["subtypes_undetermined"]) != given(got.subtypes_undetermined):
            problems.append(f"{cid}: expected undetermined subtypes {want['subtypes_undetermined']}, "
                            f"got {given(got.subtypes_undetermined)}")
        for subtype, terms in (want.get("subtype_missing") or {}).items():
            if sorted(terms) != G.terms((got.subtype_missing or {}).get(subtype)):
                problems.append(f"{cid}: expected subtype {subtype} missing {sorted(terms)}, got {given(got.subtype_missing)}")
        if "members" in want:
            problems += _members(cid, want["members"], got, answer)
    for cid, terms in (expect.get("missing") or {}).items():
        if sorted(terms) != G.terms(categories[cid].missing):
            problems.append(f"{cid}: expected missing {sorted(terms)}, got {G.terms(categories[cid].missing)}")
    membership = answer.membership
    for key, want in (expect.get("membership") or {}).items():
        got = membership.counted if key == "counted" else [m.member for m in getattr(membership, key)]
        if sorted(want) != sorted(got):
            problems.append(f"membership {key}: expected {sorted(want)}, got {sorted(got)}")
    benefits = {b.id: b for b in answer.benefits}
    for bid, want in (expect.get("benefits") or {}).items():
        got = benefits.get(bid)
        if got is None:
            problems.append(f"benefit {bid}: not in the answer")
            continue
        if got.status != want["status"]:
            problems.append(f"benefit {bid}: expected {want['status']}, got {got.status}")
        if "value" in want and got.value != (None if want["value"] is None else str(want["value"])):
            problems.append(f"benefit {bid}: expected value {want['value']}, got {got.value}")
        res = graph.resolution(answer, given(got.resolved_by))
        if "principle" in want and (res.principle if res else None) != want["principle"]:
            problems.append(f"benefit {bid}: expected resolution by {want['principle']}, got {res}")
        if "members" in want:
            problems += _members(f"benefit {bid}", want["members"], got, answer)
    assert not problems, "\n".join(problems)


class _Reader:
    """One answer read through kb.explain.graph: ids in, what they name out."""

    def __init__(self, answer: Answer):
        self.answer = answer

    def traces(self, refs):
        return graph.traces(self.answer, refs)

    def terms(self, refs):
        return graph.terms(self.answer, refs) if given(refs) is not None else None

    def clauses(self, refs):
        return graph.clauses(self.answer, refs)

    def conditions(self, t):
        return graph.conditions(self.answer, t)

    def failed(self, t):
        return graph.failed(self.answer, t)


def _sections(answer: Answer, refs) -> set[str]:
    return {c.section for t in graph.traces(answer, refs) for c in graph.trace_clauses(answer, t)}


def _members(what: str, wanted: dict, got, answer: Answer) -> list[str]:
    """Per-member expectations (tests/scenarios/README.md): every counted member is asserted."""
    problems = []
    entries = {m.member: m for m in got.members or []}
    counted = set(answer.membership.counted)
    if set(map(str, wanted)) != counted:
        problems.append(f"{what}: every counted member must be asserted; expected {sorted(counted)}, "
                        f"the case names {sorted(map(str, wanted))}")
    for pid, want in wanted.items():
        pid = str(pid)
        entry = entries.get(pid)
        if entry is None:
            problems.append(f"{what}: no entry for member {pid} (entries: {sorted(entries)})")
            continue
        status = entry.status
        if "status" in want and status != want["status"]:
            problems.append(f"{what} [{pid}]: expected {want['status']}, got {status} "
                            f"(because_not {[f.condition for b in graph.traces(answer, entry.because_not) for f in graph.failed(answer, b)]})")
        if "value" in want and entry.value != (None if want["value"] is None else str(want["value"])):
            problems.append(f"{what} [{pid}]: expected value {want['value']}, got {entry.value}")
        deciding = entry.because if status == "eligible" else entry.because_not
        if "section" in want and want["section"] not in _sections(answer, deciding):
            problems.append(f"{what} [{pid}]: expected deciding section {want['section']}, "
                            f"got {sorted(_sections(answer, deciding))}")
        rules = {t.rule for t in graph.traces(answer, deciding)}
        if "rule" in want and want["rule"] not in rules:
            problems.append(f"{what} [{pid}]: expected deciding rule {want['rule']}, got {sorted(rules)}")
        if "covered_as" in want and given(entry.covered_as) != want["covered_as"]:
            problems.append(f"{what} [{pid}]: expected covered_as {want['covered_as']}, got {given(entry.covered_as)}")
        resolution = graph.resolution(answer, given(entry.resolved_by))    # the member's entry refers to it
        if "principle" in want:
            if want["principle"] is None:
                if resolution is not None:
                    problems.append(f"{what} [{pid}]: expected no resolution, got {resolution.principle}")
            elif resolution is None or resolution.principle != want["principle"] or entry.member != pid:
                problems.append(f"{what} [{pid}]: expected resolution by {want['principle']} for {pid}, got {resolution}")
        if "alternatives" in want:
            alts = sorted(a.value for a in (resolution.alternatives if resolution else []))
            if alts != sorted(map(str, want["alternatives"])):
                problems.append(f"{what} [{pid}]: expected alternatives {sorted(want['alternatives'])}, got {alts}")
    return problems
