"""Find a cited quote in its source document: code-point offsets, disambiguated by section.

A quote must appear verbatim. When it appears more than once, the section path (as the
document numbers it, e.g. `二.(三).1`) picks the first occurrence after that section's heading.
"""
from __future__ import annotations

import re

_CN_NUMERAL = re.compile(r"^[一二三四五六七八九十]+$")
_PAREN = re.compile(r"^\((.+)\)$")


def _component_pattern(component: str) -> re.Pattern:
    """How a section-path component is written as a heading in these documents."""
    paren = _PAREN.match(component)
    if paren:
        inner = re.escape(paren.group(1))
        return re.compile(rf"[（(]\s*{inner}\s*[)）]")
    if _CN_NUMERAL.match(component):
        return re.compile(rf"(?:^|\n)\s*{component}\s*[、．.]")
    if component.isdigit():
        return re.compile(rf"(?:^|\n|[。；;])\s*{component}\s*[.．、]")
    return re.compile(re.escape(component))


def split_section(section: str) -> list[str]:
    return [c for c in section.split(".") if c.strip()]


def locate_section(text: str, section: str) -> int | None:
    """Offset where the section's heading starts, searching each component after the previous one."""
    position = 0
    start = None
    for component in split_section(section):
        match = _component_pattern(component).search(text, position)
        if match is None:
            return None
        start = match.start() if match.group(0)[:1] not in "\n。；;" else match.start() + 1
        position = match.end()
    return start


def find_quote(text: str, quote: str, section: str) -> tuple[int, int] | str:
    """`(start, end)` code-point offsets of the quote, or a message saying why it cannot be placed."""
    if not quote:
        return "the quote is empty"
    occurrences = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not occurrences:
        return "quote not found verbatim in the document"
    if len(occurrences) == 1:
        return occurrences[0], occurrences[0] + len(quote)
    section_start = locate_section(text, section)
    if section_start is None:
        return (f"quote found at {len(occurrences)} places and section {section!r} could not be "
                f"located to choose one; quote more of the sentence")
    after = [o for o in occurrences if o >= section_start]
    if not after:
        return f"quote found at {len(occurrences)} places, none after section {section!r}"
    return after[0], after[0] + len(quote)
