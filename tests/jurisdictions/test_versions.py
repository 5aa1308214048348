"""Versions in time: 样本镇 (tests/fixtures/versions/yangben) has a draft for comment and an
issued text in force from 2025-07-01. The answer uses the version in force at the assessment date
and says which; `?version=` picks one; the diffs list what the new text changes."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kb.analysis.versions import rule_diff
from kb.cli import main
from kb.compile.compiler import compile_paths
from kb.core.model import UnknownVersion
from kb.explain import graph
from kb.explain.types import typed

from test_folders import post, statuses, turtle

VERSIONS = Path(__file__).resolve().parents[1] / "fixtures" / "versions"


@pytest.fixture(scope="module")
def rulebase():
    return compile_paths([VERSIONS])


@pytest.fixture(scope="module")
def client():
    from server import create_app
    return create_app({"TESTING": True, "POLICY_OVERLAYS": [str(VERSIONS)]}).test_client()


def test_versions_are_ordered_and_the_latest_is_the_current_one(rulebase):
    assert [j.version_id for j in rulebase.versions["yangben"]] == ["draft", "2025"]
    assert rulebase.jurisdictions["yangben"].version_id == "2025"


@pytest.mark.parametrize("when,expected", [
    (date(2024, 1, 1), "draft"),      # before the issued text: the undated draft
    (date(2025, 6, 30), "draft"),
    (date(2025, 7, 1), "2025"),       # the day it takes effect
    (date(2026, 3, 1), "2025"),
])
def test_the_version_in_force_at_the_date_is_chosen(rulebase, when, expected):
    assert rulebase.at("yangben", when).version_id == expected


def test_an_unknown_version_is_refused(rulebase):
    with pytest.raises(UnknownVersion, match="its versions: draft, 2025"):
        rulebase.at("yangben", date(2025, 1, 1), "2024")


def test_the_answer_uses_and_names_the_version_in_force(client):
    # 20000 for two: 10000 per head; standard 6000: 边缘 needs <= 9000 (draft) or <= 12000 (issued)
    before = post(client, turtle("yangben", "2025-06-01", wage="20000", rigid="30000")).json
    after = post(client, turtle("yangben", "2025-08-01", wage="20000", rigid="30000")).json
    # a draft has no issue date, effective date or number: left out (absent means null)
    assert before["document"] == {"version": "draft", "status": "draft",
                                  "file": "yangben_draft.txt", "title": "样本镇低收入人口认定办法（征求意见稿）",
                                  "in_force": True}
    assert (after["document"]["version"], after["document"]["status"], after["document"]["issued"],
            after["document"]["effective_from"]) == ("2025", "issued", "2025-06-15", "2025-07-01")
    assert statuses(before) == {"tekun": "eligible", "dibao": "ineligible", "dibao_bianyuan": "ineligible"}
    assert statuses(after) == {"dibao": "ineligible", "dibao_bianyuan": "eligible", "gangxing_zhichu": "eligible"}
    read = typed(after)       # the API's JSON as the answer's types, for kb.explain.graph
    cited = {graph.trace_clause(read, graph.trace(read, c.because[0])).document
             for c in read.categories if c.because}
    assert cited == {"yangben_2025.txt"}
    # ?version= decides under a named version whatever the date
    forced = post(client, turtle("yangben", "2025-08-01", wage="20000", rigid="30000"), "?version=draft").json
    assert forced["document"]["version"] == "draft" and statuses(forced) == statuses(before)
    bad = post(client, turtle("yangben", "2025-08-01"), "?version=2024")
    assert bad.status_code == 400 and bad.json["location"] == "query:version"
    assert "its versions: draft, 2025" in bad.json["description"]


def test_the_rule_diff_lists_added_removed_and_changed_rules_with_their_clauses(rulebase):
    draft, issued = rulebase.versions["yangben"]
    diff = rule_diff(draft, issued)
    assert [r["id"] for r in diff["added"]] == ["yangben.gangxing"]
    assert [r["id"] for r in diff["removed"]] == ["yangben.tekun"]
    (changed,) = diff["changed"]
    assert changed["id"] == "yangben.bianyuan" and changed["changed"] == ["conditions", "clauses"]
    assert changed["before"]["conditions"][1] == "per_capita_income <= 1.5 * dibao_standard"
    assert changed["after"]["conditions"][1] == "per_capita_income <= 2 * dibao_standard"
    assert "不超过其2倍" in changed["after"]["clauses"][0]["quote"]
    assert changed["after"]["clauses"][0]["document"] == "yangben_2025.txt"
    assert diff["categories"] == {"added": ["gangxing_zhichu"], "removed": ["tekun"]}
    assert rule_diff(draft, draft)["changed"] == [] and rule_diff(draft, draft)["added"] == []


def test_binggui_diff_prints_the_rule_diff(capsys):
    assert main(["diff", "yangben", "draft", "2025", "--policies", str(VERSIONS)]) == 0
    out = capsys.readouterr().out
    assert "+ yangben.gangxing  §一.(三)" in out and "- yangben.tekun  §一.(三)" in out
    assert "~ yangben.bianyuan  (conditions, clauses)" in out and out.rstrip().endswith("1 added, 1 removed, 1 changed")
    assert main(["diff", "yangben", "draft", "2024", "--policies", str(VERSIONS)]) == 2
    assert "its versions: draft, 2025" in capsys.readouterr().err


def test_binggui_diff_with_a_household_shows_its_answer_change(capsys, tmp_path):
    household = tmp_path / "h.ttl"
    household.write_bytes(turtle("yangben", "2025-08-01", wage="20000", rigid="30000"))
    assert main(["diff", "yangben", "draft", "2025", "--policies", str(VERSIONS), "--household", str(household),
                 "--json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    rows = {r["id"]: (r["from"], r["to"], r["changed"]) for r in diff["categories"]}
    assert rows == {"tekun": ("eligible", None, True), "dibao": ("ineligible", "ineligible", False),
                    "dibao_bianyuan": ("ineligible", "eligible", True), "gangxing_zhichu": (None, "eligible", True)}


def test_the_diff_endpoints(client):
    r = client.get("/api/v1/jurisdictions/yangben/diff?from=draft&to=2025")
    assert r.status_code == 200 and [c["id"] for c in r.json["changed"]] == ["yangben.bianyuan"]
    assert client.get("/api/v1/jurisdictions/yangben/diff?to=2030").status_code == 400
    assert client.get("/api/v1/jurisdictions/atlantis/diff").status_code == 404
    r = post(client, turtle("yangben", "2025-08-01", wage="20000", rigid="30000"), "?from=draft&to=2025",
             path="eligibility/diff")
    assert r.status_code == 200 and r.json["changed"] is True
    row = next(c for c in r.json["categories"] if c["id"] == "dibao_bianyuan")
    assert (row["from"], row["to"]) == ("ineligible", "eligible")
    (before,), (after,) = row["deciding"]["from"], row["deciding"]["to"]
    assert before["rule"] == after["rule"] == "yangben.bianyuan"
    assert "1.5" in before["quote"] and "2倍" in after["quote"]
    failed = [c for c in before["conditions"] if c["holds"] is False]
    assert failed and failed[0]["test"] == "<= 1.5 * dibao_standard (9000)"
