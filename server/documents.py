"""GET /api/v1/documents and /api/v1/documents/<file>: the five policy documents and their cited clauses.

Only the five file names of the DESIGN table are served, looked up by exact name (never joined
into a path from the request), so no path can reach outside kb/sources. Offsets are code points;
the five texts have no characters outside the BMP, so they equal JavaScript's UTF-16 indices.
"""
from __future__ import annotations

from flask import Blueprint, jsonify

from kb.compile.compiler import SOURCE_DIR

from . import API_PREFIX, rulebase
from .errors import ApiError

bp = Blueprint("documents", __name__, url_prefix=API_PREFIX)

# The docs/readings.md "Jurisdictions and documents" table.
DOCUMENTS = [
    {"file": "000_d3906a0f4422d2f7.txt", "jurisdiction": "huaishang", "label": "淮上区",
     "title": "关于印发淮上区防止返贫帮扶政策与低收入人口常态化帮扶政策衔接并轨试点工作方案的通知",
     "number": "淮办发〔2025〕4号", "date": "2025-04-27", "status": "issued"},
    {"file": "001_16d8662a54c6e173.txt", "jurisdiction": "yanqi", "label": "焉耆县",
     "title": "焉耆县开展防止返贫帮扶政策和农村低收入人口常态化帮扶政策衔接并轨试点工作方案",
     "number": None, "date": "2025-04-24", "status": "issued"},
    {"file": "002_2f1127ee466a91a7.txt", "jurisdiction": "suntuan", "label": "孙疃镇",
     "title": "孙疃镇低收入人口与防止返贫监测对象常态化帮扶衔接并轨实施方案（征求意见稿）",
     "number": None, "date": "2025", "status": "draft"},
    {"file": "003_036d94a0f81ccfb8.txt", "jurisdiction": "daye", "label": "大冶市",
     "title": "大冶市“两项政策”衔接并轨试点工作方案（征求意见稿）",
     "number": None, "date": "2025", "status": "draft"},
    {"file": "004_5ceb6837ad0a363c.txt", "jurisdiction": "dianjiang", "label": "垫江县",
     "title": "关于统筹推动农村低收入人口救助帮扶 切实减轻基层负担的通知",
     "number": "垫江民政[2025]28号", "date": "2025-08-20", "status": "issued"},
]
_BY_FILE = {d["file"]: d for d in DOCUMENTS}


def _summary(meta: dict, rb) -> dict:
    j = rb.jurisdictions.get(meta["jurisdiction"])
    return {**meta, "label": j.label if j else meta["label"], "encoded": j is not None,
            "rules": len(j.rules) if j else 0,
            "url": f"{API_PREFIX}/documents/{meta['file']}"}


@bp.get("/documents")
def list_documents():
    rb = rulebase()
    return jsonify({"rulebase": {"version": rb.version}, "documents": [_summary(d, rb) for d in DOCUMENTS]})


@bp.get("/documents/<file>")
def get_document(file: str):
    meta = _BY_FILE.get(file)
    if meta is None:
        raise ApiError(404, f"no document {file!r}; the documents are {', '.join(_BY_FILE)}", "path:file",
                       message="unknown document")
    rb = rulebase()
    j = rb.jurisdictions.get(meta["jurisdiction"])
    text = j.text if j else (SOURCE_DIR / meta["file"]).read_text(encoding="utf-8")
    return jsonify({**_summary(meta, rb), "rulebase": {"version": rb.version}, "length": len(text),
                    "text": text, "clauses": clause_anchors(j) if j else []})


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
