"""Scenario households in the compact YAML form (tests/scenarios/README.md) -> kb.core.facts.Household.

The compact form is for policy tests and generated witnesses: the same fact names as the RDF
vocabulary, absent = unknown. Money is read from its written digits, never through a float.
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction

from kb.core import money
from kb.core.facts import CODES, DATE, HOUSEHOLD, INPUT_FACTS, MONEY, PERSON, Household, IncomeItem, Person


class ScenarioError(ValueError):
    pass


def exact(value) -> Fraction:
    try:
        return money.exact(value)
    except ValueError as err:
        raise ScenarioError(str(err)) from None


def _fact(name: str, value, where: str):
    spec = INPUT_FACTS.get(name)
    if spec is None:
        raise ScenarioError(f"{where}: unknown fact {name!r}")
    if spec.type == MONEY:
        return exact(value)
    if spec.type == CODES:
        return frozenset(value or [])
    if spec.type == DATE:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if spec.type == "integer":
        return int(value)
    return value


def household_from_dict(data: dict, jurisdiction: str, assessment: date | str, hid: str = "urn:scenario:h") -> Household:
    when = assessment if isinstance(assessment, date) else date.fromisoformat(str(assessment))
    facts, members, income = {}, [], None
    for key, value in data.items():
        if key == "members":
            for i, m in enumerate(value):
                pid = str(m.get("id", f"p{i + 1}"))
                pfacts = {k: _fact(k, v, f"members[{i}]") for k, v in m.items() if k != "id" and v is not None}
                for k in pfacts:
                    if INPUT_FACTS[k].level != PERSON:
                        raise ScenarioError(f"members[{i}]: {k!r} is a household fact")
                members.append(Person(pid, pfacts))
        elif key == "income":
            income = tuple(IncomeItem(t, exact(a)) for t, a in (value or {}).items())
        elif value is not None:
            if INPUT_FACTS.get(key) and INPUT_FACTS[key].level != HOUSEHOLD:
                raise ScenarioError(f"{key!r} is a person fact")
            facts[key] = _fact(key, value, "household")
    return Household(hid, jurisdiction, when, tuple(members), facts, income)
