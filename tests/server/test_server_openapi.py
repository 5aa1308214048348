"""The OpenAPI 3.1 document is well-formed, covers every route, and real responses conform to it."""
from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from srv_households import jsonld, turtle

API = "/api/v1"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture(scope="module")
def doc(app):
    r = app.test_client().get("/openapi.json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    return r.json


def _validator(doc, schema: dict) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": doc["components"]}, format_checker=FormatChecker())


def _response_schema(doc, path: str, method: str, status: int) -> dict:
    responses = doc["paths"][path][method]["responses"]
    response = responses.get(str(status)) or responses.get("default")
    assert response is not None, f"{method.upper()} {path} does not document status {status}"
    return response["content"]["application/json"]["schema"]


def conforms(doc, path: str, method: str, response) -> None:
    schema = _response_schema(doc, path, method, response.status_code)
    errors = sorted(_validator(doc, schema).iter_errors(response.json), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


# -- the document itself --------------------------------------------------------------------

def _refs(node, found):
    if isinstance(node, dict):
        if "$ref" in node and isinstance(node["$ref"], str):
            found.append(node["$ref"])
        for v in node.values():
            _refs(v, found)
    elif isinstance(node, list):
        for v in node:
            _refs(v, found)
    return found


def _resolve(doc, ref: str):
    assert ref.startswith("#/"), ref
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"unresolvable $ref {ref}"
        node = node[part]
    return node


def test_document_is_openapi_31(doc):
    assert re.fullmatch(r"3\.1\.\d+", doc["openapi"])
    assert doc["info"]["title"] and doc["info"]["version"]
    assert isinstance(doc["paths"], dict) and doc["paths"]
    assert set(doc) <= {"openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components",
                        "security", "tags", "externalDocs"}
    operation_ids = []
    for path, item in doc["paths"].items():
        assert path.startswith("/")
        template_params = set(re.findall(r"{([^}]+)}", path))
        for method, op in item.items():
            assert method in METHODS, (path, method)
            assert op["responses"], (path, method)
            operation_ids.append(op["operationId"])
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == template_params, (path, method)
            for p in op.get("parameters", []):
                assert p["in"] in ("query", "header", "path", "cookie") and "schema" in p
                if p["in"] == "path":
                    assert p["required"] is True
            for status, response in op["responses"].items():
                assert re.fullmatch(r"[1-5][0-9][0-9]|default", status)
                assert response["description"]
                for media in response.get("content", {}).values():
                    assert "schema" in media
            if "requestBody" in op:
                assert op["requestBody"]["content"]
    assert len(operation_ids) == len(set(operation_ids))


def test_document_validates_against_the_oas_31_schema(doc):
    """The official OpenAPI 3.1 meta-schema (openapi-spec-validator, in the test extra)."""
    validator = pytest.importorskip("openapi_spec_validator")
    from openapi_spec_validator import OpenAPIV31SpecValidator
    validator.validate(doc, cls=OpenAPIV31SpecValidator)


def test_every_ref_resolves_and_every_schema_is_valid_2020_12(doc):
    for ref in _refs(doc, []):
        _resolve(doc, ref)
    for name, schema in doc["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)


def test_every_api_route_is_documented(app, doc):
    documented = {(re.sub(r"{[^}]+}", "<>", path), method.upper())
                  for path, item in doc["paths"].items() for method in item}
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not (rule.rule.startswith(API) or rule.rule in ("/health", "/openapi.json")):
            continue
        path = re.sub(r"<[^>]+>", "<>", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            served.add((path, method))
    assert served == documented


def test_benefit_and_category_ids_documented(doc, rulebase):
    benefit_ids = {b for j in rulebase.jurisdictions.values() for b in j.benefits}
    schema = doc["components"]["schemas"]["BenefitId"]
    assert set(schema.get("enum", [])) == benefit_ids
    assert set(schema["x-benefits"]) == benefit_ids
    for bid in benefit_ids:
        assert f"`{bid}`" in doc["info"]["description"]
    assert doc["components"]["schemas"]["CategoryId"]["enum"] == [
        "tekun", "dibao", "dibao_bianyuan", "gangxing_zhichu", "jiance", "qita_kunnan"]


def test_examples_conform(doc, ingest_ready):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                for media in response.get("content", {}).values():
                    for name, example in media.get("examples", {}).items():
                        errors = list(_validator(doc, media["schema"]).iter_errors(example["value"]))
                        assert not errors, (path, status, name, errors[0].message)
    answer_example = doc["paths"][f"{API}/eligibility"]["post"]["responses"]["200"]["content"]["application/json"]
    assert "examples" in answer_example, "the live example answer was not computed"


def test_request_examples_are_accepted(app, doc, ingest_ready):
    """Every request example of the document is a household the API accepts, and the JSON ones
    are valid under the document's Household schema."""
    import json
    client = app.test_client()
    for path in (f"{API}/eligibility", f"{API}/compare"):
        content = doc["paths"][path]["post"]["requestBody"]["content"]
        assert set(content) == {"text/turtle", "application/ld+json", "application/json"}
        for media, entry in content.items():
            for name, example in entry["examples"].items():
                value = example["value"]
                data = value if isinstance(value, str) else json.dumps(value)
                r = client.post(path, data=data, content_type=media)
                assert r.status_code == 200, (path, media, name, r.json)
                if media != "text/turtle":
                    _household_validator(doc).validate(value)


def _household_validator(doc) -> Draft202012Validator:
    return _validator(doc, {"$ref": "#/components/schemas/Household"})


def test_household_schema_describes_what_the_shapes_accept(app, doc, ingest_ready):
    """The Household schema is built from kb.core.facts: every input fact is a key, codes are
    the fact's codes, money the documented range, and the limits are the app's."""
    from kb.core.facts import INPUT_FACTS
    household = doc["components"]["schemas"]["Household"]
    member = doc["components"]["schemas"]["Member"]
    keys = set(household["properties"]) | set(member["properties"])
    for spec in INPUT_FACTS.values():
        key = "problems" if spec.name == "problem" else spec.rdf_term.split(":", 1)[1]
        assert key in keys, key
    assert household["properties"]["members"]["maxItems"] == app.config["MAX_MEMBERS"]
    assert household["properties"]["incomeItems"]["maxItems"] == app.config["MAX_INCOME_ITEMS"]
    validator = _household_validator(doc)
    good = household["examples"][0]
    validator.validate(good)
    for bad in ({**good, "assessmentDate": "2025-02-30"},
                {**good, "incomeItems": [{"incomeType": "wage", "amount": "1000000000000.01"}]},
                {**good, "members": []}, {**good, "unknownKey": 1}):
        assert list(validator.iter_errors(bad)), bad


# -- real responses -------------------------------------------------------------------------

def test_eligibility_responses_conform(client, doc, ingest_ready, rulebase):
    for i, jid in enumerate(rulebase.jurisdictions):
        for income, ages in (("1000.00", (45, 12)), ("12000.00", (70, 68)), ("90000.00", (30,))):
            r = client.post(f"{API}/eligibility", data=turtle(f"oa{i}{income}", jid, income=income, ages=ages),
                            content_type="text/turtle")
            assert r.status_code == 200, r.json
            conforms(doc, f"{API}/eligibility", "post", r)
    r = client.post(f"{API}/eligibility?lang=en", data=jsonld("oa-jsonld"), content_type="application/ld+json")
    conforms(doc, f"{API}/eligibility", "post", r)


def test_compare_response_conforms(client, doc, ingest_ready):
    r = client.post(f"{API}/compare?lang=zh", data=turtle("oa-cmp", income="6000.00", ages=(66, 40, 10)),
                    content_type="text/turtle")
    assert r.status_code == 200
    conforms(doc, f"{API}/compare", "post", r)


def test_read_endpoints_conform(client, doc, rulebase):
    conforms(doc, f"{API}/documents", "get", client.get(f"{API}/documents"))
    for j in rulebase.jurisdictions.values():
        conforms(doc, f"{API}/documents/{{file}}", "get", client.get(f"{API}/documents/{j.document}"))
    conforms(doc, f"{API}/rules", "get", client.get(f"{API}/rules"))
    for rule in rulebase.all_rules():
        conforms(doc, f"{API}/rules/{{rule_id}}", "get", client.get(f"{API}/rules/{rule.id}"))
    conforms(doc, f"{API}/conflicts", "get", client.get(f"{API}/conflicts"))
    conforms(doc, "/health", "get", client.get("/health"))


def test_error_responses_conform(client, doc, app, ingest_ready):
    cases = [
        ("post", f"{API}/eligibility", dict(data="<x> <y> [ .", content_type="text/turtle"), 400),
        ("post", f"{API}/eligibility", dict(data=turtle("e", None), content_type="text/turtle"), 422),
        ("post", f"{API}/eligibility", dict(data="x", content_type="text/plain"), 415),
        ("post", f"{API}/compare", dict(data=b"#" * (app.config["MAX_CONTENT_LENGTH"] + 1),
                                        content_type="text/turtle"), 413),
        ("get", f"{API}/documents/{{file}}", {}, 404),
        ("get", f"{API}/rules/{{rule_id}}", {}, 404),
        ("get", f"{API}/rules", {"query_string": {"jurisdiction": "atlantis"}}, 400),
    ]
    for method, path, kwargs, status in cases:
        url = path.replace("{file}", "nope.txt").replace("{rule_id}", "nope.x")
        r = getattr(client, method)(url, **kwargs)
        assert r.status_code == status, (path, r.json)
        conforms(doc, path, method, r)
    # 405 is not per-operation; it must still be an Error
    r = client.get(f"{API}/eligibility")
    assert not list(_validator(doc, {"$ref": "#/components/schemas/Error"}).iter_errors(r.json))
