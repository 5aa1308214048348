"""Chinese text says things in the vocabulary's words: no snake_case name, IRI, rule id or English
status word in any zh text of an answer (explanation.zh, every condition's text, questions,
the CLI's check/explain/procedures, the notice), for every example and scenario household."""
from __future__ import annotations

import re
from pathlib import Path

import msgspec
import pytest

from ingest import read_household
from kb.compile.compiler import default_rulebase
from kb.engine import decide
from kb.explain.notice import render_notice
from kb.explain.text import render_text
from kb.explain.types import Answer
from kb.explain.told import in_words
from kb.explain.words import Words
from tests.explain.plain_words import internal_names

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (REPO / "examples" / "households").iterdir() if p.suffix in (".ttl", ".jsonld"))


@pytest.fixture(scope="module")
def rulebase():
    return default_rulebase()


def _household(path: Path):
    media = "text/turtle" if path.suffix == ".ttl" else "application/ld+json"
    return read_household(path.read_bytes(), media)


def _zh_texts(answer: Answer):
    """Every zh string a reader of the answer is shown (with ?lang=zh), read in its JSON form."""
    told = msgspec.to_builtins(in_words(answer, "zh"))
    for entry in told["categories"]:
        yield f"{entry['id']}.explanation", entry["explanation"]["zh"]
        yield f"{entry['id']}.label", entry["label"]
    for ref, trace in told["traces"].items():      # every derivation once, wherever it is cited
        for c in (told["findings"][f] for f in trace["conditions"]):
            yield f"traces.{ref}.{trace['rule']}.condition", c["text"]
    for ref, text in told.get("missing_text", {}).items():
        yield f"missing.{ref}", text
    for entry in [*told["categories"], *told.get("benefits", [])]:
        for alt in entry.get("would_change", []):
            yield f"{entry['id']}.would_change", alt["text"]
    for q in told.get("questions", []):
        yield "questions", q["text"]["zh"]
    for name, p in told["rulebase"]["parameters"].items():
        yield f"parameter {name}.source", p["source_text"]
    for o in told.get("category_overlaps", []):
        yield "overlap", o.get("note_zh") or ""


def _assert_plain(where: str, text: str) -> None:
    assert text and text.strip(), f"{where}: no text"
    found = internal_names(text)
    assert not found, f"{where}: internal names {found} in zh text: {text!r}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_answers_speak_plain_chinese(path, rulebase):
    answer = decide(_household(path), rulebase, texts=("zh",))
    for where, text in _zh_texts(answer):
        _assert_plain(f"{path.name} {where}", text)
    _assert_plain(f"{path.name} CLI check", render_text(answer, "zh"))
    notice = render_notice(answer, "zh")
    _assert_plain(f"{path.name} notice", _visible_text(notice))


def test_generated_households_speak_plain_chinese(rulebase):
    from kb.testing.generate import generate
    for j in rulebase.jurisdictions.values():
        for household in generate(j, 12, seed=19):
            answer = decide(household, rulebase, texts=("zh",))
            for where, text in _zh_texts(answer):
                _assert_plain(f"{household.id} {where}", text)
            _assert_plain(f"{household.id} CLI", render_text(answer, "zh"))


def test_the_checker_catches_what_the_issue_saw():
    for bad in ["per_capita_income = 7000.00 > dibao_standard (8400)", "formerly_poor = False is true",
                "rigid_expenditure 现为 未知", "case_by_case(…) 现为 undecided", "yanqi.tekun_elderly",
                "_:household1-member3", "bg:workAbility of <x>", "需 > 8400.00 and <= 16800.00"]:
        assert internal_names(bad), bad
    assert not internal_names("家庭人均年收入 7000.00 元/人·年 < 低保标准 8400 元/人·年")


def test_the_issue_example_reads_as_the_issue_asks(rulebase):
    answer = decide(_household(REPO / "examples/households/daye-dibao-family.ttl"), rulebase, texts=("zh", "en"))
    dibao = next(c for c in answer.categories if c.id == "dibao")
    assert "家庭人均年收入 7000.00 元/人·年 < 低保标准 8400 元/人·年" in dibao.explanation.zh
    assert "per-capita annual income 7000.00 yuan per person a year < dibao standard 8400" in dibao.explanation.en
    people = Words(answer, "zh")
    assert [people.member(p) for p in answer.member_labels] == ["成员1（申请人本人）", "成员2（配偶）", "成员3（子女）"]


def test_lang_en_labels_categories_in_english(rulebase):
    answer = in_words(decide(_household(REPO / "examples/households/daye-dibao-family.ttl"), rulebase,
                             texts=("en",)), "en")
    labels = {c.id: c.label for c in answer.categories}
    assert labels["tekun"] == "persons in extreme poverty (tekun)"
    assert labels["dibao_bianyuan"] == "dibao margin families"
    assert all(not re.search(r"[\u4e00-\u9fff]", b.label) for b in answer.benefits)


def _visible_text(html: str) -> str:
    body = html.split("<body>", 1)[1]
    return re.sub(r"<[^>]+>", " ", body)
