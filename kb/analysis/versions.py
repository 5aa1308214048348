"""What changes between two versions of one jurisdiction's document.

- `rule_diff(a, b)`: the rules added, removed and changed (conditions, value, clauses, basis),
  each with its clauses, plus categories and benefits that appear or disappear. Rules are matched
  by id (`<jurisdiction>.<rule name>`): a revision that keeps a rule's name revises that rule.
  Clauses are compared by section and quote, not offsets (a new text moves every offset).
- `answer_diff(household, rulebase, jid, a, b)`: one household decided under both versions
  (the engine run once each): per category and benefit the two statuses (and values), and for
  what differs, the deciding rules and conditions under each version.

`binggui diff` and `POST /api/v1/eligibility/diff` show these.
"""
from __future__ import annotations

import msgspec
from msgspec import UNSET

from grammar import ast
from kb.core.model import CompiledRule, Jurisdiction, RuleBase
from kb.explain import graph
from kb.explain.types import Answer, Condition, given


def _clause_key(rule: CompiledRule) -> list[tuple[str, str]]:
    return [(c.section, c.quote) for c in rule.clauses]


def _rule_view(rule: CompiledRule) -> dict:
    return {"id": rule.id, "head": rule.head.name, "file": rule.file, "line": rule.line,
            "conditions": [ast.render_literal(lit) for lit in rule.body],
            "value": rule.as_dict()["value"], "basis": "deferred" if rule.deferred_note else "stated",
            "clauses": [{"document": c.document, "section": c.section, "quote": c.quote} for c in rule.clauses]}


def rule_diff(a: Jurisdiction, b: Jurisdiction) -> dict:
    """Rules (and declared categories and benefits) of version a that b adds, removes or changes."""
    rules_a = {r.id: r for r in a.rules}
    rules_b = {r.id: r for r in b.rules}
    changed = []
    for rid in [r for r in rules_a if r in rules_b]:
        before, after = _rule_view(rules_a[rid]), _rule_view(rules_b[rid])
        what = [k for k in ("head", "conditions", "value", "basis") if before[k] != after[k]]
        if _clause_key(rules_a[rid]) != _clause_key(rules_b[rid]):
            what.append("clauses")
        if what:
            changed.append({"id": rid, "changed": what, "before": before, "after": after})
    return {
        "jurisdiction": a.id,
        "from": a.version.as_dict() if a.version else None,
        "to": b.version.as_dict() if b.version else None,
        "added": [_rule_view(rules_b[r]) for r in rules_b if r not in rules_a],
        "removed": [_rule_view(rules_a[r]) for r in rules_a if r not in rules_b],
        "changed": changed,
        "categories": {"added": sorted(set(b.categories) - set(a.categories)),
                       "removed": sorted(set(a.categories) - set(b.categories))},
        "benefits": {"added": sorted(set(b.benefits) - set(a.benefits)),
                     "removed": sorted(set(a.benefits) - set(b.benefits))},
    }


def _deciding(answer: Answer, entry) -> list[dict]:
    """The rules that decide an answer entry's status, with the conditions shown for them."""
    if entry is None:
        return []
    status = entry.status
    unknown = getattr(entry, "unknown", UNSET)     # a benefit lists no unknown rules: its failing ones
    refs = entry.because if status == "eligible" else \
        (entry.because_not if unknown is UNSET else unknown) if status == "undetermined" else entry.because_not
    out = []
    for t in graph.traces(answer, given(refs)):
        clause = graph.trace_clause(answer, t)
        out.append({"rule": t.rule, "section": clause.section if clause else None,
                    "quote": clause.quote if clause else None,
                    "conditions": [_condition(c) for c in graph.conditions(answer, t)]})
    return out


def _condition(c: Condition) -> dict:
    return {k: getattr(c, k) for k in ("fact", "value", "test", "holds", "condition") if getattr(c, k) is not UNSET}


def _entries(answer: Answer, key: str) -> dict:
    return {e.id: e for e in getattr(answer, key)}


def _compare(a: Answer, b: Answer, key: str, with_value: bool) -> list[dict]:
    ea, eb = _entries(a, key), _entries(b, key)
    out = []
    for ident in list(ea) + [i for i in eb if i not in ea]:
        x, y = ea.get(ident), eb.get(ident)
        row = {"id": ident, "from": x.status if x else None, "to": y.status if y else None}
        if with_value:
            row["from_value"], row["to_value"] = x.value if x else None, y.value if y else None
        row["changed"] = row["from"] != row["to"] or (with_value and row["from_value"] != row["to_value"])
        if row["changed"]:
            row["deciding"] = {"from": _deciding(a, x), "to": _deciding(b, y)}
        out.append(row)
    return out


def answer_diff(household, rulebase: RuleBase, jurisdiction: str, version_a: str, version_b: str) -> dict:
    """How one household's answer changes from version_a to version_b of a jurisdiction's document."""
    from kb.engine import decide
    a = decide(household, rulebase, jurisdiction, version_a)
    b = decide(household, rulebase, jurisdiction, version_b)
    categories = _compare(a, b, "categories", with_value=False)
    benefits = _compare(a, b, "benefits", with_value=True)
    return {"household": household.id, "jurisdiction": jurisdiction,
            "assessment_date": household.assessment_date.isoformat(),
            "from": msgspec.to_builtins(given(a.document)), "to": msgspec.to_builtins(given(b.document)),
            "changed": any(r["changed"] for r in categories + benefits),
            "categories": categories, "benefits": benefits}


def render_rule_diff(diff: dict) -> str:
    """The rule diff as text for `binggui diff`."""
    def clause(view: dict) -> str:
        return "; ".join(f"§{c['section']} 「{c['quote']}」" for c in view["clauses"])

    head = (f"{diff['jurisdiction']}: {diff['from']['version']} ({diff['from']['status']}) -> "
            f"{diff['to']['version']} ({diff['to']['status']})")
    lines = [head]
    for view in diff["added"]:
        lines.append(f"+ {view['id']}  {clause(view)}")
        lines.append(f"      {view['head']} :- {', '.join(view['conditions'])}")
    for view in diff["removed"]:
        lines.append(f"- {view['id']}  {clause(view)}")
    for change in diff["changed"]:
        lines.append(f"~ {change['id']}  ({', '.join(change['changed'])})")
        for side, sign in (("before", "<"), ("after", ">")):
            view = change[side]
            lines.append(f"    {sign} {view['head']} :- {', '.join(view['conditions'])}   {clause(view)}")
    for kind in ("categories", "benefits"):
        for sign, key in (("+", "added"), ("-", "removed")):
            for ident in diff[kind][key]:
                lines.append(f"{sign} {kind[:-1] if kind == 'benefits' else 'category'} {ident}")
    if len(lines) == 1:
        lines.append("  no rule differs")
    counts = f"{len(diff['added'])} added, {len(diff['removed'])} removed, {len(diff['changed'])} changed"
    lines.append(counts)
    return "\n".join(lines)
