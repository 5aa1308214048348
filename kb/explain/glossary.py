"""The glossary (kb/explain/glossary.yaml) and the vocabulary's labels (vocabulary_labels.json),
read once: every zh/en word an answer is told in comes from these two files."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent
LANGS = ("zh", "en")


@lru_cache(maxsize=1)
def glossary() -> dict:
    return yaml.safe_load((HERE / "glossary.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def vocabulary_labels() -> dict:
    """{"terms": {"bg:age": {"zh", "en"}}, "codes": {"bg:workAbility": {"none": {"zh", "en"}}}}."""
    return json.loads((HERE / "vocabulary_labels.json").read_text(encoding="utf-8"))


def word(key: str, lang: str, **values) -> str:
    text = glossary()["words"][key][lang]
    return text.format(**values) if values else text


def procedure_label(zh_label: str, lang: str) -> str:
    """A document's procedure or principle label in `lang` (the glossary's `procedure_labels`)."""
    if lang == "zh":
        return zh_label
    return glossary().get("procedure_labels", {}).get(zh_label, zh_label)


def encoder_note(note: str, lang: str) -> str:
    """An encoders' note (on a rule deferred to the departments' standards, or a condition decided
    case by case) in `lang`: the glossary's `encoder_notes`; as written, in Chinese, without one."""
    if lang == "zh" or not note:
        return note
    return glossary().get("encoder_notes", {}).get(note, note)


def entry_label(section: str, key: str, lang: str, fallback: str | None = None) -> str:
    """A glossary label (categories, subtypes, helpers, benefits, parameters, status)."""
    entry = glossary().get(section, {}).get(key)
    if entry and lang in entry:
        return entry[lang]
    return fallback if fallback is not None else key


def term_label(term: str, lang: str) -> str:
    entry = vocabulary_labels()["terms"].get(term)
    return entry[lang] if entry else term


def code_label(term: str, code, lang: str) -> str:
    """The label of one code of a household term's code list ("bg:workAbility", "none")."""
    entry = vocabulary_labels()["codes"].get(term, {}).get(str(code))
    return entry[lang] if entry else str(code)


def unit_text(value: str, unit: str | None, lang: str) -> str:
    units = glossary()["units"]
    if unit and unit in units:
        forms = units[unit]
        one = forms.get(f"{lang}_one") if value in ("1", "1.0", "1.00") else None
        return (one or forms[lang]).format(v=value)
    return value
