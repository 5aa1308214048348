"""Validated RDF -> `kb.core.facts.Household`: typed values, absent means unknown.

Runs only on graphs that passed the shapes, so each fact has at most one well-formed value of
the right datatype. Which facts exist, at which level, with which type, comes from
`kb.core.facts.INPUT_FACTS` (the contract with the engine); nothing here decides membership or
per-capita figures.

Type mapping: money -> Fraction (from the literal's exact Decimal, never a float); integer ->
int; boolean -> bool; code -> str; codes -> frozenset (bg:problem "none" -> frozenset(), i.e.
known to have none); date -> datetime.date. Age comes from bg:age, else from cv:birthDate in
whole years at the assessment date; both given must agree.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from decimal import Decimal
from fractions import Fraction

from rdflib import Graph, Literal, Node, URIRef

from kb.core.facts import (BOOLEAN, CODE, CODES, DATE, HOUSEHOLD, INPUT_FACTS, INTEGER, INTEGER_RANGES, MONEY,
                           PERSON, Household, IncomeItem, Person, age_on)

from .errors import violation
from .locate import Locator
from .terms import BG, CV, PREFIXES, compact

NONE_CODE = "none"   # bg:problem "none": known, no problem


def term_iri(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def _money(lit: Literal) -> Fraction:
    value = lit.toPython()
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return Fraction(value)          # exact: Fraction(Decimal) keeps every digit
    return Fraction(str(lit))           # the lexical form, never float()


def _integer(lit: Literal) -> int:
    return int(str(lit))


def _boolean(lit: Literal) -> bool:
    return str(lit).strip() in ("true", "1")


def _date(lit: Literal) -> date:
    value = lit.toPython()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(lit)[:10])


CONVERT = {MONEY: _money, INTEGER: _integer, BOOLEAN: _boolean, CODE: str, DATE: _date}


def _facts(graph: Graph, node: Node, level: str) -> dict:
    # the node's statements read once, grouped by predicate (each predicate's objects in the
    # graph's order), rather than one lookup per fact the vocabulary defines
    stated: dict[Node, list] = {}
    for p, o in graph.predicate_objects(node):
        stated.setdefault(p, []).append(o)
    facts = {}
    for spec, iri in _specs(level):
        values = stated.get(iri)
        if not values:
            continue                    # unknown: the key stays absent
        if spec.type == CODES:
            codes = frozenset(str(v) for v in values)
            facts[spec.name] = frozenset() if NONE_CODE in codes else codes
        else:
            facts[spec.name] = CONVERT[spec.type](values[0])
    return facts


@lru_cache(maxsize=None)
def _specs(level: str) -> tuple:
    """(fact, its RDF term) for the facts at a level, in INPUT_FACTS' order."""
    return tuple((spec, _iri(spec.rdf_term)) for spec in INPUT_FACTS.values() if spec.level == level)


@lru_cache(maxsize=None)
def _iri(curie: str) -> URIRef:
    return URIRef(term_iri(curie))


def to_household(graph: Graph, node: Node, locator: Locator) -> tuple[Household, list[dict]]:
    """The household at node, and violations only Python can see (`_person_problems`,
    `_household_problems`)."""
    problems: list[dict] = []
    assessment = _date(graph.value(node, BG.assessmentDate))
    members = []
    for m in locator.members(node):
        facts = _facts(graph, m, PERSON)
        birth = graph.value(m, CV.birthDate)
        problems += _person_problems(graph, m, facts, birth, assessment, locator)
        if "age" not in facts and birth is not None:
            facts["age"] = age_on(_date(birth), assessment)
        members.append(Person(id=locator.name(m), facts=facts))
    problems += _household_problems(graph, node, assessment, locator)
    items = locator.income_items(node)
    income = None
    if items:
        income = tuple(IncomeItem(type=str(graph.value(i, BG.incomeType)),
                                  amount=_money(graph.value(i, BG.amount))) for i in items)
    household = Household(
        id=locator.name(node), jurisdiction=str(graph.value(node, BG.jurisdiction)),
        assessment_date=assessment, members=tuple(members),
        facts=_facts(graph, node, HOUSEHOLD), income_items=income)
    return household, problems


def _person_problems(graph: Graph, m: Node, facts: dict, birth, assessment: date, locator: Locator) -> list[dict]:
    """A birth date giving an age outside the age's range at the assessment date (born after it,
    say), and an age the birth date contradicts."""
    if birth is None:
        return []
    age = age_on(_date(birth), assessment)
    low, high = INTEGER_RANGES["age"]
    if "age" not in facts and not low <= age <= high:
        location, _ = locator.locate(m, CV.birthDate, birth)
        return [violation(
            f"按出生日期 {birth} 计算，在认定日期 {assessment} 的年龄为 {age} 岁，不在 {low} 到 {high} 之间",
            f"the birth date {birth} gives an age of {age} at the assessment date {assessment}, outside {low} to {high}",
            location=location, node=locator.name(m), path=compact(str(CV.birthDate)), value=str(birth))]
    if "age" in facts and facts["age"] != age:
        # the vocabulary takes either; both, disagreeing, is a slip the engine cannot settle
        location, _ = locator.locate(m, BG.age, graph.value(m, BG.age))
        return [violation(
            f"bg:age {facts['age']} 与出生日期 {birth} 不符（在认定日期 {assessment} 为 {age} 岁）；请只写其一，或改正",
            f"bg:age {facts['age']} disagrees with the birth date {birth} (age {age} at the assessment "
            f"date {assessment}); give one of them, or correct it", location=location,
            node=locator.name(m), path=compact(str(BG.age)), value=facts["age"])]
    return []


def _household_problems(graph: Graph, node: Node, assessment: date, locator: Locator) -> list[dict]:
    """Two members who are the applicant, and a 低保 refusal or an exit after the assessment date."""
    problems = []
    applicants = [m for m in locator.members(node) if str(graph.value(m, BG.relationToApplicant)) == "applicant"]
    if len(applicants) > 1:
        # a household applies once; its members' relations (the membership rules read them) are to that one
        second = applicants[1]
        location, _ = locator.locate(second, BG.relationToApplicant, graph.value(second, BG.relationToApplicant))
        problems.append(violation(
            f"{len(applicants)} 名成员的 bg:relationToApplicant 都是 applicant（申请人）；一户只有一名申请人，其他成员写与申请人的关系",
            f"{len(applicants)} members have bg:relationToApplicant \"applicant\"; a household has one applicant, "
            f"the others are stated by their relation to that one", location=location,
            node=locator.name(second), path=compact(str(BG.relationToApplicant)), value="applicant"))
    for spec in (INPUT_FACTS["denied_dibao_on"], INPUT_FACTS["exited_on"]):
        # the facts are those on the assessment date; months since a later date would be negative
        # (a 低保 refusal "两年内" whatever its date)
        term = _iri(spec.rdf_term)
        when = graph.value(node, term)
        if when is not None and _date(when) > assessment:
            location, _ = locator.locate(node, term, when)
            problems.append(violation(
                f"{compact(str(term))}（{spec.label_zh}）{when} 晚于认定日期 {assessment}；请填写认定日期当时的情况",
                f"{compact(str(term))} {when} is after the assessment date {assessment}; give the facts as they "
                f"stood on the assessment date", location=location, node=locator.name(node),
                path=compact(str(term)), value=str(when)))
    return problems
