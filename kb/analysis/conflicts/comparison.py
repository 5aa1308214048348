"""A side-by-side comparison annotated with what decides each difference (the API's compare)."""
from __future__ import annotations

import msgspec

from kb import engine
from kb.analysis.conflicts.labels import condition_text
from kb.analysis.conflicts.runs import condition_summary
from kb.core.facts import Household
from kb.core.model import RuleBase
from kb.explain import favourability as fav
from kb.explain import graph
from kb.explain.types import Answer, CategoryResult, given

# -- compare: one household under every jurisdiction ------------------------------------------------

def _clause(answer: Answer, t) -> dict | None:
    """A trace's first clause, written out (a comparison spans answers with their own tables)."""
    found = graph.trace_clause(answer, t)
    return msgspec.to_builtins(found) if found is not None else None


def decisive(answer: Answer, entry: CategoryResult) -> list[dict]:
    """What decided a category's status in one answer: the rule(s) that held (with their
    conditions), the nearest failing rule's failed conditions, or what is unknown — each with
    its clause (written out: a comparison spans answers with their own clause tables)."""
    status = entry.status
    if status == "eligible":
        traces = graph.traces(answer, entry.because)[:2]
        return [{"rule": t.rule, "clause": _clause(answer, t), "holds": True,
                 "conditions": [condition_summary(c) for c in graph.conditions(answer, t) if c.fact or c.predicate]}
                for t in traces]
    if status == "undetermined" and entry.unknown:
        missing = graph.terms(answer, entry.missing)
        return [{"rule": t.rule, "clause": _clause(answer, t), "holds": None,
                 "unknown": [condition_summary(c) for c in graph.unknown(answer, t)],
                 "missing": missing, "reason": given(entry.reason)} for t in graph.traces(answer, entry.unknown)[:2]]
    failing = sorted(((t, graph.failed(answer, t)) for t in graph.traces(answer, entry.because_not)),
                     key=lambda tf: len(tf[1]))
    if not failing:
        return []
    fewest = len(failing[0][1])
    return [{"rule": t.rule, "clause": _clause(answer, t), "holds": False,
             "failed": [condition_summary(c) for c in failed]} for t, failed in failing if len(failed) == fewest][:3]


def annotate_comparison(comparison: dict, rulebase: RuleBase | None = None) -> dict:
    """Add to a side-by-side comparison (kb.explain.compare.compare's result: `jurisdictions` maps
    jurisdiction -> answer, `differences` lists categories whose status differs) what makes each
    difference — per jurisdiction the decisive rule, clause and conditions — and, per jurisdiction,
    the favourability records (category overlaps, resolved benefit values, 就低). In place; returned.
    `rulebase` defaults to the shipped one when the comparison was made with it (same version)."""
    answers = comparison.get("jurisdictions", {})
    if rulebase is None:
        from kb.compile.compiler import default_rulebase
        shipped = default_rulebase()
        version = (comparison.get("rulebase") or {}).get("version")
        rulebase = shipped if version in (None, shipped.version) else None
    for diff in comparison.get("differences", []):
        cat = diff["category"]
        diff["decisive"] = {}
        for jid, answer in answers.items():
            entry = next((c for c in answer.categories if c.id == cat), None)
            if entry is not None:
                diff["decisive"][jid] = decisive(answer, entry)
        diff["why"] = _why(cat, diff["decisive"], diff.get("statuses", {}))
    comparison["favourability"] = {}
    for jid, answer in answers.items():
        overlaps = given(answer.category_overlaps)
        j = rulebase.jurisdictions.get(jid) if rulebase is not None else None
        if overlaps is None and j is not None:
            overlaps = fav.category_overlaps(j, answer)
        income = given(answer.accounting.income_principle) if answer.accounting else None
        if income and j is not None:
            fav.department_accounting(j, answer)
        if answer.conflicts or income or overlaps:
            comparison["favourability"][jid] = {"conflicts": answer.conflicts,
                                                "category_overlaps": overlaps or [],
                                                "income_principle": income}
    return comparison


def _why(cat: str, decisive_by_j: dict, statuses: dict) -> dict:
    yes = [j for j, s in statuses.items() if s == "eligible"]
    no = [j for j, s in statuses.items() if s == "ineligible"]
    unk = [j for j, s in statuses.items() if s == "undetermined"]
    zh, en = [], []
    for j in yes:
        rule = decisive_by_j.get(j, [{}])[0] if decisive_by_j.get(j) else {}
        sec = (rule.get("clause") or {}).get("section", "")
        zh.append(f"{j}依{sec}认定")
        en.append(f"{j} admits under {rule.get('rule', '?')} ({sec})")
    for j in no:
        for rule in decisive_by_j.get(j, [])[:1]:
            sec = (rule.get("clause") or {}).get("section", "")
            failed = " and ".join(condition_text(c) for c in rule.get("failed", []))
            zh.append(f"{j}依{sec}不认定：不满足 {failed}")
            en.append(f"{j} refuses under {rule['rule']} ({sec}): {failed} fails")
    for j in unk:
        for rule in decisive_by_j.get(j, [])[:1]:
            zh.append(f"{j}无法判定：{rule.get('reason') or '缺少 ' + '、'.join(rule.get('missing') or [])}")
            en.append(f"{j} undetermined: {rule.get('reason') or 'missing ' + ', '.join(rule.get('missing') or [])}")
    return {"zh": "；".join(zh), "en": "; ".join(en)}


def compare(household_: Household, rulebase: RuleBase, jurisdictions: list[str] | None = None) -> dict:
    """One household under every jurisdiction, side by side (kb.explain.compare), with what makes
    each difference."""
    return annotate_comparison(engine.compare(household_, rulebase, jurisdictions), rulebase)
