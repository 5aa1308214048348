"""GET /api/v1/jurisdictions: every jurisdiction of the rule base with its metadata and document
versions; GET /api/v1/jurisdictions/<id>/diff?from=&to=: the rules two versions add, remove, change.

All of it is data of the compiled rule base (kb/policies/<id>/jurisdiction.yaml and the policy
files): adding a jurisdiction's folder adds it here.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from kb.analysis.versions import rule_diff

from . import API_PREFIX, rulebase
from .errors import ApiError
from .household import unknown_jurisdiction

bp = Blueprint("jurisdictions", __name__, url_prefix=API_PREFIX)


def describe(rb, jid: str) -> dict:
    j = rb.jurisdictions[jid]
    return {"id": jid, "label": j.label, **(j.info.as_dict() if j.info else {}),
            "versions": [{**v.version.as_dict(), "rules": len(v.rules),
                          "url": f"{API_PREFIX}/documents/{v.document}"} for v in rb.versions[jid] if v.version],
            "latest": j.version_id}


@bp.get("/jurisdictions")
def list_jurisdictions():
    rb = rulebase()
    return jsonify({"rulebase": {"version": rb.version},
                    "jurisdictions": [describe(rb, jid) for jid in rb.jurisdictions]})


@bp.get("/jurisdictions/<jid>/diff")
def version_diff(jid: str):
    rb = rulebase()
    if jid not in rb.jurisdictions:
        raise ApiError(404, unknown_jurisdiction(jid, rb), "path:jid", message="unknown jurisdiction")
    versions = {j.version_id: j for j in rb.versions[jid]}
    names = list(versions)
    chosen = []
    for key, default in (("from", names[-2] if len(names) > 1 else names[-1]), ("to", names[-1])):
        name = request.args.get(key) or default
        if name not in versions:
            raise ApiError(400, f"{jid} has no version {name!r}; its versions: {', '.join(map(str, names))}",
                           f"query:{key}", message="bad query parameter")
        chosen.append(versions[name])
    return jsonify({"rulebase": {"version": rb.version}, **rule_diff(*chosen)})
