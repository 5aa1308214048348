"""Building the answer's tables (kb.explain.graph describes them): `Graph` gives each clause,
rule, condition, derivation, finding, missing term and resolution its one id, in order of first
use, while the answer is assembled; kb.explain.trace_table enters the derivations.

What a rule's condition states is the same few literals in every answer: those parts are made
once and shared (read-only) by the answers (`_STATED`, `_LEFT_OUT`).
"""
from __future__ import annotations

import msgspec
from msgspec import UNSET

from kb.explain import implied
from kb.explain.types import Answer, Clause, Condition, Resolution, StatedCondition, StatedRule, Trace, given

CLAUSES, RULES, CONDITIONS, FACT_TERMS, TRACES, FINDINGS, MISSING, RESOLUTIONS = (
    "clauses", "rules", "conditions", "fact_terms", "traces", "findings", "missing", "resolutions")
TABLES = (CLAUSES, RULES, CONDITIONS, FACT_TERMS, TRACES, FINDINGS, MISSING, RESOLUTIONS)
# what a condition states the same for every application of its rule (the body literal, its test,
# its clause): kept once in `rules`; `of` names the rule's variable whose member it concerns
STATIC = ("condition", "fact", "term", "test", "predicate", "clause", "note")
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
        self._finding_ids: dict[bytes, str] = {}     # `finding`'s (kb.explain.told: a graph of its own)
        self._finding_keys: dict[tuple, str] = {}    # `add_trace`'s (`_finding_key`)
        self._missing_ids: dict[str, str] = {}
        self.trace_ids: dict[int, str] = {}      # id(RuleTrace) -> trace id (the builder's memo)
        self.rule_clause_ids: dict[str, list[str]] = {}     # rule id -> its clause ids
        self._stated_parts: dict[str, list[tuple]] = {}   # rule id -> per condition (stated parts, `of`)

    @classmethod
    def of(cls, answer: Answer, clauses_only: bool = False) -> "Graph":
        """The graph of a built answer, writing into its tables (for additions made after the
        answer is assembled: the favourability records cite the statements' clauses). With
        `clauses_only`, only `clause` may be called on it (the other indexes are not rebuilt:
        they cost an encoding of every entry)."""
        g = cls(*own_document(answer))
        g.clauses = answer.clauses
        document = own_document(answer)[0]    # a clause of the answer's own document leaves it out
        g._clause_ids = {(document if c.document is UNSET else c.document, c.start, c.end, c.section): ref
                         for ref, c in g.clauses.items()}
        if clauses_only:
            return g
        g.rules, g.missing, g.traces = answer.rules, answer.missing, answer.traces
        g.conditions, g.resolutions, g.findings = answer.conditions, answer.resolutions, answer.findings
        g.fact_terms = answer.fact_terms
        g._resolution_ids = {msgspec.json.encode(r): ref for ref, r in g.resolutions.items()}
        g._condition_ids = {msgspec.json.encode(c): ref for ref, c in g.conditions.items()}
        g._finding_ids = {msgspec.json.encode(c): ref for ref, c in g.findings.items()}
        g._finding_keys = {_finding_key(c): ref for ref, c in g.findings.items()}
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
            ref = self._clause_ids[key] = CLAUSE_IDS[len(self._clause_ids) + 1]
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
        refs = self.rule_clause_ids.get(rule.id)
        if refs is None:
            ids, refs = self._clause_ids, []
            for key, clause in _clause_keys(rule):
                ref = ids.get(key)
                refs.append(ref if ref is not None else self.clause(clause))
            self.rule_clause_ids[rule.id] = refs
        return refs

    def term(self, term: str) -> str:
        ref = self._missing_ids.get(term)
        if ref is None:
            ref = self._missing_ids[term] = MISSING_IDS[len(self._missing_ids) + 1]
            self.missing[ref] = term
        return ref

    def terms(self, terms) -> list[str]:
        return [self.term(t) for t in terms]

    def resolution(self, resolution: Resolution) -> str:
        """The id of a principle's resolution in `resolutions` (the same choice between the same
        alternatives, for whichever member, is one entry)."""
        return _entry_id(self.resolutions, self._resolution_ids, "r", resolution)

    def add_trace(self, ref: str, rule_id: str, holds, basis: str, clauses: list[str], binding: dict,
                  conditions: list[tuple]) -> None:
        """Enter a derivation: the rule applied, whether it holds, its basis and clauses, the
        member binding and its conditions, each as kb.explain.trace_table._condition_parts gives
        them (its stated parts: the values of `STATIC` in order, UNSET where absent; what this
        application found: holds, value, missing term ids, the helper's derivations as (list,
        tuple) or None; the member it concerns or None). What the rule states the same for every
        application goes to `rules` (from the first application); the trace keeps what this
        application found (holds, values, members, missing terms, the helper derivations it read)
        and, should a stated part differ from the rule's entry, that part (null: absent here)."""
        rule = self.rules.get(rule_id)
        if rule is None:
            rule = self.rules[rule_id] = self._enter_rule(rule_id, basis, clauses, conditions, binding)
        stated_parts = self._stated_parts.get(rule_id)
        if stated_parts is None:   # a rule entered before (Graph.of): its parts from the tables, joined in
            stated_parts = self._stated_parts[rule_id] = [
                (tuple(getattr(e, k) for k in STATIC), e.of)
                for e in (implied.join_in(self.conditions[r], rule, i, self.fact_terms)
                          for i, r in enumerate(rule.conditions))]
        if len(stated_parts) < len(conditions):   # more conditions than the rule's entry states
            stated_parts = stated_parts + [(_NOTHING_STATED, UNSET)] * (len(conditions) - len(stated_parts))
        # one pass per condition: what it found as a key (`_finding_key`'s, equal exactly where
        # the entries' JSON is), its `findings` id, a new entry only for a new key, and its
        # truth folded into the body's
        findings, finding_keys = self.findings, self._finding_keys
        refs = []
        all_hold, one_fails = True, False
        for (parts, found, value, missing, because, member), (own, of) in zip(conditions, stated_parts):
            if member == (binding.get(of) if of else None):
                member = UNSET
            overrides = () if parts == own else tuple(
                (k, given(v)) for k, v, stated_value in zip(STATIC, parts, own) if v != stated_value)
            if found is False:
                one_fails = True
            elif found is not True:
                all_hold = False
            key = (found, value if value is None or type(value) is str else _typed(value),
                   tuple(missing) if missing else (), because[1] if because else (), member, overrides)
            fid = finding_keys.get(key)
            if fid is None:
                fid = finding_keys[key] = FINDING_IDS[len(finding_keys) + 1]
                out = findings[fid] = Condition(holds=found, value=value, missing=missing or [],
                                                because=because[0] if because else [], member=member)
                for k, v in overrides:
                    setattr(out, k, v)
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

    def _enter_rule(self, rule_id: str, basis: str, clauses: list[str], conditions, binding: dict) -> StatedRule:
        """The `rules` entry of a rule, from its first application: per condition, the literal as
        stated (`_stated`) and its `conditions` id, the entry leaving out what its literal and its
        fact's term in `fact_terms` say (`_left_out`: made once per pair and shared, read-only, by
        every answer; the term registered on first use). Half an answer's conditions come here
        (a rule's first application): one loop, the shared parts looked up in place."""
        fact_terms, table, ids = self.fact_terms, self.conditions, self._condition_ids
        refs, fulls, stated_parts = [], [], []
        for parts, _, _, _, _, member in conditions:
            var = None
            if member:
                for v, m in binding.items():    # the rule's variable naming the member (first one)
                    if m == member:
                        var = v
                        break
            fact = parts[1]
            known = fact_terms.get(fact) if fact else None
            full, entry, key, term = _ENTRIES.get((parts, var, known)) or _entry(parts, var, known)
            fulls.append(full)
            stated_parts.append((parts, full.of))
            if term is not None:
                fact_terms.setdefault(fact, term)
            ref = ids.get(key)
            if ref is None:
                ref = ids[key] = CONDITION_IDS[len(ids) + 1]
                table[ref] = entry
            refs.append(ref)
        self._stated_parts[rule_id] = stated_parts
        # a rule citing one sentence (most) has no exceptions: its conditions name no clause of
        # their own (kb.explain.trace_table gives them one only when the rule cites several)
        return StatedRule(basis=basis, clauses=clauses, conditions=refs,
                          condition_clauses=implied.clause_exceptions(clauses, fulls) if len(clauses) > 1 else {})

    def tables(self) -> dict:
        return {CLAUSES: self.clauses, RULES: self.rules, CONDITIONS: self.conditions,
                FACT_TERMS: self.fact_terms, TRACES: self.traces,
                FINDINGS: self.findings, MISSING: self.missing, RESOLUTIONS: self.resolutions}


