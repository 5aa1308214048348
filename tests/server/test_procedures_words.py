"""Procedures and principles speak zh and en (issue 19): every label of the shipped documents has
its English in the glossary (`procedure_labels`), and the API (`?lang=en`), the CLI and the units
("5 working days", "1 month", "once a year" / "5个工作日", "每季度") all use it."""
from __future__ import annotations

import re

from kb.cli import main
from kb.compile.compiler import default_rulebase
from kb.explain.glossary import glossary, unit_text

API = "/api/v1"
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_procedure_and_principle_label_has_english():
    known = glossary()["procedure_labels"]
    labels = {p.label for j in default_rulebase().jurisdictions.values() for p in [*j.procedures, *j.principles]}
    missing = sorted(labels - set(known))
    assert not missing, f"add these to procedure_labels in kb/explain/glossary.yaml: {missing}"
    for zh, en in known.items():
        assert isinstance(en, str) and en and not HAN.search(en), (zh, en)


def test_api_procedures_label_in_the_language_asked(client):
    zh = client.get(f"{API}/procedures?jurisdiction=daye").json["jurisdictions"]["daye"]
    en = client.get(f"{API}/procedures?jurisdiction=daye&lang=en").json["jurisdictions"]["daye"]
    by_id = {p["id"]: p for p in en["procedures"]}
    for p in zh["procedures"]:
        assert p["labels"]["zh"] == p["label"] and HAN.search(p["label"])
        english = by_id[p["id"]]
        assert english["label"] == english["labels"]["en"] == p["labels"]["en"]
        assert not HAN.search(english["label"]), english["label"]
    survey = by_id["daye.survey_days"]
    assert survey["label"] == "time limit for the survey" and survey["value_text"]["en"] == "5 working days"
    assert by_id["daye.data_sharing_interval"]["value_text"] == {"zh": "1个月", "en": "1 month"}
    (principle,) = en["principles"]
    assert principle["label"] == "in favour of protection" and principle["labels"]["zh"] == "有利于保障"
    assert client.get(f"{API}/procedures?lang=fr").status_code == 400


def test_cli_procedures_in_english_have_no_chinese_labels(capsys):
    assert main(["procedures", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for line in out.splitlines():
        if line.startswith("  "):
            label = line.strip().split(": ", 1)[0]
            assert not HAN.search(label), line
    assert "joint meeting on people in difficulty: once a month" in out
    assert "policy ledger reported to the county task force office: every quarter" in out
    assert "1 months" not in out and "1 times" not in out
    assert main(["procedures", "--jurisdiction", "yanqi"]) == 0
    assert "政策落实台账反馈县专班办公室：每季度" in capsys.readouterr().out


def test_units_have_a_singular_where_english_needs_one():
    assert unit_text("1", "months", "en") == "1 month" and unit_text("2", "months", "en") == "2 months"
    assert unit_text("1", "per_year", "en") == "once a year" and unit_text("1", "per_year", "zh") == "每年1次"
    assert unit_text("1", "working_days", "zh") == "1个工作日"
