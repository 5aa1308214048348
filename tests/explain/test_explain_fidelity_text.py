"""`binggui check/explain` text tells a category's open subtypes (and what would decide each) and
the readings its outcome rests on, zh and en, in the glossary's words (issue 19, gap 4)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kb.explain import graph
from kb.explain.glossary import entry_label, term_label
from kb.explain.text import render_text
from tests.explain.plain_words import internal_names

REPO = Path(__file__).resolve().parents[2]
DIANJIANG = REPO / "examples" / "households" / "dianjiang-partly-unknown.jsonld"


@pytest.fixture(scope="module")
def answer():
    from ingest import read_household
    from kb.compile.compiler import default_rulebase
    from kb.engine import decide
    return decide(read_household(DIANJIANG.read_bytes(), "application/ld+json"), default_rulebase(), texts=("zh", "en"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_open_subtypes_and_readings_are_printed_in_words(answer, lang):
    jiance = next(c for c in answer.categories if c.id == "jiance")
    assert jiance.subtypes_undetermined and jiance.reading_notes      # the example exercises both
    text = render_text(answer, lang, only="jiance")
    for st in jiance.subtypes_undetermined:
        line = next(l for l in text.splitlines() if entry_label("subtypes", st, lang) in l)
        for term in graph.terms(answer, jiance.subtype_missing[st]):
            assert term_label(term, lang) in line, (st, term, line)
    for note in jiance.reading_notes:
        # the note as written, its RDF terms told by their labels
        first_words = getattr(note, lang).split("（bg:")[0].split(" (bg:")[0]
        assert first_words in text
        if lang == "en" and note.alternative:
            assert note.alternative.split(" (bg:")[0] in text
    assert "bg:" not in text and "subtype" not in text.replace("subtype not yet decided", "")
    if lang == "zh":
        assert "类型待定" in text and "本结论采用一种解读" in text
        assert not internal_names(text), internal_names(text)


def test_reading_terms_become_labels_in_zh():
    """A reading whose zh note names a term in brackets (大冶 刚性支出: "（bg:rigidExpenditure）")
    loses the IRI in the CLI's text."""
    done = subprocess.run([sys.executable, "-m", "kb.cli", "explain", str(REPO / "examples" / "households" /
                           "daye-dibao-family.ttl"), "gangxing_zhichu"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert "“支出大于收入”按家庭刚性支出大于家庭年收入计" in done.stdout
    assert not internal_names(done.stdout), internal_names(done.stdout)
