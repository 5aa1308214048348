"""Query parameters the API does not know, or gets twice, are refused with a located 400.

Flask ignores what an endpoint does not read, so a misspelt `?jurisdicton=<id>` was answered
for the household's own jurisdiction and `?lang=en&lang=zh` in whichever came first, with
nothing to say so. The names each operation accepts are the OpenAPI document's
(server.openapi_paths), so the document and this check cannot disagree. Only the API's own
paths (/api/v1/…) are checked: `/health` and `/openapi.json` answer whatever a probe or a
cache-buster adds, and the caseworker page and its files are not the API.
"""
from __future__ import annotations

import re

from flask import Flask, request

from . import API_PREFIX
from .errors import ApiError

_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")    # Flask's <converter:name> -> OpenAPI's {name}


def accepted_names(rb) -> dict[tuple[str, str], tuple[str, ...]]:
    """(OpenAPI path, method) -> the query parameters its operation accepts, in the document's order."""
    from .openapi_paths import paths
    return {(path, method): tuple(p["name"] for p in op.get("parameters", []) if p["in"] == "query")
            for path, ops in paths(rb, None, None).items() for method, op in ops.items()}


def register(app: Flask) -> None:
    accepted = accepted_names(app.extensions["binggui"]["rulebase"])

    @app.before_request
    def _refuse_unknown_query_parameters():
        if not request.args or request.url_rule is None or not request.url_rule.rule.startswith(API_PREFIX):
            return
        method = "get" if request.method == "HEAD" else request.method.lower()
        names = accepted.get((_VARIABLE.sub(r"{\1}", request.url_rule.rule), method))
        if names is None:
            return
        for name in request.args:
            if name not in names:
                known = f"its parameters: {', '.join(names)}" if names else "it takes no query parameters"
                raise ApiError(400, f"unknown query parameter {name!r} for {request.method} {request.path}; "
                                    f"{known} (see /openapi.json)", f"query:{name}",
                               message="unknown query parameter")
            if len(request.args.getlist(name)) > 1:
                raise ApiError(400, f"query parameter {name!r} is given {len(request.args.getlist(name))} times; "
                                    f"give it once", f"query:{name}", message="bad query parameter")
