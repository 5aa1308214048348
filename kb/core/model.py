"""The compiled rule base: rules with their clauses, jurisdictions, and the version hash."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from fractions import Fraction
from pathlib import Path

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


@dataclass(frozen=True)
class DocumentVersion:
    """One version of a jurisdiction's document (a 征求意见稿, the issued text, a revision) and
    the dates it is in force from, as `jurisdiction.yaml` states them."""
    version: str
    file: str
    title: str | None = None
    number: str | None = None          # 文号
    status: str | None = None          # draft | issued
    issued: date | None = None
    effective_from: date | None = None  # None: undated (a draft); used where no dated version is in force

    def as_dict(self) -> dict:
        """The `document` of an answer (docs/answer.md): version, status, issued, effective_from, file, title, number."""
        return {"version": self.version, "status": self.status,
                "issued": self.issued.isoformat() if self.issued else None,
                "effective_from": self.effective_from.isoformat() if self.effective_from else None,
                "file": self.file, "title": self.title, "number": self.number}


@dataclass(frozen=True)
class JurisdictionInfo:
    """Who the jurisdiction is: names zh/en, province, city, the document's issuer."""
    name_zh: str
    name_en: str | None = None
    province: dict | None = None       # {"zh": …, "en": …}
    city: dict | None = None
    issuer: str | None = None

    def as_dict(self) -> dict:
        return {"name": {"zh": self.name_zh, "en": self.name_en}, "province": self.province,
                "city": self.city, "issuer": self.issuer}


@dataclass(frozen=True)
class Statement:
    """A verbatim sentence of the document about households in several categories (a principle
    such as 有利于保障 or 不重不漏) that has no DSL construct; read from `statements.yaml` and
    located in the document at compile time like any citation."""
    kind: str
    label: str
    clause: Clause
    categories: tuple[str, ...] = ()          # exclusive: the classes; mark: the marked category
    against: tuple[str, ...] = ()             # exclusive pairs: `categories` exclude `against`
    picks: str | None = None                  # favourable: max
    departments: tuple[tuple[str, tuple[str, ...]], ...] = ()   # income_lower: (department, income types it excludes)
    note_zh: str = ""
    note_en: str = ""

    @property
    def jurisdiction(self) -> str:
        return self.clause.jurisdiction

    @property
    def document(self) -> str:
        return self.clause.document

    @property
    def section(self) -> str:
        return self.clause.section

    @property
    def quote(self) -> str:
        return self.clause.quote


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
    statements: tuple[Statement, ...] = ()
    version: DocumentVersion | None = None   # None only for a rule base built by hand in a test
    info: JurisdictionInfo | None = None
    folder: Path | None = None               # where its files are (uncoded.yaml for coverage)

    @property
    def version_id(self) -> str | None:
        return self.version.version if self.version else None

    @cached_property
    def facts_read(self) -> frozenset[str]:
        """Every fact some rule of this jurisdiction reads (only those go to the engine)."""
        return frozenset(f for r in self.rules for f in r.reads_facts)

    @cached_property
    def params_read(self) -> frozenset[str]:
        """Every parameter some rule of this jurisdiction reads."""
        return frozenset(p for r in self.rules for p in r.reads_params)

    def rules_for(self, predicate: str) -> list[CompiledRule]:
        """The rules whose head is `predicate`, in the order listed (a new list: callers may
        keep or extend it), indexed once (`kept`): the answer and the compiler ask hundreds of
        times per household."""
        return list(self.kept("_rules_by_head", self._rules_by_head).get(predicate, ()))

    def rule(self, rule_id: str) -> CompiledRule | None:
        """The rule with this id, or None (indexed once, as `rules_for`)."""
        return self.kept("_rules_by_id", lambda: {r.id: r for r in reversed(self.rules)}).get(rule_id)

    def _rules_by_head(self) -> dict[str, list[CompiledRule]]:
        by_head: dict[str, list[CompiledRule]] = {}
        for r in self.rules:
            by_head.setdefault(r.head.name, []).append(r)
        return by_head

    def kept(self, name: str, build):
        """`build()`, a value made from this version's rules alone, computed once and kept on the
        object: made anew when `rules` is replaced or grows (a rule base built by hand in a test),
        and for a copy (`copy.copy`, as kb.batch.whatif makes one to change its parameters)."""
        held = self.__dict__.get(name)
        if held is None or held[0] != id(self) or held[1] is not self.rules or held[2] != len(self.rules):
            held = self.__dict__[name] = (id(self), self.rules, len(self.rules), build())
        return held[3]

    def predicates(self) -> list[str]:
        return [p for scc in self.strata for p in scc]


def by_effective_date(versions: list[Jurisdiction]) -> list[Jurisdiction]:
    """Versions oldest first: undated ones (drafts) before dated ones, each in the order listed."""
    return sorted(versions, key=lambda j: (1, j.version.effective_from)
                  if j.version and j.version.effective_from else (0, date.min))


class UnknownVersion(LookupError):
    """A version asked for by name that the jurisdiction does not have."""


@dataclass
class RuleBase:
    """`jurisdictions` holds each jurisdiction's latest version (the one listings and the batch
    path use); `versions` every version, oldest first. `at` picks the one in force at a date."""
    jurisdictions: dict[str, Jurisdiction]
    version: str
    versions: dict[str, list[Jurisdiction]] = field(default_factory=dict)

    def __post_init__(self):
        for jid, j in self.jurisdictions.items():
            self.versions.setdefault(jid, [j])

    def at(self, jid: str, when: date | None, version: str | None = None) -> Jurisdiction:
        """The version of `jid` named `version`, else the one in force on `when`: the latest dated
        version that took effect on or before it; where none has, an undated one (a draft) if
        any, else the earliest (an answer then says it was not yet in force). KeyError for an
        unknown jurisdiction, UnknownVersion for an unknown version name."""
        versions = self.versions[jid]
        if version is not None:
            for j in versions:
                if j.version_id == version:
                    return j
            raise UnknownVersion(f"{jid} has no version {version!r}; its versions: "
                                 f"{', '.join(str(j.version_id) for j in versions)}")
        dated = [j for j in versions if j.version and j.version.effective_from is not None]
        in_force = [j for j in dated if when is not None and j.version.effective_from <= when]
        if in_force:
            return max(in_force, key=lambda j: j.version.effective_from)
        undated = [j for j in versions if j not in dated]
        if undated:
            return undated[-1]
        return min(dated, key=lambda j: j.version.effective_from)

    @staticmethod
    def in_force(j: Jurisdiction, when: date | None) -> bool:
        """Whether j's document had taken effect on `when` (an undated draft counts as in force)."""
        if j.version is None or j.version.effective_from is None or when is None:
            return True
        return j.version.effective_from <= when

    def rule(self, rule_id: str) -> CompiledRule | None:
        jid = rule_id.split(".", 1)[0]
        j = self.jurisdictions.get(jid)
        return next((r for r in j.rules if r.id == rule_id), None) if j else None

    def all_rules(self) -> list[CompiledRule]:
        return [r for j in self.jurisdictions.values() for r in j.rules]
