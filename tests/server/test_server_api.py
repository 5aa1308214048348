"""Every endpoint through the Flask test client."""
from __future__ import annotations

import json

import pytest

from srv_households import jsonld, turtle
from kb.explain import graph
from kb.explain.types import CategoryResult, typed

API = "/api/v1"


# -- eligibility -------------------------------------------------------------------------

def test_eligibility_turtle(client, ingest_ready, jurisdiction, rulebase):
    r = client.post(f"{API}/eligibility", data=turtle("t1", jurisdiction), content_type="text/turtle")
    assert r.status_code == 200, r.json
    assert r.mimetype == "application/json"
    answer = r.json
    assert answer["household"] == "urn:test:household:t1"
    assert answer["jurisdiction"] == jurisdiction
    assert answer["assessment_date"] == "2025-06-01"
    assert answer["rulebase"]["version"] == rulebase.version
    j = rulebase.jurisdictions[jurisdiction]
    assert [c["id"] for c in answer["categories"]] == list(j.categories)
    assert [b["id"] for b in answer.get("benefits", [])] == list(j.benefits)
    read = typed(answer)       # the JSON read back as the answer's types, for kb.explain.graph
    for cat in read.categories:
        assert cat.status in ("eligible", "ineligible", "undetermined")
        for trace in graph.traces(read, cat.because + cat.because_not):
            for clause in graph.trace_clauses(read, trace):
                assert j.text[clause.start:clause.end] == clause.quote
    assert "text" not in answer


def test_eligibility_jsonld_equals_turtle(client, ingest_ready, jurisdiction):
    a = client.post(f"{API}/eligibility", data=turtle("same", jurisdiction), content_type="text/turtle")
    b = client.post(f"{API}/eligibility", data=jsonld("same", jurisdiction),
                    content_type="application/ld+json; charset=utf-8")
    assert a.status_code == b.status_code == 200, (a.json, b.json)
    assert a.json == b.json


def test_eligibility_income_changes_answer(client, ingest_ready, jurisdiction):
    poor = client.post(f"{API}/eligibility", data=turtle("poor", jurisdiction, income="1000.00"),
                       content_type="text/turtle").json
    rich = client.post(f"{API}/eligibility", data=turtle("rich", jurisdiction, income="900000.00"),
                       content_type="text/turtle").json
    status = lambda a, cid: next(c["status"] for c in a["categories"] if c["id"] == cid)  # noqa: E731
    assert status(poor, "dibao") == "eligible"
    assert status(rich, "dibao") == "ineligible"


def test_eligibility_query_jurisdiction_overrides_body(client, ingest_ready, rulebase):
    ids = list(rulebase.jurisdictions)
    target = ids[-1]
    other = "yanqi" if target != "yanqi" else "daye"
    r = client.post(f"{API}/eligibility?jurisdiction={target}", data=turtle("ovr", other), content_type="text/turtle")
    assert r.status_code == 200, r.json
    assert r.json["jurisdiction"] == target


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_eligibility_lang_adds_text(client, ingest_ready, jurisdiction, lang):
    r = client.post(f"{API}/eligibility?lang={lang}", data=turtle("lang", jurisdiction), content_type="text/turtle")
    assert r.status_code == 200, r.json
    text = r.json["text"]
    assert isinstance(text, str) and "urn:test:household:lang" in text
    assert ("符合" in text or "不符合" in text or "暂无法认定" in text) if lang == "zh" else ("eligible" in text)


def _prose(answer: dict) -> dict[str, set]:
    """Where the answer carries prose, and in which languages."""
    found: dict[str, set] = {}
    for entry in [*answer["categories"], *answer.get("benefits", [])]:
        for key in ("labels", "explanation"):
            found.setdefault(key, set()).update(entry.get(key, {}))
        for note in entry.get("reading_notes", []):
            found.setdefault("reading_notes", set()).update(k for k in ("zh", "en") if k in note)
    for q in answer.get("questions", []):
        found.setdefault("questions", set()).update(q.get("text", {}))
    for p in answer["rulebase"].get("parameters", {}).values():
        found.setdefault("parameters", set()).update(p.get("label", {}))
    for label in answer.get("member_labels", {}).values():
        found.setdefault("member_labels", set()).update(label)
    found["jurisdiction_names"] = set(answer.get("jurisdiction_names", {}))
    return found


