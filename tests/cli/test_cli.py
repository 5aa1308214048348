"""The `binggui` command line: lint, rules --json and coverage --json on the shipped knowledge
base, lint on a broken copy of a policy directory, and the installed console script."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kb.cli import main
from kb.compile.compiler import POLICY_DIR

JURISDICTIONS = {"huaishang", "yanqi", "suntuan", "daye", "dianjiang"}
NO_REASON = "no rule and no recorded reason"


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def _document(name: str) -> str:
    # The document text exactly as stored (no newline translation): offsets are code points.
    path = next(POLICY_DIR.glob(f"*/{name}"))
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def test_lint_shipped_kb_is_ok(capsys):
    code, out = _run(capsys, "lint")
    assert code == 0, out
    assert out.startswith("ok"), out
    assert "5 jurisdiction(s)" in out


def test_lint_broken_quote_reports_file_line_col_and_caret(capsys, tmp_path):
    policy = tmp_path / "daye"
    shutil.copytree(POLICY_DIR / "daye", policy)
    target = policy / "02-categories.md"
    text = target.read_text(encoding="utf-8")
    good = '"家庭财产符合条件，且人均收入低于最低生活保障标准的，纳入最低生活保障范围"'
    bad = '"家庭财产符合条件，且人均收入低于最低生活保障标准的，纳入低保范围"'
    assert text.count(good) == 1
    target.write_text(text.replace(good, bad), encoding="utf-8")
    line_no = next(i for i, line in enumerate(text.replace(good, bad).split("\n"), 1) if bad in line)
    col = text.replace(good, bad).split("\n")[line_no - 1].index(bad) + 1

    code, out = _run(capsys, "lint", str(policy))

    assert code == 1, out
    assert "1 error(s)" in out
    lines = out.split("\n")
    where = [i for i, line in enumerate(lines) if re.match(r"^.+\.md:\d+:\d+: ", line)]
    assert len(where) == 1, out
    head = lines[where[0]]
    assert head.startswith(f"{target}:{line_no}:{col}: "), head
    assert "quote not found verbatim" in head
    # the offending source line is echoed, then a caret under the opening quote mark
    echoed, caret = lines[where[0] + 1], lines[where[0] + 2]
    assert bad in echoed
    assert caret.strip() == "^", out
    assert caret.index("^") == echoed.index(bad)


def test_rules_json_quotes_match_the_documents(capsys):
    code, out = _run(capsys, "rules", "--json")
    assert code == 0
    data = json.loads(out)
    rules = data["rules"]
    assert {r["jurisdiction"] for r in rules} == JURISDICTIONS
    documents: dict[str, str] = {}
    for rule in rules:
        assert rule["id"], rule
        assert rule["clauses"], f"{rule['id']} has no clause"
        for clause in rule["clauses"]:
            for key in ("document", "section", "quote", "start", "end"):
                assert key in clause, f"{rule['id']}: clause without {key}"
            assert clause["section"] and clause["quote"], rule["id"]
            if clause["document"] not in documents:
                documents[clause["document"]] = _document(clause["document"])
            text = documents[clause["document"]]
            start, end = clause["start"], clause["end"]
            assert 0 <= start < end <= len(text), f"{rule['id']}: offsets [{start}, {end})"
            assert text[start:end] == clause["quote"], \
                f"{rule['id']} {clause['section']}: [{start}, {end}) is {text[start:end]!r}, not {clause['quote']!r}"


def test_coverage_json_every_uncited_sentence_has_a_reason(capsys):
    code, out = _run(capsys, "coverage", "--json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == JURISDICTIONS
    problems = []
    for jid, entry in report.items():
        assert entry["rows"], f"{jid}: no decidable sentence found"
        text = _document(entry["document"])
        for row in entry["rows"]:
            assert row["text"] in text[row["start"]:row["end"]], f"{jid}: row offsets do not match its text"
            if row["cited_by"]:
                continue
            reason = row.get("reason")
            if not reason or reason == NO_REASON:
                problems.append(f"{jid} [{row['start']}, {row['end']}): {row['text']}")
    assert not problems, "uncited sentences without a reason in uncoded.yaml:\n" + "\n".join(problems)


def test_console_script_is_installed():
    script = Path(sys.executable).with_name("binggui")
    exe = str(script) if script.exists() else shutil.which("binggui")
    if exe is None:
        pytest.fail("the console script `binggui` is not installed (pip install -e .)")
    done = subprocess.run([exe, "lint"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok"), done.stdout


EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "households"


def _person_block(out: str, member: str) -> list[str]:
    lines = out.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == f"{member}:")
    block = []
    for line in lines[start + 1:]:
        if not line.startswith("    "):
            break
        block.append(line.strip())
    return block


def test_check_prints_what_each_member_gets(capsys):
    """特困 is the husband's status: 100% inpatient aid (有利于保障 over the 边缘 60%, for him) and
    全额资助 are his; his wife gets the 边缘 family's 60% and no premium subsidy. Members are named by
    position and relation, never by IRI; rules by their sentence, never by id."""
    code, out = _run(capsys, "check", str(EXAMPLES / "daye-tekun-elder-and-wife.ttl"))
    assert code == 0, out
    assert "各成员的类别与待遇:" in out
    husband = _person_block(out, "成员1（申请人本人）")
    wife = _person_block(out, "成员2（配偶）")
    assert any(line.startswith("✓ 特困人员 — §二.(一).2.(1)") for line in husband)
    assert not any("特困人员" in line for line in wife)
    inpatient = next(line for line in husband if line.startswith("✓ 住院医疗救助") and "= 100%" in line)
    assert "按原则择定 「有利于保障」 §二.(二).1" in inpatient and inpatient.endswith("100%、60%")
    assert any(line.startswith("✓ 城乡居民基本医疗保险参保资助") and "= 100%" in line for line in husband)
    assert any(line.startswith("✓ 住院医疗救助") and "= 60%" in line for line in wife)
    assert not any("参保资助" in line for line in wife)
    assert any(line.startswith("✓ 最低生活保障边缘家庭 [全家]") for line in wife)
    assert "example.org" not in "\n".join(husband + wife)


def test_check_per_person_section_in_english(capsys):
    code, out = _run(capsys, "check", "--lang", "en", str(EXAMPLES / "daye-tekun-elder-and-wife.ttl"))
    assert code == 0, out
    assert "per person: categories and benefits:" in out
    wife = _person_block(out, "member 2 (spouse)")
    assert any("[as a family member]" in line for line in wife)

def test_check_json_carries_prose_only_with_lang(capsys, tmp_path):
    """`binggui check --json` writes the proof graph; `--lang` adds the prose in that one language;
    the text view is told in its language (zh by default) as before."""
    family = str(Path(__file__).resolve().parents[2] / "examples" / "households" / "daye-dibao-family.ttl")
    code, out = _run(capsys, "check", family, "--json")
    assert code == 0
    lean = json.loads(out)
    assert "member_labels" not in lean and all("labels" not in c and "explanation" not in c for c in lean["categories"])
    assert all("text" not in q for q in lean["questions"])
    code, out = _run(capsys, "check", family, "--json", "--lang", "en")
    told = json.loads(out)
    assert all(set(c["labels"]) == set(c["explanation"]) == {"en"} for c in told["categories"])
    assert all(set(q["text"]) == {"en"} for q in told["questions"])
    code, text = _run(capsys, "check", family)
    assert code == 0 and "最低生活保障" in text and "请补充：成员3（子女）的劳动能力" in text
    code, text = _run(capsys, "check", family, "--lang", "en")
    assert code == 0 and "please give: the work ability of member 3 (child)" in text
    notice = tmp_path / "notice.html"
    code, out = _run(capsys, "check", family, "--json", "--notice", str(notice))
    assert code == 0 and "member_labels" not in json.loads(out)
    assert "成员3（子女）" in notice.read_text(encoding="utf-8")
