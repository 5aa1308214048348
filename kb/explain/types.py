"""The answer's types: every field the engine's answer may carry, with its type and meaning.

The answer is a proof graph (kb.explain.graph): clauses, rules, derivations (traces) and missing
terms each in one table, referred to by id (`ClauseRef`, `TraceRef`, `MissingRef`) everywhere else.
kb.explain.types_records holds the records of the accounting and of overlapping categories.

The engine builds these Structs: the views (kb.explain.answer, persons, graph, derivation,
questions, favourability) construct them, `kb.engine.decide` returns an `Answer`, every reader in
the process (text, notice, comparison, analyses, the CLI, the server) reads their attributes, and
kb.core.jsonout / the API encode them with msgspec. The OpenAPI document's answer schemas are
generated from the same Structs (server/answer_schemas.py), so the document, the code and the page
read the same field names. Building a Struct does not check its values, so the tests read every
scenario, example and generated answer's JSON back into `Answer` (`typed`) with unknown fields
forbidden: a field the code adds without declaring it here, or a value of the wrong type, fails
the suite instead of drifting from the document.

msgspec was chosen over dataclasses and pydantic because it validates nested Structs with unknown
fields forbidden, generates JSON Schema 2020-12 directly (OpenAPI 3.1's dialect), encodes Structs
straight to JSON, and `UNSET` says "absent from the JSON": the answer omits a key rather than
writing null, and the schema then leaves the key out of `required` (`omit_defaults`; every
optional field defaults to UNSET). Fields are declared in the order the answer states them, so
the JSON is the one the dict-built answer wrote, byte for byte.

Measured before choosing (benchmarks/answer_types.py against the last commit whose views built
dicts and wrote them with orjson; median CPU ms, 2026-12-02, three alternating rounds at load
about 6): building the 大冶 example family's answer (76 KB) 4.37 ms as Structs vs 4.33 as dicts,
encoding 0.091 vs 0.088 ms: 1.01x together; a 30-member household (361 KB) 33.6 vs 34.1 ms and
0.44 vs 0.42 ms: 0.99x. A second run (load about 5): 1.07x and 0.96x. The difference is within
the noise, a few tenths of a millisecond either way on a ~17 ms request, so the engine builds the
types rather than dicts that the tests alone would hold to them.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from kb.explain.types_records import CategoryOverlap, ClauseRef, Decimal, Derivation, IncomePrinciple, ResolutionRef


Truth = Annotated[Union[bool, None], Meta(description="true, false, or null when a fact it needs is unknown")]
Status = Literal["eligible", "ineligible", "undetermined"]
STATUS: dict = {True: "eligible", False: "ineligible", None: "undetermined"}   # a three-valued truth as a Status
Basis = Annotated[Literal["stated", "deferred"], Meta(
    description="`deferred`: the document defers to the departments' standards and the common form of the "
                "test (as 焉耆 spells it out) was applied; see `note`")]


class _Part(Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True, gc=False):
    """Every part of the answer: unknown fields are errors, absent fields stay absent. An answer
    is a tree (parts hold parts, lists, dicts and strings, never a reference back up), so its few
    thousand parts are left untracked by the garbage collector (gc=False): a 大冶 answer built
    8% faster, measured, for the collections they no longer set off."""


class Text(_Part, kw_only=True):
    """Prose in the language the answer was asked in (`?lang=zh|en`, `--lang`): only that one is
    set; an answer asked without a language carries no Text at all."""
    zh: str | UnsetType = UNSET
    en: str | UnsetType = UNSET


class Clause(_Part, kw_only=True):
    """The sentence of the document a rule comes from; `quote` is text[start:end] (code points).
    In the answer's `clauses` table a clause of the answer's own document leaves out `document`
    and `jurisdiction` (they are the answer's `document.file` and `jurisdiction`, stated once);
    kb.explain.graph.clause and the page's graph.js join them back in."""
    document: str | UnsetType = UNSET
    jurisdiction: str | UnsetType = UNSET
    section: Annotated[str, Meta(description="section path as the document numbers it, e.g. 二.(一).3.(2)")]
    quote: str
    start: Annotated[int, Meta(ge=0)]
    end: Annotated[int, Meta(ge=0)]


# References into the answer's tables (the proof graph, kb.explain.graph): each thing stated once.
TraceRef = Annotated[str, Meta(pattern=r"^t[0-9]+$", description="a derivation: its id in the answer's `traces`")]
MissingRef = Annotated[str, Meta(pattern=r"^m[0-9]+$", description="a missing term: its id in the answer's `missing`")]
ConditionRef = Annotated[str, Meta(pattern=r"^k[0-9]+$",
                                   description="a condition as rules state it: its id in the answer's `conditions`")]
FindingRef = Annotated[str, Meta(pattern=r"^f[0-9]+$",
                                 description="what one application of a condition found: its id in the answer's `findings`")]


class DerivationRef(_Part, kw_only=True):
    """Where a derived fact's figure comes from: its entry in `accounting.derivations`, and the
    clauses that excluded income items from it, when one did."""
    see: str
    excluded_by: list[ClauseRef] | UnsetType = UNSET


class ReadingNote(_Part, kw_only=True):
    """An outcome that rests on a reading of an ambiguous sentence: the reading and its alternative."""
    question: str
    zh: Annotated[str, Meta(description="with ?lang=zh: the note")] | UnsetType = UNSET
    en: Annotated[str, Meta(description="with ?lang=en: the note")] | UnsetType = UNSET
    alternative: str | UnsetType = UNSET
    rules: list[str] | UnsetType = UNSET


class StatedCondition(_Part, kw_only=True):
    """One body literal of a rule as the rule states it, the same wherever the rule applies: an
    entry of the answer's `conditions` (keyed `k1`, `k2`, …), each stated once however many rules
    share it; the sentence it rests on is its rule's (`condition_clauses`), never in the table."""
    condition: Annotated[str, Meta(description="the body literal as written in the rule")]
    fact: str | UnsetType = UNSET
    term: Annotated[Union[str, None], Meta(
        description="the RDF term to fill in, when it is not the answer's `fact_terms` entry for the fact "
                    "(null: none)")] | UnsetType = UNSET
    test: Annotated[Union[str, None], Meta(
        description="the test with the parameter's value; absent when it is what follows `fact(args) ` in the "
                    "condition (`age(P) >= 60`: `>= 60`; null: none)")] | UnsetType = UNSET
    predicate: str | UnsetType = UNSET
    clause: Annotated[ClauseRef, Meta(description="the sentence this condition rests on, when its rule cites "
                                                  "several (`@n` in the rule)")] | UnsetType = UNSET
    note: str | UnsetType = UNSET
    of: Annotated[Union[str, None], Meta(
        description="the rule's variable whose member this condition concerns (the trace's `binding` names the "
                    "member); absent when it is the literal's one argument (`age(P) >= 60`: `P`; null: none)")] \
        | UnsetType = UNSET


class StatedRule(_Part, kw_only=True):
    """What a rule states (an entry of the answer's `rules`, keyed by rule id)."""
    basis: Basis = "stated"
    clauses: Annotated[list[ClauseRef], Meta(description="the sentences it rests on, the first the main one")]
    conditions: Annotated[list[ConditionRef], Meta(description="its body literals, in order: ids in `conditions`")]
    condition_clauses: Annotated[dict[int, Union[ClauseRef, None]], Meta(
        description="when the rule cites several sentences, a condition rests on the first (`clauses[0]`) unless "
                    "listed here: condition position (from 0) -> the one it rests on (`@n` in the rule; null: none)")] \
        = msgspec.field(default_factory=dict)


class Condition(_Part, kw_only=True):
    """One condition of a rule as an application found it: an entry of the answer's `findings`
    (keyed `f1`, `f2`, …), each stated once however many applications found the same; a trace's
    `conditions` name them, aligned with its rule's `conditions` (kb.explain.graph.conditions
    joins the two; the condition and its member are the trace's). A stated part given here differs
    from the rule's entry for this application (null: absent here). In process, the joined
    condition (what the rule states with what this application found) is a Condition too, with
    every part it has."""
    holds: Truth
    value: Union[str, bool, int, list[str], None] = None
    missing: Annotated[list[MissingRef], Meta(description="the terms that would decide it")] = msgspec.field(default_factory=list)
    because: Annotated[list[TraceRef], Meta(description="the derivations of the helper it reads")] = msgspec.field(default_factory=list)
    member: str | None | UnsetType = UNSET
    condition: str | None | UnsetType = UNSET
    fact: str | None | UnsetType = UNSET
    term: str | None | UnsetType = UNSET
    test: str | None | UnsetType = UNSET
    predicate: str | None | UnsetType = UNSET
    clause: ClauseRef | None | UnsetType = UNSET
    note: str | None | UnsetType = UNSET
    # joined in process from the rest of the answer (kb.explain.graph.conditions), never in `traces`:
    category: Annotated[str, Meta(description="the predicate, when it is one of the answer's categories")] \
        | UnsetType = UNSET
    derivation: Annotated[DerivationRef, Meta(description="a derived fact's entry in `accounting.derivations`")] \
        | UnsetType = UNSET
    text: Annotated[str, Meta(description="with ?lang=: the condition in plain words")] | UnsetType = UNSET


class Trace(_Part, kw_only=True):
    """One derivation: a rule applied to the household (or to the member `binding` names)."""
    rule: Annotated[str, Meta(description="the rule: its entry in the answer's `rules`")]
    holds: Annotated[Union[bool, None], Meta(
        description="whether the rule's body holds; absent where its conditions say it (false if one fails, "
                    "true if all hold, else null: unknown)")] | UnsetType = UNSET
    binding: dict[str, str] | UnsetType = UNSET
    basis: Basis | UnsetType = UNSET
    clauses: list[ClauseRef] | UnsetType = UNSET
    conditions: Annotated[list[FindingRef], Meta(
        description="what this application found, per condition of its rule (in order): ids in `findings`")]


class Change(_Part, kw_only=True):
    """A change of one fact (or helper, or condition) that a rule needs, and its member, as it stands now."""
    fact: str | UnsetType = UNSET
    term: str | UnsetType = UNSET
    predicate: str | UnsetType = UNSET
    condition: str | UnsetType = UNSET
    now: Any = None
    needs: str | None
    member: str | UnsetType = UNSET


class WouldChange(_Part, kw_only=True):
    """The changes that would make one rule hold: the derivation that did not hold (`trace`) and,
    per condition of it that would have to change (its position in the trace's `conditions`,
    from 0), what it needs. The fact, RDF term, member and present value are the trace's
    (kb.explain.graph.changes writes the changes out as `Change`s); two tests of one fact and
    member are one change, at the first's position."""
    trace: TraceRef
    needs: Annotated[dict[int, str], Meta(description="condition position -> what it needs "
                                                      "(e.g. `>= 60.00`, `false`, `not dibao`)")]
    text: Annotated[str, Meta(description="with ?lang=: the changes in plain words")] | UnsetType = UNSET


class Option(_Part, kw_only=True):
    """One value a rule gives, among those a principle chooses from."""
    value: Decimal | None
    rule: str
    clause: ClauseRef | None | UnsetType = UNSET
    category: str | UnsetType = UNSET


class Resolution(_Part, kw_only=True):
    """Several rules give different values; the document's principle picks one. An entry of the
    answer's `resolutions` (keyed `r1`, `r2`, …), stated once however many members, benefits,
    conflicts and overlap records it concerns; the member it concerns is where it is referred to."""
    principle: str
    principle_id: str | UnsetType = UNSET
    picks: Literal["max", "min"] | UnsetType = UNSET
    clause: ClauseRef | None | UnsetType = UNSET
    alternatives: list[Option]
    chosen: Decimal | None


class MemberResult(_Part, kw_only=True):
    """A category or benefit for one counted member."""
    member: str
    status: Status
    value: Decimal | None = None
    because: list[TraceRef] = msgspec.field(default_factory=list)
    because_not: list[TraceRef] = msgspec.field(default_factory=list)
    missing: list[MissingRef] = msgspec.field(default_factory=list)
    resolved_by: Annotated[ResolutionRef, Meta(description="how the principle chose this member's value")] \
        | None = None
    covered_as: str | UnsetType = UNSET


class CategoryResult(_Part, kw_only=True):
    id: str
    label: str
    status: Status
    per_member: bool = False
    subtypes: list[str] = msgspec.field(default_factory=list)
    subtypes_undetermined: Annotated[list[str], Meta(
        description="subtypes left open while the category holds (e.g. 脱贫户 status unknown)")] = msgspec.field(default_factory=list)
    subtype_missing: Annotated[dict[str, list[MissingRef]], Meta(
        description="per open subtype, the RDF terms that would decide it")] = msgspec.field(default_factory=dict)
    # a per-person category lists who qualifies: member entries with their own status and why,
    # or (where the answer has no per-person entries) the members' ids
    members: list[Union[MemberResult, str]] | UnsetType = UNSET
    because: Annotated[list[TraceRef], Meta(description="derivations that hold (why)")] = msgspec.field(default_factory=list)
    because_not: Annotated[list[TraceRef], Meta(description="derivations that failed (why not)")] = msgspec.field(default_factory=list)
    unknown: Annotated[list[TraceRef], Meta(description="derivations left unknown")] = msgspec.field(default_factory=list)
    missing: Annotated[list[MissingRef], Meta(description="terms whose absence leaves it undetermined")] = msgspec.field(default_factory=list)
    would_change: list[WouldChange] = msgspec.field(default_factory=list)
    basis: Basis = "stated"
    note: Annotated[str, Meta(description="with basis `deferred`: the encoders' note on how the departments' "
                                          "standard is read here, in Chinese as the policy file writes it (its "
                                          "English: the glossary's encoder_notes, GET /ui/labels.js)")] \
        | UnsetType = UNSET
    reading_notes: list[ReadingNote] | UnsetType = UNSET
    reason: Annotated[str, Meta(description="undetermined by a case-by-case condition: its notes, '; '-joined, "
                                            "in Chinese as written (English: the glossary's encoder_notes)")] \
        | UnsetType = UNSET
    sections: list[str] | UnsetType = UNSET
    derived_by: Annotated[list[ClauseRef], Meta(
        description="clauses of the accounting behind a derived fact that decided it")] | UnsetType = UNSET
    labels: Annotated[Text, Meta(description="with ?lang=: the category's name in that language")] | UnsetType = UNSET
    explanation: Annotated[Text, Meta(description="with ?lang=: the outcome in one sentence in that language")] | UnsetType = UNSET
    subtypes_text: Annotated[list[str], Meta(description="with ?lang=: `subtypes` in plain words")] | UnsetType = UNSET


class BenefitResult(_Part, kw_only=True):
    id: str
    label: str
    kind: Annotated[Literal["ratio", "amount", "flag"], Meta(
        description="`ratio`: value is a ratio (e.g. 0.70 of costs); `amount`: yuan; `flag`: no value")]
    per_member: bool = False
    status: Status
    value: Decimal | None = None
    because: list[TraceRef] = msgspec.field(default_factory=list)
    because_not: list[TraceRef] = msgspec.field(default_factory=list)
    missing: list[MissingRef] = msgspec.field(default_factory=list)
    members: list[MemberResult] | UnsetType = UNSET
    resolved_by: Annotated[ResolutionRef, Meta(
        description="the household's resolution, or (a per-person benefit) the one every member holding it "
                    "shares")] | UnsetType = UNSET
    resolved_members: Annotated[list[str], Meta(
        description="a per-person benefit's shared resolution concerns the members holding it whose entries refer "
                    "to it; `[]` only for the household's own resolution that no member's entry shares")] \
        | UnsetType = UNSET
    labels: Annotated[Text, Meta(description="with ?lang=: the benefit's name in that language")] | UnsetType = UNSET


class AnswerConflict(_Part, kw_only=True):
    """Rules that give one benefit different values, and the value chosen: the document's principle
    chose it (`resolution`: its principle, clause, options and choice), or it names none (the
    options here, `principle` and `chosen` null)."""
    benefit: str | UnsetType = UNSET
    member: str | None | UnsetType = UNSET
    resolution: ResolutionRef | UnsetType = UNSET
    principle: str | None | UnsetType = UNSET
    clause: ClauseRef | None | UnsetType = UNSET
    options: list[Option] = msgspec.field(default_factory=list)
    chosen: Decimal | None = None
    note: str | UnsetType = UNSET


class Parameter(_Part, kw_only=True):
    value: Decimal
    source: Annotated[str, Meta(pattern=r"^s[0-9]+$", description="where the figure comes from: its id in "
                                                                  "`rulebase.sources` (parameters share one)")]
    illustrative: bool
    effective_from: str | UnsetType = UNSET
    unit: str | UnsetType = UNSET
    label: Annotated[Text, Meta(description="with ?lang=: the parameter's name in that language")] | UnsetType = UNSET
    source_text: str | UnsetType = UNSET


class Question(_Part, kw_only=True):
    """A fact to collect next: the term, the member it concerns, and what it would decide."""
    term: str
    member: str | UnsetType = UNSET
    decides: Annotated[list[str], Meta(description="category and benefit ids this fact would decide")]
    text: Annotated[Text, Meta(description="with ?lang=: the question in that language")] | UnsetType = UNSET


class RuleBaseInfo(_Part, kw_only=True):
    version: str
    illustrative_parameters: Annotated[list[str], Meta(
        description="parameters this answer used that are not official figures")]
    parameters: dict[str, Parameter] | UnsetType = UNSET
    sources: Annotated[dict[str, str], Meta(description="the parameters' sources, each stated once, by id")] \
        = msgspec.field(default_factory=dict)


class Excluded(_Part, kw_only=True):
    member: str
    because_not: list[TraceRef] = msgspec.field(default_factory=list)


class Undecided(_Part, kw_only=True):
    member: str
    missing: list[MissingRef] = msgspec.field(default_factory=list)


class Membership(_Part, kw_only=True):
    """Who the jurisdiction's definition counts as a household member, and why not the others."""
    counted: list[str] | UnsetType = UNSET
    excluded: list[Excluded] = msgspec.field(default_factory=list)
    undecided: list[Undecided] = msgspec.field(default_factory=list)
    rules: list[str] | UnsetType = UNSET


class Accounting(_Part, kw_only=True):
    """Derived figures (exact decimals as strings, null when unknown) and what is missing for each."""
    annual_income: Decimal | None | UnsetType = UNSET
    financial_assets_per_capita: Decimal | None | UnsetType = UNSET
    household_size: int | None | UnsetType = UNSET
    months_since_dibao_denial: int | None | UnsetType = UNSET
    months_since_exit: int | None | UnsetType = UNSET
    per_capita_income: Decimal | None | UnsetType = UNSET
    missing: dict[str, list[MissingRef]] = msgspec.field(default_factory=dict)
    derivations: Annotated[dict[str, Derivation], Meta(
        description="per derived fact: the items and members counted or excluded, and the excluding "
                    "clauses (`excluded_by`, clause ids)")] | UnsetType = UNSET
    income_principle: IncomePrinciple | UnsetType = UNSET


class DocumentVersion(_Part, kw_only=True):
    """The version of the jurisdiction's document the answer used: the one in force at the
    assessment date (or the one asked for); `in_force` false when the date precedes every version."""
    version: str
    status: Literal["issued", "draft"]
    issued: str | None = None
    effective_from: str | None = None
    file: str | UnsetType = UNSET
    title: str | None = None
    number: str | None = None
    in_force: bool | UnsetType = UNSET


class Answer(_Part, kw_only=True):
    """Every category of the jurisdiction with why / why not and the clauses, then its benefits."""
    household: Annotated[str, Meta(description="the household's IRI")]
    jurisdiction: str
    jurisdiction_label: str | UnsetType = UNSET
    jurisdiction_names: Annotated[Text, Meta(description="with ?lang=: the place's name in that language")] | UnsetType = UNSET
    assessment_date: Annotated[str, Meta(description="YYYY-MM-DD", extra_json_schema={"format": "date"})]
    rulebase: RuleBaseInfo
    member_labels: Annotated[dict[str, Text], Meta(
        description="with ?lang=: each member by relation and position (成员2（配偶）), never by IRI")] | UnsetType = UNSET
    membership: Membership | UnsetType = UNSET
    accounting: Accounting | UnsetType = UNSET
    categories: list[CategoryResult]
    benefits: list[BenefitResult] = msgspec.field(default_factory=list)
    conflicts: list[AnswerConflict] = msgspec.field(default_factory=list)
    questions: Annotated[list[Question], Meta(
        description="what to ask next: the facts that would decide what is undetermined, most deciding first")] \
        = msgspec.field(default_factory=list)
    category_overlaps: list[CategoryOverlap] = msgspec.field(default_factory=list)
    document: DocumentVersion | UnsetType = UNSET
    # the proof graph: what the entries above refer to by id, each stated once
    clauses: Annotated[dict[str, Clause], Meta(description="every clause the answer cites, by id")]
    rules: Annotated[dict[str, StatedRule], Meta(description="what each rule applied states, by rule id")]
    conditions: Annotated[dict[str, StatedCondition], Meta(
        description="every condition the rules state, once, by id")] = msgspec.field(default_factory=dict)
    fact_terms: Annotated[dict[str, str], Meta(
        description="per fact the conditions test, the RDF term to fill in (a condition's `term` unless it "
                    "states another)")] = msgspec.field(default_factory=dict)
    traces: Annotated[dict[str, Trace], Meta(
        description="every derivation (a rule applied to the household or a member), by id")]
    findings: Annotated[dict[str, Condition], Meta(
        description="what applications of conditions found (holds, value, missing terms, the helper "
                    "derivations read), each outcome once, by id")] = msgspec.field(default_factory=dict)
    missing: Annotated[dict[str, str], Meta(
        description="every term whose absence leaves something undetermined, by id")] = msgspec.field(default_factory=dict)
    resolutions: Annotated[dict[str, Resolution], Meta(
        description="every choice a principle made between benefit values, once, by id")] \
        = msgspec.field(default_factory=dict)
    # told in words (kb.explain.told.in_words, the API's ?lang=)
    missing_text: Annotated[dict[str, str], Meta(
        description="with ?lang=: each missing term in plain words, by id")] | UnsetType = UNSET
    jurisdiction_name: Annotated[str, Meta(description="with ?lang=: the place's name in that language")] \
        | UnsetType = UNSET
    text: Annotated[Union[str, None], Meta(
        description="with ?lang=zh|en: the answer as readable text")] | UnsetType = UNSET


ANSWER_TYPES = (Answer,)


def given(value):
    """An optional part's value, None where the part is absent (UNSET): for readers to which
    absent and null mean the same."""
    return None if value is UNSET else value


def typed(answer: dict) -> Answer:
    """An answer's JSON form (the API's, or msgspec.to_builtins of a built answer) read back as its
    typed structure, validated: raises msgspec.ValidationError naming the JSON path of a field that
    the types do not declare or whose value has the wrong type. (Building a Struct does not check
    its values; the tests hold every built answer to its types this way.)"""
    # through JSON, as the API's readers get it: keys that are positions (`would_change[].needs`,
    # `condition_clauses`) are numbers written as strings there
    return msgspec.json.decode(msgspec.json.encode(answer), type=Answer)


def answer_schemas(ref_template: str = "#/components/schemas/{name}") -> dict[str, dict]:
    """JSON Schema 2020-12 of the answer and every part of it, by name (OpenAPI components)."""
    _, components = msgspec.json.schema_components(ANSWER_TYPES, ref_template=ref_template)
    return components
