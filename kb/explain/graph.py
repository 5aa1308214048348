"""The answer as a proof graph: each clause, each derivation and each missing term stated once.

An answer cites the same sentence of a document wherever a rule resting on it applies, shows the
same rule applied to the same member under every category, member entry and benefit that reads
it, and lists the same missing term under every category it would decide. So the answer keeps
three tables and refers to their entries by id everywhere else (docs/answer.md, "The proof graph"):

- `clauses`: id ("c1") -> {document, jurisdiction, section, quote, start, end};
- `rules`: rule id -> what the rule states the same wherever it applies: {basis, clauses: [clause
  ids], conditions: [{condition, fact, term, test, clause?, predicate, category, note, derivation,
  of}]} (`clause`: the sentence a condition rests on when the rule cites several; `of`: the
  rule's variable naming the member a condition concerns);
- `traces`: id ("t1") -> one derivation — a rule applied to the household or to one member —
  {rule, holds, binding?, conditions: [{holds, value, member?, missing: [missing ids],
  because: [trace ids of the helper's derivations]}]}, aligned with the rule's conditions;
- `missing`: id ("m1") -> an RDF term that would decide ("bg:age of <person>").

`Graph` builds the tables while the answer is assembled (ids in order of first use, so an
answer is deterministic); the readers below are the one place that follows a reference, for every
view of the answer (text, notice, comparison, questions, analyses). `kb.explain.expand` turns a
lean answer back into the nested form answers had before the graph (the equivalence test).
"""
from __future__ import annotations

CLAUSES, RULES, TRACES, MISSING = "clauses", "rules", "traces", "missing"
TABLES = (CLAUSES, RULES, TRACES, MISSING)
# what a condition states the same for every application of its rule (the body literal, its test,
# its clause): kept once in `rules`; `of` names the rule's variable whose member it concerns
STATIC = ("condition", "fact", "term", "test", "predicate", "category", "clause", "note", "derivation")
_OVERRIDABLE = frozenset((*STATIC, "member"))


class Graph:
    """The three tables of one answer, and the index that gives each entry its one id."""

    def __init__(self):
        self.clauses: dict[str, dict] = {}
        self.rules: dict[str, dict] = {}
        self.traces: dict[str, dict] = {}
        self.missing: dict[str, str] = {}
        self._clause_ids: dict[tuple, str] = {}
        self._missing_ids: dict[str, str] = {}
        self.trace_ids: dict[int, str] = {}      # id(RuleTrace) -> trace id (the builder's memo)

    @classmethod
    def of(cls, answer: dict) -> "Graph":
        """The graph of a built answer, writing into its tables (for additions made after the
        answer is assembled: the favourability records cite the statements' clauses)."""
        g = cls()
        g.clauses = answer.setdefault(CLAUSES, {})
        g.rules = answer.setdefault(RULES, {})
        g.missing = answer.setdefault(MISSING, {})
        g.traces = answer.setdefault(TRACES, {})
        g._clause_ids = {(c["document"], c["start"], c["end"], c["section"]): ref for ref, c in g.clauses.items()}
        g._missing_ids = {term: ref for ref, term in g.missing.items()}
        return g

    def clause(self, clause: dict | None) -> str | None:
        """The id of a clause (registered on first use); None for no clause."""
        if clause is None:
            return None
        key = (clause["document"], clause["start"], clause["end"], clause["section"])
        ref = self._clause_ids.get(key)
        if ref is None:
            ref = self._clause_ids[key] = f"c{len(self._clause_ids) + 1}"
            self.clauses[ref] = clause
        return ref

    def clause_list(self, clauses) -> list[str]:
        return [self.clause(c) for c in clauses]

    def term(self, term: str) -> str:
        ref = self._missing_ids.get(term)
        if ref is None:
            ref = self._missing_ids[term] = f"m{len(self._missing_ids) + 1}"
            self.missing[ref] = term
        return ref

    def terms(self, terms) -> list[str]:
        return [self.term(t) for t in terms]

    def reserve_trace(self, key: int) -> tuple[str, bool]:
        """(id, new) for a rule trace: the id is reserved before its conditions are built, so a
        helper that (through others) reads itself refers back instead of recursing."""
        ref = self.trace_ids.get(key)
        if ref is not None:
            return ref, False
        ref = self.trace_ids[key] = f"t{len(self.trace_ids) + 1}"
        self.traces[ref] = {}      # its place in the table: ids and table order agree
        return ref, True

    def add_trace(self, ref: str, head: dict, conditions: list[dict]) -> None:
        """Enter a derivation: `head` {rule, holds, basis, clauses, binding?} and its conditions
        in full. What the rule states the same for every application goes to `rules` (from the
        first application); the trace keeps what this application found (holds, values, members,
        missing terms, the helper derivations it read) and, should a stated part differ from the
        rule's entry, that part (null: absent here)."""
        binding = head.get("binding") or {}
        rule = self.rules.get(head["rule"])
        if rule is None:
            rule = self.rules[head["rule"]] = {"basis": head["basis"], "clauses": head["clauses"],
                                               "conditions": [_stated(c, binding) for c in conditions]}
        entry = {"rule": head["rule"], "holds": head["holds"]}
        if binding:
            entry["binding"] = binding
        if head["basis"] != rule["basis"]:
            entry["basis"] = head["basis"]
        if head["clauses"] != rule["clauses"]:
            entry["clauses"] = head["clauses"]
        stated = rule["conditions"]
        entry["conditions"] = [_found(c, stated[i] if i < len(stated) else {}, binding)
                               for i, c in enumerate(conditions)]
        self.traces[ref] = entry

    def tables(self) -> dict:
        return {CLAUSES: self.clauses, RULES: self.rules, TRACES: self.traces, MISSING: self.missing}


