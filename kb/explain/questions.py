"""What to ask next: the household facts that would decide the undetermined categories and
benefits, each with the member it concerns, ordered by how many it decides."""
from __future__ import annotations

import re

from msgspec import UNSET

from kb.explain.graph import terms
from kb.explain.types import Answer, Question, Text

_OF = re.compile(r"^(\S+) of <(.+)>$")


def _term_member(missing: str) -> tuple[str, str | None] | None:
    m = _OF.match(missing)
    if m:
        return m.group(1), m.group(2)
    if missing.startswith(("bg:", "cv:")):
        return missing, None
    return None   # a parameter without a value in force: nothing the caseworker can give


def questions_of(answer: Answer, words: dict) -> list[Question]:
    """[{term, member?, decides: [ids], text?: {zh?, en?}}], most deciding first (then categories' order);
    `text` in the languages of `words` (lang -> Words), absent without any."""
    categories, benefits = answer.categories, answer.benefits
    asked: dict[tuple, list[str]] = {}
    for entry in [*categories, *benefits]:
        if entry.status != "undetermined":
            continue
        for missing in terms(answer, entry.missing):
            key = _term_member(missing)
            if key is not None and entry.id not in asked.setdefault(key, []):
                asked[key].append(entry.id)
    ordered = sorted(asked.items(), key=lambda item: -len(item[1]))   # stable: first asked first
    category_ids = {e.id for e in categories}
    out = []
    for (term, member), decides in ordered:
        text = {lang: _text(w, term, member, decides, category_ids) for lang, w in words.items()}
        out.append(Question(term=term, member=member or UNSET, decides=decides, text=Text(**text) if text else UNSET))
    return out


def _text(w, term: str, member: str | None, decides: list[str], category_ids) -> str:
    labels = w.w("list_sep").join(w.category(d) if d in category_ids else w.benefit(d) for d in decides)
    return f"{w.w('ask')}：{w.question(term, member)} — {w.w('decides')} {labels}" if w.lang == "zh" \
        else f"{w.w('ask')}: {w.question(term, member)} — decides {labels}"


def question_text(q: Question, w) -> str:
    """A question in the words `w` (kb.explain.words.Words) speak: its `text` in that language when
    the answer was asked in it, else written here (the same sentence)."""
    text = getattr(q.text, w.lang) if q.text else UNSET
    if text:
        return text
    return _text(w, q.term, q.member or None, q.decides, {c.id for c in w.answer.categories})
