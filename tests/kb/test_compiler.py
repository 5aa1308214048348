"""Every refusal of the compiler, as a table of malformed snippets with the exact line:col and
message fragment expected (lark's own test style), plus quote offsets and a tiny evaluation."""
from __future__ import annotations

import textwrap

import pytest

from grammar import PolicyErrors
from kb.compile.compiler import compile_paths


def rules(body: str) -> str:
    return "```policy\n" + textwrap.dedent(body) + "```\n"


# (name, rules file text, line, column, message fragment); lines count from 1 in 01-rules.md,
# whose first line is the ```policy fence.
MALFORMED = [
    ("missing final dot", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard
        """), 4, 46, "unexpected end of input; expected"),
    ("dangling comparison", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < .
        """), 4, 32, "unexpected '.'; expected '(', a \"quoted string\", a name, a number"),
    ("bad character", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < 3 $ 4.
        """), 4, 34, "unexpected character '$'"),
    ("quote not in document", rules("""\
        rule r:
          cites "一.(一)" "人均收入低于标准的一半"
          dibao :- per_capita_income < dibao_standard.
        """), 3, 17, "quote not found verbatim"),
    ("ambiguous quote, section cannot be located", rules("""\
        rule r:
          cites "九.(九)" "应当及时办理"
          dibao :- per_capita_income < dibao_standard.
        """), 3, 17, "found at 2 places"),
    ("unknown escape in a string", rules("""\
        rule r:
          cites "一.(一)" "纳入\\q最低生活保障范围"
          dibao :- per_capita_income < dibao_standard.
        """), 3, 17, "a backslash may only escape a quotation mark"),
    ("unknown fact with suggestion", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_incom < dibao_standard.
        """), 4, 12, "did you mean 'per_capita_income'"),
    ("unknown parameter with suggestion", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standad.
        """), 4, 32, "did you mean 'dibao_standard'"),
    ("unknown category in body", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- not dibao_bianyan.
        """), 4, 16, "did you mean 'dibao_bianyuan'"),
    ("unknown code", rules("""\
        rule r:
          cites "一.(三)" "无劳动能力的老年人纳入特困人员"
          tekun(P) :- member(P), work_ability(P) = "nonee".
        """), 4, 44, "did you mean 'none'"),
    ("unsafe head variable", rules("""\
        rule r:
          cites "一.(三)" "无劳动能力的老年人纳入特困人员"
          tekun(P) :- age(P) >= 60.
        """), 4, 9, "unsafe rule: head variable P"),
    ("unsafe negated literal", rules("""\
        rule r:
          cites "一.(三)" "无劳动能力的老年人纳入特困人员"
          dibao :- not serious_illness(Q).
        """), 4, 32, "unsafe rule: variable Q in a negated literal"),
    ("negation through recursion", rules("""\
        rule a:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- not dibao_bianyuan.
        rule b:
          cites "一.(二)" "纳入边缘家庭"
          dibao_bianyuan :- not dibao.
        """), 4, 16, "negation through recursion (unstratified): dibao_bianyuan -> dibao -> dibao_bianyuan"),
    ("rule without citation", rules("""\
        rule r:
          dibao :- per_capita_income < dibao_standard.
        """), 2, 1, "rule 'r' has no citation"),
    ("person fact used as household fact", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- age < 60.
        """), 4, 12, "is a person fact"),
    ("per-member category written per household", rules("""\
        rule r:
          cites "一.(三)" "无劳动能力的老年人纳入特困人员"
          tekun :- per_capita_income < dibao_standard.
        """), 4, 3, "category 'tekun' is per member"),
    ("condition cites a sentence the rule does not", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard @2.
        """), 4, 12, "condition cites @2, but rule 'r' has 1 citation"),
    ("condition of a rule with several citations names none", rules("""\
        rule r:
          cites "一.(一)" "家庭人均收入低于当地最低生活保障标准的"
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard @1,
                   financial_assets_per_capita <= financial_assets_limit_per_person.
        """), 6, 12, "rule 'r' cites 2 sentences: say which one this condition rests on"),
    ("citation that neither the head nor any condition rests on", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          cites "一.(二)" "纳入边缘家庭"
          dibao :- per_capita_income < dibao_standard @1.
        """), 4, 17, "citation @2 of rule 'r' supports nothing"),
    ("two rules for one head differing only in a literal and its negation", rules("""\
        rule a:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard, serious_illness(P), member(P).
        rule b:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard, not serious_illness(P), member(P).
        """), 7, 3, "rules 'a' and 'b' for 'dibao' differ only in `serious_illness(P)` and `not serious_illness(P)`"),
    ("citation reference that is not a number", rules("""\
        rule r:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard @two.
        """), 4, 47, "unexpected character '@'"),
]


@pytest.mark.parametrize("name,text,line,column,fragment", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_snippet_is_refused_at_its_place(tiny_kb, name, text, line, column, fragment):
    write, sources = tiny_kb
    policy = write(text)
    with pytest.raises(PolicyErrors) as caught:
        compile_paths([policy])
    matching = [e for e in caught.value.errors if e.file.endswith("01-rules.md") and fragment in e.message]
    assert matching, f"no error containing {fragment!r}; got:\n{caught.value}"
    err = matching[0]
    assert (err.line, err.column) == (line, column), str(err)
    rendered = str(err)
    assert rendered.startswith(f"{err.file}:{line}:{column}: ")
    assert rendered.splitlines()[-1].strip() == "^"   # a caret under the spot


def test_all_errors_are_reported_not_just_the_first(tiny_kb):
    write, sources = tiny_kb
    policy = write(rules("""\
        rule a:
          cites "一.(一)" "不存在的句子"
          dibao :- per_capita_incom < dibao_standard.
        rule b:
          dibao_bianyuan :- per_capita_income < dibao_standad.
        """))
    with pytest.raises(PolicyErrors) as caught:
        compile_paths([policy])
    messages = " | ".join(e.message for e in caught.value.errors)
    for fragment in ("quote not found", "per_capita_income", "no citation", "dibao_standard"):
        assert fragment in messages


def test_quote_offsets_are_code_points_of_the_verbatim_text(tiny_kb, tiny_document, valid_rules):
    TINY_DOCUMENT = tiny_document
    write, sources = tiny_kb
    rb = compile_paths([write(valid_rules)])
    j = rb.jurisdictions["yanqi"]
    for rule in j.rules:
        for clause in rule.clauses:
            assert TINY_DOCUMENT[clause.start:clause.end] == clause.quote
    clause = j.rules[0].clauses[0]
    assert clause.start == TINY_DOCUMENT.index("家庭人均收入低于当地")
    assert (clause.section, clause.document, clause.jurisdiction) == ("一.(一)", "tiny.txt", "yanqi")


def test_repeated_quote_is_placed_by_its_section(tiny_kb, tiny_document):
    TINY_DOCUMENT = tiny_document
    write, sources = tiny_kb
    rb = compile_paths([write(rules("""\
        rule first:
          cites "一.(二)" "应当及时办理"
          dibao :- per_capita_income < dibao_standard.
        rule second:
          cites "二.(一)" "应当及时办理"
          dibao_bianyuan :- per_capita_income < dibao_standard.
        rule tk:
          cites "一.(三)" "无劳动能力的老年人纳入特困人员"
          tekun(P) :- member(P), age(P) >= 60.
        """))])
    starts = [r.clauses[0].start for r in rb.jurisdictions["yanqi"].rules[:2]]
    occurrences = [i for i in range(len(TINY_DOCUMENT)) if TINY_DOCUMENT.startswith("应当及时办理", i)]
    assert starts == occurrences and len(occurrences) == 2


def test_strata_put_dependencies_first(tiny_kb, valid_rules):
    write, sources = tiny_kb
    j = compile_paths([write(valid_rules)]).jurisdictions["yanqi"]
    order = j.predicates()
    assert order.index("dibao") < order.index("dibao_bianyuan")


def test_rules_carry_id_citation_and_source_line(tiny_kb, valid_rules):
    write, sources = tiny_kb
    j = compile_paths([write(valid_rules)]).jurisdictions["yanqi"]
    rule = j.rules[1]
    assert rule.id == "yanqi.bianyuan"
    assert rule.file.endswith("01-rules.md") and rule.line == 5
    assert rule.reads_params == ("dibao_standard",)
    assert "not dibao" in rule.source


def test_parameter_value_needs_a_source(tiny_kb, valid_rules):
    write, sources = tiny_kb
    policy = write(valid_rules)
    (policy / "parameters.yaml").write_text(
        "jurisdiction: yanqi\nparameters:\n  dibao_standard:\n    values:\n      - {from: 2025-01-01, value: 8400}\n",
        encoding="utf-8")
    with pytest.raises(PolicyErrors) as caught:
        compile_paths([policy])
    assert any("lacks source" in e.message and e.line == 5 for e in caught.value.errors), str(caught.value)


def test_a_quote_may_contain_the_documents_ascii_quotation_marks(tiny_kb, tiny_document, valid_rules):
    """垫江 writes ASCII quotation marks: `\\"` inside a DSL string stands for one, and the quote
    is then found verbatim, at code-point offsets, like any other."""
    write, sources = tiny_kb
    document = tiny_document.replace("（一）各部门应当及时办理。", '（一）各部门按照"缺啥补啥""就高不就低"等原则及时办理。')
    (sources / "tiny.txt").write_text(document, encoding="utf-8")
    policy = write(valid_rules + textwrap.dedent('''\
        ```policy
        procedure principle "原则" = "就高不就低"
          cites "二.(一)" "按照\\"缺啥补啥\\"\\"就高不就低\\"等原则";
        ```
        '''))
    rb = compile_paths([policy])
    clause = rb.jurisdictions["yanqi"].procedures[0].clauses[0]
    assert clause.quote == '按照"缺啥补啥""就高不就低"等原则'
    assert document[clause.start:clause.end] == clause.quote



def test_case_split_is_accepted_when_a_rule_needs_only_what_both_share(tiny_kb, valid_rules):
    """`h :- B, L` and `h :- B, not L` are fine beside `h :- B` (the 大冶 监测 form)."""
    write, sources = tiny_kb
    policy = write(valid_rules + rules("""\
        rule a:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard.
        rule b:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard, formerly_poor.
        rule c:
          cites "一.(一)" "纳入最低生活保障范围"
          dibao :- per_capita_income < dibao_standard, not formerly_poor.
        """))
    rb = compile_paths([policy])
    assert [r.name for r in rb.jurisdictions["yanqi"].rules][-3:] == ["a", "b", "c"]


def test_a_reading_naming_an_unknown_rule_is_refused_at_its_line(tiny_kb, valid_rules):
    write, sources = tiny_kb
    policy = write(valid_rules)
    (policy / "readings.yaml").write_text(textwrap.dedent("""\
        - rules: [dibao]
          question: "q"
          zh: "中"
          en: "e"
          alternative: "a"
        - rules: [dibao_income]
          question: "q2"
          zh: "中"
          en: "e"
          alternative: "a"
        - rules: [dibao]
          question: "no zh"
          en: "e"
          alternative: "a"
        """), encoding="utf-8")
    with pytest.raises(PolicyErrors) as caught:
        compile_paths([policy])
    got = [(e.file.rsplit("/", 1)[-1], e.line, e.message) for e in caught.value.errors]
    assert got == [("readings.yaml", 6, "reading names unknown rule 'dibao_income'"),
                   ("readings.yaml", 11, "reading lacks zh")]


def test_readings_reach_the_rule_base(tiny_kb, valid_rules):
    write, sources = tiny_kb
    policy = write(valid_rules)
    (policy / "readings.yaml").write_text(
        '- rules: [dibao]\n  question: "q"\n  zh: "中"\n  en: "e"\n  alternative: "a"\n', encoding="utf-8")
    rb = compile_paths([policy])
    assert rb.jurisdictions["yanqi"].readings == {"dibao": [{"question": "q", "zh": "中", "en": "e", "alternative": "a"}]}
