"""One household's answers under every jurisdiction, side by side, with what makes the difference.

`side_by_side(household, rulebase, answers)` builds the comparison from answers already decided
(kb.engine.compare decides them), so this view never runs the engine itself.

A category's or benefit's status is `null` for a jurisdiction whose document does not define it.
For every category whose status is not the same everywhere, `deciding_clauses` gives, per
jurisdiction, the clauses of the rules that decided that status there: the rules that hold
(eligible), the rules that failed (ineligible) or the rules left unknown (undetermined).
"""
from __future__ import annotations

import msgspec

from kb.compile.vocabulary import CATEGORY_IDS
from kb.core.facts import Household
from kb.core.model import RuleBase
from kb.explain import graph
from kb.explain.types import Answer, given


def comparison_order(rulebase: RuleBase, jurisdictions: list[str] | None = None) -> list[str]:
    """The jurisdictions compared, in the order the comparison lists them."""
    order = list(rulebase.jurisdictions)
    return [j for j in order if j in jurisdictions] if jurisdictions else order


def side_by_side(household: Household, rulebase: RuleBase, answers: dict[str, Answer]) -> dict:
    """The comparison of `answers` (jurisdiction id -> answer, in comparison order)."""
    order = list(answers)

    categories: dict[str, dict] = {}
    benefits: dict[str, dict] = {}
    for jid, answer in answers.items():
        for cat in answer.categories:
            categories.setdefault(cat.id, {})[jid] = cat
        for ben in answer.benefits:
            benefits.setdefault(ben.id, {})[jid] = ben
    cat_order = [c for c in CATEGORY_IDS if c in categories] + sorted(c for c in categories if c not in CATEGORY_IDS)

    differences, same = [], []
    for cid in cat_order:
        entries = categories[cid]
        statuses = {jid: entries[jid].status if jid in entries else None for jid in order}
        subtypes = {jid: entries[jid].subtypes for jid in order
                    if jid in entries and given(entries[jid].subtypes) is not None}
        distinct_subtypes = {tuple(s) for s in subtypes.values()}
        if len(set(statuses.values())) > 1 or len(distinct_subtypes) > 1:
            diff = {"category": cid, "label": _label(entries), "statuses": statuses,
                    "deciding_clauses": {jid: deciding_clauses(answers[jid], entries[jid]) for jid in order if jid in entries}}
            if subtypes:
                diff["subtypes"] = subtypes
            differences.append(diff)
        else:
            same.append({"category": cid, "label": _label(entries), "status": next(iter(statuses.values()))})

    benefit_differences = []
    for bid in sorted(benefits):
        entries = benefits[bid]
        statuses = {jid: entries[jid].status if jid in entries else None for jid in order}
        values = {jid: entries[jid].value if jid in entries else None for jid in order}
        if len(set(statuses.values())) > 1 or len(set(values.values())) > 1:
            benefit_differences.append({
                "benefit": bid, "label": _label(entries), "statuses": statuses, "values": values,
                "deciding_clauses": {jid: deciding_clauses(answers[jid], entries[jid]) for jid in order if jid in entries}})

    return {
        "household": household.id,
        "assessment_date": household.assessment_date.isoformat(),
        "rulebase": {"version": rulebase.version},
        "compared": order,
        "jurisdictions": answers,
        "differences": differences,
        "same": same,
        "benefit_differences": benefit_differences,
    }


def deciding_clauses(answer: Answer, entry) -> list[dict]:
    """The clauses of the rules that decided this category's/benefit's status in `answer`, each
    with its rule id (written out: a comparison spans answers with their own clause tables)."""
    out, seen = [], set()
    for trace in graph.deciding(answer, entry):
        for clause in graph.trace_clauses(answer, trace):
            key = (trace.rule, clause.document, clause.start, clause.end)
            if key not in seen:
                seen.add(key)
                out.append({"rule": trace.rule, **msgspec.structs.asdict(clause)})
    return out


def _label(entries: dict) -> str:
    return next((e.label for e in entries.values() if e.label), "")