class _Ids(dict):
    """The ids of one table's entries by number ("t1", "t2", …), each text made once and shared
    (immutable; a number not seen before is filled in on first use)."""
    __slots__ = ("prefix",)

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def __missing__(self, n: int) -> str:
        return self.setdefault(n, f"{self.prefix}{n}")


CLAUSE_IDS, CONDITION_IDS, TRACE_IDS, FINDING_IDS, MISSING_IDS = (_Ids(p) for p in "cktfm")


def _clause_keys(rule) -> tuple[tuple[tuple, dict], ...]:
    """A compiled rule's clauses, each as (its key in `Graph._clause_ids`, its dict): made once per
    rule and shared (read-only) by every answer."""
    held = _CLAUSE_KEYS.get(id(rule))
    if held is not None and held[0] is rule:
        return held[1]
    keys = tuple(((c["document"], c["start"], c["end"], c["section"]), c) for c in rule.clause_dicts)
    if len(_CLAUSE_KEYS) < 8192:
        _CLAUSE_KEYS[id(rule)] = (rule, keys)    # the rule kept: its id is not reused while held
    return keys


_CLAUSE_KEYS: dict[int, tuple] = {}


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


def _typed(value):
    """A finding's value other than a text or None, as a key part equal exactly where its JSON is
    (True and 1 are equal in Python, not in JSON; a list of codes as a tuple)."""
    return (list, tuple(value)) if type(value) is list else (type(value), value)


