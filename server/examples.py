"""Example households for the OpenAPI document (and the README): Turtle and JSON-LD, same facts."""
from __future__ import annotations

TURTLE = """\
@prefix bg: <https://w3id.org/binggui#> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<urn:example:household:1> a bg:Household ;
    bg:jurisdiction "yanqi" ;
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

JSONLD = {
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
        {"@id": "urn:example:household:1", "@type": "Household", "jurisdiction": "yanqi",
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
