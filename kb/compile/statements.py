"""Read a jurisdiction's `statements.yaml`: what its document says about households in several
categories (有利于保障, 就高不就低, 不重不漏, 5类对象 …), each a verbatim quote.

The policy DSL has no construct for these (they are about categories, not benefit values), so
they are data; but they are cited exactly like a rule: each quote is located in the document
when the knowledge base compiles (`kb.compile.citations.find_quote`), and a quote that is not
there is a located compile error, never a failure at request time. `kb.explain.favourability`
uses the compiled `Jurisdiction.statements`.
"""
from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from grammar import ast
from kb.compile import citations
from kb.core.facts import INCOME_TYPES
from kb.core.model import Clause, Jurisdiction, Statement
from kb.core.yaml_lines import LineLoader

STATEMENTS_FILE = "statements.yaml"
KINDS = ("exclusive", "favourable", "mark", "no_gap", "need_based", "income_lower")
_KEYS = ("kind", "section", "quote", "label", "categories", "against", "picks", "departments", "note_zh", "note_en")


def load_statements(path: Path, where: str, j: Jurisdiction, category_ids, error) -> tuple[Statement, ...]:
    """The statements of `path` with their clauses in j's document; `error(pos, message)` collects
    problems (the compiler's located errors)."""
    if not path.is_file():
        return ()

    def err(line: int, message: str) -> None:
        error(ast.Pos(where, line, 1), message)

    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        mark = getattr(e, "problem_mark", None)
        err(mark.line + 1 if mark else 1, f"not readable YAML: {getattr(e, 'problem', e)}")
        return ()
    if doc is None:
        return ()
    if not isinstance(doc, list):
        err(1, "expected a list of statements, each with kind, section, quote, label")
        return ()
    out = []
    for entry in doc:
        if not isinstance(entry, dict):
            err(1, "each statement is a mapping with kind, section, quote, label")
            continue
        line = entry.get("__line__", 1)
        for key in entry:
            if key != "__line__" and key not in _KEYS:
                close = difflib.get_close_matches(str(key), _KEYS, n=1)
                err(line, f"unknown key {key!r}" + (f"; did you mean {close[0]!r}?" if close else ""))
        kind, section, quote, label = (entry.get(k) for k in ("kind", "section", "quote", "label"))
        if kind not in KINDS:
            err(line, f"kind: expected one of {', '.join(KINDS)}; got {kind!r}")
            continue
        if not isinstance(quote, str) or not isinstance(label, str) or not isinstance(section, str):
            err(line, "section, quote and label are quoted strings (section may be \"\")")
            continue
        found = citations.find_quote(j.text, quote, section)
        if isinstance(found, str):
            err(line, f"{found}: {quote!r} in {j.document}")
            continue
        categories = _names(entry, "categories", category_ids, err, line)
        against = _names(entry, "against", category_ids, err, line)
        picks = entry.get("picks")
        if picks not in (None, "max", "min"):
            err(line, f"picks: expected max or min; got {picks!r}")
        departments = []
        for d in entry.get("departments") or []:
            if not isinstance(d, dict) or not isinstance(d.get("department"), str):
                err(line, "departments: each is {department: <name>, excludes: [<income types>]}")
                continue
            excludes = tuple(str(t) for t in d.get("excludes") or [])
            for t in excludes:
                if t not in INCOME_TYPES:
                    close = difflib.get_close_matches(t, INCOME_TYPES, n=1)
                    err(line, f"unknown income type {t!r}" + (f"; did you mean {close[0]!r}?" if close else ""))
            departments.append((d["department"], excludes))
        clause = Clause(j.document, j.id, section, quote, found[0], found[1])
        out.append(Statement(kind, label, clause, categories, against, picks, tuple(departments),
                             str(entry.get("note_zh", "")), str(entry.get("note_en", ""))))
    return tuple(out)


def _names(entry: dict, key: str, known, err, line: int) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list):
        err(line, f"{key}: expected a list of category ids")
        return ()
    for name in value:
        if name not in known:
            close = difflib.get_close_matches(str(name), known, n=1)
            err(line, f"{key}: unknown category {name!r}" + (f"; did you mean {close[0]!r}?" if close else ""))
    return tuple(str(n) for n in value)
