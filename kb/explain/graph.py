"""The answer as a proof graph: each clause, each derivation and each missing term stated once.

An answer cites the same sentence of a document wherever a rule resting on it applies, shows the
same rule applied to the same member under every category, member entry and benefit that reads
it, and lists the same missing term under every category it would decide. So the answer keeps
tables and refers to their entries by id everywhere else (docs/answer.md, "The proof graph"):

- `clauses`: id ("c1") -> {section, quote, start, end} (and document, jurisdiction for a clause
  of another document than the answer's own, `document.file`);
- `rules`: rule id -> what the rule states the same wherever it applies: {basis, clauses: [clause
  ids], conditions: [condition ids], condition_clauses: {position: clause id}} (when the rule
  cites several sentences, a condition rests on the first unless `condition_clauses` names another);
- `conditions`: id ("k1") -> a body literal as rules state it, once however many rules share it:
  {condition, fact, term, test, predicate, note, of} (`of`: the rule's variable naming the member
  a condition concerns; `of` and `test` left out where the literal says them: `own_of`,
  `own_test`). What the answer says elsewhere is not repeated: a predicate that
  is a category is one of `categories`, a derived fact's derivation is `accounting.derivations`,
  and a fact's RDF term is `fact_terms` (`conditions` below joins them back in);
- `fact_terms`: fact -> the RDF term to fill in, once per answer;
- `traces`: id ("t1") -> one derivation — a rule applied to the household or to one member —
  {rule, holds?, binding?, conditions: [finding ids]}, aligned with the rule's conditions (`holds`
  only where the conditions do not say it);
- `findings`: id ("f1") -> what an application of a condition found: {holds, value, member?,
  missing: [missing ids], because: [trace ids of the helper's derivations]}, once however many
  applications found the same (the condition and its member are the trace's: its rule's condition
  at that position, its binding);
- `missing`: id ("m1") -> an RDF term that would decide ("bg:age of <person>");
- `resolutions`: id ("r1") -> a document's principle choosing between the values rules give a
  benefit {principle, principle_id, picks, clause, alternatives, chosen}, once however many
  members, benefits, conflicts and overlap records it concerns (the member stays where it is
  referred to).

`Graph` (kb.explain.tables) builds the tables while the answer is assembled (ids in order of
first use, so an answer is deterministic); the readers below are the one place that follows a reference, for every
view of the answer (text, notice, comparison, questions, analyses). `kb.explain.expand` turns a
lean answer back into the nested form answers had before the graph (the equivalence test).
"""
from __future__ import annotations

import msgspec
from msgspec import UNSET
from msgspec.structs import astuple

from kb.compile.vocabulary import CATEGORY_IDS
from kb.explain import implied
from kb.explain.tables import STATIC, clause
from kb.explain.types import (Answer, AnswerConflict, BenefitResult, CategoryResult, Change, Clause, Condition,
                              DerivationRef, MemberResult, Resolution, STATUS, StatedCondition, StatedRule, Trace, WouldChange, given)
from kb.explain.types_records import Derivation, OverlapAlternative, OverlapBenefit

# the table names, the stated parts (STATIC) and the builder are kb.explain.tables'
_OVERRIDABLE = frozenset((*STATIC, "member"))
_FOUND = Condition.__struct_fields__


# -- reading: following a reference -----------------------------------------------------------



def clauses(answer: Answer, refs) -> list[Clause]:
    return [clause(answer, r) for r in refs or ()]


def trace(answer: Answer, ref: str) -> Trace:
    """A derivation, with whether it holds (absent in the table where its conditions say it)."""
    t = answer.traces[ref]
    if t.holds is UNSET:
        t = msgspec.structs.replace(t, holds=implied.all_of(c.holds for c in found_conditions(answer, t)))
    return t


def traces(answer: Answer, refs) -> list[Trace]:
    return [trace(answer, r) for r in refs or ()]


def terms(answer: Answer, refs) -> list[str]:
    """The missing terms that ids name, as the RDF terms to fill in."""
    table = answer.missing
    return [table[r] for r in refs or ()]


def resolution(answer: Answer, ref: str | None) -> Resolution | None:
    """The resolution an id names (None for None): the principle, its clause, the alternatives
    and the value chosen."""
    return answer.resolutions[ref] if ref else None


