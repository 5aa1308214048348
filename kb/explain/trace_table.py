"""The answer's `traces` table (kb.explain.graph) built from the re-check's rule traces: each
derivation entered once, on its first citation, with its conditions split into what the rule
states (kept once per rule, and the literals once per answer in `conditions`) and what this
application found (holds, value, missing terms, the helper derivations it read).

This is most of an answer's building time (a 大冶 family: some 130 traces, 350 conditions), so
the per-condition work is kept to tuples and one Struct each: the stated parts are compared with
the rule's entry as one tuple, value texts are kept by exact ratio.
"""
from __future__ import annotations

from fractions import Fraction

from msgspec import UNSET

from kb.core.facts import ALL_FACTS
from kb.core.money import fmt, fmt_plain
from kb.evaluate.conditions import NO_VALUE, Condition, RuleTrace
from kb.evaluate.recheck import Evaluation
from kb.explain.tables import TRACE_IDS, Graph

TERMS = {name: spec.rdf_term for name, spec in ALL_FACTS.items()}   # fact -> its RDF term


def viewer(j, ev: Evaluation):
    """`view(trace)`: a trace's id in the answer's `traces` table (`_trace_ref`),
    looked up directly once the trace has its entry (most calls: a trace is cited many times)."""
    ids = ev.views["graph"].trace_ids

    def view(trace: RuleTrace) -> str:
        ref = ids.get(id(trace))
        return ref if ref is not None else _trace_ref(j, ev, trace)
    return view


def _trace_ref(j, ev: Evaluation, trace: RuleTrace) -> str:
    """The id of a rule trace in the answer's `traces` table, its entry built on first use: the
    household-level entry, the members' entries and every condition reading the helper refer to
    the one entry. Whether the reader shows all its conditions or the failed ones is the reader's:
    a condition's `holds` says which fail."""
    g: Graph = ev.views["graph"]
    ids, key = g.trace_ids, id(trace)
    ref = ids.get(key)
    if ref is not None:
        return ref
    # its id reserved, and its place in the table kept (ids and table order agree), before its
    # conditions are built, so that a helper that (through others) reads itself refers back
    # instead of recursing (here, not in a Graph method: some 120 traces an answer)
    ref = ids[key] = TRACE_IDS[len(ids) + 1]
    g.traces[ref] = None
    rule = trace.rule
    clause_refs = g.rule_clause_ids.get(rule.id) or g.rule_clauses(rule)
    # the rule cites several sentences: each condition names the one it rests on
    own = clause_refs if len(clause_refs) > 1 else None
    conds = _condition_parts(j, ev, g, trace.conditions, own)
    g.add_trace(ref, rule.id, trace.holds, "deferred" if rule.deferred_note else "stated", clause_refs,
                dict(trace.binding) if trace.binding else {}, conds)
    return ref


def _condition_parts(j, ev: Evaluation, g: Graph, conditions: list[Condition], clause_refs: list[str] | None):
    """A trace's conditions, each as (what the rule states: kb.explain.tables.STATIC in order,
    holds, value as the answer writes it, missing term ids, the helper's derivations read (their
    ids, as a list and as a tuple) or None, the member it concerns or None); the graph keeps the
    stated parts once per rule and builds a `findings` entry only for an outcome not seen before
    (most repeat: some 340 conditions, 45 findings an answer). Missing terms get their ids
    before the helper's derivations do (ids follow first use)."""
    categories, views, traces, terms = j.categories, ev.views, ev.traces, g.terms
    out = []
    for c in conditions:
        fact, predicate = c.fact, c.predicate
        value = missing = because = None
        if fact:
            value = c.value
            kind = type(value)
            if kind is Fraction:
                value = _VALUE_TEXTS.get(value.as_integer_ratio()) or value_text(value)
            elif kind is not bool and kind is not str:
                value = value_text(value)
        if c.missing:
            missing = terms(c.missing)
        if predicate and predicate not in categories and predicate != "listed":
            member = c.member
            key = (member,) if member else None
            holds = c.holds
            want = True if holds is (not c.negated) else None if holds is None else False
            # one list per helper, key and outcome: the same helper is cited by many rules
            memo_key = ("nested", predicate, key, want)
            because = views.get(memo_key)
            if because is None:
                nested = [t for t in traces.get(predicate, []) if key is None or t.key == key]
                chosen = [t for t in nested if t.holds is want] or nested
                refs = [_trace_ref(j, ev, t) for t in chosen[:6]]
                because = views[memo_key] = (refs, tuple(refs))
        out.append(((c.text, fact or UNSET, TERMS[fact] if fact else UNSET, c.test or UNSET, predicate or UNSET,
                     clause_refs[c.clause] if clause_refs is not None and c.clause is not None else UNSET,
                     c.note or UNSET), c.holds, value, missing, because, c.member or None))
    return out


def value_text(value):
    """A condition's value as the answer writes it: numbers as decimal text, "none" for a known
    absence, codes and yes/no as they are."""
    if value is None:
        return None
    if value is NO_VALUE:
        return "none"
    if isinstance(value, bool):
        return value
    if isinstance(value, Fraction):
        # the same few values come back in every condition on them: their texts are kept, keyed
        # by the exact ratio (cheap to hash, unlike a Fraction)
        key = value.as_integer_ratio()
        text = _VALUE_TEXTS.get(key)
        if text is None:
            text = fmt(value) if value.denominator != 1 or value > 100 else fmt_plain(value)
            if len(_VALUE_TEXTS) < 4096:
                _VALUE_TEXTS[key] = text
        return text
    return value


_VALUE_TEXTS: dict[tuple[int, int], str] = {}
