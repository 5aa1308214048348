"""The answer told in one language (the API's and the page's `?lang=zh|en`): category and benefit
`label`s in that language, and a `text` beside every condition (in `traces`), would-change
alternative and parameter, and `missing_text` beside the `missing` table, in the glossary's words
(kb.explain.words)."""
from __future__ import annotations

import msgspec

from kb.explain import graph
from kb.explain.tables import Graph
from kb.explain.types import Answer
from kb.explain.words import Words


def in_words(answer: Answer, lang: str) -> Answer:
    """The answer told in `lang`: category and benefit `label`s in that language, and a `text` beside
    every condition (in `traces`), change and parameter, and `missing_text` beside the `missing`
    table (the page and API readers show these)."""
    words = Words(answer, lang)
    # every derivation once, wherever it is cited; a finding told in words is one condition's
    # (the text names the condition and member), so the findings are entered anew with their text
    told = Graph()
    refs = [[told.finding(msgspec.structs.replace(found, text=words.condition(full)))
             for found, full in zip(graph.found_conditions(answer, t), graph.conditions(answer, t))]
            for t in answer.traces.values()]
    for t, conditions in zip(answer.traces.values(), refs):
        t.conditions = conditions
    answer.findings = told.findings
    if answer.missing:
        answer.missing_text = {ref: words.missing(term) for ref, term in answer.missing.items()}
    for entry in answer.categories:
        entry.label = words.category(entry.id)
        for alt in entry.would_change or []:
            alt.text = words.w("sep").join(words.change(ch) for ch in graph.changes(answer, alt))
        if entry.subtypes:
            entry.subtypes_text = [words.subtype(s) for s in entry.subtypes]
    for entry in answer.benefits:
        entry.label = words.benefit(entry.id)
    for p in (answer.rulebase.parameters or {}).values():
        p.source_text = words.parameter_source(p)
    answer.jurisdiction_name = words.jurisdiction_name()
    return answer
