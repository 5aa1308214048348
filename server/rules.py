"""GET /api/v1/rules (filter by ?jurisdiction= and ?head=) and GET /api/v1/rules/<rule-id>."""
from __future__ import annotations

from pathlib import PurePath

from flask import Blueprint, jsonify, request

from . import API_PREFIX, rulebase
from .errors import ApiError
from .household import query_jurisdiction

bp = Blueprint("rules", __name__, url_prefix=API_PREFIX)

SUMMARY_KEYS = ("id", "jurisdiction", "head", "per_member", "subtype", "value", "basis", "file", "line", "clauses")


@bp.get("/rules")
def list_rules():
    rb = rulebase()
    jid = query_jurisdiction(rb)
    head = request.args.get("head") or None
    heads = rule_heads(rb) if head is not None else []
    if head is not None and head not in heads:
        # a misspelt head would list no rule, as if none concluded it
        raise ApiError(400, f"no rule concludes {head!r}; the heads are {', '.join(heads)}", "query:head",
                       message="bad query parameter")
    rules = [r for r in rb.all_rules() if (jid is None or r.jurisdiction == jid) and (head is None or r.predicate == head)]
    return jsonify({"rulebase": {"version": rb.version}, "count": len(rules),
                    "rules": [summary(r) for r in rules]})


@bp.get("/rules/<rule_id>")
def get_rule(rule_id: str):
    rb = rulebase()
    rule = rb.rule(rule_id)
    if rule is None:
        raise ApiError(404, f"no rule {rule_id!r}; GET {API_PREFIX}/rules lists them", "path:rule_id",
                       message="unknown rule")
    return jsonify({**rule.as_dict(), "file": public_file(rule.file), "url": f"{API_PREFIX}/rules/{rule.id}",
                    "rulebase": {"version": rb.version}})


def rule_heads(rb) -> list[str]:
    """Every predicate some rule of the rule base concludes, sorted."""
    return sorted({r.predicate for r in rb.all_rules()})


def summary(rule) -> dict:
    full = rule.as_dict()
    out = {k: full[k] for k in SUMMARY_KEYS}
    out["file"] = public_file(rule.file)
    out["url"] = f"{API_PREFIX}/rules/{rule.id}"
    return out


def public_file(file: str) -> str:
    """The policy file as `<jurisdiction directory>/<file>` (e.g. `<id>/02-categories.md`, under
    kb/policies/ in the repository): never where this server is installed on its machine."""
    path = PurePath(file)
    return "/".join(path.parts[-2:])
