"""The glossary agrees with the vocabulary; questions say what to ask next; the notice prints to
one PDF page with what the issue asks; the ladder picture carries each jurisdiction's thresholds."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from msgspec import UNSET

from ingest import read_household
from kb.compile.compiler import default_rulebase
from kb.core.facts import ALL_FACTS
from kb.engine import decide
from kb.explain.glossary import glossary, vocabulary_labels
from kb.explain.ladder import ladder_svg, thresholds
from kb.explain.notice import render_notice

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
DAYE = REPO / "examples" / "households" / "daye-dibao-family.ttl"
DIANJIANG = REPO / "examples" / "households" / "dianjiang-partly-unknown.jsonld"


@pytest.fixture(scope="module")
def rulebase():
    return default_rulebase()


def _read(path: Path):
    return read_household(path.read_bytes(), "text/turtle" if path.suffix == ".ttl" else "application/ld+json")


def test_vocabulary_labels_are_the_vocabularys():
    from make_vocabulary_labels import render, vocabulary_labels as from_ttl
    stored = (REPO / "kb" / "explain" / "vocabulary_labels.json").read_text(encoding="utf-8")
    assert stored == render(from_ttl()), "run python scripts/make_vocabulary_labels.py"


def test_every_fact_code_and_name_has_its_words(rulebase):
    labels = vocabulary_labels()
    for spec in ALL_FACTS.values():
        assert spec.rdf_term in labels["terms"], spec.rdf_term
        for code in spec.codes:
            assert code in labels["codes"][spec.rdf_term], (spec.name, code)
    g = glossary()
    for j in rulebase.jurisdictions.values():
        for cid in j.categories:
            assert {"zh", "en"} <= set(g["categories"][cid]), cid
        for bid in j.benefits:
            assert {"zh", "en"} <= set(g["benefits"][bid]), bid
        for name in j.parameters:
            assert {"zh", "en"} <= set(g["parameters"][name]), name
        for rule in j.rules:
            if rule.head.subtype:
                assert rule.head.subtype in g["subtypes"]
            helper = rule.head.name
            if helper not in j.categories and helper not in j.benefits:
                assert helper in g["helpers"], helper
        for p in j.procedures:
            assert p.unit is None or p.unit in g["units"], p.unit


def test_every_encoders_note_has_its_english_and_english_views_tell_it(rulebase):
    """The encoders' notes (on rules deferred to the departments' standards, on conditions decided
    case by case) are Chinese in the policy files; English views tell the glossary's words. A note
    edited or added without its entry, or an entry no rule has any more, fails here."""
    from kb.explain.glossary import encoder_note
    from kb.explain.text import render_text
    rules = [r for v in rulebase.versions.values() for j in v for r in j.rules]
    notes = {r.deferred_note for r in rules if r.deferred_note}
    notes |= {lit.left.arg.value for r in rules for lit in r.body
              if getattr(lit.left, "name", None) == "case_by_case" and hasattr(getattr(lit.left, "arg", None), "value")}
    assert set(glossary()["encoder_notes"]) == notes
    for note in notes:
        english = encoder_note(note, "en")
        assert english != note and not re.search(r"[\u4e00-\u9fff]{6,}", english), english  # place names only
        assert encoder_note(note, "zh") == note
    answer = decide(_read(REPO / "examples" / "households" / "huaishang-sudden-shock.ttl"), rulebase, texts=("en",))
    text = render_text(answer, "en")
    assert "淮上's plan does not restate the dibao conditions" in text and "淮上方案未重述" not in text
    from html import unescape
    notice = unescape(render_notice(answer, "en"))
    assert "淮上's plan does not define other persons in difficulty" in notice and "未界定" not in notice


def test_questions_name_the_term_the_member_and_what_they_decide(rulebase):
    answer = decide(_read(DAYE), rulebase, texts=("zh", "en"))
    questions = answer.questions
    undetermined = {e.id for e in [*answer.categories, *answer.benefits] if e.status == "undetermined"}
    assert questions and {d for q in questions for d in q.decides} == undetermined - {"qita_kunnan"}
    counts = [len(q.decides) for q in questions]
    assert counts == sorted(counts, reverse=True)
    child = next(q for q in questions if q.term == "bg:workAbility")
    assert child.decides[0] == "tekun" and child.member in answer.member_labels
    assert child.text.zh.startswith("请补充：成员3（子女）的劳动能力 — 决定 特困人员")
    assert child.text.en.startswith("please give: the work ability of member 3 (child) — decides persons in extreme poverty")


def test_questions_carry_text_only_in_the_language_asked(rulebase):
    """The answer is the proof graph: asked without a language it carries no prose (no question text,
    label, explanation, member or place names); asked in one, that one only."""
    lean = decide(_read(DAYE), rulebase)
    assert lean.questions and all(q.text is UNSET for q in lean.questions)
    assert lean.member_labels is UNSET and lean.jurisdiction_names is UNSET
    assert all(c.labels is UNSET and c.explanation is UNSET for c in lean.categories)
    assert all(b.labels is UNSET for b in lean.benefits)
    assert all(p.label is UNSET for p in lean.rulebase.parameters.values())
    assert all(n.zh is UNSET and n.en is UNSET and n.question for c in lean.categories for n in c.reading_notes or [])
    en = decide(_read(DAYE), rulebase, texts=("en",))
    both = decide(_read(DAYE), rulebase, texts=("zh", "en"))
    assert [q.text.en for q in en.questions] == [q.text.en for q in both.questions]
    assert all(q.text.zh is UNSET for q in en.questions)
    assert [(c.labels.en, c.explanation.en) for c in en.categories] == \
        [(c.labels.en, c.explanation.en) for c in both.categories]
    assert all(c.labels.zh is UNSET for c in en.categories) and en.jurisdiction_names.zh is UNSET
    # without the prose the rest of the answer is the same
    strip = lambda a: {k: v for k, v in msgspec.to_builtins(a).items()   # noqa: E731
                       if k not in ("categories", "benefits", "questions", "rulebase", "member_labels",
                                    "jurisdiction_names")}
    assert strip(lean) == strip(both)


def test_a_question_deciding_several_comes_first(rulebase):
    answer = decide(_read(DIANJIANG), rulebase, texts=("zh",))
    first = answer.questions[0]
    assert len(first.decides) >= 2, answer.questions
    assert "、" in first.text.zh.split(" — 决定 ")[1]


def test_a_decided_answer_asks_nothing(rulebase):
    from kb.testing.generate import generate
    for household in generate(rulebase.jurisdictions["yanqi"], 30, seed=3):
        answer = decide(household, rulebase)
        open_ = [e for e in [*answer.categories, *answer.benefits] if e.status == "undetermined"]
        if not open_:
            assert answer.questions == []


def _pdf_text(html: str, tmp_path: Path) -> tuple[str, int]:
    from kb.explain.printing import find_browser, html_to_pdf
    if find_browser() is None or shutil.which("pdftotext") is None:
        pytest.skip("headless Chromium and pdftotext are installed by scripts/install-browser.sh")
    pdf = tmp_path / "notice.pdf"
    html_to_pdf(html, pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    pages = text.count("\f")
    return re.sub(r"\s+", "", text), pages


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_notice_prints_on_one_page_with_what_it_must_say(rulebase, tmp_path, lang):
    answer = decide(_read(DAYE), rulebase, texts=(lang,))
    text, pages = _pdf_text(render_notice(answer, lang), tmp_path)
    assert pages == 1
    squeeze = lambda s: re.sub(r"\s+", "", s)   # noqa: E731  (pdftotext breaks lines anywhere)
    if lang == "zh":
        for must in ["社会救助认定结果告知单", "大冶市", "最低生活保障对象", "符合", "暂无法认定", 
                     # table cells wrap, and pdftotext interleaves the lines of neighbouring cells:
                     # each fragment below fits on one line of its cell
                     "§二.(一).2.(2)「家庭财产符合条件，且", "示例数值", "经办人（签名）", "日期",
                     answer.rulebase.version, "家庭人均年收入7000.00元/人·年<低保标准",
                     "请补充：成员3（子女）的劳动能力"]:
            assert squeeze(must) in text, must
    else:
        for must in ["Social assistance", "Daye City", "minimum living", "eligible", "§二.(一).2.(2)",
                     "illustrative values", "Caseworker (signature)", answer.rulebase.version]:
            assert squeeze(must) in text, must


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_notice_says_who_gets_what_per_person(rulebase, lang):
    """大冶's elder couple: the 特困 husband's inpatient aid is 100% (有利于保障), his wife's 60%; the
    household-level list cannot say so, the persons' table does, each member's own row."""
    answer = decide(_read(REPO / "examples" / "households" / "daye-tekun-elder-and-wife.ttl"), rulebase,
                    texts=(lang,))
    html = render_notice(answer, lang)
    husband, wife = answer.membership.counted
    rows = dict(re.findall(r'<tr data-member="([^"]+)">(.*?)</tr>', html))
    assert set(rows) == {husband, wife}
    words = "特困" if lang == "zh" else "extreme poverty"   # the glossary's short names
    aid = "住院医疗救助" if lang == "zh" else "inpatient"
    assert words in rows[husband] and words not in rows[wife]
    assert re.search(aid + r"[^<]*?100%", rows[husband]) and re.search(aid + r"[^<]*?60%", rows[wife]), rows
    assert ("各成员不同，见下表" if lang == "zh" else "differs by person") in html


def test_the_notice_fits_one_page_for_every_example(rulebase, tmp_path):
    for path in sorted((REPO / "examples" / "households").glob("*.*")):
        if path.suffix not in (".ttl", ".jsonld"):
            continue
        _, pages = _pdf_text(render_notice(decide(_read(path), rulebase, texts=("zh",)), "zh"), tmp_path)
        assert pages == 1, path.name


def test_the_ladder_reads_the_compiled_thresholds(rulebase):
    household = _read(DAYE)
    daye = {(t["category"], t["op"], str(t["value"])) for t in thresholds(rulebase.jurisdictions["daye"],
                                                                           household.assessment_date)}
    # 大冶: 低保 below the standard, 边缘 up to twice it, 监测 below the monitoring line, 刚性支出 below
    # last year's disposable income (parameters.yaml, in force on 2025-06-01)
    assert {("dibao", "<", "8400"), ("dibao_bianyuan", "<=", "16800"), ("jiance", "<", "8000"),
            ("gangxing_zhichu", "<", "24000")} <= daye
    answers = {jid: decide(household, rulebase, jid) for jid in rulebase.jurisdictions}
    svg = ladder_svg(rulebase, answers, "zh")
    assert svg.startswith("<svg") and svg.count('class="jurisdiction"') == len(answers)
    assert 'data-category="dibao" data-value="8400"' in svg and 'class="income" data-value="7000.00"' in svg
    assert "示例数值" in svg
    import xml.dom.minidom
    xml.dom.minidom.parseString(svg)   # well-formed


def test_cli_compare_plot_and_check_notice(tmp_path):
    svg, html = tmp_path / "ladder.svg", tmp_path / "notice.html"
    run = lambda *a: subprocess.run([sys.executable, "-m", "kb.cli", *a], capture_output=True, text=True, cwd=REPO)  # noqa: E731
    done = run("compare", str(DAYE), "--plot", str(svg))
    assert done.returncode == 0, done.stderr
    assert "最低生活保障对象" in done.stdout and svg.read_text(encoding="utf-8").startswith("<svg")
    done = run("check", str(DAYE), "--notice", str(html))
    assert done.returncode == 0, done.stderr
    assert "社会救助认定结果告知单" in html.read_text(encoding="utf-8")
    bad = run("check", str(DAYE), "--notice", str(tmp_path / "notice.txt"))
    assert bad.returncode == 2 and "notice.txt: the notice is written as .html or .pdf" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_procedures_speak_both_languages_with_units():
    zh = subprocess.run([sys.executable, "-m", "kb.cli", "procedures", "--jurisdiction", "daye"],
                        capture_output=True, text=True, cwd=REPO).stdout
    en = subprocess.run([sys.executable, "-m", "kb.cli", "procedures", "--jurisdiction", "daye", "--lang", "en"],
                        capture_output=True, text=True, cwd=REPO).stdout
    assert "调查完成时限：5个工作日" in zh and "working_days" not in zh
    assert "5 working days" in en and "picks the higher of" in en
    from tests.explain.plain_words import SNAKE
    assert not SNAKE.findall(zh.split("\n", 1)[1])


def test_api_notice_and_ladder():
    from server import create_app
    client = create_app().test_client()
    body = DAYE.read_bytes()
    notice = client.post("/api/v1/notice", data=body, headers={"Content-Type": "text/turtle"})
    assert notice.status_code == 200 and notice.mimetype == "text/html"
    assert "社会救助认定结果告知单" in notice.get_data(as_text=True)
    en = client.post("/api/v1/notice?lang=en", data=body, headers={"Content-Type": "text/turtle"})
    assert "Caseworker (signature)" in en.get_data(as_text=True)
    ladder = client.post("/api/v1/compare/ladder", data=body, headers={"Content-Type": "text/turtle"})
    assert ladder.status_code == 200 and ladder.mimetype == "image/svg+xml"
    bad = client.post("/api/v1/notice?lang=fr", data=body, headers={"Content-Type": "text/turtle"})
    assert bad.status_code == 400
    answer = client.post("/api/v1/eligibility?lang=en", data=body, headers={"Content-Type": "text/turtle"}).get_json()
    assert {c["id"]: c["label"] for c in answer["categories"]}["jiance"] == "poverty-relapse monitoring"
    assert all("DESIGN.md" not in p["source_text"] for p in answer["rulebase"]["parameters"].values())
    json.dumps(answer)


def test_cli_conflicts_speak_chinese_without_internal_names():
    from tests.explain.plain_words import internal_names
    done = subprocess.run([sys.executable, "-m", "kb.cli", "conflicts", "--lang", "zh"],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert "重叠" in done.stdout and "示例家庭" in done.stdout
    assert not internal_names(done.stdout), sorted(set(internal_names(done.stdout)))