def test_the_answer_carries_prose_only_in_the_language_asked(client, ingest_ready):
    """The answer is the proof graph: without ?lang= no prose in either language, with it that one."""
    body = turtle("prose", "daye", income="6000.00", ages=(66, 40, 10))
    plain = client.post(f"{API}/eligibility", data=body, content_type="text/turtle").json
    assert not any(_prose(plain).values()), _prose(plain)
    for lang in ("zh", "en"):
        told = client.post(f"{API}/eligibility?lang={lang}", data=body, content_type="text/turtle").json
        prose = _prose(told)
        assert prose["labels"] == prose["explanation"] == prose["member_labels"] == {lang}, prose
        assert all(langs == {lang} for langs in prose.values() if langs), prose
    compared = client.post(f"{API}/compare", data=body, content_type="text/turtle").json
    assert not any(v for a in compared["jurisdictions"].values() for v in _prose(a).values())
    compared = client.post(f"{API}/compare?lang=en", data=body, content_type="text/turtle").json
    assert all(_prose(a)["labels"] == {"en"} for a in compared["jurisdictions"].values())


# -- compare ------------------------------------------------------------------------------

def test_compare_side_by_side(client, ingest_ready, jurisdiction, rulebase):
    r = client.post(f"{API}/compare", data=turtle("cmp", jurisdiction, income="5000.00"), content_type="text/turtle")
    assert r.status_code == 200, r.json
    body = r.json
    assert body["household"] == "urn:test:household:cmp"
    assert set(body["jurisdictions"]) == set(rulebase.jurisdictions) == set(body["compared"])
    for jid, answer in body["jurisdictions"].items():
        assert answer["jurisdiction"] == jid
    # every category is either the same everywhere or listed as a difference, never both
    same = {s["category"] for s in body["same"]}
    different = {d["category"] for d in body["differences"]}
    assert not same & different
    all_categories = {c["id"] for a in body["jurisdictions"].values() for c in a["categories"]}
    assert same | different == all_categories
    for diff in body["differences"]:
        statuses = diff["statuses"]
        assert set(statuses) == set(rulebase.jurisdictions)
        assert len({s for s in statuses.values()}) > 1 or "subtypes" in diff
        for jid, clauses in diff["deciding_clauses"].items():
            text = rulebase.jurisdictions[jid].text
            for clause in clauses:
                assert clause["rule"].startswith(jid + ".")
                assert text[clause["start"]:clause["end"]] == clause["quote"]


def test_compare_matches_single_answers(client, ingest_ready, rulebase):
    body = client.post(f"{API}/compare", data=turtle("cmp2", "yanqi", income="9000.00", ages=(70, 40)),
                       content_type="text/turtle").json
    for jid, answer in body["jurisdictions"].items():
        single = client.post(f"{API}/eligibility?jurisdiction={jid}",
                             data=turtle("cmp2", "yanqi", income="9000.00", ages=(70, 40)),
                             content_type="text/turtle").json
        assert single == answer


def test_compare_subset(client, ingest_ready, rulebase):
    one = next(iter(rulebase.jurisdictions))
    body = client.post(f"{API}/compare?jurisdictions={one}", data=turtle("sub"), content_type="text/turtle").json
    assert body["compared"] == [one] and list(body["jurisdictions"]) == [one]
    assert body["differences"] == []


def test_compare_difference_names_deciding_clause():
    """Unit test of kb.explain.compare on hand-made answers: the differing category and its clauses."""
    from kb.explain.compare import deciding_clauses
    clause = {"document": "d.txt", "jurisdiction": "a", "section": "一", "quote": "q", "start": 0, "end": 1}
    answer = typed({"household": "h", "jurisdiction": "a", "assessment_date": "2025-06-01",
                    "rulebase": {"version": "v", "illustrative_parameters": []},
                    "categories": [], "benefits": [], "conflicts": [],
                    "clauses": {"c1": clause, "c2": {**clause, "start": 5, "end": 6}},
                    "rules": {"a.dibao": {"basis": "stated", "clauses": ["c1"], "conditions": []},
                              "a.x": {"basis": "stated", "clauses": ["c1", "c2"], "conditions": []}},
                    "traces": {"t1": {"rule": "a.dibao", "holds": False, "conditions": []},
                               "t2": {"rule": "a.x", "holds": True, "conditions": []}}, "missing": {}})
    entry = CategoryResult(id="dibao", label="低保", status="ineligible", basis="stated", because=[],
                           because_not=["t1"], missing=[])
    assert deciding_clauses(answer, entry) == [{"rule": "a.dibao", **clause}]
    entry = CategoryResult(id="dibao", label="低保", status="eligible", basis="stated", because=["t2"],
                           because_not=[], missing=[])
    assert [c["start"] for c in deciding_clauses(answer, entry)] == [0, 5]