def resolved_members(entry) -> list[str]:
    """The members a benefit's household-level `resolved_by` concerns: the members holding it
    whose entries refer to the same resolution (unless the entry says `resolved_members`)."""
    if getattr(entry, "resolved_members", UNSET) is not UNSET:
        return entry.resolved_members
    return referring([m for m in entry.members or [] if isinstance(m, MemberResult)],
                     given(getattr(entry, "resolved_by", UNSET)))


def referring(members: list[MemberResult], ref: str | None) -> list[str]:
    """The members holding a benefit whose entries refer to the resolution `ref`."""
    return [m.member for m in members if ref and m.status == "eligible" and m.resolved_by == ref]


def conflict(answer: Answer, c: AnswerConflict) -> AnswerConflict:
    """A conflict in full: one the principle resolved with the resolution's principle, clause,
    options and choice (the answer states them once, in `resolutions`)."""
    res = resolution(answer, given(c.resolution))
    if res is None:
        return c
    return AnswerConflict(benefit=c.benefit, member=c.member, principle=res.principle, clause=given(res.clause),
                          options=res.alternatives, chosen=res.chosen, note=c.note)


def overlap_benefit(answer: Answer, b: OverlapBenefit) -> OverlapBenefit:
    """An overlap record's benefit in full: each alternative of its resolution with the categories
    behind it, the principle, its clause and the value chosen."""
    res = resolution(answer, given(b.resolution))
    if res is None:
        return b
    alternatives = [OverlapAlternative(value=a.value, rule=a.rule, clause=given(a.clause), categories=cats)
                    for a, cats in zip(res.alternatives, b.alternative_categories or [])]
    return OverlapBenefit(benefit=b.benefit, alternatives=alternatives, chosen=res.chosen, member=b.member,
                          principle=res.principle, clause=given(res.clause), note=b.note, note_zh=b.note_zh)


def stated_conditions(answer: Answer, rule: StatedRule) -> list[StatedCondition]:
    """A rule's conditions as it states them, each with the clause it rests on (when it cites several:
    the rule's first unless `condition_clauses` names another)."""
    table = answer.conditions
    return [implied.join_in(table[ref], rule, i, answer.fact_terms) for i, ref in enumerate(rule.conditions)]


def rule_of(answer: Answer, t: Trace) -> StatedRule:
    """What a trace's rule states (`rules` entry): basis, clauses, its conditions as written."""
    return answer.rules[t.rule]


def clause_refs(answer: Answer, t: Trace) -> list[str]:
    return t.clauses if t.clauses is not UNSET else answer.rules[t.rule].clauses


def basis(answer: Answer, t: Trace) -> str:
    return t.basis if t.basis is not UNSET else answer.rules[t.rule].basis


def trace_clauses(answer: Answer, t: Trace) -> list[Clause]:
    """Every clause a trace's rule cites, first the one it rests on."""
    return clauses(answer, clause_refs(answer, t))


def trace_clause(answer: Answer, t: Trace) -> Clause | None:
    """The first clause of a trace's rule (the sentence it rests on), or None."""
    refs = clause_refs(answer, t)
    return clause(answer, refs[0]) if refs else None


def found_conditions(answer: Answer, t: Trace) -> list[Condition]:
    """What a trace's application found, per condition of its rule (its `findings` entries)."""
    table = answer.findings
    return [table[ref] for ref in t.conditions]


def conditions(answer: Answer, t: Trace) -> list[Condition]:
    """A trace's conditions in full: what its rule states (the literal, fact, term, test, clause)
    with what this application found (holds, value, member, missing, because, text)."""
    stated = stated_conditions(answer, answer.rules[t.rule])
    binding = t.binding or {}
    categories = {c.id for c in answer.categories}
    derived = (answer.accounting.derivations or {}) if answer.accounting else {}
    out = []
    for i, found in enumerate(found_conditions(answer, t)):
        c = {}
        if i < len(stated):
            s = stated[i]
            for k, value in zip(STATIC, astuple(s)):
                if value is not UNSET:
                    c[k] = value
            if s.of and binding.get(s.of) is not None:
                c["member"] = binding[s.of]
        for k, value in zip(_FOUND, astuple(found)):
            if value is UNSET:
                continue
            if value is None and k in _OVERRIDABLE:
                c.pop(k, None)
            else:
                c[k] = value
        # what the answer states elsewhere: the predicate is a category, the fact has a derivation
        if c.get("predicate") in categories:
            c["category"] = c["predicate"]
        if c.get("fact") in derived:
            c["derivation"] = DerivationRef(see=f"accounting.derivations.{c['fact']}",
                                            excluded_by=derivation(answer, c["fact"]).excluded_by)
        out.append(Condition(**c))
    return out