def _finding_key(found: Condition) -> tuple:
    """The key `add_trace` dedupes findings by, of an entry already made (Graph.of): holds,
    value, missing ids, the helper's trace ids, the member (UNSET: the binding's) and the stated
    parts it gives (null: absent here), as add_trace makes it."""
    value = found.value
    return (found.holds, value if value is None or type(value) is str else _typed(value), tuple(found.missing),
            tuple(found.because), found.member,
            tuple((k, v) for k in STATIC if (v := getattr(found, k)) is not UNSET))


class _Stated:
    """One body literal as rules state it, made once and shared (read-only) by every answer: in
    full (with the clause it rests on, what applications are compared with), without that clause
    (what `_left_out` makes the answer's `conditions` entry from), and the latter's JSON."""
    __slots__ = ("full", "entry", "key")

    def __init__(self, full: StatedCondition):
        self.full = full
        self.entry = msgspec.structs.replace(full, clause=UNSET)
        self.key = msgspec.json.encode(self.entry)


def _stated(parts: tuple, var: str | None) -> _Stated:
    """The shared literal of stated parts whose member the rule's variable `var` names (made
    on first use)."""
    full = StatedCondition(**dict(zip(STATIC, parts)))
    if var is not None:
        full.of = var
    out = _Stated(full)
    if len(_STATED) < 8192:
        _STATED[(parts, var)] = out
    return out


def _left_out(stated: _Stated, known: str | None) -> tuple[StatedCondition, bytes, str | None]:
    """(the `conditions` entry, its JSON, its fact's term) of a literal in an answer whose
    `fact_terms` gives its fact the term `known` so far (implied.leave_out; made on first use)."""
    fact = stated.entry.fact
    terms = {fact: known} if known is not None else {}
    entry = implied.leave_out(msgspec.structs.replace(stated.entry), terms)
    done = (entry, msgspec.json.encode(entry), terms.get(fact) if fact else None)
    if len(_LEFT_OUT) < 8192:
        _LEFT_OUT[(stated.key, known)] = done
    return done


def _entry(parts: tuple, var: str | None, known: str | None) -> tuple:
    """(the literal in full, the `conditions` entry, its JSON, its fact's term) of stated parts
    whose member the rule's variable `var` names, in an answer whose `fact_terms` gives its fact
    the term `known` so far: `_stated` and `_left_out` in one, made on first use."""
    stated = _STATED.get((parts, var)) or _stated(parts, var)
    entry, key, term = _LEFT_OUT.get((stated.key, known)) or _left_out(stated, known)
    done = (stated.full, entry, key, term)
    if len(_ENTRIES) < 8192:
        _ENTRIES[(parts, var, known)] = done
    return done


# What a rule's condition states is the same few literals in every answer: made once per stated
# parts and member variable (kb.explain.answer's builder gives the parts), shared by the answers
_STATED: dict[tuple, _Stated] = {}
_LEFT_OUT: dict[tuple, tuple] = {}     # (stated key, its fact's term so far) -> (entry, key, term)
_ENTRIES: dict[tuple, tuple] = {}      # (stated parts, member variable, term so far) -> `_entry`'s


# -- the one reader the builder needs (kb.explain.graph has the others) -------------------------

def own_document(answer: Answer) -> tuple[str | None, str]:
    return (answer.document.file if answer.document and answer.document.file else None), answer.jurisdiction


def clause(answer: Answer, ref: str | None) -> Clause | None:
    """The clause an id names (None for None), with its document and jurisdiction (the answer's
    own, which its table leaves out)."""
    if not ref:
        return None
    found = answer.clauses[ref]
    if found.document is UNSET:
        document, jurisdiction = own_document(answer)
        found = msgspec.structs.replace(found, document=document, jurisdiction=jurisdiction)
    return found
