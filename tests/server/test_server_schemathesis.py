"""schemathesis against a live `binggui serve`, driven by the served OpenAPI document (issue 18
item 10): every operation, every built-in check, households generated from the document's
JSON Schema (server/household_schema.py). Bounded: a fixed number of examples per operation,
derandomised, and a client timeout per request; 0 failures of any kind.

Positive mode: the generated requests are valid under the document, and the server must answer
them as the document says (status, content type, response schema, no 5xx, acceptance of valid
data). Two things a JSON Schema cannot say are not held to the acceptance check (every other
check still applies): which strings are valid Turtle, and which version names and documents
belong to the jurisdiction a request names (?version=, ?from=, ?to= take any served version
name, /documents/{file}?jurisdiction= any served document).
The refusal of invalid input is tested case by case in test_server_errors.py,
test_server_reliability.py and tests/ingest.
"""
from __future__ import annotations

import json
import urllib.request

import pytest

import schemathesis  # noqa: E402  (a test extra, pyproject.toml)
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

EXAMPLES_PER_OPERATION = 25
REQUEST_TIMEOUT_SECONDS = 120   # a hang guard per request, not a budget


def _schema(served):
    from schemathesis.config import SchemathesisConfig
    config = SchemathesisConfig()
    config.projects.default.generation.update(modes=["positive"], max_examples=EXAMPLES_PER_OPERATION,
                                              deterministic=True)
    return schemathesis.openapi.from_url(f"{served.url}/openapi.json", config=config, timeout=120)


def _served_jurisdictions(served) -> dict[str, tuple[set[str], set[str]]]:
    """Each served jurisdiction's (version names, document files), from GET /api/v1/jurisdictions."""
    with urllib.request.urlopen(f"{served.url}/api/v1/jurisdictions", timeout=REQUEST_TIMEOUT_SECONDS) as r:
        listing = json.load(r)
    return {j["id"]: ({v["version"] for v in j["versions"]}, {v["url"].rsplit("/", 1)[-1] for v in j["versions"]})
            for j in listing["jurisdictions"]}


def _pairs_a_jurisdiction_with_what_it_lacks(case, served: dict) -> bool:
    """The case names a version or a document its jurisdiction does not have (rightly a 400)."""
    query = case.query or {}
    path = case.path_parameters or {}
    named = [query[k] for k in ("version", "from", "to") if query.get(k)]
    body = case.body if isinstance(case.body, dict) else {}
    jid = path.get("jid") or query.get("jurisdiction") or body.get("jurisdiction")
    versions, documents = served.get(jid, (set(), set()))
    if any(v not in versions for v in named):
        return True
    return bool(path.get("file") and query.get("jurisdiction") and path["file"] not in documents)


def test_api_conforms_to_its_openapi_document(served):
    # One hypothesis run per operation (schemathesis's pytest plugin does not run under pytest 9).
    schema = _schema(served)
    jurisdictions = _served_jurisdictions(served)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        def run(case):
            # A Turtle body's schema is a string: it cannot say which strings are valid Turtle, so
            # a generated one may rightly be refused (400); every other check still applies to it.
            skip = ([positive_data_acceptance]
                    if case.media_type == "text/turtle" or _pairs_a_jurisdiction_with_what_it_lacks(case, jurisdictions) else [])
            case.call_and_validate(timeout=REQUEST_TIMEOUT_SECONDS, excluded_checks=skip)

        try:
            run()
        except Exception as err:   # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(err)[:3000]}")
    assert operations >= 9   # every path of the document
    assert not failures, "\n\n".join(failures)
