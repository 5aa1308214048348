"""GET /openapi.json: the OpenAPI 3.1 document of this API, built in Python from the served rule base.

Building it here rather than keeping a YAML file means the enumerations in it — jurisdiction ids,
category ids and, above all, the benefit ids with their labels and kinds — are always the ones the
running rule base answers with. The schemas are JSON Schema 2020-12 (OpenAPI 3.1's dialect);
tests/server validates real responses against them. The response examples are real answers,
computed once from the example household when the document is first requested.

This module assembles the document (its description and limits); the parts are built by
server.openapi_schemas (components), server.household_schema (the JSON household),
server.openapi_paths (operations) and server.openapi_examples (the live example answers).
"""
from __future__ import annotations

import json
import threading

from flask import Blueprint, current_app, jsonify

from . import rulebase
from .household_schema import household_schemas
from .openapi_examples import example_answers, example_jurisdiction
from .openapi_paths import paths
from .openapi_schemas import CATEGORY_LABELS, schemas

bp = Blueprint("openapi", __name__)
_LOCK = threading.Lock()


@bp.get("/openapi.json")
def openapi_json():
    state = current_app.extensions["binggui"]
    with _LOCK:
        if "openapi" not in state:
            state["openapi"] = build(rulebase(), current_app)
    return jsonify(state["openapi"])


def _benefit_table(rb) -> str:
    rows = []
    for j in rb.jurisdictions.values():
        for b in j.benefits.values():
            rows.append(f"| `{b.id}` | {b.label} | {b.kind} | {j.id} |")
    if not rows:
        return "No benefits are encoded in this rule base."
    return "| benefit id | label | kind | jurisdiction |\n|---|---|---|---|\n" + "\n".join(rows)


def build(rb, app=None) -> dict:
    answer, comparison = example_answers(rb, app)
    if answer is not None:
        json.dumps(answer)   # must be JSON-ready
    max_bytes = (app.config.get("MAX_CONTENT_LENGTH") if app else None) or 1024 * 1024
    description = (
        "binggui turns five Chinese social-assistance pilot documents into cited rules and decides, for one "
        "household, which categories and benefits it qualifies for — why, and why not — each reason "
        "with the verbatim clause and its offsets in the document.\n\n"
        "Households are RDF (Turtle `text/turtle` or JSON-LD `application/ld+json`) in the "
        "`bg: <https://w3id.org/binggui#>` vocabulary. An absent fact is unknown, never false: rules that "
        "need it answer `undetermined` and name it in `missing`. Money is exact decimal strings.\n\n"
        f"Request bodies are limited to {max_bytes} bytes (413). Errors are JSON "
        "`{code, message, description, location}`; 422 adds `violations`.\n\n"
        "## Categories\n\n" + "\n".join(f"- `{k}`: {v}" for k, v in CATEGORY_LABELS.items()) +
        "\n\n## Benefits\n\n" + _benefit_table(rb) + "\n\n"
        f"Rule base version `{rb.version}`; encoded jurisdictions: {', '.join(rb.jurisdictions)}."
    )
    from .health import package_version
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {"title": "binggui API", "version": package_version(), "summary":
                 "Cited eligibility decisions under Chinese social-assistance pilot policies",
                 "description": description, "license": {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"}},
        "servers": [{"url": "/", "description": "this server"}],
        "tags": [{"name": "eligibility"}, {"name": "documents"}, {"name": "rules"}, {"name": "meta"}],
        "paths": paths(rb, answer, comparison),
        "components": {"schemas": {**schemas(rb), **household_schemas(
            int((app.config.get("MAX_MEMBERS") if app else None) or 100),
            int((app.config.get("MAX_INCOME_ITEMS") if app else None) or 500), example_jurisdiction(rb))}},
    }
