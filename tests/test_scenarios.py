"""Scenario tests as data (OpenFisca style): every case asserts every category's status and
the section of the clause that decides it. Cases live in tests/scenarios/<jurisdiction>.yaml."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from kb.compile.compiler import POLICY_DIR, compile_paths
from kb.engine import decide
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
    answer = decide(household, _rulebase(jurisdiction))
    categories = {c["id"]: c for c in answer["categories"]}
    expect = case["expect"]
    asserted = {k for k in expect if k not in ("benefits", "missing", "membership", "accounting")}
    assert asserted == set(categories), f"every category must be asserted; missing {set(categories) - asserted}"
    problems = []
    for cid in sorted(asserted):
        want, got = expect[cid], categories[cid]
        if got["status"] != want["status"]:
            problems.append(f"{cid}: expected {want['status']}, got {got['status']} (sections {got['sections']}; "
                            f"failed {[f['condition'] for b in got['because_not'] for f in b['failed']]}; "
                            f"missing {got['missing']})")
        elif "section" in want and want["section"] not in got["sections"]:
            problems.append(f"{cid}: expected deciding section {want['section']}, got {got['sections']}")
        failed = {f"{f.get('fact') or f['condition']} {f.get('value')} {f.get('test')}".strip()
                  for b in got["because_not"] for f in b["failed"]}
        for text in want.get("failed", []):
            if text not in failed:
                problems.append(f"{cid}: expected failed condition {text!r}, got {sorted(failed)}")
        for fact, needs in (want.get("needs") or {}).items():
            offered = {ch["needs"] for alt in got["would_change"] for ch in alt["changes"] if ch.get("fact") == fact}
            if needs not in offered:
                problems.append(f"{cid}: expected would_change {fact} {needs!r}, got {sorted(offered)}")
        if "subtypes" in want and sorted(want["subtypes"]) != got.get("subtypes", []):
            problems.append(f"{cid}: expected subtypes {want['subtypes']}, got {got.get('subtypes')}")
        if "derived_by" in want:
            # the clause that shaped the derived income figure is cited by the category and carried
            # by every deciding condition on that figure
            sections = sorted(c["section"] for c in got.get("derived_by", []))
            if sections != sorted(want["derived_by"]):
                problems.append(f"{cid}: expected derived_by {want['derived_by']}, got {sections}")
            traces = got["because"] or got["because_not"] or got["unknown"]
            on_income = [c for t in traces for c in t["conditions"] if c.get("fact") in ("per_capita_income", "annual_income")]
            if not on_income or any(sorted(x["section"] for x in c.get("derivation", {}).get("excluded_by", []))
                                    != sorted(want["derived_by"]) for c in on_income):
                problems.append(f"{cid}: conditions on income do not carry the excluding clause: {on_income}")
        if "reading" in want:
            # the outcome rests on a reading the document leaves open: the answer says so in zh and en
            notes = got.get("reading_notes", [])
            if not any(want["reading"] in n["en"] and n["zh"] for n in notes):
                problems.append(f"{cid}: expected a reading note containing {want['reading']!r}, got {notes}")
        if "subtypes_undetermined" in want and sorted(want["subtypes_undetermined"]) != got.get("subtypes_undetermined"):
            problems.append(f"{cid}: expected undetermined subtypes {want['subtypes_undetermined']}, "
                            f"got {got.get('subtypes_undetermined')}")
        for subtype, terms in (want.get("subtype_missing") or {}).items():
            if sorted(terms) != (got.get("subtype_missing") or {}).get(subtype):
                problems.append(f"{cid}: expected subtype {subtype} missing {sorted(terms)}, got {got.get('subtype_missing')}")
    for cid, terms in (expect.get("missing") or {}).items():
        if sorted(terms) != categories[cid]["missing"]:
            problems.append(f"{cid}: expected missing {sorted(terms)}, got {categories[cid]['missing']}")
    membership = answer["membership"]
    for key, want in (expect.get("membership") or {}).items():
        got = membership[key] if key == "counted" else [m["member"] for m in membership[key]]
        if sorted(want) != sorted(got):
            problems.append(f"membership {key}: expected {sorted(want)}, got {sorted(got)}")
    benefits = {b["id"]: b for b in answer["benefits"]}
    for bid, want in (expect.get("benefits") or {}).items():
        got = benefits.get(bid)
        if got is None:
            problems.append(f"benefit {bid}: not in the answer")
            continue
        if got["status"] != want["status"]:
            problems.append(f"benefit {bid}: expected {want['status']}, got {got['status']}")
        if "value" in want and got["value"] != str(want["value"]):
            problems.append(f"benefit {bid}: expected value {want['value']}, got {got['value']}")
        if "principle" in want and (got.get("resolved_by") or {}).get("principle") != want["principle"]:
            problems.append(f"benefit {bid}: expected resolution by {want['principle']}, got {got.get('resolved_by')}")
    assert not problems, "\n".join(problems)
