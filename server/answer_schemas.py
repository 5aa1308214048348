"""The answer's schemas in the OpenAPI document, generated from its types (kb.explain.types).

The types know the shape; the served rule base knows which ids exist. The generated schemas are
refined here with the ids only: a category's, benefit's or jurisdiction's `id` points to the
enumerations the document builds from the rule base (CategoryId, BenefitId, JurisdictionId).
"""
from __future__ import annotations

import copy

from kb.explain.types import answer_schemas

_REF = "#/components/schemas/{name}"
_ID_REFS = {("CategoryResult", "id"): "CategoryId", ("BenefitResult", "id"): "BenefitId",
            ("Answer", "jurisdiction"): "JurisdictionId", ("Clause", "jurisdiction"): "JurisdictionId"}


def answer_components() -> dict[str, dict]:
    """Every schema of the answer, by name, with its ids pointing to the rule base's enumerations."""
    schemas = copy.deepcopy(answer_schemas(_REF))
    for (name, prop), target in _ID_REFS.items():
        described = schemas[name]["properties"][prop].get("description")
        schemas[name]["properties"][prop] = {"$ref": _REF.format(name=target)}
        if described:
            schemas[name]["properties"][prop]["description"] = described
    return schemas
