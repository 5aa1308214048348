"""GET /health: liveness plus what is being served (rule base version, jurisdictions)."""
from __future__ import annotations

from functools import lru_cache
from importlib import metadata

from flask import Blueprint, jsonify

from . import rulebase

bp = Blueprint("health", __name__)


@lru_cache(maxsize=1)
def package_version() -> str:
    """The installed package's version, looked up once: reading the distributions' metadata cost
    about 1.2 ms of CPU, most of a /health request."""
    try:
        return metadata.version("binggui")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@bp.get("/health")
def health():
    rb = rulebase()
    return jsonify({
        "status": "ok",
        "version": package_version(),
        "rulebase": {"version": rb.version, "rules": len(rb.all_rules())},
        "jurisdictions": [{"id": j.id, "label": j.label, "document": j.document, "rules": len(j.rules),
                           "categories": list(j.categories), "benefits": list(j.benefits)}
                          for j in rb.jurisdictions.values()],
    })
