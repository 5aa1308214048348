"""Example households for the OpenAPI document (and the README): Turtle and JSON-LD, same facts.

The household is written for no particular jurisdiction: `turtle(jid)` and `jsonld(jid)` put in
one of the served rule base's ids (no Python names a jurisdiction; they are data)."""
from __future__ import annotations

_TURTLE = """\
@prefix bg: <https://w3id.org/binggui#> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<urn:example:household:1> a bg:Household ;
    bg:jurisdiction "{jurisdiction}" ;
    bg:assessmentDate "2025-06-01"^^xsd:date ;
    bg:residence "rural" ;
    bg:member <urn:example:person:1>, <urn:example:person:2> ;
    bg:incomeItem [ a bg:IncomeItem ; bg:incomeType "wage" ; bg:amount 7000.00 ] ;
    bg:financialAssets 1000.00 ;
    bg:rigidExpenditure 0.00 ;
    bg:formerlyPoor false ;
    bg:problem "none" ;
    bg:suddenShock false .

<urn:example:person:1> a cv:Person ;
    bg:age 45 ;
    bg:workAbility "full" ;
    bg:relationToApplicant "applicant" .

<urn:example:person:2> a cv:Person ;
    bg:age 12 ;
    bg:relationToApplicant "child" .
"""

_JSONLD = {
    "@context": {
        "bg": "https://w3id.org/binggui#",
        "cv": "http://data.europa.eu/m8g/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "Household": "bg:Household",
        "Person": "cv:Person",
        "IncomeItem": "bg:IncomeItem",
        "jurisdiction": "bg:jurisdiction",
        "assessmentDate": {"@id": "bg:assessmentDate", "@type": "xsd:date"},
        "residence": "bg:residence",
        "member": {"@id": "bg:member", "@type": "@id"},
        "incomeItem": "bg:incomeItem",
        "incomeType": "bg:incomeType",
        "amount": {"@id": "bg:amount", "@type": "xsd:decimal"},
        "financialAssets": {"@id": "bg:financialAssets", "@type": "xsd:decimal"},
        "rigidExpenditure": {"@id": "bg:rigidExpenditure", "@type": "xsd:decimal"},
        "formerlyPoor": "bg:formerlyPoor",
        "problem": "bg:problem",
        "suddenShock": "bg:suddenShock",
        "age": "bg:age",
        "workAbility": "bg:workAbility",
        "relationToApplicant": "bg:relationToApplicant",
    },
    "@graph": [
        {"@id": "urn:example:household:1", "@type": "Household", "jurisdiction": None,
         "assessmentDate": "2025-06-01", "residence": "rural",
         "member": ["urn:example:person:1", "urn:example:person:2"],
         "incomeItem": [{"@type": "IncomeItem", "incomeType": "wage", "amount": "7000.00"}],
         "financialAssets": "1000.00", "rigidExpenditure": "0.00", "formerlyPoor": False,
         "problem": "none", "suddenShock": False},
        {"@id": "urn:example:person:1", "@type": "Person", "age": 45, "workAbility": "full",
         "relationToApplicant": "applicant"},
        {"@id": "urn:example:person:2", "@type": "Person", "age": 12, "relationToApplicant": "child"},
    ],
}


def turtle(jurisdiction: str) -> str:
    return _TURTLE.replace("{jurisdiction}", jurisdiction)


def jsonld(jurisdiction: str) -> dict:
    import copy
    doc = copy.deepcopy(_JSONLD)
    doc["@graph"][0]["jurisdiction"] = jurisdiction
    return doc
