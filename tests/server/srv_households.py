"""Test households as Turtle / JSON-LD text, varied by a few parameters."""
from __future__ import annotations

import json

PREFIXES = """\
@prefix bg: <https://w3id.org/binggui#> .
@prefix cv: <http://data.europa.eu/m8g/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def turtle(key: str, jurisdiction: str | None = "yanqi", *, income: str | None = "7000.00",
           ages: tuple[int, ...] = (45, 12), assets: str = "1000.00", rigid: str = "0.00",
           formerly_poor: bool = False, shock: bool = False, work: str = "full",
           date: str = "2025-06-01", residence: str = "rural", members: bool = True) -> str:
    """One household; `key` makes its IRIs (and its members') distinct."""
    h = f"<urn:test:household:{key}>"
    people = [f"<urn:test:person:{key}:{i}>" for i in range(len(ages))]
    lines = [f"{h} a bg:Household ;"]
    if jurisdiction is not None:
        lines.append(f'    bg:jurisdiction "{jurisdiction}" ;')
    if date is not None:
        lines.append(f'    bg:assessmentDate "{date}"^^xsd:date ;')
    lines.append(f'    bg:residence "{residence}" ;')
    if members:
        lines.append(f"    bg:member {', '.join(people)} ;")
    if income is not None:
        lines.append(f'    bg:incomeItem [ a bg:IncomeItem ; bg:incomeType "wage" ; bg:amount {income} ] ;')
    lines.append(f"    bg:financialAssets {assets} ;")
    lines.append(f"    bg:rigidExpenditure {rigid} ;")
    lines.append(f"    bg:formerlyPoor {'true' if formerly_poor else 'false'} ;")
    lines.append('    bg:problem "none" ;')
    lines.append(f"    bg:suddenShock {'true' if shock else 'false'} .")
    body = "\n".join(lines)
    persons = []
    for i, (iri, age) in enumerate(zip(people, ages)):
        relation = "applicant" if i == 0 else ("child" if age < 18 else "spouse" if i == 1 else "parent")
        ability = work if 18 <= age < 60 else "none"
        persons.append(f'{iri} a cv:Person ; bg:age {age} ; bg:workAbility "{ability}" ; '
                       f'bg:relationToApplicant "{relation}" .')
    return PREFIXES + "\n" + body + "\n\n" + "\n".join(persons) + "\n"


def jsonld(key: str, jurisdiction: str = "yanqi", income: str = "7000.00", ages=(45, 12)) -> str:
    ctx = {"bg": "https://w3id.org/binggui#", "cv": "http://data.europa.eu/m8g/",
           "xsd": "http://www.w3.org/2001/XMLSchema#"}
    people = [f"urn:test:person:{key}:{i}" for i in range(len(ages))]
    household = {
        "@id": f"urn:test:household:{key}", "@type": "bg:Household",
        "bg:jurisdiction": jurisdiction,
        "bg:assessmentDate": {"@value": "2025-06-01", "@type": "xsd:date"},
        "bg:residence": "rural",
        "bg:member": [{"@id": p} for p in people],
        "bg:incomeItem": [{"@type": "bg:IncomeItem", "bg:incomeType": "wage",
                           "bg:amount": {"@value": income, "@type": "xsd:decimal"}}],
        "bg:financialAssets": {"@value": "1000.00", "@type": "xsd:decimal"},
        "bg:rigidExpenditure": {"@value": "0.00", "@type": "xsd:decimal"},
        "bg:formerlyPoor": False, "bg:problem": "none", "bg:suddenShock": False,
    }
    persons = [{"@id": p, "@type": "cv:Person", "bg:age": age,
                "bg:workAbility": "full" if 18 <= age < 60 else "none",
                "bg:relationToApplicant": "applicant" if i == 0 else "child"}
               for i, (p, age) in enumerate(zip(people, ages))]
    return json.dumps({"@context": ctx, "@graph": [household, *persons]})


def broken_policy_folder(parent) -> str:
    """A policy folder whose one rule lacks its citation and final period: the rule base does not
    compile, so `binggui serve --policies` on it must stop before serving."""
    import textwrap
    bad = parent / "bad"
    bad.mkdir()
    (bad / "00.md").write_text(textwrap.dedent("""\
        ```policy
        document "001_16d8662a54c6e173.txt";
        jurisdiction yanqi "焉耆县";
        dibao :- per_capita_income < dibao_standard
        ```
        """), encoding="utf-8")
    return str(bad)