# -- documents ----------------------------------------------------------------------------

def test_documents_list(client, rulebase):
    r = client.get(f"{API}/documents")
    assert r.status_code == 200
    docs = r.json["documents"]
    assert [d["jurisdiction"] for d in docs] == ["huaishang", "yanqi", "suntuan", "daye", "dianjiang"]
    by_j = {d["jurisdiction"]: d for d in docs}
    assert by_j["huaishang"]["number"] == "淮办发〔2025〕4号"
    assert by_j["dianjiang"]["number"] == "垫江民政[2025]28号" and by_j["dianjiang"]["date"] == "2025-08-20"
    assert by_j["suntuan"]["status"] == by_j["daye"]["status"] == "draft"
    for jid, d in by_j.items():
        j = rulebase.jurisdictions.get(jid)
        assert d["encoded"] is (j is not None)
        assert d["rules"] == (len(j.rules) if j else 0)


def test_document_text_and_anchors(client, rulebase, jurisdiction):
    j = rulebase.jurisdictions[jurisdiction]
    r = client.get(f"{API}/documents/{j.document}")
    assert r.status_code == 200
    doc = r.json
    assert doc["text"] == j.text and doc["length"] == len(j.text)
    anchors = doc["clauses"]
    assert anchors, "an encoded document has cited clauses"
    assert [a["start"] for a in anchors] == sorted(a["start"] for a in anchors)
    cited_rules = {rid for a in anchors for rid in a["rules"]}
    assert cited_rules == {r.id for r in j.rules if r.clauses}
    for a in anchors:
        assert doc["text"][a["start"]:a["end"]] == a["quote"]
        assert a["section"]


def test_only_the_rule_bases_documents_are_served():
    """The documents are those of the compiled rule base: one that holds only 焉耆 serves only
    焉耆's document (a jurisdiction is one folder: its document comes with it)."""
    from kb.compile.compiler import POLICY_DIR
    from server import create_app
    app = create_app({"TESTING": True, "POLICY_PATHS": [str(POLICY_DIR / "yanqi")]})
    client = app.test_client()
    listed = client.get(f"{API}/documents").json["documents"]
    assert [(d["jurisdiction"], d["status"], d["version"]) for d in listed] == [("yanqi", "issued", "issued")]
    other = next(POLICY_DIR.glob("daye/*.txt")).name
    r = client.get(f"{API}/documents/{other}")
    assert r.status_code == 404 and r.json["location"] == "path:file"


@pytest.mark.parametrize("name", ["nope.txt", "..%2F..%2Fpyproject.toml", "..", "%2e%2e%2fkb%2fcompiler.py",
                                  "000_d3906a0f4422d2f7.txt%00", "..\\..\\pyproject.toml",
                                  "..%2Fsources%2F000_d3906a0f4422d2f7.txt"])
def test_document_unknown_or_traversal_is_404(client, name):
    r = client.get(f"{API}/documents/{name}")
    assert r.status_code == 404
    assert r.json["code"] == 404 and r.json["location"].startswith("path")
    assert "[project]" not in r.get_data(as_text=True)


# -- rules --------------------------------------------------------------------------------

def test_rules_list_and_filter(client, rulebase, jurisdiction):
    r = client.get(f"{API}/rules")
    assert r.status_code == 200
    assert r.json["count"] == len(rulebase.all_rules()) == len(r.json["rules"])
    r = client.get(f"{API}/rules?jurisdiction={jurisdiction}")
    assert {x["jurisdiction"] for x in r.json["rules"]} == {jurisdiction}
    assert r.json["count"] == len(rulebase.jurisdictions[jurisdiction].rules)
    r = client.get(f"{API}/rules?jurisdiction={jurisdiction}&head=dibao")
    assert r.json["rules"] and {x["head"] for x in r.json["rules"]} == {"dibao"}


def test_rules_filter_unknown_is_400(client, rulebase):
    r = client.get(f"{API}/rules?jurisdiction=atlantis")
    assert r.status_code == 400 and r.json["location"] == "query:jurisdiction"
    # a head no rule concludes (a typo) is refused, naming the heads, not listed as no rules
    r = client.get(f"{API}/rules?head=dibo")
    assert r.status_code == 400 and r.json["location"] == "query:head"
    assert "'dibo'" in r.json["description"] and "dibao" in r.json["description"]