def _stated(c: dict, binding: dict) -> dict:
    out = {k: c[k] for k in STATIC if k in c}
    member = c.get("member")
    if member is not None:
        var = next((v for v, m in binding.items() if m == member), None)
        if var is not None:
            out["of"] = var
    return out


def _found(c: dict, stated: dict, binding: dict) -> dict:
    out = {k: c[k] for k in ("holds", "value", "missing", "because") if k in c}
    expected = binding.get(stated["of"]) if "of" in stated else None
    if c.get("member") != expected:
        out["member"] = c.get("member")
    for k in STATIC:
        if c.get(k) != stated.get(k):
            out[k] = c.get(k)
    return out


# -- reading: following a reference -----------------------------------------------------------

def clause(answer: dict, ref: str | None) -> dict | None:
    """The clause an id names (None for None)."""
    return answer[CLAUSES][ref] if ref is not None else None


def clauses(answer: dict, refs) -> list[dict]:
    table = answer[CLAUSES]
    return [table[r] for r in refs or ()]


def trace(answer: dict, ref: str) -> dict:
    return answer[TRACES][ref]


def traces(answer: dict, refs) -> list[dict]:
    table = answer[TRACES]
    return [table[r] for r in refs or ()]


def terms(answer: dict, refs) -> list[str]:
    """The missing terms that ids name, as the RDF terms to fill in."""
    table = answer[MISSING]
    return [table[r] for r in refs or ()]


def rule_of(answer: dict, t: dict) -> dict:
    """What a trace's rule states (`rules` entry): basis, clauses, its conditions as written."""
    return answer[RULES][t["rule"]]


def clause_refs(answer: dict, t: dict) -> list[str]:
    return t["clauses"] if "clauses" in t else answer[RULES][t["rule"]]["clauses"]


def basis(answer: dict, t: dict) -> str:
    return t["basis"] if "basis" in t else answer[RULES][t["rule"]]["basis"]


def trace_clauses(answer: dict, t: dict) -> list[dict]:
    """Every clause a trace's rule cites, first the one it rests on."""
    return clauses(answer, clause_refs(answer, t))


def trace_clause(answer: dict, t: dict) -> dict | None:
    """The first clause of a trace's rule (the sentence it rests on), or None."""
    refs = clause_refs(answer, t)
    return answer[CLAUSES][refs[0]] if refs else None


def conditions(answer: dict, t: dict) -> list[dict]:
    """A trace's conditions in full: what its rule states (the literal, fact, term, test, clause)
    with what this application found (holds, value, member, missing, because, text)."""
    stated = answer[RULES][t["rule"]]["conditions"]
    binding = t.get("binding") or {}
    out = []
    for i, found in enumerate(t["conditions"]):
        s = stated[i] if i < len(stated) else {}
        c = {k: v for k, v in s.items() if k != "of"}
        if "of" in s and binding.get(s["of"]) is not None:
            c["member"] = binding[s["of"]]
        for k, v in found.items():
            if v is None and k in _OVERRIDABLE:
                c.pop(k, None)
            else:
                c[k] = v
        out.append(c)
    return out


def condition_clause(answer: dict, c: dict) -> dict | None:
    """The sentence one condition rests on, when its rule cites several (else None)."""
    return clause(answer, c.get("clause"))


def failed(answer: dict, t: dict) -> list[dict]:
    """The conditions of a trace that fail (in full)."""
    return [c for c in conditions(answer, t) if c["holds"] is False]


def unknown(answer: dict, t: dict) -> list[dict]:
    """The conditions of a trace left unknown (in full)."""
    return [c for c in conditions(answer, t) if c["holds"] is None]


def nested(answer: dict, c: dict) -> list[dict]:
    """The derivations of the helper a condition reads (its `because`)."""
    return traces(answer, c.get("because"))


def deciding(answer: dict, entry: dict) -> list[dict]:
    """The traces that decide a category's or benefit's status: those that hold (eligible),
    those left unknown (undetermined; else the failing ones), those that fail (ineligible)."""
    status = entry["status"]
    if status == "eligible":
        refs = entry.get("because") or []
    elif status == "ineligible":
        refs = entry.get("because_not") or []
    else:
        refs = entry.get("unknown") or entry.get("because_not") or []
    return traces(answer, refs)


def member_ids(entry: dict) -> list[str]:
    """The members an answer entry (category or benefit) is eligible for."""
    return [m["member"] for m in entry.get("members") or [] if isinstance(m, dict) and m.get("status") == "eligible"]
