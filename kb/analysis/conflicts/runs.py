"""Running the engine on witness households, with a digest of each answer whose conditions carry
their structure (operator, fact, parameters read) from the compiled rule they come from."""
from __future__ import annotations

import json
from datetime import date

import msgspec
from msgspec import UNSET

from grammar import ast
from kb.analysis.conflicts.thresholds import names_in
from kb.analysis.conflicts.witnesses import household
from kb.compile.vocabulary import CASE_BY_CASE
from kb.core.facts import ALL_FACTS, INTEGER, MONEY
from kb.core.model import RuleBase
from kb.explain import graph
from kb.explain.types import Answer, Condition, Option, given

ORDER_TESTS = ("<", "<=", ">", ">=")
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _fact_of(expr) -> str | None:
    """The fact an expression names (`per_capita_income`, `age(P)`), if it is one."""
    name = expr.name if isinstance(expr, (ast.Name, ast.Call)) else None
    return name if name in ALL_FACTS else None


def literal_structure(lit: ast.Literal) -> dict:
    """What a body literal tests, read from the compiled rule (never from its rendered text): the
    fact compared, the comparison with that fact on the left, the names the other side reads
    (parameters, other facts), whether it is negated, and whether it is a case-by-case decision."""
    out = {"negated": lit.negated, "case_by_case": False, "op": None, "compared": None, "reads": ()}
    if lit.is_comparison:
        if _fact_of(lit.left):
            fact, op, other = _fact_of(lit.left), lit.op, lit.right
        elif _fact_of(lit.right):
            fact, op, other = _fact_of(lit.right), _MIRRORED[lit.op], lit.left
        else:
            return out
        out.update(op=op, compared=fact, reads=tuple(sorted(names_in(other))))
    elif isinstance(lit.left, (ast.Name, ast.Call)) and lit.left.name == CASE_BY_CASE:
        out["case_by_case"] = True
    return out


def condition_summary(c: Condition) -> dict:
    """The parts of an answer's condition (in full, kb.explain.graph.conditions) that findings and
    comparisons show."""
    out = {}
    for k in ("condition", "fact", "predicate", "value", "test", "member", "holds"):
        value = getattr(c, k)
        if value is not UNSET:
            out[k] = value
    return out


def condition_digest(c: Condition, structure: dict) -> dict:
    return {**condition_summary(c), **structure}


def trace_digest(answer: Answer, ref: str, rules: dict) -> dict:
    """A rule trace of the answer (its id), each condition with the structure of its body literal
    (the answer lists a rule's conditions in body order); `failed`/`unknown` are the conditions
    that fail or stay unknown."""
    t = graph.trace(answer, ref)
    body = rules[t.rule].body
    digested = [condition_digest(c, literal_structure(lit)) for c, lit in zip(graph.conditions(answer, t), body)]
    return {"rule": t.rule, "clauses": [msgspec.to_builtins(c) for c in graph.trace_clauses(answer, t)],
            "binding": given(t.binding), "basis": graph.basis(answer, t),
            "conditions": digested,
            "failed": [c for c in digested if c["holds"] is False],
            "unknown": [c for c in digested if c["holds"] is None]}


