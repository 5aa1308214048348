"""GET /api/v1/conflicts?lang=zh|en and `binggui conflicts --lang` say the same words (both from
kb.explain.conflict_words); no zh text of the API's findings holds an internal name (issue 19)."""
from __future__ import annotations

import json

import pytest

from kb.analysis.conflicts import find_conflicts
from tests.explain.plain_words import internal_names

API = "/api/v1"


def _texts(text: dict):
    yield text["title"]
    yield text["summary"]
    yield text["witness"]
    yield from text["witness_each"].values()
    yield from text["answers"].values()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_api_conflicts_speak_the_clis_words(client, rulebase, capsys, lang):
    body = client.get(f"{API}/conflicts?lang={lang}").json
    expected = find_conflicts(rulebase)
    assert len(body["conflicts"]) == len(expected) > 0
    # the findings themselves are unchanged; the words come beside them
    assert [{k: v for k, v in c.items() if k != "text"} for c in body["conflicts"]] == \
        json.loads(json.dumps(expected, ensure_ascii=False))
    from kb.cli import main
    assert main(["conflicts", "--lang", lang]) == 0
    printed = capsys.readouterr().out
    assert body["text"] in printed
    for finding in body["conflicts"]:
        for text in _texts(finding["text"]):
            assert text in printed, text
            if lang == "zh":
                assert not internal_names(text), (finding["id"], internal_names(text), text)
        # the summary is the analysis's, with its identifiers told as words
        assert "_" not in finding["text"]["summary"], finding["text"]["summary"]
    if lang == "zh":
        assert not internal_names(body["text"])
        assert any("重叠" in f["text"]["title"] for f in body["conflicts"])
    else:
        assert any(f["text"]["title"].startswith("[boundary mismatch]") for f in body["conflicts"])


def test_api_conflicts_lang_filters_and_errors(client):
    gaps = client.get(f"{API}/conflicts?kind=gap&lang=en").json
    assert gaps["conflicts"] and all(f["text"]["title"].startswith("[gap]") for f in gaps["conflicts"])
    assert "1 gap" in gaps["text"] and "0 overlap" in gaps["text"]
    plain = client.get(f"{API}/conflicts").json
    assert all("text" not in f for f in plain["conflicts"]) and "text" not in plain
    bad = client.get(f"{API}/conflicts?lang=fr")
    assert bad.status_code == 400 and bad.json["location"] == "query:lang"
