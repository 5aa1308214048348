"""GET /api/v1/procedures and `binggui procedures`: cited deadlines, departments and principles."""
from __future__ import annotations

from kb.cli import main
from kb.compile.compiler import default_rulebase

API = "/api/v1"


def _texts() -> dict[str, str]:
    return {j.document: j.text for j in default_rulebase().jurisdictions.values()}


def test_procedures_are_cited_verbatim(client):
    r = client.get(f"{API}/procedures")
    assert r.status_code == 200
    body = r.json
    assert set(body["jurisdictions"]) == {"huaishang", "yanqi", "suntuan", "daye", "dianjiang"}
    for view in body["jurisdictions"].values():
        text = _texts()[view["document"]]
        for record in view["procedures"] + view["principles"]:
            assert record["clauses"], record["id"]
            for clause in record["clauses"]:
                assert text[clause["start"]:clause["end"]] == clause["quote"]


def test_daye_deadlines_and_principle(client):
    daye = client.get(f"{API}/procedures?jurisdiction=daye").json["jurisdictions"]["daye"]
    days = {(p["value"], p["unit"]) for p in daye["procedures"]}
    assert {("10", "working_days"), ("20", "working_days"), ("45", "working_days")} <= days
    (principle,) = [p for p in daye["principles"] if p["label"] == "有利于保障"]
    assert principle["picks"] == "max" and "inpatient_medical_aid" in principle["benefits"]


def test_huaishang_records_jiu_di_as_income_exclusion(client):
    hs = client.get(f"{API}/procedures?jurisdiction=huaishang").json["jurisdictions"]["huaishang"]
    (excl,) = hs["income_exclusions"]
    assert excl["income_type"] == "basic_pension" and "现核算时均不计入" in excl["clauses"][0]["quote"]


def test_unknown_jurisdiction_is_400(client):
    r = client.get(f"{API}/procedures?jurisdiction=nowhere")
    assert r.status_code == 400 and r.json["location"] == "query:jurisdiction"


def test_cli_procedures(capsys):
    assert main(["procedures", "--jurisdiction", "huaishang"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("淮上区（") and "15个工作日" in out
    assert main(["procedures", "--jurisdiction", "huaishang", "--lang", "en"]) == 0
    assert "15 working days" in capsys.readouterr().out
    assert main(["procedures", "--jurisdiction", "nowhere"]) == 2
