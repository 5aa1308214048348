"""The CSV input format of batch screening: its columns, and households written in it.

One row per listed person, household columns repeated (or given on a household's first row
only); the format is documented in `binggui screen --help`. RDF households are screened by
writing them in this format, so there is one loader.
"""
from __future__ import annotations

import csv
from datetime import date
from fractions import Fraction
from typing import Iterable, Iterator

from kb.core.facts import DATE, INCOME_TYPES, INPUT_FACTS, MONEY, Household

HOUSEHOLD_COLUMNS = ["household_id", "jurisdiction", "assessment_date", "residence", "rigid_expenditure",
                     "financial_assets", "formerly_poor", "problem", "sudden_shock", "housing_grade",
                     "denied_dibao_on", "exited_on", "natural_disaster"] + [f"income_{t}" for t in INCOME_TYPES]
PERSON_COLUMNS = ["person_id", "age", "work_ability", "disability_grade", "serious_illness",
                  "has_capable_supporter", "livelihood_source", "relation_to_applicant", "full_time_student",
                  "study_level", "married", "cohabiting", "has_legal_support_duty", "unable_to_live_independently"]
CSV_COLUMNS = HOUSEHOLD_COLUMNS + PERSON_COLUMNS
ACCEPTED_COLUMNS = CSV_COLUMNS + ["birth_date"]     # birth_date: the age is computed when not given
TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")


def column_type(name: str) -> tuple[str, tuple[str, ...]]:
    """The fact type of an input column (kb.core.facts) and its codes; 'text' for ids."""
    if name in INPUT_FACTS:
        spec = INPUT_FACTS[name]
        return spec.type, spec.codes
    if name.startswith("income_"):
        return MONEY, ()
    if name in ("assessment_date", "birth_date"):
        return DATE, ()
    return "text", ()


def cell_text(value) -> str:
    """A fact value as a CSV cell (exact decimals, `;`-joined codes, `none` for a known empty set)."""
    from kb.batch.literals import decimal_text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return decimal_text(value)
    if isinstance(value, (frozenset, set)):
        return ";".join(sorted(value)) if value else "none"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_rows(households: Iterable[Household]) -> Iterator[list[str]]:
    """One row per listed person; household columns on each household's first row only."""
    hcols = HOUSEHOLD_COLUMNS[3:-len(INCOME_TYPES)]
    blank = [""] * len(HOUSEHOLD_COLUMNS)
    for h in households:
        head = [h.id, h.jurisdiction, h.assessment_date.isoformat()] + [cell_text(h.facts.get(c)) for c in hcols]
        if h.income_items is None:
            head += [""] * len(INCOME_TYPES)
        else:
            sums: dict[str, Fraction] = {}
            for item in h.income_items:
                sums[item.type] = sums.get(item.type, Fraction(0)) + item.amount
            if not sums:
                sums["wage"] = Fraction(0)   # known, no income
            head += [cell_text(sums.get(t)) for t in INCOME_TYPES]
        first = True
        for p in h.members or [None]:
            row = head if first else [h.id] + blank[1:]
            first = False
            if p is None:
                yield row + [""] * len(PERSON_COLUMNS)
            else:
                yield row + [p.id] + [cell_text(p.facts.get(c)) for c in PERSON_COLUMNS[1:]]


def write_csv(households: Iterable[Household], path) -> int:
    """Writes the CSV input format; returns the number of households."""
    count = 0

    def counted():
        nonlocal count
        for h in households:
            count += 1
            yield h
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        w.writerows(csv_rows(counted()))
    return count
