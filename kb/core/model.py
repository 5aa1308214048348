"""The compiled rule base: rules with their clauses, jurisdictions, and the version hash."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from fractions import Fraction

from grammar import ast
from kb.core.parameters import Parameter


@dataclass(frozen=True)
class Clause:
    """Where a rule comes from: the sentence of the document, at code-point offsets [start, end)."""
    document: str
    jurisdiction: str
    section: str
    quote: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"document": self.document, "jurisdiction": self.jurisdiction, "section": self.section,
                "quote": self.quote, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class CompiledRule:
    id: str
    jurisdiction: str
    name: str
    head: ast.Head
    body: tuple[ast.Literal, ...]
    clauses: tuple[Clause, ...]
    file: str
    line: int
    source: str
    deferred_note: str | None
    variables: tuple[str, ...]
    reads_facts: tuple[str, ...]
    reads_params: tuple[str, ...]
    reads_predicates: tuple[str, ...]
    # A household category's rule written `dibao(P) :- dan_ren_hu(P).` (大冶's 单人户): the household
    # holds the category through member P, and the category covers that member only. The head is
    # compiled as the household head `dibao`; `covers` names the variable of the member covered.
    covers: str | None = None
    # For a rule the compiler derived (a `<category>_member(P)` rule): the rule it was derived from.
    derived_from: str | None = None

    @property
    def predicate(self) -> str:
        return self.head.name

    @cached_property
    def clause_dicts(self) -> list[dict]:
        """The clauses as answers show them, built once and shared by every answer (read-only)."""
        return [c.as_dict() for c in self.clauses]

    def as_dict(self) -> dict:
        return {"id": self.id, "jurisdiction": self.jurisdiction, "head": self.head.name,
                "per_member": self.head.var is not None, "subtype": self.head.subtype,
                "value": _num(self.head.value.value) if self.head.value else None,
                "clauses": [c.as_dict() for c in self.clauses], "file": self.file, "line": self.line,
                "source": self.source, "basis": "deferred" if self.deferred_note else "stated",
                "conditions": [{"condition": ast.render_literal(lit),
                                "clause": (lit.cite - 1 if lit.cite else 0) if self.clauses else None}
                               for lit in self.body],
                "deferred_note": self.deferred_note, "covers": self.covers, "derived_from": self.derived_from,
                "reads": {"facts": list(self.reads_facts),
                "parameters": list(self.reads_params), "predicates": list(self.reads_predicates)}}


def _num(value: Fraction) -> str:
    from kb.core.money import fmt
    return fmt(value)


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    per_member: bool
    subtypes: tuple[str, ...]


@dataclass(frozen=True)
class Benefit:
    id: str
    label: str
    kind: str
    per_member: bool = False    # given to persons: one value per counted member


@dataclass(frozen=True)
class Principle:
    id: str
    label: str
    picks: str
    benefits: tuple[str, ...]
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Procedure:
    id: str
    label: str
    value: object
    unit: str | None
    clauses: tuple[Clause, ...]


@dataclass
class Jurisdiction:
    id: str
    label: str
    document: str
    text: str
    categories: dict[str, Category] = field(default_factory=dict)
    benefits: dict[str, Benefit] = field(default_factory=dict)
    principles: list[Principle] = field(default_factory=list)
    income_exclusions: dict[str, tuple[Clause, ...]] = field(default_factory=dict)
    procedures: list[Procedure] = field(default_factory=list)
    rules: list[CompiledRule] = field(default_factory=list)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    strata: list[list[str]] = field(default_factory=list)   # predicate SCCs, dependencies first
    per_member_predicates: set[str] = field(default_factory=set)
    # rule name -> the readings chosen where its sentence is ambiguous (kb/compile/readings.py)
    readings: dict[str, list[dict]] = field(default_factory=dict)

    @cached_property
    def facts_read(self) -> frozenset[str]:
        """Every fact some rule of this jurisdiction reads (only those go to the engine)."""
        return frozenset(f for r in self.rules for f in r.reads_facts)

    @cached_property
    def params_read(self) -> frozenset[str]:
        """Every parameter some rule of this jurisdiction reads."""
        return frozenset(p for r in self.rules for p in r.reads_params)

    def rules_for(self, predicate: str) -> list[CompiledRule]:
        return [r for r in self.rules if r.head.name == predicate]

    def predicates(self) -> list[str]:
        return [p for scc in self.strata for p in scc]


@dataclass
class RuleBase:
    jurisdictions: dict[str, Jurisdiction]
    version: str

    def rule(self, rule_id: str) -> CompiledRule | None:
        jid = rule_id.split(".", 1)[0]
        j = self.jurisdictions.get(jid)
        return next((r for r in j.rules if r.id == rule_id), None) if j else None

    def all_rules(self) -> list[CompiledRule]:
        return [r for j in self.jurisdictions.values() for r in j.rules]
