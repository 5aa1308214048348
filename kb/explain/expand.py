"""A lean answer written out in full: every reference replaced by what it names, in the nested
form answers had before the proof graph (each clause, derivation and missing term repeated
wherever it applies).

This is the proof that the graph loses nothing: tests/snapshots/test_equivalence.py expands
every snapshot answer and compares it with the nested snapshot taken before the change. The
nested form also bounded the helper derivations it wrote out (three levels; a reader of the graph
follows `because` as deep as it likes), and showed a rule that failed or stayed unknown with its
`failed` and `unknown` conditions listed apart; both are restored here. Nothing in production
needs this: readers follow references with kb.explain.graph.
"""
from __future__ import annotations

import copy

from kb.core.jsonout import dumps, loads
from kb.explain import graph
from kb.explain.graph import MISSING, TABLES

NESTED_DEPTH = 3      # the nested form wrote helper derivations out this deep


def expand(answer: dict) -> dict:
    """The nested form of a lean answer (a new dict; the answer is not changed)."""
    # a copy through JSON: the built answer shares objects (a resolution's alternatives are a
    # conflict's options), which are written out apart
    a = loads(dumps({k: v for k, v in answer.items() if k not in TABLES and k != "missing_text"}))
    terms = answer[MISSING]

    def clause(ref):
        return copy.deepcopy(graph.clause(answer, ref))

    def missing(refs):
        return [terms[r] for r in refs]

    def trace(ref: str, only_failed: bool, depth: int = 0) -> dict:
        t = graph.trace(answer, ref)
        clauses = [copy.deepcopy(c) for c in graph.trace_clauses(answer, t)]
        view = {"rule": t["rule"], "holds": t["holds"], "clause": clauses[0] if clauses else None,
                "basis": graph.basis(answer, t)}
        if len(clauses) > 1:
            view["clauses"] = clauses
        if t.get("binding"):
            view["binding"] = dict(t["binding"])
        conds = [condition(c, depth) for c in graph.conditions(answer, t)]
        view["conditions"] = conds
        if only_failed:
            view["failed"] = [c for c in conds if c["holds"] is False]
            view["unknown"] = [c for c in conds if c["holds"] is None]
        return view

    def condition(c: dict, depth: int) -> dict:
        out = {k: v for k, v in c.items() if k not in ("because", "clause", "missing", "derivation")}
        if "missing" in c:
            out["missing"] = missing(c["missing"])
        if "derivation" in c:
            d = {"see": c["derivation"]["see"]}
            if "excluded_by" in c["derivation"]:
                d["excluded_by"] = [clause(r) for r in c["derivation"]["excluded_by"]]
            out["derivation"] = d
        if "clause" in c:
            out["clause"] = clause(c["clause"])
        if "because" in c and depth < NESTED_DEPTH:
            negated = (c.get("condition") or "").startswith("not ")
            want = True if c["holds"] is (not negated) else None if c["holds"] is None else False
            out["because"] = [trace(r, want is not True, depth + 1) for r in c["because"]]
        return out

    def traces(refs, only_failed):
        return [trace(r, only_failed) for r in refs]

    def resolution(res):
        if not res:
            return res
        if "clause" in res:
            res["clause"] = clause(res["clause"])
        for alt in res.get("alternatives", []):
            alt["clause"] = clause(alt.get("clause"))
        return res

    for entry in a["categories"]:
        _decided(entry, traces, missing, resolution)
        if "subtype_missing" in entry:
            entry["subtype_missing"] = {st: missing(refs) for st, refs in entry["subtype_missing"].items()}
        if "derived_by" in entry:
            entry["derived_by"] = [clause(r) for r in entry["derived_by"]]
    for entry in a["benefits"]:
        _decided(entry, traces, missing, resolution)
    for c in a.get("conflicts", []):
        if "clause" in c:
            c["clause"] = clause(c["clause"])
        for o in c.get("options", []):
            o["clause"] = clause(o.get("clause"))
    membership = a.get("membership") or {}
    for e in membership.get("excluded", []):
        e["because_not"] = traces(e["because_not"], True)
    for u in membership.get("undecided", []):
        u["missing"] = missing(u["missing"])
    acc = a.get("accounting") or {}
    if "missing" in acc:
        acc["missing"] = {k: missing(v) for k, v in acc["missing"].items()}
    for d in (acc.get("derivations") or {}).values():
        if "excluded_by" in d:
            d["excluded_by"] = [clause(r) for r in d["excluded_by"]]
    principle = acc.get("income_principle")
    if principle:
        principle["clause"] = clause(principle.get("clause"))
        if "statement" in principle:
            principle["statement"]["clause"] = clause(principle["statement"].get("clause"))
    for o in a.get("category_overlaps") or []:
        o["clause"] = clause(o.get("clause"))
        for opt in o.get("options", []):
            opt["clause"] = clause(opt.get("clause"))
        for x in [*o.get("exclusive", []), *o.get("marking", [])]:
            x["clause"] = clause(x.get("clause"))
        for b in o.get("benefits", []):
            if "clause" in b:
                b["clause"] = clause(b["clause"])
            for alt in b.get("alternatives", []):
                alt["clause"] = clause(alt.get("clause"))
    return a


def _decided(entry: dict, traces, missing, resolution) -> None:
    """A category, benefit or member entry: its traces that hold, fail or are unknown, its missing
    terms, its resolution, and (for a category or benefit) its member entries, the same way."""
    for key, failed in (("because", False), ("because_not", True), ("unknown", True)):
        if key in entry:
            entry[key] = traces(entry[key], failed)
    if "missing" in entry:
        entry["missing"] = missing(entry["missing"])
    if entry.get("resolved_by"):
        resolution(entry["resolved_by"])
    for m in entry.get("members") or []:
        if isinstance(m, dict):
            _decided(m, traces, missing, resolution)
