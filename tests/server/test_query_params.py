"""Query parameters an API operation does not take, or gets twice, are refused with a located
400 (server/query_params.py); the names are the OpenAPI document's."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from server.query_params import accepted_names

SERVER = Path(__file__).resolve().parents[2] / "server"


def _operations(rulebase):
    """(method, a concrete URL, accepted names) of every API operation in the document."""
    sample = {"jid": "daye", "file": "daye.md", "rule_id": rulebase.jurisdictions["daye"].rules[0].id}
    for (path, method), names in sorted(accepted_names(rulebase).items()):
        if path.startswith("/api/v1"):
            yield method, re.sub(r"\{(\w+)\}", lambda m: sample[m.group(1)], path), names


def _call(client, method: str, url: str):
    # the check runs before any body is read: an empty body is enough
    return client.open(url, method=method.upper(), data=b"", content_type="text/turtle")


def test_every_api_operation_refuses_an_unknown_parameter(client, rulebase):
    ops = list(_operations(rulebase))
    assert len(ops) >= 13
    for method, url, names in ops:
        r = _call(client, method, f"{url}?jurisdicton=yanqi")
        body = r.get_json()
        assert r.status_code == 400, (method, url, r.status_code)
        assert body["message"] == "unknown query parameter" and body["location"] == "query:jurisdicton"
        assert "'jurisdicton'" in body["description"]
        # the description lists what the operation does take
        for name in names:
            assert name in body["description"], (url, name)
        if not names:
            assert "takes no query parameters" in body["description"]


def test_declared_parameters_are_not_refused_as_unknown(client, rulebase):
    for method, url, names in _operations(rulebase):
        for name in names:
            r = _call(client, method, f"{url}?{name}=x")
            # a bad value may be refused by the operation itself, never as an unknown name
            assert (r.get_json() or {}).get("message") != "unknown query parameter", (url, name)


def test_a_parameter_given_twice_is_refused(client, jurisdiction):
    r = client.post("/api/v1/eligibility?lang=en&lang=zh", data=b"", content_type="text/turtle")
    body = r.get_json()
    assert r.status_code == 400 and body["location"] == "query:lang"
    assert "2 times" in body["description"]


def test_a_known_parameter_still_answers(client):
    example = sorted((Path(__file__).resolve().parents[2] / "examples" / "households").glob("daye-*.ttl"))[0]
    r = client.post("/api/v1/eligibility?lang=en", data=example.read_bytes(), content_type="text/turtle")
    assert r.status_code == 200 and r.get_json()["jurisdiction"] == "daye"


@pytest.mark.parametrize("url", ["/health?probe=1", "/openapi.json?v=2", "/?lang=en"])
def test_paths_outside_the_api_accept_any_query(client, url):
    assert client.get(url).status_code == 200


def _names_read_by_the_server() -> set[str]:
    """Every literal name the server's modules read with request.args.get(...)/getlist(...)."""
    names = set()
    for path in SERVER.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("get", "getlist") and ast.unparse(node.func.value) == "request.args"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                names.add(node.args[0].value)
    return names


def test_every_parameter_the_server_reads_is_in_the_document(rulebase):
    # a name read but not declared would now be refused before the endpoint could read it
    declared = {n for names in accepted_names(rulebase).values() for n in names}
    read = _names_read_by_the_server()
    assert read and read <= declared, read - declared
