"""Every error status answers JSON {code, message, description, location}, never a traceback."""
from __future__ import annotations

import json
import logging

import pytest

from srv_households import turtle

API = "/api/v1"


def _is_error(r, code: int, location_prefix: str | None = None):
    assert r.status_code == code, (r.status_code, r.get_data(as_text=True)[:500])
    assert r.mimetype == "application/json"
    body = r.json
    assert body["code"] == code
    for key in ("message", "description", "location"):
        assert isinstance(body[key], str)
    assert body["message"] and body["description"]
    if location_prefix is not None:
        assert body["location"].startswith(location_prefix), body
    assert "Traceback" not in r.get_data(as_text=True)
    return body


def test_400_malformed_turtle(client, ingest_ready):
    body = _is_error(client.post(f"{API}/eligibility", data="@prefix bg: <https://w3id.org/binggui#> .\n<x> bg:y [ .",
                                 content_type="text/turtle"), 400)
    assert body["location"]


def test_400_malformed_jsonld(client, ingest_ready):
    body = _is_error(client.post(f"{API}/eligibility", data="{not json", content_type="application/ld+json"), 400)
    assert body["location"]


def test_400_empty_body(client):
    _is_error(client.post(f"{API}/eligibility", data=b"", content_type="text/turtle"), 400, "body")


def test_400_bad_query(client, ingest_ready, jurisdiction):
    _is_error(client.post(f"{API}/eligibility?lang=fr", data=turtle("q", jurisdiction), content_type="text/turtle"),
              400, "query:lang")
    _is_error(client.post(f"{API}/eligibility?jurisdiction=atlantis", data=turtle("q", jurisdiction),
                          content_type="text/turtle"), 400, "query:jurisdiction")
    _is_error(client.post(f"{API}/compare?jurisdictions=atlantis", data=turtle("q", jurisdiction),
                          content_type="text/turtle"), 400, "query:jurisdictions")


@pytest.mark.parametrize("path", ["/nope", f"{API}/nope", f"{API}/documents/nope.txt", f"{API}/rules/x.y"])
def test_404(client, path):
    _is_error(client.get(path), 404, "path")


@pytest.mark.parametrize("method,path", [("get", f"{API}/eligibility"), ("put", f"{API}/compare"),
                                         ("post", f"{API}/documents"), ("delete", "/health"),
                                         ("post", f"{API}/rules")])
def test_405(client, method, path):
    r = getattr(client, method)(path)
    _is_error(r, 405, "method")
    assert r.headers.get("Allow")


def test_413_too_large(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = _is_error(client.post(f"{API}/eligibility", data=b"#" * (limit + 1), content_type="text/turtle"),
                     413, "body")
    assert str(limit) in body["description"]


def test_413_at_the_limit_is_read(client, app, ingest_ready, jurisdiction):
    """A body of exactly the limit is accepted (padding with a Turtle comment)."""
    limit = app.config["MAX_CONTENT_LENGTH"]
    text = turtle("lim", jurisdiction).encode()
    padded = text + b"#" * (limit - len(text) - 1) + b"\n"
    assert len(padded) == limit
    r = client.post(f"{API}/eligibility", data=padded, content_type="text/turtle")
    assert r.status_code == 200, r.json


@pytest.mark.parametrize("ctype", ["text/plain", "application/xml", "application/rdf+xml", "multipart/form-data", None])
def test_415_media_type(client, ctype, jurisdiction):
    kwargs = {"content_type": ctype} if ctype else {}
    _is_error(client.post(f"{API}/eligibility", data=turtle("m", jurisdiction), **kwargs), 415, "header:Content-Type")
    _is_error(client.post(f"{API}/compare", data=turtle("m", jurisdiction), **kwargs), 415, "header:Content-Type")


def _violations(body):
    assert isinstance(body.get("violations"), list) and body["violations"], body
    for v in body["violations"]:
        assert {"location", "node", "path", "message"} <= set(v), v
        assert v["message"]["en"] and v["message"]["zh"]
    return body["violations"]


def test_422_missing_required_terms(client, ingest_ready):
    r = client.post(f"{API}/eligibility", data=turtle("nojur", None, date=None), content_type="text/turtle")
    body = _is_error(r, 422)
    paths = {v["path"] for v in _violations(body)}
    assert any("jurisdiction" in (p or "") for p in paths)
    assert any("assessmentDate" in (p or "") for p in paths)
    assert body["location"]


def test_422_no_member(client, ingest_ready, jurisdiction):
    body = _is_error(client.post(f"{API}/eligibility", data=turtle("nomem", jurisdiction, members=False),
                                 content_type="text/turtle"), 422)
    assert any("member" in (v["path"] or "") for v in _violations(body))


def test_422_same_on_compare(client, ingest_ready):
    body = _is_error(client.post(f"{API}/compare", data=turtle("nojur2", None), content_type="text/turtle"), 422)
    _violations(body)


def test_body_jurisdiction_not_encoded_is_not_500(ingest_ready):
    """A server whose rule base encodes only 焉耆 answers a 大冶 household with a clear error."""
    from kb.compile.compiler import POLICY_DIR
    from server import create_app
    client = create_app({"TESTING": True, "POLICY_PATHS": [str(POLICY_DIR / "yanqi")]}).test_client()
    r = client.post(f"{API}/eligibility", data=turtle("notenc", "daye"), content_type="text/turtle")
    assert r.status_code in (400, 422), r.json
    _is_error(r, r.status_code)


def test_500_is_generic_and_logged(app, client, ingest_ready, jurisdiction, monkeypatch, caplog):
    import server.eligibility
    from kb.engine import InconsistentDerivation

    def broken(*args, **kwargs):
        raise InconsistentDerivation("yanqi.dibao(): secret internal detail")
    monkeypatch.setattr(server.eligibility, "decide", broken)
    with caplog.at_level(logging.ERROR):
        r = client.post(f"{API}/eligibility", data=turtle("boom", jurisdiction), content_type="text/turtle")
    body = _is_error(r, 500)
    text = r.get_data(as_text=True)
    assert "secret internal detail" not in text and "InconsistentDerivation" not in text
    assert body["reference"] in caplog.text and "secret internal detail" in caplog.text


def test_errors_are_json_for_unknown_methods_and_paths_everywhere(client):
    r = client.open("/api/v1/eligibility", method="PATCH")
    _is_error(r, 405)
    assert json.loads(r.get_data(as_text=True))["code"] == 405
