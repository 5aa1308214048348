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


def _household_examples(document: dict) -> list:
    """Every example a request body of the document carries (a generated body equal to one of
    them is not counted as generated)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "examples" and isinstance(value, list):
                    found.extend(value)
                elif key == "examples" and isinstance(value, dict):
                    found.extend(v.get("value") for v in value.values() if isinstance(v, dict))
                elif key == "example":
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(document)
    return [e for e in found if isinstance(e, dict)]


def test_api_conforms_to_its_openapi_document(served):
    # One hypothesis run per operation (schemathesis's pytest plugin does not run under pytest 9).
    schema = _schema(served)
    jurisdictions = _served_jurisdictions(served)
    examples = _household_examples(schema.raw_schema)
    failures, operations, answered_generated = [], 0, {}
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
            response = case.call_and_validate(timeout=REQUEST_TIMEOUT_SECONDS, excluded_checks=skip)
            if (case.method == "POST" and "json" in (case.media_type or "") and response.status_code == 200
                    and isinstance(case.body, dict) and case.body not in examples):
                answered_generated[operation.label] = answered_generated.get(operation.label, 0) + 1

        try:
            run()
        except Exception as err:   # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(err)[:3000]}")
    assert operations >= 9   # every path of the document
    assert not failures, "\n\n".join(failures)
    print(f"\nschemathesis: {operations} operations, generated JSON households answered 200: {answered_generated}")
    # households built by the fuzzer from the Household schema, not the document's examples, were
    # answered: the schema describes households the server accepts (issue 18 item 6)
    for label in ("POST /api/v1/eligibility", "POST /api/v1/compare"):
        assert answered_generated.get(label, 0) >= EXAMPLES_PER_OPERATION // 5, answered_generated
