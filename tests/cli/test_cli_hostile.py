"""The command line on hostile input (issue 18): every case ends quickly with one located line
and a documented exit code, never a traceback, never a hang."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "households" / "daye-dibao-family.ttl"


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _policy_files(tmp_path) -> dict[str, Path]:
    files = {"invalid-utf8": b"# t\n\nabc\xff\xfe\n", "utf16": "# 标题\n".encode("utf-16"),
             "binary": bytes(range(256)) * 4, "nul": b"# t\n\x00\x00\n",
             "one-megabyte-line": b"x" * 1_000_000 + b"\n",
             "long-rule": ("```policy\nrule x:\n  dibao :- " + "a, " * 5000 + "a.\n```\n").encode(),
             "deep-sum": ("# t\n\n```policy\nrule x:\n  dibao :- a > " + "1 + " * 1900 + "1.\n```\n").encode()}
    out = {}
    for name, data in files.items():
        path = tmp_path / name / f"{name}.md"
        path.parent.mkdir()
        path.write_bytes(data)
        out[name] = path
    return out


@pytest.mark.parametrize("case, fragment", [
    ("invalid-utf8", ":3:4: the file is not UTF-8"), ("utf16", ":1:1: the file is UTF-16"),
    ("binary", "not UTF-8"), ("nul", ":2:1: the file holds NUL"),
    ("one-megabyte-line", ":1:1: the file has 1000001 characters"),
    ("long-rule", ":2:1: this policy block has"), ("deep-sum", "too deeply"),
])
def test_lint_refuses_unreadable_files_with_a_located_line(capsys, tmp_path, case, fragment):
    path = _policy_files(tmp_path)[case]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)   # Python's default; another test's library may have raised it
    try:
        code, out, err = _run(capsys, "lint", path)
    finally:
        sys.setrecursionlimit(limit)
    assert code == 1, out + err
    assert f"{path.name}{fragment}" in out or fragment in out, out
    assert "1 error(s)" in out and "Traceback" not in out + err


def test_lint_of_a_missing_file_an_empty_directory_and_dev_zero(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    for target, fragment in [(tmp_path / "nothing.md", "no such file or directory"),
                             (tmp_path / "empty", "no policy files (*.md)"),
                             (Path("/dev/zero"), "larger than")]:
        code, out, err = _run(capsys, "lint", target)
        assert code == 1 and fragment in out, (target, out, err)
        assert not out.startswith("ok")


def test_lint_of_a_document_that_is_binary(tmp_path):
    """The jurisdiction folder's source document replaced by binary bytes: a located error."""
    from kb.compile.compiler import POLICY_DIR, compile_paths
    import shutil
    from grammar import PolicyErrors
    policy = tmp_path / "daye"
    shutil.copytree(POLICY_DIR / "daye", policy)
    documents = list(policy.glob("*.txt"))
    assert documents
    for doc in documents:
        doc.write_bytes(b"\x89PNG\x00\xff")
    with pytest.raises(PolicyErrors) as caught:
        compile_paths([policy])
    text = str(caught.value)
    assert "cannot be read as UTF-8 text" in text and "not UTF-8" in text, text[:500]


@pytest.mark.parametrize("content, fragment", [
    (b"\x89PNG\x00\xff", "not valid UTF-8"),
    (json.dumps({"@type": "Household", "jurisdiction": "daye", "assessmentDate": "2025-06-01",
                 "members": [{"age": 40}], "incomeItems": [{"incomeType": "wage", "amount": "1" + "0" * 30}]}).encode(),
     "10^12 yuan"),
])
def test_check_and_explain_refuse_bad_households_with_exit_2(capsys, tmp_path, content, fragment):
    path = tmp_path / "household.json"
    path.write_bytes(content)
    for argv in (("check", path), ("explain", path, "dibao")):
        with pytest.raises(SystemExit) as caught:
            _run(capsys, *argv)
        err = capsys.readouterr().err
        assert caught.value.code == 2 and fragment in err, err
        assert "Traceback" not in err


def test_check_says_where_a_table_of_households_goes_and_no_http_status(capsys, tmp_path):
    table = tmp_path / "households.csv"
    table.write_text("household_id,jurisdiction,assessment_date,person_id\n")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix bg: <x> .\nbg:a bg:b")
    for argv, fragment in ((("check", table), "`binggui screen"), (("compare", table), "`binggui screen"),
                           (("check", broken), "Turtle syntax error")):
        with pytest.raises(SystemExit) as caught:
            _run(capsys, *argv)
        err = capsys.readouterr().err
        assert caught.value.code == 2 and fragment in err, err
        assert " 400 " not in err and not err.split(": ", 1)[1].startswith("400"), err


@pytest.mark.parametrize("argv", [("rules", "--jurisdiction", "nowhere"), ("conflicts", "--jurisdiction", "nowhere")])
def test_an_unknown_jurisdiction_is_named_not_an_empty_listing(capsys, argv):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert "unknown jurisdiction 'nowhere'; known: " in err and "daye" in err


def test_conflicts_refuses_a_malformed_date(capsys):
    code, out, err = _run(capsys, "conflicts", "--date", "2025/1/1")
    assert code == 2 and "--date 2025/1/1: expected a date YYYY-MM-DD" in err


def test_coverage_of_a_missing_path_is_a_policy_error_not_a_traceback(capsys, tmp_path):
    with pytest.raises(SystemExit) as caught:
        _run(capsys, "coverage", tmp_path / "nowhere")
    err = capsys.readouterr().err
    assert caught.value.code == 1 and "no such file or directory" in err, err


def test_check_of_dev_zero_and_a_directory_end_with_exit_2(capsys, tmp_path):
    for target, fragment in [("/dev/zero", "over the limit"), (tmp_path, "cannot read")]:
        with pytest.raises(SystemExit) as caught:
            main(["check", str(target)])
        err = capsys.readouterr().err
        assert caught.value.code == 2 and fragment in err, err
        assert "None:" not in err and "Traceback" not in err


def test_explain_with_an_unknown_category_names_the_valid_ones(capsys):
    code, out, err = _run(capsys, "explain", EXAMPLE, "nosuch")
    assert code == 2 and out == ""
    assert "unknown category 'nosuch'" in err and "dibao_bianyuan" in err and "tekun" in err


def test_the_installed_command_prints_no_traceback_on_hostile_input(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00")
    script = Path(sys.executable).with_name("binggui")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "kb.cli"]
    for argv, want in ((["lint", str(bad)], 1), (["check", "/dev/zero"], 2)):
        done = subprocess.run(cmd + argv, capture_output=True, text=True, timeout=600, cwd=REPO)
        assert done.returncode == want, done.stderr[-2000:]
        assert "Traceback" not in done.stdout + done.stderr