def digest(answer: Answer, rules: dict) -> dict:
    """The parts of an answer the analysis reads, as JSON-ready dicts (findings cite them);
    `rules` maps rule ids to compiled rules."""
    cats = {}
    for c in answer.categories:
        unknown = [trace_digest(answer, t, rules) for t in c.unknown or []]
        case_by_case = c.status == "undetermined" and bool(unknown) and all(
            all(u["case_by_case"] for u in t["unknown"]) for t in unknown)
        cats[c.id] = {"status": c.status, "members": msgspec.to_builtins(given(c.members)),
                      "subtypes": given(c.subtypes),
                      "holding": [trace_digest(answer, t, rules) for t in c.because],
                      "failing": [trace_digest(answer, t, rules) for t in c.because_not],
                      "unknown": unknown, "case_by_case": case_by_case, "basis": c.basis}
    benefits = {}
    for b in answer.benefits:
        members = [{**msgspec.to_builtins(m), "resolved_by": _resolution(answer, m.resolved_by, member=m.member)}
                   for m in b.members] if b.members is not UNSET else None
        concerned = graph.resolved_members(b)
        shared = {"members": concerned} if concerned else {}
        benefits[b.id] = {"status": b.status, "value": b.value,
                          "resolved_by": _resolution(answer, given(b.resolved_by), **shared), "members": members}
    conflicts = [{**msgspec.to_builtins(c), **({"clause": _clause(answer, c.clause)} if c.clause is not UNSET else {}),
                  "options": [_option(answer, o) for o in c.options]}
                 for c in (graph.conflict(answer, c) for c in answer.conflicts)]
    accounting = msgspec.to_builtins(answer.accounting) if answer.accounting else {}
    accounting.pop("missing", None)
    return {"categories": cats, "benefits": benefits, "conflicts": conflicts, "accounting": accounting}


def _clause(answer: Answer, ref) -> dict | None:
    found = graph.clause(answer, ref)
    return msgspec.to_builtins(found) if found is not None else None


def _option(answer: Answer, option: Option) -> dict:
    return {**msgspec.to_builtins(option), "clause": _clause(answer, given(option.clause))}


def _resolution(answer: Answer, ref: str | None, **concerns) -> dict | None:
    """A principle's resolution (its id in `resolutions`) with its clauses written out (findings
    cite them in full), and the member(s) it concerns where it is referred to."""
    res = graph.resolution(answer, ref)
    if not res:
        return None
    out = {**msgspec.to_builtins(res), **concerns, "alternatives": [_option(answer, o) for o in res.alternatives]}
    if res.clause is not UNSET:
        out["clause"] = _clause(answer, res.clause)
    return out


class Runner:
    """Decides households with the engine, once per (jurisdiction, household)."""

    def __init__(self, rulebase: RuleBase, when: date):
        self.rb = rulebase
        self.when = when
        self.cache: dict[tuple, dict] = {}
        self.calls = 0
        self.rules = {r.id: r for r in rulebase.all_rules()}

    def run(self, data: dict, jid: str) -> dict:
        from kb.engine import decide
        key = (jid, json.dumps(data, sort_keys=True, ensure_ascii=False))
        if key not in self.cache:
            self.calls += 1
            answer = decide(household(data, jid, self.when), self.rb, jid)
            self.cache[key] = digest(answer, self.rules)
        return self.cache[key]

    def statuses(self, data: dict, jid: str) -> dict[str, str]:
        return {c: d["status"] for c, d in self.run(data, jid)["categories"].items()}


# -- classifying why a rule failed ------------------------------------------------------------

def is_numeric_test(cond: dict) -> bool:
    """An ordering test of a money or integer fact (a threshold)."""
    spec = ALL_FACTS.get(cond["compared"] or "")
    return spec is not None and spec.type in (MONEY, INTEGER) and cond["op"] in ORDER_TESTS


def on_dimension(cond: dict, fact: str, param: str | None) -> bool:
    """A threshold on `fact`, drawn from `param` when one is named."""
    if cond["compared"] != fact or not is_numeric_test(cond):
        return False
    return param is None or param in cond["reads"]


def clean_failures(entry: dict, predicate) -> list[dict]:
    """Failing rules of a category whose every failed condition satisfies `predicate` (and with
    nothing unknown): the rule would hold but for those conditions."""
    return [t for t in entry["failing"] if t["failed"] and not t["unknown"]
            and all(predicate(c) for c in t["failed"])]


def not_in_category(entry: dict) -> bool:
    return entry["status"] != "eligible" and not entry["case_by_case"]


def answers_of(runner: Runner, households: dict[str, dict], jids) -> dict[str, dict[str, str]]:
    return {jid: runner.statuses(households[jid], jid) for jid in jids}
