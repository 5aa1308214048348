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

import msgspec
from msgspec import UNSET

from kb.explain import graph
from kb.explain.tables import TABLES
from kb.explain.types import Answer, Condition, MemberResult, given

NESTED_DEPTH = 3      # the nested form wrote helper derivations out this deep


def expand(answer: Answer) -> dict:
    """The nested form of a lean answer, as JSON-ready dicts (the answer is not changed). The
    answer's entries are read as typed; what they refer to is written into their JSON form."""
    a = msgspec.to_builtins(answer)
    for table in (*TABLES, "missing_text"):
        a.pop(table, None)
    terms = answer.missing

    def clause(ref):
        found = graph.clause(answer, ref)
        return msgspec.to_builtins(found) if found is not None else None

    def missing(refs):
        return [terms[r] for r in refs]

    def trace(ref: str, only_failed: bool, depth: int = 0) -> dict:
        t = graph.trace(answer, ref)
        clauses = [msgspec.to_builtins(c) for c in graph.trace_clauses(answer, t)]
        view = {"rule": t.rule, "holds": t.holds, "clause": clauses[0] if clauses else None,
                "basis": graph.basis(answer, t)}
        if len(clauses) > 1:
            view["clauses"] = clauses
        if t.binding:
            view["binding"] = dict(t.binding)
        conds = [condition(c, depth) for c in graph.conditions(answer, t)]
        view["conditions"] = conds
        if only_failed:
            view["failed"] = [c for c in conds if c["holds"] is False]
            view["unknown"] = [c for c in conds if c["holds"] is None]
        return view

    def condition(c: Condition, depth: int) -> dict:
        out = {k: v for k, v in msgspec.to_builtins(c).items() if k not in ("because", "clause", "missing", "derivation")}
        if c.missing is not UNSET:
            out["missing"] = missing(c.missing)
        if c.derivation:
            d = {"see": c.derivation.see}
            if c.derivation.excluded_by is not UNSET:
                d["excluded_by"] = [clause(r) for r in c.derivation.excluded_by]
            out["derivation"] = d
        if c.clause is not UNSET:
            out["clause"] = clause(c.clause)
        if c.because is not UNSET and depth < NESTED_DEPTH:
            negated = (c.condition or "").startswith("not ")
            want = True if c.holds is (not negated) else None if c.holds is None else False
            out["because"] = [trace(r, want is not True, depth + 1) for r in c.because]
        return out

    def traces(refs, only_failed):
        return [trace(r, only_failed) for r in refs]

    def resolution(ref: str, **concerns) -> dict:
        """A resolution written out where it is referred to, with the member(s) it concerns there."""
        res = graph.resolution(answer, ref)
        out = {**msgspec.to_builtins(res), **concerns}
        if res.clause is not UNSET:
            out["clause"] = clause(res.clause)
        for alt, written in zip(res.alternatives, out["alternatives"]):
            written["clause"] = clause(given(alt.clause))
        return out

    def decided(entry, out: dict) -> None:
        """A category, benefit or member entry: its traces that hold, fail or are unknown, its
        missing terms, its resolution, and (for a category or benefit) its member entries, alike."""
        for key, failed in (("because", False), ("because_not", True), ("unknown", True)):
            refs = getattr(entry, key, UNSET)
            if refs is not UNSET:
                out[key] = traces(refs, failed)
        if entry.missing is not UNSET:
            out["missing"] = missing(entry.missing)
        res = getattr(entry, "resolved_by", None)
        if res and isinstance(entry, MemberResult):
            out["resolved_by"] = resolution(res, member=entry.member)
        elif res:
            out.pop("resolved_members", None)
            shared = graph.resolved_members(entry)
            out["resolved_by"] = resolution(res, **({"members": shared} if shared else {}))
        for m, written in zip(getattr(entry, "members", None) or [], out.get("members") or []):
            if isinstance(m, MemberResult):
                decided(m, written)

    for entry, out in zip(answer.categories, a["categories"]):
        decided(entry, out)
        out.update(per_member=entry.per_member, basis=entry.basis)     # the lean answer leaves defaults out
        # the nested form repeated an alternative's first change flat beside its `changes`
        if "would_change" in out:
            out["would_change"] = [_alternative(answer, alt) for alt in entry.would_change]
        if entry.subtype_missing is not UNSET:
            out["subtype_missing"] = {st: missing(refs) for st, refs in entry.subtype_missing.items()}
        if entry.derived_by is not UNSET:
            out["derived_by"] = [clause(r) for r in entry.derived_by]
    for entry, out in zip(answer.benefits, a.get("benefits", [])):
        decided(entry, out)
        out["per_member"] = entry.per_member
    for c, out in zip(answer.conflicts, a.get("conflicts", [])):
        if c.resolution:
            c = graph.conflict(answer, c)
            out.pop("resolution")
            out.update(principle=c.principle, options=msgspec.to_builtins(c.options), chosen=c.chosen)
        if c.clause is not UNSET:
            out["clause"] = clause(c.clause)
        for o, written in zip(c.options, out["options"]):
            written["clause"] = clause(given(o.clause))
    if answer.membership:
        written = a["membership"]
        for e, out in zip(answer.membership.excluded or [], written.get("excluded", [])):
            out["because_not"] = traces(e.because_not, True)
        for u, out in zip(answer.membership.undecided or [], written.get("undecided", [])):
            out["missing"] = missing(u.missing)
    if answer.accounting:
        _accounting(answer, a["accounting"], clause, missing)
    sources = a["rulebase"].pop("sources", {})
    for p in (a["rulebase"].get("parameters") or {}).values():
        p["source"] = sources[p["source"]]
    for o, written in zip(answer.category_overlaps or [], a.get("category_overlaps") or []):
        written["clause"] = clause(given(o.clause))
        for part, key in ((o.options, "options"), (o.exclusive, "exclusive"), (o.marking, "marking")):
            for x, out in zip(part or [], written.get(key, [])):
                out["clause"] = clause(x.clause)
        for b, out in zip(o.benefits or [], written.get("benefits", [])):
            if b.resolution:
                b = graph.overlap_benefit(answer, b)
                out.clear()
                out.update(msgspec.to_builtins(b))
            if b.clause is not UNSET:
                out["clause"] = clause(b.clause)
            for alt, alt_out in zip(b.alternatives, out["alternatives"]):
                alt_out["clause"] = clause(alt.clause)
    return a


def _alternative(answer: Answer, alt) -> dict:
    changes = [msgspec.to_builtins(ch) for ch in graph.changes(answer, alt)]
    out = {**changes[0], "rule": graph.trace(answer, alt.trace).rule, "changes": changes}
    if alt.text is not UNSET:
        out["text"] = alt.text
    return out


def _accounting(answer: Answer, written: dict, clause, missing) -> None:
    """The accounting's missing terms and the clauses of its derivations and 就低 record, written out."""
    acc = answer.accounting
    if acc.missing is not UNSET:
        written["missing"] = {k: missing(v) for k, v in acc.missing.items()}
    for fact in acc.derivations or {}:
        d = graph.derivation(answer, fact)
        written["derivations"][fact] = msgspec.to_builtins(d)
        if d.excluded_by is not UNSET:
            written["derivations"][fact]["excluded_by"] = [clause(r) for r in d.excluded_by]
    principle = acc.income_principle
    if principle:
        written["income_principle"]["clause"] = clause(principle.clause)
        if principle.statement:
            written["income_principle"]["statement"]["clause"] = clause(principle.statement.clause)
