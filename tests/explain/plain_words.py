"""What "no internal names in Chinese text" means, as one checker the tests share."""
from __future__ import annotations

import re

# snake_case identifiers (rule ids like yanqi.tekun_elderly, fact names), IRIs and blank nodes,
# English status and truth words
SNAKE = re.compile(r"(?<![A-Za-z0-9])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9])")
IRI = re.compile(r"https?://|_:[A-Za-z]|\bbg:[A-Za-z]|\bcv:[A-Za-z]")
ENGLISH = re.compile(r"\b(eligible|ineligible|undetermined|undecided|unknown|True|False|true|false|"
                     r"none|holds|fails|and|or|not|is|needs|resolved|marked)\b")
from pathlib import Path

_POLICIES = Path(__file__).resolve().parents[2] / "kb" / "policies"
_PLACES = "|".join(sorted(p.name for p in _POLICIES.iterdir() if (p / "jurisdiction.yaml").exists()))
RULE_ID = re.compile(rf"\b({_PLACES})\.[a-z]")   # jurisdiction.rule


def internal_names(text: str) -> list[str]:
    """Every snake_case name, IRI, rule id or English status word found in a zh text."""
    found = []
    for pattern in (SNAKE, IRI, ENGLISH, RULE_ID):
        found += [m.group(0) for m in pattern.finditer(text)]
    return found
