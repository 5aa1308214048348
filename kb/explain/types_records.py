"""The answer's records of how figures were derived and of households in several categories:
`accounting.derivations`, `accounting.income_principle` (就低) and `category_overlaps` (the
favourability records, kb.explain.favourability). Part of the answer's types (kb.explain.types),
kept apart so that each module stays readable; the same rules apply (unknown fields are errors,
absent fields stay absent)."""
from __future__ import annotations

from typing import Annotated, Literal, Union

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

Decimal = Annotated[str, Meta(pattern=r"^-?[0-9]+(\.[0-9]+)?$",
                              description="an exact decimal written as a string (money in yuan, ratios)")]
ClauseRef = Annotated[str, Meta(pattern=r"^c[0-9]+$", description="a clause: its id in the answer's `clauses`")]
ResolutionRef = Annotated[str, Meta(pattern=r"^r[0-9]+$",
                                    description="a principle's resolution: its id in the answer's `resolutions`")]


class _Record(Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True, gc=False):
    """Every record: unknown fields are errors, absent fields stay absent; untracked by the
    garbage collector, as the answer's parts are (kb.explain.types._Part: a tree, no cycles)."""


class IncomeAmount(_Record, kw_only=True):
    """An income item by type, and its amount."""
    type: str
    amount: Decimal


class Derivation(_Record, kw_only=True):
    """What one derived fact was computed from: the RDF term it is read from, the members and
    income items counted or left out, and the clauses that left items out."""
    source: Annotated[str, Meta(description="the RDF term the figure is computed from")] = msgspec.field(name="from")
    items_counted: list[IncomeAmount] = msgspec.field(default_factory=list)
    items_excluded: list[IncomeAmount] = msgspec.field(default_factory=list)
    annual_income: Decimal | None | UnsetType = UNSET
    excluded_types: list[str] | UnsetType = UNSET
    excluded_by: Annotated[list[ClauseRef], Meta(description="the clauses that left income items out")] \
        | UnsetType = UNSET
    members_counted: list[str] | UnsetType = UNSET
    members_excluded: list[str] = msgspec.field(default_factory=list)
    members_undecided: list[str] = msgspec.field(default_factory=list)
    household_size: int | None | UnsetType = UNSET
    combines: Annotated[list[str], Meta(
        description="a figure computed from other derived facts (per-capita income from `annual_income` and "
                    "`household_size`): their entries in `accounting.derivations`, whose items and members "
                    "are this one's (kb.explain.graph.derivation joins them in)")] | UnsetType = UNSET


class IncomeOption(_Record, kw_only=True):
    """The income under one accounting (all items, or without the excluded ones), and the
    department the document says counts it that way."""
    accounting: str
    annual_income: Decimal
    excluded: list[IncomeAmount] | UnsetType = UNSET
    department: str | UnsetType = UNSET


class PrincipleStatement(_Record, kw_only=True):
    label: str
    clause: ClauseRef | None


class IncomePrinciple(_Record, kw_only=True):
    """就低: the income under each department's accounting and the one used."""
    principle: str
    clause: ClauseRef | None
    options: list[IncomeOption]
    chosen: Decimal
    statement: PrincipleStatement | UnsetType = UNSET


class PersonInCategories(_Record, kw_only=True):
    member: str
    categories: list[str]


class OverlapOption(_Record, kw_only=True):
    """One of the categories a household is in, with the rules that admit it."""
    category: str
    label: str
    rules: list[str]
    clause: ClauseRef | None


class OverlapAlternative(_Record, kw_only=True):
    """A value of a benefit, the rule giving it, and the categories that rule rests on."""
    value: Decimal | None
    rule: str
    clause: ClauseRef | None
    categories: list[str]


class OverlapBenefit(_Record, kw_only=True):
    """A benefit whose value differs between the categories, and the value chosen: the principle's
    `resolution` (its alternatives, with the categories each alternative's rule rests on in
    `alternative_categories`), or, where the document names no principle, the alternatives here
    (`chosen` and `principle` null)."""
    benefit: str
    resolution: ResolutionRef | UnsetType = UNSET
    alternative_categories: Annotated[list[list[str]], Meta(
        description="per alternative of the resolution, in its order: the categories its rule rests on")] \
        | UnsetType = UNSET
    alternatives: list[OverlapAlternative] = msgspec.field(default_factory=list)
    chosen: Decimal | None = None
    member: str | UnsetType = UNSET
    principle: str | None = None
    clause: ClauseRef | None | UnsetType = UNSET
    note: str | UnsetType = UNSET
    note_zh: str | UnsetType = UNSET


class Exclusive(_Record, kw_only=True):
    """A statement of the document that makes two categories distinct classes."""
    categories: list[str]
    statement: str
    clause: ClauseRef | None
    note: str | None
    note_zh: str | None


class Marking(_Record, kw_only=True):
    """大冶's "与其他身份类别重复的，要予以标识": a category to be marked when held with others."""
    category: str
    with_: list[str] = msgspec.field(name="with")
    statement: str
    clause: ClauseRef | None
    rules: list[str]


class CategoryOverlap(_Record, kw_only=True):
    """The household (or a member) is in several categories: the document's principle or
    exclusivity statements, and the benefit alternatives."""
    kind: Literal["category_overlap"]
    categories: list[str]
    members: dict[str, list[str]] = msgspec.field(default_factory=dict)
    persons: list[PersonInCategories] | UnsetType = UNSET
    principle: str | None = None
    principle_id: str | None = None
    clause: ClauseRef | None = None
    options: list[OverlapOption]
    chosen: Union[Decimal, None] = None
    status: Literal["resolved", "unresolved", "marked"]
    benefits: list[OverlapBenefit] = msgspec.field(default_factory=list)
    exclusive: list[Exclusive] = msgspec.field(default_factory=list)
    marking: list[Marking] = msgspec.field(default_factory=list)
    note: str | UnsetType = UNSET
    note_zh: str | UnsetType = UNSET