def derivation(answer: Answer, fact: str) -> Derivation:
    """What a derived fact was computed from, in full: an entry that combines other derivations
    (a per-capita figure) with their items and members joined in."""
    table = answer.accounting.derivations
    d = table[fact]
    if d.combines is UNSET:
        return d
    joined = {}
    for part in d.combines:
        whole = derivation(answer, part)
        joined.update({k: v for k in Derivation.__struct_fields__ if k not in ("source", "combines")
                       and (v := getattr(whole, k)) is not UNSET and v != []})   # absent there
    return Derivation(source=d.source, **joined)


def changes(answer: Answer, alt: WouldChange) -> list[Change]:
    """A would-change alternative written out: per condition it names, the change of that fact
    (its RDF term, the member, the value now, what it needs), of that helper or category (its
    status now), or of a condition left to a decision."""
    out = []
    conds = conditions(answer, answer.traces[alt.trace])
    for at, needs in alt.needs.items():
        c = conds[at]
        member = c.member if c.member else UNSET
        if c.fact:
            out.append(Change(fact=c.fact, term=c.term, now=c.value, needs=needs, member=member))
        elif c.predicate:
            out.append(Change(predicate=c.predicate, needs=needs, member=member,
                              now=predicate_now(c.predicate, c.holds, (c.condition or "").startswith("not "))))
        else:
            out.append(Change(condition=c.condition, now="undecided", needs=needs, member=member))
    return out


def predicate_now(predicate: str, holds, negated: bool):
    """What a would-change says a helper or category condition has now: the category's status or
    the helper's truth, for the predicate itself (a negated condition's outcome turned back)."""
    truth = (not holds if holds is not None else None) if negated else holds
    return STATUS[truth] if predicate in CATEGORY_IDS else truth


def condition_clause(answer: Answer, c: Condition) -> Clause | None:
    """The sentence one condition rests on, when its rule cites several (else None)."""
    return clause(answer, c.clause)


def failed(answer: Answer, t: Trace) -> list[Condition]:
    """The conditions of a trace that fail (in full)."""
    return [c for c in conditions(answer, t) if c.holds is False]


def unknown(answer: Answer, t: Trace) -> list[Condition]:
    """The conditions of a trace left unknown (in full)."""
    return [c for c in conditions(answer, t) if c.holds is None]


def nested(answer: Answer, c: Condition) -> list[Trace]:
    """The derivations of the helper a condition reads (its `because`)."""
    return traces(answer, c.because)


def deciding(answer: Answer, entry) -> list[Trace]:
    """The traces that decide a category's or benefit's status: those that hold (eligible),
    those left unknown (undetermined; else the failing ones), those that fail (ineligible)."""
    status = entry.status
    if status == "eligible":
        refs = entry.because or []
    elif status == "ineligible":
        refs = entry.because_not or []
    else:
        refs = getattr(entry, "unknown", None) or entry.because_not or []
    return traces(answer, refs)


def member_entries(answer: Answer) -> dict[str, list[tuple[CategoryResult | BenefitResult, MemberResult]]]:
    """Who gets what, per counted member in the membership's order: (category or per-person
    benefit, that member's entry) for every category, then every per-person benefit, in the
    answer's order. The per-member views (kb.explain.text, kb.explain.notice) choose which
    statuses they show."""
    rows: dict[str, list] = {pid: [] for pid in ((answer.membership.counted or []) if answer.membership else [])}
    for entry in [*answer.categories, *(b for b in answer.benefits if b.per_member)]:
        for m in entry.members or []:
            if isinstance(m, MemberResult) and m.member in rows:   # a summary view lists ids only
                rows[m.member].append((entry, m))
    return rows


def member_ids(entry) -> list[str]:
    """The members an answer entry (category or benefit) is eligible for."""
    return [m.member for m in entry.members or [] if isinstance(m, MemberResult) and m.status == "eligible"]
