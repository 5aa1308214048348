"""The procedural side of each document, as cited records: deadlines and steps, responsible
departments, and the principles it names. Not conditions on households, but what caseworkers
and researchers ask next ("how long may the review take?", "who decides 低保?")."""
from __future__ import annotations

from fractions import Fraction

from kb.core.model import Jurisdiction
from kb.core.money import fmt_plain
from kb.explain.glossary import LANGS, procedure_label, unit_text


def procedures_of(j: Jurisdiction, lang: str | None = None) -> dict:
    """The cited procedures and principles of one jurisdiction; each carries `labels` {zh, en} (the
    glossary's English), and `label` in `lang` (the document's own zh label by default)."""
    return {
        "label": j.label,
        "document": j.document,
        "procedures": [{"id": f"{j.id}.{p.id}", "label": procedure_label(p.label, lang or "zh"),
                        "labels": _labels(p.label),
                        "value": fmt_plain(p.value) if isinstance(p.value, Fraction) else p.value,
                        "unit": p.unit, "value_text": _value_text(p),
                        "clauses": [c.as_dict() for c in p.clauses]} for p in j.procedures],
        "principles": [{"id": f"{j.id}.{p.id}", "label": procedure_label(p.label, lang or "zh"),
                        "labels": _labels(p.label), "picks": p.picks, "benefits": list(p.benefits),
                        "clauses": [c.as_dict() for c in p.clauses]} for p in j.principles],
        "income_exclusions": [{"income_type": t, "clauses": [c.as_dict() for c in cl]}
                              for t, cl in sorted(j.income_exclusions.items())],
    }


def _labels(zh_label: str) -> dict:
    return {lang: procedure_label(zh_label, lang) for lang in LANGS}


def _value_text(p) -> dict:
    """{"zh": "5个工作日", "en": "5 working days"}: a number with its unit in words; text as written."""
    if not isinstance(p.value, Fraction):
        return {lang: str(p.value) for lang in LANGS}
    return {lang: unit_text(fmt_plain(p.value), p.unit, lang) for lang in LANGS}