def test_a_head_of_another_jurisdiction_lists_no_rule_of_this_one(client, rulebase):
    # a head concluded somewhere, not in this jurisdiction: an honest empty list
    for jid, j in rulebase.jurisdictions.items():
        others = {r.predicate for r in rulebase.all_rules()} - {r.predicate for r in j.rules}
        if others:
            r = client.get(f"{API}/rules?jurisdiction={jid}&head={sorted(others)[0]}")
            assert r.status_code == 200 and r.json["count"] == 0
            return
    pytest.skip("every jurisdiction concludes every head")


def test_rule_detail(client, rulebase, jurisdiction):
    rule = rulebase.jurisdictions[jurisdiction].rules_for("dibao")[0]
    r = client.get(f"{API}/rules/{rule.id}")
    assert r.status_code == 200
    body = r.json
    assert body["id"] == rule.id and body["source"] == rule.source and body["source"]
    assert body["clauses"] == [c.as_dict() for c in rule.clauses]
    assert set(body["reads"]) == {"facts", "parameters", "predicates"}
    assert body["reads"]["facts"] == list(rule.reads_facts)


def test_rule_detail_names_the_sentence_each_condition_rests_on(client):
    """yanqi.gangxing_zhichu cites four sentences of 二.(三).4 and marks each condition `@n`."""
    body = client.get(f"{API}/rules/yanqi.gangxing_zhichu").json
    rests_on = {c["condition"]: body["clauses"][c["clause"]]["quote"] for c in body["conditions"]}
    assert rests_on["rigid_expenditure >= 0.5 * annual_income"] == "导致家庭刚性支出达到或超过其家庭年收入的50%"
    assert rests_on["assets_ok"] == "且财产状况符合低保边缘家庭财产规定的家庭"
    assert rests_on["not dibao"] == "不符合低保、特困人员救助供养条件及低保边缘家庭收入条件"


def test_rule_unknown_is_404(client):
    r = client.get(f"{API}/rules/yanqi.no_such_rule")
    assert r.status_code == 404 and r.json["location"] == "path:rule_id"


# -- conflicts, health --------------------------------------------------------------------

def test_conflicts(client, rulebase):
    r = client.get(f"{API}/conflicts")
    assert r.status_code == 200
    body = r.json
    try:
        from kb.analysis.conflicts import find_conflicts
    except ImportError:
        assert body["available"] is False and body["conflicts"] == [] and body["note"]
        return
    expected = json.loads(json.dumps(list(find_conflicts(rulebase)), ensure_ascii=False))
    assert body["available"] is True
    assert body["conflicts"] == expected and body["count"] == len(expected)
    assert sum(body["counts"].values()) == len(expected)
    for finding in body["conflicts"]:
        for clause in finding["clauses"]:
            text = rulebase.jurisdictions[clause["jurisdiction"]].text
            assert text[clause["start"]:clause["end"]] == clause["quote"]
    kinds = {f["kind"] for f in expected}
    for kind in kinds:
        only = client.get(f"{API}/conflicts?kind={kind}").json
        assert only["conflicts"] == [f for f in expected if f["kind"] == kind]
    jid = next(iter(rulebase.jurisdictions))
    only = client.get(f"{API}/conflicts?jurisdiction={jid}").json
    assert only["conflicts"] == [f for f in expected if jid in f["jurisdictions"]]
    assert client.get(f"{API}/conflicts?kind=feud").status_code == 400
    assert client.get(f"{API}/conflicts?jurisdiction=atlantis").status_code == 400


def test_compare_is_annotated_when_kb_conflicts_exists(client, ingest_ready, rulebase):
    body = client.post(f"{API}/compare", data=turtle("ann", income="7000.00", ages=(70, 40, 10)),
                       content_type="text/turtle").json
    assert body["differences"], "this household is decided differently somewhere"
    for diff in body["differences"]:
        assert set(diff["decisive"]) <= set(body["compared"])
        assert diff["why"]["zh"] and diff["why"]["en"]


def test_health(client, rulebase):
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json
    assert body["status"] == "ok"
    assert body["rulebase"]["version"] == rulebase.version
    assert [j["id"] for j in body["jurisdictions"]] == list(rulebase.jurisdictions)


def test_create_app_registers_the_caseworker_page(rulebase):
    """The page is part of every app: its route and its static files are served."""
    from server import create_app
    app = create_app({"RULEBASE": rulebase})
    rules = {r.rule for r in app.url_map.iter_rules()}
    assert "/" in rules
    client = app.test_client()
    assert client.get("/").status_code == 200


def test_create_app_from_policy_paths(policy_paths, rulebase):
    from server import create_app
    app = create_app({"POLICY_PATHS": [str(p) for p in policy_paths]})
    assert app.extensions["binggui"]["rulebase"].version == rulebase.version
