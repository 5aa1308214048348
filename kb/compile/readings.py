"""Readings chosen where a document's sentence admits more than one (issue 15.7).

`kb/policies/<id>/readings.yaml` lists, per ambiguity, the rules it concerns, the question, the
reading chosen and why, and the alternative. Answers decided by one of those rules carry the note
in zh and en (`reading_notes`), so a caseworker sees that the outcome rests on a choice, not on
the document's words alone:

    - rules: [jiance_case_one, jiance_tuopin_buwending]
      question: "Is income exactly at the monitoring line inside 当地监测范围?"
      zh: "…"          # the note answers show
      en: "…"
      alternative: "…" # the other reading, and what it would change
"""
from __future__ import annotations

from pathlib import Path

import yaml

from grammar import PolicyError
from kb.core.yaml_lines import LineLoader

FIELDS = ("rules", "question", "zh", "en", "alternative")


def load_readings(path: Path, display: str, rule_names: set[str]) -> tuple[dict[str, list[dict]], list[PolicyError]]:
    """Per rule name, the readings that concern it; and every error, located by line."""
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return {}, [PolicyError(display, line, col, f"YAML syntax error: {getattr(err, 'problem', err)}")]
    if doc is None:
        return {}, []
    if not isinstance(doc, list):
        return {}, [PolicyError(display, 1, 1, "expected a list of readings (- rules: […], question, zh, en, alternative)")]
    out: dict[str, list[dict]] = {}
    errors: list[PolicyError] = []
    for entry in doc:
        line = entry.get("__line__", 1) if isinstance(entry, dict) else 1
        if not isinstance(entry, dict):
            errors.append(PolicyError(display, line, 1, "each reading is a mapping"))
            continue
        lacking = [k for k in FIELDS if not entry.get(k)]
        if lacking:
            errors.append(PolicyError(display, line, 1, f"reading lacks {', '.join(lacking)}"))
            continue
        rules = entry["rules"] if isinstance(entry["rules"], list) else [entry["rules"]]
        note = {k: str(entry[k]) for k in ("question", "zh", "en", "alternative")}
        for name in rules:
            if name not in rule_names:
                errors.append(PolicyError(display, line, 1, f"reading names unknown rule {name!r}"))
                continue
            out.setdefault(name, []).append(note)
    return out, errors
