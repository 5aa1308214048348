"""Derived facts computed once per household: who counts, income under the jurisdiction's
accounting, per-capita figures, months since a refusal or exit.

A derived fact is unknown when an input it needs is unknown; `missing` then says which RDF
terms would make it known. Income is computed both with and without the jurisdiction's
exclusions so that an answer can show the 就低 (lower figure) choice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from kb.core.facts import ALL_FACTS, Household


@dataclass
class Accounting:
    values: dict[str, object] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)
    counted: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    income_all_items: Fraction | None = None
    income_excluded_items: list[dict] = field(default_factory=list)
    income_counted_items: list[dict] = field(default_factory=list)


def months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if later.day < earlier.day:
        months -= 1
    return months


def account(household: Household, membership: dict[str, tuple[bool | None, list[str]]],
            exclusions: set[str]) -> Accounting:
    """`membership`: per listed person, (counted?, missing terms if undecided)."""
    acc = Accounting()
    member_missing: list[str] = []
    for person in household.members:
        status, missing = membership.get(person.id, (True, []))
        if status is True:
            acc.counted.append(person.id)
        elif status is False:
            acc.excluded.append(person.id)
        else:
            acc.undecided.append(person.id)
            member_missing += list(missing) or [f"bg:relationToApplicant of <{person.id}>"]
    size = len(acc.counted)
    if acc.undecided:
        acc.missing["household_size"] = sorted(set(member_missing))
    elif size == 0:
        acc.missing["household_size"] = ["bg:member"]
    else:
        acc.values["household_size"] = size

    if household.income_items is None:
        acc.missing["annual_income"] = ["bg:incomeItem"]
    else:
        acc.income_all_items = sum((i.amount for i in household.income_items), Fraction(0))
        kept = Fraction(0)
        for item in household.income_items:
            if item.type in exclusions:
                acc.income_excluded_items.append({"type": item.type, "amount": item.amount})
            else:
                acc.income_counted_items.append({"type": item.type, "amount": item.amount})
                kept += item.amount
        acc.values["annual_income"] = kept

    _per_capita(acc, "per_capita_income", "annual_income")
    if "financial_assets" in household.facts:
        acc.values["_financial_assets"] = household.facts["financial_assets"]
    else:
        acc.missing["_financial_assets"] = ["bg:financialAssets"]
    _per_capita(acc, "financial_assets_per_capita", "_financial_assets")
    acc.values.pop("_financial_assets", None)
    acc.missing.pop("_financial_assets", None)

    for fact, source in (("months_since_dibao_denial", "denied_dibao_on"), ("months_since_exit", "exited_on")):
        when = household.facts.get(source)
        if isinstance(when, date):
            acc.values[fact] = months_between(when, household.assessment_date)
        else:
            acc.missing[fact] = [ALL_FACTS[source].rdf_term]
    return acc


def _per_capita(acc: Accounting, name: str, total_name: str) -> None:
    if total_name in acc.missing or "household_size" in acc.missing:
        acc.missing[name] = sorted(set(acc.missing.get(total_name, []) + acc.missing.get("household_size", [])))
    else:
        acc.values[name] = Fraction(acc.values[total_name]) / acc.values["household_size"]
