"""Small valid household documents for the ingest tests (imported as `ingest_helpers`)."""
from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "households"

PREFIXES = """\
@prefix bg:  <https://w3id.org/binggui#> .
@prefix cv:  <http://data.europa.eu/m8g/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# A minimal valid household in Turtle: lines 4-6 are the household, line 7 its member.
TTL_MIN = PREFIXES + """\
<urn:h:1> a bg:Household ;
    bg:jurisdiction "daye" ; bg:assessmentDate "2025-06-01"^^xsd:date ;
    bg:member <urn:p:1> .
<urn:p:1> bg:age 40 .
"""


def ttl(extra: str = "", base: str = TTL_MIN) -> str:
    """The minimal household plus extra Turtle statements."""
    return base + extra


def plain(**overrides) -> dict:
    """A minimal valid household as plain JSON (a caseworker's form), with overrides."""
    doc = {"@type": "Household", "jurisdiction": "daye", "assessmentDate": "2025-06-01",
           "members": [{"age": 40}]}
    for key, value in overrides.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc
