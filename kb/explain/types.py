"""The answer's types: every field the engine's answer may carry, with its type and meaning.

The answer is a proof graph (kb.explain.graph): clauses, rules, derivations (traces) and missing
terms each in one table, referred to by id (`ClauseRef`, `TraceRef`, `MissingRef`) everywhere else.

The views (kb.explain.answer, kb.explain.persons) assemble the answer; these Structs are its
contract. The OpenAPI document's answer schemas are generated from them (server/openapi.py), and
the tests convert every scenario, example and generated answer into `Answer` with unknown fields
forbidden, so a field the code adds without declaring it here, or a value of the wrong type,
fails the suite instead of drifting from the document.

msgspec was chosen over dataclasses and pydantic because it validates nested Structs with unknown
fields forbidden, generates JSON Schema 2020-12 directly (OpenAPI 3.1's dialect), and `UNSET`
says "absent from the JSON": the answer omits a key rather than writing null, and the schema then
leaves the key out of `required`. Conversion costs milliseconds for a large answer, so it runs in
the tests, not on every request.

Why the engine builds dicts, not these Structs (issue 14 asked to measure; CPU medians, 2026-12-02,
the proof-graph answer): the 大冶 example family (76 KB) serialises in 0.059 ms with orjson from
dicts and 0.073 ms with msgspec.json.encode from Structs; a 30-member household (361 KB) in 0.47 ms
against 0.74 ms; constructing the traces as Structs costs what constructing them as dicts does
(0.060 vs 0.058 ms). Structs would be slower on the request path, so the views build dicts and
the tests hold every answer to these types (unknown fields forbidden).
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType


Truth = Annotated[Union[bool, None], Meta(description="true, false, or null when a fact it needs is unknown")]
Decimal = Annotated[str, Meta(pattern=r"^-?[0-9]+(\.[0-9]+)?$",
                              description="an exact decimal written as a string (money in yuan, ratios)")]
Status = Literal["eligible", "ineligible", "undetermined"]
Basis = Annotated[Literal["stated", "deferred"], Meta(
    description="`deferred`: the document defers to the departments' standards and the common form of the "
                "test (as 焉耆 spells it out) was applied; see `note`")]


class _Part(Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """Every part of the answer: unknown fields are errors, absent fields stay absent."""


class Text(_Part):
    zh: str
    en: str


class Clause(_Part):
    """The sentence of the document a rule comes from; `quote` is text[start:end] (code points)."""
    document: str
    jurisdiction: str
    section: Annotated[str, Meta(description="section path as the document numbers it, e.g. 二.(一).3.(2)")]
    quote: str
    start: Annotated[int, Meta(ge=0)]
    end: Annotated[int, Meta(ge=0)]


# References into the answer's tables (the proof graph, kb.explain.graph): each thing stated once.
ClauseRef = Annotated[str, Meta(pattern=r"^c[0-9]+$", description="a clause: its id in the answer's `clauses`")]
TraceRef = Annotated[str, Meta(pattern=r"^t[0-9]+$", description="a derivation: its id in the answer's `traces`")]
MissingRef = Annotated[str, Meta(pattern=r"^m[0-9]+$", description="a missing term: its id in the answer's `missing`")]


class DerivationRef(_Part):
    """Where a derived fact's figure comes from: its entry in `accounting.derivations`, and the
    clauses that excluded income items from it, when one did."""
    see: str
    excluded_by: list[ClauseRef] | UnsetType = UNSET


class ReadingNote(_Part):
    """An outcome that rests on a reading of an ambiguous sentence: the reading and its alternative."""
    question: str
    zh: str
    en: str
    alternative: str | UnsetType = UNSET
    rules: list[str] | UnsetType = UNSET


class StatedCondition(_Part):
    """One body literal of a rule as the rule states it, the same wherever the rule applies."""
    condition: Annotated[str, Meta(description="the body literal as written in the rule")]
    fact: str | UnsetType = UNSET
    term: Annotated[str, Meta(description="the RDF term to fill in")] | UnsetType = UNSET
    test: str | UnsetType = UNSET
    predicate: str | UnsetType = UNSET
    category: str | UnsetType = UNSET
    note: str | UnsetType = UNSET
    clause: Annotated[ClauseRef, Meta(description="the sentence this condition rests on, when its rule cites "
                                                  "several (`@n` in the rule)")] | UnsetType = UNSET
    derivation: DerivationRef | UnsetType = UNSET
    of: Annotated[str, Meta(description="the rule's variable whose member this condition concerns "
                                        "(the trace's `binding` names the member)")] | UnsetType = UNSET


class StatedRule(_Part):
    """What a rule states (an entry of the answer's `rules`, keyed by rule id)."""
    basis: Basis
    clauses: Annotated[list[ClauseRef], Meta(description="the sentences it rests on, the first the main one")]
    conditions: list[StatedCondition]


class Condition(_Part):
    """One condition of a rule as this application found it, aligned with the rule's `conditions`
    (kb.explain.graph.conditions joins the two). A stated part given here differs from the rule's
    entry for this application (null: absent here)."""
    holds: Truth
    value: Union[str, bool, int, list[str], None] | UnsetType = UNSET
    member: str | None | UnsetType = UNSET
    missing: Annotated[list[MissingRef], Meta(description="the terms that would decide it")] | UnsetType = UNSET
    because: Annotated[list[TraceRef], Meta(description="the derivations of the helper it reads")] | UnsetType = UNSET
    text: Annotated[str, Meta(description="with ?lang=: the condition in plain words")] | UnsetType = UNSET
    condition: str | None | UnsetType = UNSET
    fact: str | None | UnsetType = UNSET
    term: str | None | UnsetType = UNSET
    test: str | None | UnsetType = UNSET
    predicate: str | None | UnsetType = UNSET
    category: str | None | UnsetType = UNSET
    note: str | None | UnsetType = UNSET
    clause: ClauseRef | None | UnsetType = UNSET
    derivation: DerivationRef | None | UnsetType = UNSET


class Trace(_Part):
    """One derivation: a rule applied to the household (or to the member `binding` names)."""
    rule: Annotated[str, Meta(description="the rule: its entry in the answer's `rules`")]
    holds: Truth
    conditions: list[Condition]
    binding: dict[str, str] | UnsetType = UNSET
    basis: Basis | UnsetType = UNSET
    clauses: list[ClauseRef] | UnsetType = UNSET


class _ChangedFact(_Part, kw_only=True):
    """What a change is about: the fact (or helper, or condition) and its member, as it stands now."""
    fact: str | UnsetType = UNSET
    term: str | UnsetType = UNSET
    predicate: str | UnsetType = UNSET
    condition: str | UnsetType = UNSET
    member: str | UnsetType = UNSET
    now: Any = UNSET
    text: str | UnsetType = UNSET


class Change(_ChangedFact, kw_only=True):
    """A change of one fact (or helper) that a rule needs."""
    needs: str | None


class WouldChange(_ChangedFact, kw_only=True):
    """The changes that would make one rule hold; the first change is repeated flat."""
    rule: str
    changes: list[Change]
    needs: str | None | UnsetType = UNSET


class Option(_Part):
    """One value a rule gives, among those a principle chooses from."""
    value: Decimal | None
    rule: str
    clause: ClauseRef | None | UnsetType = UNSET
    category: str | UnsetType = UNSET


class Resolution(_Part):
    """Several rules give different values; the document's principle picks one (for one person)."""
    principle: str
    alternatives: list[Option]
    chosen: Decimal | None
    principle_id: str | UnsetType = UNSET
    picks: Literal["max", "min"] | UnsetType = UNSET
    clause: ClauseRef | None | UnsetType = UNSET
    member: str | UnsetType = UNSET
    members: list[str] | UnsetType = UNSET


class MemberResult(_Part):
    """A category or benefit for one counted member."""
    member: str
    status: Status
    value: Decimal | None | UnsetType = UNSET
    covered_as: str | UnsetType = UNSET
    because: list[TraceRef] | UnsetType = UNSET
    because_not: list[TraceRef] | UnsetType = UNSET
    missing: list[MissingRef] | UnsetType = UNSET
    resolved_by: Resolution | None | UnsetType = UNSET


class CategoryResult(_Part):
    id: str
    label: str
    status: Status
    basis: Basis
    because: Annotated[list[TraceRef], Meta(description="derivations that hold (why)")]
    because_not: Annotated[list[TraceRef], Meta(description="derivations that failed (why not)")]
    missing: Annotated[list[MissingRef], Meta(description="terms whose absence leaves it undetermined")]
    unknown: Annotated[list[TraceRef], Meta(description="derivations left unknown")] | UnsetType = UNSET
    would_change: list[WouldChange] | UnsetType = UNSET
    subtypes: list[str] | UnsetType = UNSET
    subtypes_undetermined: Annotated[list[str], Meta(
        description="subtypes left open while the category holds (e.g. 脱贫户 status unknown)")] | UnsetType = UNSET
    subtype_missing: Annotated[dict[str, list[MissingRef]], Meta(
        description="per open subtype, the RDF terms that would decide it")] | UnsetType = UNSET
    derived_by: Annotated[list[ClauseRef], Meta(
        description="clauses of the accounting behind a derived fact that decided it")] | UnsetType = UNSET
    reading_notes: list[ReadingNote] | UnsetType = UNSET
    per_member: bool | UnsetType = UNSET
    # a per-person category lists who qualifies: member entries with their own status and why,
    # or (where the answer has no per-person entries) the members' ids
    members: list[Union[MemberResult, str]] | UnsetType = UNSET
    note: str | UnsetType = UNSET
    reason: str | UnsetType = UNSET
    sections: list[str] | UnsetType = UNSET
    explanation: Text | UnsetType = UNSET
    labels: Text | UnsetType = UNSET
    subtypes_text: Annotated[list[str], Meta(description="with ?lang=: `subtypes` in plain words")] | UnsetType = UNSET


class BenefitResult(_Part):
    id: str
    label: str
    kind: Annotated[Literal["ratio", "amount", "flag"], Meta(
        description="`ratio`: value is a ratio (e.g. 0.70 of costs); `amount`: yuan; `flag`: no value")]
    status: Status
    value: Decimal | None
    because: list[TraceRef]
    because_not: list[TraceRef] | UnsetType = UNSET
    missing: list[MissingRef] | UnsetType = UNSET
    resolved_by: Resolution | UnsetType = UNSET
    per_member: bool | UnsetType = UNSET
    members: list[MemberResult] | UnsetType = UNSET
    labels: Text | UnsetType = UNSET


class AnswerConflict(_Part):
    """Rules that give one benefit different values, and the value chosen."""
    options: list[Option]
    chosen: Decimal | None
    benefit: str | UnsetType = UNSET
    member: str | None | UnsetType = UNSET
    principle: str | None | UnsetType = UNSET
    clause: ClauseRef | None | UnsetType = UNSET
    note: str | UnsetType = UNSET


class Parameter(_Part):
    value: Decimal
    source: str
    illustrative: bool
    effective_from: str | UnsetType = UNSET
    label: Text | UnsetType = UNSET
    unit: str | UnsetType = UNSET
    source_text: str | UnsetType = UNSET


class Question(_Part):
    """A fact to collect next: the term, the member it concerns, and what it would decide."""
    term: str
    decides: Annotated[list[str], Meta(description="category and benefit ids this fact would decide")]
    text: Text
    member: str | UnsetType = UNSET


class RuleBaseInfo(_Part):
    version: str
    illustrative_parameters: Annotated[list[str], Meta(
        description="parameters this answer used that are not official figures")]
    parameters: dict[str, Parameter] | UnsetType = UNSET


class Excluded(_Part):
    member: str
    because_not: list[TraceRef] | UnsetType = UNSET


class Undecided(_Part):
    member: str
    missing: list[MissingRef] | UnsetType = UNSET


class Membership(_Part):
    """Who the jurisdiction's definition counts as a household member, and why not the others."""
    counted: list[str] | UnsetType = UNSET
    excluded: list[Excluded] | UnsetType = UNSET
    undecided: list[Undecided] | UnsetType = UNSET
    rules: list[str] | UnsetType = UNSET


class Accounting(_Part):
    """Derived figures (exact decimals as strings, null when unknown) and what is missing for each."""
    annual_income: Decimal | None | UnsetType = UNSET
    per_capita_income: Decimal | None | UnsetType = UNSET
    financial_assets_per_capita: Decimal | None | UnsetType = UNSET
    household_size: int | None | UnsetType = UNSET
    months_since_dibao_denial: int | None | UnsetType = UNSET
    months_since_exit: int | None | UnsetType = UNSET
    missing: dict[str, list[MissingRef]] | UnsetType = UNSET
    derivations: Annotated[dict[str, dict[str, Any]], Meta(
        description="per derived fact: the items and members counted or excluded, and the excluding "
                    "clauses (`excluded_by`, clause ids)")] \
        | UnsetType = UNSET
    income_principle: Annotated[dict[str, Any], Meta(
        description="就低: the income under each department's accounting and the one used")] | UnsetType = UNSET


class PersonInCategories(_Part):
    member: str
    categories: list[str]


class CategoryOverlap(_Part):
    """The household (or a member) is in several categories: the document's principle or
    exclusivity statements, and the benefit alternatives."""
    kind: Literal["category_overlap"]
    categories: list[str]
    status: Literal["resolved", "unresolved", "marked"]
    options: list[dict[str, Any]]
    principle: str | None | UnsetType = UNSET
    principle_id: str | None | UnsetType = UNSET
    clause: ClauseRef | None | UnsetType = UNSET
    chosen: Any = UNSET
    benefits: list[dict[str, Any]] | UnsetType = UNSET
    exclusive: list[dict[str, Any]] | UnsetType = UNSET
    marking: list[dict[str, Any]] | UnsetType = UNSET
    members: dict[str, list[str]] | UnsetType = UNSET
    persons: list[PersonInCategories] | UnsetType = UNSET
    note: str | UnsetType = UNSET
    note_zh: str | UnsetType = UNSET


class DocumentVersion(_Part):
    """The version of the jurisdiction's document the answer used: the one in force at the
    assessment date (or the one asked for); `in_force` false when the date precedes every version."""
    version: str
    status: Literal["issued", "draft"]
    issued: str | None
    effective_from: str | None
    file: str | UnsetType = UNSET
    title: str | None | UnsetType = UNSET
    number: str | None | UnsetType = UNSET
    in_force: bool | UnsetType = UNSET


class Answer(_Part, kw_only=True):
    """Every category of the jurisdiction with why / why not and the clauses, then its benefits."""
    household: Annotated[str, Meta(description="the household's IRI")]
    jurisdiction: str
    assessment_date: Annotated[str, Meta(description="YYYY-MM-DD", extra_json_schema={"format": "date"})]
    rulebase: RuleBaseInfo
    categories: list[CategoryResult]
    benefits: list[BenefitResult]
    conflicts: list[AnswerConflict]
    jurisdiction_label: str | UnsetType = UNSET
    jurisdiction_names: Text | UnsetType = UNSET
    jurisdiction_name: Annotated[str, Meta(description="with ?lang=: the place's name in that language")] \
        | UnsetType = UNSET
    member_labels: Annotated[dict[str, Text], Meta(
        description="each member by relation and position (成员2（配偶）), never by IRI")] | UnsetType = UNSET
    questions: Annotated[list[Question], Meta(
        description="what to ask next: the facts that would decide what is undetermined, most deciding first")] \
        | UnsetType = UNSET
    document: DocumentVersion | UnsetType = UNSET
    membership: Membership | UnsetType = UNSET
    accounting: Accounting | UnsetType = UNSET
    category_overlaps: list[CategoryOverlap] | UnsetType = UNSET
    text: Annotated[Union[str, None], Meta(
        description="with ?lang=zh|en: the answer as readable text")] | UnsetType = UNSET
    # the proof graph: what the entries above refer to by id, each stated once
    clauses: Annotated[dict[str, Clause], Meta(description="every clause the answer cites, by id")]
    rules: Annotated[dict[str, StatedRule], Meta(description="what each rule applied states, by rule id")]
    traces: Annotated[dict[str, Trace], Meta(
        description="every derivation (a rule applied to the household or a member), by id")]
    missing: Annotated[dict[str, str], Meta(
        description="every term whose absence leaves something undetermined, by id")]
    missing_text: Annotated[dict[str, str], Meta(
        description="with ?lang=: each missing term in plain words, by id")] | UnsetType = UNSET


ANSWER_TYPES = (Answer,)


def typed(answer: dict) -> Answer:
    """The answer as its typed structure; raises msgspec.ValidationError naming the JSON path of
    a field that the types do not declare or whose value has the wrong type."""
    return msgspec.convert(answer, Answer)


def answer_schemas(ref_template: str = "#/components/schemas/{name}") -> dict[str, dict]:
    """JSON Schema 2020-12 of the answer and every part of it, by name (OpenAPI components)."""
    _, components = msgspec.json.schema_components(ANSWER_TYPES, ref_template=ref_template)
    return components
