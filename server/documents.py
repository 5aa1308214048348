"""GET /api/v1/documents and /api/v1/documents/<file>: the knowledge base's documents and their cited clauses.

The documents are those of the compiled rule base, every version of every jurisdiction, each
described by its `kb/policies/<id>/jurisdiction.yaml`. A document is looked up by its exact file
name among them (never joined into a path from the request), and the compiler only accepts a
document that is a file of its jurisdiction's own folder, so no request reaches any other file.
Offsets are code points; the shipped texts have no characters outside the BMP, so they equal
JavaScript's UTF-16 indices.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from . import API_PREFIX, rulebase
from .errors import ApiError

bp = Blueprint("documents", __name__, url_prefix=API_PREFIX)


def documents(rb) -> list:
    """Every jurisdiction version with its document, by file name then jurisdiction (two
    jurisdictions may share one text, e.g. one copied from the other; the compiler checks the
    bytes are the same)."""
    return sorted((j for versions in rb.versions.values() for j in versions), key=lambda j: (j.document, j.id))


def _summary(j, rb) -> dict:
    version = j.version.as_dict() if j.version else {"version": None, "status": None, "issued": None,
                                                      "effective_from": None, "title": None, "number": None}
    current = rb.jurisdictions.get(j.id) is j
    return {"file": j.document, "jurisdiction": j.id, "label": j.label,
            "title": version["title"], "number": version["number"],
            "date": version["issued"], "status": version["status"],
            "version": version["version"], "issued": version["issued"],
            "effective_from": version["effective_from"], "latest": current,
            "jurisdiction_info": j.info.as_dict() if j.info else None,
            "encoded": True, "rules": len(j.rules),
            "url": f"{API_PREFIX}/documents/{j.document}"}


@bp.get("/documents")
def list_documents():
    rb = rulebase()
    return jsonify({"rulebase": {"version": rb.version},
                    "documents": [_summary(j, rb) for j in documents(rb)]})


@bp.get("/documents/<file>")
def get_document(file: str):
    rb = rulebase()
    all_documents = documents(rb)
    named = [j for j in all_documents if j.document == file]
    if not named:
        names = sorted({j.document for j in all_documents})
        raise ApiError(404, f"no document {file!r}; the documents are {', '.join(names)}", "path:file",
                       message="unknown document")
    jid = request.args.get("jurisdiction")
    j = next((j for j in named if j.id == jid), None) if jid else named[0]
    if j is None:
        raise ApiError(400, f"document {file!r} is not {jid!r}'s; it is the document of "
                       f"{', '.join(x.id for x in named)}", "query:jurisdiction", message="bad query parameter")
    return jsonify({**_summary(j, rb), "rulebase": {"version": rb.version}, "length": len(j.text),
                    "text": j.text, "clauses": clause_anchors(j)})


def clause_anchors(j) -> list[dict]:
    """Every cited span of the document, once, with everything that cites it; sorted by offset."""
    anchors: dict[tuple, dict] = {}

    def add(clause, kind: str, ident: str, label: str | None = None):
        key = (clause.start, clause.end)
        entry = anchors.setdefault(key, {"section": clause.section, "quote": clause.quote, "start": clause.start,
                                         "end": clause.end, "rules": [], "cited_by": []})
        ref = {"kind": kind, "id": ident}
        if label:
            ref["label"] = label
        if ref not in entry["cited_by"]:
            entry["cited_by"].append(ref)
        if kind == "rule" and ident not in entry["rules"]:
            entry["rules"].append(ident)

    for rule in j.rules:
        for clause in rule.clauses:
            add(clause, "rule", rule.id, rule.head.name)
    for principle in j.principles:
        for clause in principle.clauses:
            add(clause, "principle", f"{j.id}.{principle.id}", principle.label)
    for procedure in j.procedures:
        for clause in procedure.clauses:
            add(clause, "procedure", f"{j.id}.{procedure.id}", procedure.label)
    for income_type, clauses in j.income_exclusions.items():
        for clause in clauses:
            add(clause, "income_exclusion", f"{j.id}.{income_type}", income_type)
    return [anchors[k] for k in sorted(anchors)]
