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

`Graph` builds the tables while the answer is assembled (ids in order of first use, so an
answer is deterministic); the readers below are the one place that follows a reference, for every
view of the answer (text, notice, comparison, questions, analyses). `kb.explain.expand` turns a
lean answer back into the nested form answers had before the graph (the equivalence test).
"""
from __future__ import annotations

import msgspec
from msgspec import UNSET
from msgspec.structs import astuple

from kb.compile.vocabulary import CATEGORY_IDS
from kb.explain import implied
from kb.explain.types import (Answer, AnswerConflict, Change, Clause, Condition, DerivationRef, MemberResult,
                              Resolution, StatedCondition, StatedRule, Trace, WouldChange, given)
from kb.explain.types_records import Derivation, OverlapAlternative, OverlapBenefit

CLAUSES, RULES, CONDITIONS, FACT_TERMS, TRACES, FINDINGS, MISSING, RESOLUTIONS = (
    "clauses", "rules", "conditions", "fact_terms", "traces", "findings", "missing", "resolutions")
TABLES = (CLAUSES, RULES, CONDITIONS, FACT_TERMS, TRACES, FINDINGS, MISSING, RESOLUTIONS)
# what a condition states the same for every application of its rule (the body literal, its test,
# its clause): kept once in `rules`; `of` names the rule's variable whose member it concerns
STATIC = ("condition", "fact", "term", "test", "predicate", "clause", "note")
_OVERRIDABLE = frozenset((*STATIC, "member"))
_FOUND = Condition.__struct_fields__
_STATUS = {True: "eligible", False: "ineligible", None: "undetermined"}
_NOTHING_STATED = (UNSET,) * len(STATIC)
# the stated parts are read positionally (msgspec.structs.astuple): they are StatedCondition's first fields
assert StatedCondition.__struct_fields__[:len(STATIC)] == STATIC


class Graph:
    """The three tables of one answer, and the index that gives each entry its one id."""

    def __init__(self, document: str | None = None, jurisdiction: str | None = None):
        # the answer's own document and jurisdiction: its clauses leave them out (stated once)
        self.document, self.jurisdiction = document, jurisdiction
        self.clauses: dict[str, Clause] = {}
        self.rules: dict[str, StatedRule] = {}
        self.conditions: dict[str, StatedCondition] = {}
        self.fact_terms: dict[str, str] = {}
        self.traces: dict[str, Trace] = {}
        self.findings: dict[str, Condition] = {}
        self.missing: dict[str, str] = {}
        self.resolutions: dict[str, Resolution] = {}
        self._clause_ids: dict[tuple, str] = {}
        self._resolution_ids: dict[bytes, str] = {}
        self._condition_ids: dict[bytes, str] = {}
        self._finding_ids: dict[bytes, str] = {}
        self._missing_ids: dict[str, str] = {}
        self.trace_ids: dict[int, str] = {}      # id(RuleTrace) -> trace id (the builder's memo)
        self._rule_clauses: dict[str, list[str]] = {}     # rule id -> its clause ids
        self._stated_parts: dict[str, list[tuple]] = {}   # rule id -> per condition (stated parts, `of`)

    @classmethod
    def of(cls, answer: Answer, clauses_only: bool = False) -> "Graph":
        """The graph of a built answer, writing into its tables (for additions made after the
        answer is assembled: the favourability records cite the statements' clauses). With
        `clauses_only`, only `clause` may be called on it (the other indexes are not rebuilt:
        they cost an encoding of every entry)."""
        g = cls(*_own_document(answer))
        g.clauses = answer.clauses
        g._clause_ids = {(c.document, c.start, c.end, c.section): ref
                         for ref, c in ((r, clause(answer, r)) for r in g.clauses)}
        if clauses_only:
            return g
        g.rules, g.missing, g.traces = answer.rules, answer.missing, answer.traces
        g.conditions, g.resolutions, g.findings = answer.conditions, answer.resolutions, answer.findings
        g.fact_terms = answer.fact_terms
        g._resolution_ids = {msgspec.json.encode(r): ref for ref, r in g.resolutions.items()}
        g._condition_ids = {msgspec.json.encode(c): ref for ref, c in g.conditions.items()}
        g._finding_ids = {msgspec.json.encode(c): ref for ref, c in g.findings.items()}
        g._missing_ids = {term: ref for ref, term in g.missing.items()}
        return g

    def clause(self, clause: dict | None) -> str | None:
        """The id of a clause (`Clause.as_dict()` of the compiled rule base; registered on first
        use); None for no clause."""
        if clause is None:
            return None
        key = (clause["document"], clause["start"], clause["end"], clause["section"])
        ref = self._clause_ids.get(key)
        if ref is None:
            ref = self._clause_ids[key] = f"c{len(self._clause_ids) + 1}"
            own = clause["document"] == self.document and clause["jurisdiction"] == self.jurisdiction
            self.clauses[ref] = Clause(section=clause["section"], quote=clause["quote"], start=clause["start"],
                                       end=clause["end"], document=UNSET if own else clause["document"],
                                       jurisdiction=UNSET if own else clause["jurisdiction"])
        return ref

    def clause_list(self, clauses) -> list[str]:
        return [self.clause(c) for c in clauses]

    def rule_clauses(self, rule) -> list[str]:
        """The ids of a compiled rule's clauses (registered on the rule's first use, then the same
        list for each of its applications: nothing changes an id once given)."""
        refs = self._rule_clauses.get(rule.id)
        if refs is None:
            refs = self._rule_clauses[rule.id] = self.clause_list(rule.clause_dicts)
        return refs

    def term(self, term: str) -> str:
        ref = self._missing_ids.get(term)
        if ref is None:
            ref = self._missing_ids[term] = f"m{len(self._missing_ids) + 1}"
            self.missing[ref] = term
        return ref

    def terms(self, terms) -> list[str]:
        return [self.term(t) for t in terms]

    def resolution(self, resolution: Resolution) -> str:
        """The id of a principle's resolution in `resolutions` (the same choice between the same
        alternatives, for whichever member, is one entry)."""
        return _entry_id(self.resolutions, self._resolution_ids, "r", resolution)

    def reserve_trace(self, key: int) -> tuple[str, bool]:
        """(id, new) for a rule trace: the id is reserved before its conditions are built, so a
        helper that (through others) reads itself refers back instead of recursing."""
        ref = self.trace_ids.get(key)
        if ref is not None:
            return ref, False
        ref = self.trace_ids[key] = f"t{len(self.trace_ids) + 1}"
        self.traces[ref] = None    # its place in the table: ids and table order agree
        return ref, True

    def add_trace(self, ref: str, rule_id: str, holds, basis: str, clauses: list[str], binding: dict,
                  conditions: list[tuple[tuple, Condition, object]]) -> None:
        """Enter a derivation: the rule applied, whether it holds, its basis and clauses, the
        member binding and its conditions, each as (its stated parts: the values of `STATIC` in
        order, UNSET where absent; what this application found; the member it concerns or UNSET).
        What the rule states the same for every application goes to `rules` (from the first
        application); the trace keeps what this application found (holds, values, members, missing
        terms, the helper derivations it read) and, should a stated part differ from the rule's
        entry, that part (null: absent here). The found Conditions are completed in place."""
        rule = self.rules.get(rule_id)
        if rule is None:
            stated = [_stated(parts, member, binding) for parts, _, member in conditions]
            rule = self.rules[rule_id] = StatedRule(
                basis=basis, clauses=clauses, conditions=[self._condition(st) for st in stated],
                condition_clauses=implied.clause_exceptions(clauses, [st.full for st in stated]))
            self._stated_parts[rule_id] = [(parts, st.full.of) for (parts, _, _), st in zip(conditions, stated)]
        stated_parts = self._stated_parts.get(rule_id)
        if stated_parts is None:   # a rule entered before (Graph.of): its parts from the tables, joined in
            stated_parts = self._stated_parts[rule_id] = [
                (tuple(getattr(e, k) for k in STATIC), e.of)
                for e in (implied.join_in(self.conditions[r], rule, i, self.fact_terms)
                          for i, r in enumerate(rule.conditions))]
        if len(stated_parts) < len(conditions):   # more conditions than the rule's entry states
            stated_parts = stated_parts + [(_NOTHING_STATED, UNSET)] * (len(conditions) - len(stated_parts))
        # one pass per condition: complete what it found, give it its `findings` id (as
        # `finding`, inlined: some three hundred an answer) and fold its truth into the body's
        findings, finding_ids, encode = self.findings, self._finding_ids, msgspec.json.encode
        refs = []
        all_hold, one_fails = True, False
        for (parts, out, member), (own, of) in zip(conditions, stated_parts):
            if member is UNSET:
                member = None
            if member != (binding.get(of) if of else None):
                out.member = member
            if parts != own:
                for k, value, stated_value in zip(STATIC, parts, own):
                    if value != stated_value:
                        setattr(out, k, given(value))
            found = out.holds
            if found is False:
                one_fails = True
            elif found is not True:
                all_hold = False
            key = encode(out)
            fid = finding_ids.get(key)
            if fid is None:
                fid = finding_ids[key] = f"f{len(finding_ids) + 1}"
                findings[fid] = out
            refs.append(fid)
        body = False if one_fails else True if all_hold else None    # implied.all_of
        self.traces[ref] = Trace(
            rule=rule_id, holds=holds if holds is not body else UNSET,
            binding=binding or UNSET,
            basis=basis if basis != rule.basis else UNSET,
            clauses=clauses if clauses != rule.clauses else UNSET,
            conditions=refs)

    def finding(self, found: Condition) -> str:
        """The id of what an application of a condition found, in `findings` (the same outcome,
        in whichever derivation, is one entry)."""
        return _entry_id(self.findings, self._finding_ids, "f", found)

    def _condition(self, stated: "_Stated") -> str:
        """The id of a stated condition in `conditions` (its clause is its rule's, and its fact's
        term `fact_terms`: left out)."""
        entry, key = self._left_out(stated)
        return _entry_id(self.conditions, self._condition_ids, "k", entry, key)

    def _left_out(self, stated: "_Stated") -> tuple[StatedCondition, bytes]:
        """The `conditions` entry of a stated literal (implied.leave_out) and its key. What is left
        out depends only on the literal and on the term its fact already has in this answer's
        `fact_terms`, so the entry is made once per pair and shared (read-only) by every answer."""
        fact = stated.entry.fact
        known = self.fact_terms.get(fact) if fact else None
        memo = (stated.key, known)
        done = _LEFT_OUT.get(memo)
        if done is None:
            terms = {fact: known} if known is not None else {}
            entry = implied.leave_out(msgspec.structs.replace(stated.entry), terms)
            done = (entry, msgspec.json.encode(entry), terms.get(fact) if fact else None)
            if len(_LEFT_OUT) < 8192:
                _LEFT_OUT[memo] = done
        entry, key, term = done
        if term is not None:
            self.fact_terms.setdefault(fact, term)    # registered on first use, as leave_out does
        return entry, key

    def tables(self) -> dict:
        return {CLAUSES: self.clauses, RULES: self.rules, CONDITIONS: self.conditions,
                FACT_TERMS: self.fact_terms, TRACES: self.traces,
                FINDINGS: self.findings, MISSING: self.missing, RESOLUTIONS: self.resolutions}


def _entry_id(table: dict, ids: dict[bytes, str], prefix: str, entry, key: bytes | None = None) -> str:
    """The id of an entry of one of the answer's tables, equal entries (by their JSON) one id:
    the next `prefix` number on first use, in order of first use."""
    if key is None:
        key = msgspec.json.encode(entry)
    ref = ids.get(key)
    if ref is None:
        ref = ids[key] = f"{prefix}{len(ids) + 1}"
        table[ref] = entry
    return ref


class _Stated:
    """One body literal as rules state it, made once and shared (read-only) by every answer: in
    full (with the clause it rests on, what applications are compared with), without that clause
    (what `Graph._left_out` makes the answer's `conditions` entry from), and the latter's JSON."""
    __slots__ = ("full", "entry", "key")

    def __init__(self, full: StatedCondition):
        self.full = full
        self.entry = msgspec.structs.replace(full, clause=UNSET)
        self.key = msgspec.json.encode(self.entry)


def _stated(parts: tuple, member, binding: dict) -> _Stated:
    var = None
    if member:
        for v, m in binding.items():    # the rule's variable naming the member (first one)
            if m == member:
                var = v
                break
    key = (parts, var)
    out = _STATED.get(key)
    if out is None:
        full = StatedCondition(**dict(zip(STATIC, parts)))
        if var is not None:
            full.of = var
        out = _Stated(full)
        if len(_STATED) < 8192:
            _STATED[key] = out
    return out


# What a rule's condition states is the same few literals in every answer: made once per stated
# parts and member variable (kb.explain.answer's builder gives the parts), shared by the answers
_STATED: dict[tuple, _Stated] = {}
_LEFT_OUT: dict[tuple, tuple] = {}     # (stated key, its fact's term so far) -> (entry, key, term)


# -- reading: following a reference -----------------------------------------------------------

def _own_document(answer: Answer) -> tuple[str | None, str]:
    return (answer.document.file if answer.document and answer.document.file else None), answer.jurisdiction


def clause(answer: Answer, ref: str | None) -> Clause | None:
    """The clause an id names (None for None), with its document and jurisdiction (the answer's
    own, which its table leaves out)."""
    if not ref:
        return None
    found = answer.clauses[ref]
    if found.document is UNSET:
        document, jurisdiction = _own_document(answer)
        found = msgspec.structs.replace(found, document=document, jurisdiction=jurisdiction)
    return found


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
            negated = (c.condition or "").startswith("not ")
            status = (not c.holds if c.holds is not None else None) if negated else c.holds
            out.append(Change(predicate=c.predicate, now=_STATUS[status] if c.predicate in CATEGORY_IDS else status,
                              needs=needs, member=member))
        else:
            out.append(Change(condition=c.condition, now="undecided", needs=needs, member=member))
    return out


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


def member_ids(entry) -> list[str]:
    """The members an answer entry (category or benefit) is eligible for."""
    return [m.member for m in entry.members or [] if isinstance(m, MemberResult) and m.status == "eligible"]
