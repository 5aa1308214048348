"""A jurisdiction is one folder of data: a made-up sixth one, a copy of 焉耆 under a new id, and a
deployer's parameter override are linted, served and answered with no code change; a policy's
document resolves inside its own folder only."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grammar import PolicyErrors
from kb.cli import main
from kb.compile.compiler import POLICY_DIR, compile_paths
from kb.explain import graph
from kb.explain.types import typed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
API = "/api/v1"


def turtle(jurisdiction: str, date: str = "2025-06-01", wage: str = "12000", assets: str = "1000",
           rigid: str = "0") -> bytes:
    return f"""@prefix bg: <https://w3id.org/binggui#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:test:h1> a bg:Household ; bg:jurisdiction "{jurisdiction}" ; bg:assessmentDate "{date}"^^xsd:date ;
    bg:residence "rural" ; bg:member <urn:test:p1>, <urn:test:p2> ;
    bg:incomeItem [ bg:incomeType "wage" ; bg:amount {wage} ] ; bg:financialAssets {assets} ;
    bg:rigidExpenditure {rigid} ; bg:formerlyPoor false ; bg:suddenShock false .
<urn:test:p1> bg:age 70 ; bg:workAbility "none" ; bg:relationToApplicant "applicant" .
<urn:test:p2> bg:age 40 ; bg:workAbility "full" ; bg:relationToApplicant "spouse" .
""".encode()


def post(client, body: bytes, query: str = "", path: str = "eligibility"):
    return client.post(f"{API}/{path}{query}", data=body, headers={"Content-Type": "text/turtle"})


def statuses(answer: dict) -> dict:
    return {c["id"]: c["status"] for c in answer["categories"]}


@pytest.fixture(scope="module")
def sixth_app():
    from server import create_app
    return create_app({"TESTING": True, "POLICY_OVERLAYS": [str(FIXTURES / "policies")]})


# -- a made-up sixth jurisdiction -------------------------------------------------------------

def test_lint_checks_the_sixth_jurisdiction_on_its_own(capsys):
    assert main(["lint", str(FIXTURES / "policies")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: 1 jurisdiction(s) (ceshi), 1 document version(s), 3 rules")


def test_the_sixth_jurisdiction_is_served_next_to_the_shipped_five(sixth_app):
    client = sixth_app.test_client()
    ids = [j["id"] for j in client.get(f"{API}/jurisdictions").json["jurisdictions"]]
    assert ids == ["ceshi", "daye", "dianjiang", "huaishang", "suntuan", "yanqi"]
    ceshi = next(j for j in client.get(f"{API}/jurisdictions").json["jurisdictions"] if j["id"] == "ceshi")
    assert ceshi["name"] == {"zh": "测试县", "en": "Ceshi County"} and ceshi["issuer"] == "测试县人民政府（虚构）"
    assert [(v["version"], v["status"], v["number"]) for v in ceshi["versions"]] == [("issued", "issued", "测政发〔2025〕1号")]
    schema = client.get("/openapi.json").json["components"]["schemas"]["JurisdictionId"]
    assert "ceshi" in schema["enum"]
    labels = client.get("/ui/labels.js").get_data(as_text=True)
    assert '"ceshi":{"zh":"测试省测试县","en":"Ceshi County, Test Province"}' in labels


def test_the_sixth_jurisdiction_answers_and_cites_its_own_document(sixth_app):
    client = sixth_app.test_client()
    # 6000 per head < the made-up standard 7200: 低保; the 70-year-old without work ability: 特困
    r = post(client, turtle("ceshi"))
    assert r.status_code == 200, r.json
    answer = r.json
    assert statuses(answer) == {"tekun": "eligible", "dibao": "eligible", "dibao_bianyuan": "ineligible"}
    assert answer["document"] == {"version": "issued", "status": "issued", "issued": "2024-12-20",
                                  "effective_from": "2025-01-01", "file": "ceshi_2025.txt",
                                  "title": "测试县低收入人口认定办法（虚构，仅供测试）", "number": "测政发〔2025〕1号",
                                  "in_force": True}
    ref = next(c for c in answer["categories"] if c["id"] == "dibao")["because"][0]
    read = typed(answer)      # the API's JSON as the answer's types, for kb.explain.graph
    clause = graph.trace_clause(read, graph.trace(read, ref))
    text = (FIXTURES / "policies" / "ceshi" / "ceshi_2025.txt").read_text(encoding="utf-8")
    assert clause.document == "ceshi_2025.txt" and text[clause.start:clause.end] == clause.quote
    doc = client.get(f"{API}/documents/ceshi_2025.txt")
    assert doc.status_code == 200 and doc.json["text"] == text
    # the shipped jurisdictions still answer as before in the same app
    assert post(client, turtle("yanqi")).json["jurisdiction"] == "yanqi"


def test_a_household_of_an_unknown_jurisdiction_is_a_422_naming_the_served_ids(sixth_app):
    r = post(sixth_app.test_client(), turtle("atlantis"))
    assert r.status_code == 422
    (v,) = r.json["violations"]
    assert v["path"] == "bg:jurisdiction" and "ceshi" in v["message"]["en"]


# -- copying 焉耆 under a new id ---------------------------------------------------------------

def copy_of_yanqi(tmp_path: Path, new_id: str = "yanqi_copy") -> Path:
    """kb/policies/yanqi copied to a folder named by a new id, the id replaced in its files."""
    folder = tmp_path / "deploy" / new_id
    shutil.copytree(POLICY_DIR / "yanqi", folder)
    for path in folder.iterdir():
        if path.suffix in (".md", ".yaml"):
            text = path.read_text(encoding="utf-8")
            text = text.replace("jurisdiction yanqi ", f"jurisdiction {new_id} ").replace("id: yanqi", f"id: {new_id}")
            text = text.replace("jurisdiction: yanqi", f"jurisdiction: {new_id}")
            path.write_text(text, encoding="utf-8")
    return folder


def test_a_copy_of_yanqi_under_a_new_id_is_linted_served_and_cites_the_copy(tmp_path, capsys):
    folder = copy_of_yanqi(tmp_path)
    assert main(["lint", str(folder)]) == 0, capsys.readouterr().out
    assert "1 jurisdiction(s) (yanqi_copy)" in capsys.readouterr().out
    from server import create_app
    client = create_app({"TESTING": True, "POLICY_OVERLAYS": [str(folder.parent)]}).test_client()
    copy, original = post(client, turtle("yanqi_copy")).json, post(client, turtle("yanqi")).json
    assert copy["jurisdiction"] == "yanqi_copy" and statuses(copy) == statuses(original)
    document = next(folder.glob("*.txt")).name
    read = typed(copy)
    cited = {(clause.document, clause.jurisdiction)
             for c in read.categories if c.because
             for clause in [graph.trace_clause(read, graph.trace(read, c.because[0]))]}
    assert cited == {(document, "yanqi_copy")}
    assert copy["document"]["file"] == document
    r = client.get(f"{API}/documents/{document}?jurisdiction=yanqi_copy")
    assert r.status_code == 200 and r.json["jurisdiction"] == "yanqi_copy"
    assert all(a["rules"][0].startswith("yanqi_copy.") for a in r.json["clauses"] if a["rules"])
    listed = [(d["file"], d["jurisdiction"]) for d in client.get(f"{API}/documents").json["documents"]]
    assert (document, "yanqi") in listed and (document, "yanqi_copy") in listed


def test_one_document_name_for_two_texts_is_refused(tmp_path):
    folder = copy_of_yanqi(tmp_path)
    document = next(folder.glob("*.txt"))
    document.write_text(document.read_text(encoding="utf-8") + "\n附：修订说明。\n", encoding="utf-8")
    with pytest.raises(PolicyErrors, match="citations name documents by file name"):
        compile_paths(None, [folder.parent])


# -- a deployer's parameter override -----------------------------------------------------------

def test_a_deployers_parameter_overrides_the_shipped_one_with_its_source(capsys):
    assert main(["lint", str(FIXTURES / "overrides")]) == 0, capsys.readouterr().out
    from server import create_app
    client = create_app({"TESTING": True, "POLICY_OVERLAYS": [str(FIXTURES / "overrides")]}).test_client()
    answer = post(client, turtle("daye")).json
    standard = dict(answer["rulebase"]["parameters"]["daye.dibao_standard"])
    # (the answer also names the parameter and its unit: label {zh, en}, unit); a source is
    # stated once, in rulebase.sources, and named by id
    standard["source"] = answer["rulebase"]["sources"][standard["source"]]
    assert {k: v for k, v in standard.items() if k not in ("label", "unit")} == {"value": "9000", "source": "大冶市民政局 (made up for the tests)", "illustrative": False,
                        "effective_from": "2025-01-01"}
    assert "daye.dibao_standard" not in answer["rulebase"]["illustrative_parameters"]
    # the override is part of what the rule-base version identifies
    assert compile_paths(None, [FIXTURES / "overrides"]).version != compile_paths().version


def test_an_override_of_an_unknown_parameter_or_jurisdiction_is_a_located_error(tmp_path, capsys):
    folder = tmp_path / "deploy"
    (folder / "daye").mkdir(parents=True)
    (folder / "daye" / "parameters.yaml").write_text(
        "parameters:\n  dibao_standrd:\n    values:\n      - {from: 2025-01-01, value: 1, source: x}\n", encoding="utf-8")
    (folder / "atlantis").mkdir()
    (folder / "atlantis" / "parameters.yaml").write_text("parameters: {}\n", encoding="utf-8")
    assert main(["lint", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "parameter 'dibao_standrd' is not a parameter of daye; did you mean 'dibao_standard'?" in out
    assert "atlantis/parameters.yaml:1:1: these parameters override jurisdiction 'atlantis'" in out


# -- documents are confined to their folder ------------------------------------------------------

@pytest.mark.parametrize("name,why", [
    ("/etc/passwd", "named by its file name alone"),
    ("../yanqi/001_16d8662a54c6e173.txt", "named by its file name alone"),
    ("..", "named by its file name alone"),
    ("link.txt", "not a link out of it"),
    ("missing.txt", "no such file in this folder"),
])
def test_a_document_outside_its_folder_is_a_located_compile_error(tmp_path, name, why):
    folder = tmp_path / "ceshi"
    shutil.copytree(FIXTURES / "policies" / "ceshi", folder)
    (folder / "link.txt").symlink_to(Path("/etc/hostname") if Path("/etc/hostname").exists() else POLICY_DIR / "yanqi" / "jurisdiction.yaml")
    rules = folder / "01-rules.md"
    text = rules.read_text(encoding="utf-8").replace('document "ceshi_2025.txt";', f'document "{name}";')
    rules.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("document"))
    with pytest.raises(PolicyErrors) as caught:
        compile_paths([folder])
    (err,) = [e for e in caught.value.errors if "document" in e.message]
    assert err.file.endswith("01-rules.md") and (err.line, err.column) == (line, 1)
    assert why in err.message


def test_metadata_errors_are_located_in_jurisdiction_yaml(tmp_path):
    folder = tmp_path / "ceshi"
    shutil.copytree(FIXTURES / "policies" / "ceshi", folder)
    meta = folder / "jurisdiction.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("status: issued", "status: isued")
                    .replace("issuer:", "isuer:"), encoding="utf-8")
    with pytest.raises(PolicyErrors) as caught:
        compile_paths([folder])
    messages = [(e.file.endswith("jurisdiction.yaml"), e.message) for e in caught.value.errors]
    assert (True, "unknown key 'isuer'; did you mean 'issuer'?") in messages
    assert (True, "status: expected one of draft, issued; got 'isued'") in messages


def test_the_shipped_documents_lie_in_their_folders_and_answers_say_which_version():
    from kb.compile.compiler import default_rulebase
    rb = default_rulebase()
    for jid, j in rb.jurisdictions.items():
        assert j.folder == POLICY_DIR / jid and (j.folder / j.document).is_file()
        assert j.version.status in ("draft", "issued") and j.info.name_zh == j.label
    assert not (POLICY_DIR.parent / "sources").exists()
