"""XSD's lexical forms of the datatypes the vocabulary uses, to refuse a literal XSD would not read.

rdflib reads a typed literal with Python's own parsers and normalises its lexical form when it
makes it: `"1e5"^^xsd:decimal` becomes "100000" and `"1_000"^^xsd:integer` "1000" (int() and
Decimal() accept exponents, digit separators and non-ASCII digits; XSD accepts none of them), so
the shapes' sh:pattern checked a form the caseworker never wrote, and a cell `binggui screen`
refuses (`1e5`) was accepted in Turtle or JSON-LD. The readers keep what was written where it is
not well formed (both Turtle parsers of ingest.turtle; JSON-LD through its locator's raw values),
so the shapes see it, and ingest.checks.ill_formed_literals refuses what no shape refuses:
`"true"^^xsd:integer` (a JSON `true` under a key typed xsd:integer), `"4_0"^^xsd:integer`, a JSON
amount `"1e5"`.
"""
from __future__ import annotations

import re

from rdflib import XSD, URIRef

# XSD 1.1 Part 2 lexical spaces (after the whiteSpace facet "collapse": surrounding spaces go)
LEXICAL = {
    XSD.integer: re.compile(r"[+-]?[0-9]+", re.ASCII),
    XSD.decimal: re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", re.ASCII),
    XSD.boolean: re.compile(r"true|false|1|0"),
    XSD.date: re.compile(r"-?([1-9][0-9]{3,}|0[0-9]{3})-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?", re.ASCII),
}
EXPECTED = {     # what to write instead, after "须为" / "write"
    XSD.integer: ("只用数字书写的整数，如 58", "digits only, such as 58"),
    XSD.decimal: ("只用数字和一个小数点书写的十进制数，如 \"1000.00\"（不用指数或分隔符）",
                  "digits and at most one point, such as \"1000.00\" (no exponent, no separators)"),
    XSD.boolean: ("true 或 false", "true or false"),
    XSD.date: ("YYYY-MM-DD 格式的日期，如 2025-06-01", "a date YYYY-MM-DD, such as 2025-06-01"),
}


def well_formed(text: str, datatype: URIRef | None) -> bool:
    """Whether `text` is a lexical form of `datatype` (datatypes the vocabulary does not use,
    and plain literals, are not judged here)."""
    pattern = LEXICAL.get(datatype)
    return pattern is None or pattern.fullmatch(text.strip(" \t\n\r")) is not None
