"""The caseworker page: `/` (server/static/index.html, plain HTML/CSS/JS modules, no build step),
the example households it can load, and one helper endpoint that turns a household document
into the page's form model.

    GET  /                     the page
    GET  /static/<path>        its assets (the app's own static folder when it is this one)
    GET  /examples             [{"name", "media_type", "jurisdiction", "title"}] of the example households
    GET  /examples/<name>      one example, as stored (Turtle or JSON-LD)
    POST /ui/household-form    a household (Turtle or JSON-LD) -> the form model, read by
                               `ingest.read_household`; errors are the API's JSON errors
    GET  /ui/labels.js         an ES module: the zh/en labels of the vocabulary's terms and codes
                               (ingest/vocabulary.ttl) and of the engine's facts (kb/core/facts.py),
                               built from those files so the page cannot drift from them

Examples are read from the repository's `examples/households/` when the package runs from a
checkout, else from the copies shipped in `server/static/examples/` (a non-editable install has
no repository); tests/browser/test_pages.py keeps the two identical.
"""
from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, jsonify, send_from_directory

STATIC_DIR = Path(__file__).parent / "static"
REPO_EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "households"
SHIPPED_EXAMPLES = STATIC_DIR / "examples"
MEDIA_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".json": "application/ld+json"}

bp = Blueprint("pages", __name__)


def register(app: Flask) -> None:
    """Add the page, its examples and its helper endpoint to `app` (called by `create_app`)."""
    if not _serves_static(app):
        bp_static = Blueprint("pages_static", __name__, static_folder=str(STATIC_DIR), static_url_path="/static")
        app.register_blueprint(bp_static)
    app.register_blueprint(bp)


def _serves_static(app: Flask) -> bool:
    folder = app.static_folder
    return bool(folder) and app.static_url_path == "/static" and Path(folder).resolve() == STATIC_DIR.resolve()


@bp.get("/")
def index():
    response = send_from_directory(STATIC_DIR, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


# -- examples ------------------------------------------------------------------------------------

def examples_dir() -> Path:
    if REPO_EXAMPLES.is_dir() and any(_example_files(REPO_EXAMPLES)):
        return REPO_EXAMPLES
    return SHIPPED_EXAMPLES


def _example_files(folder: Path):
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in MEDIA_TYPES)


def _describe(path: Path) -> dict:
    entry = {"name": path.name, "media_type": MEDIA_TYPES[path.suffix]}
    text = path.read_text(encoding="utf-8", errors="replace")
    jid = _sniff_jurisdiction(text)
    if jid:
        entry["jurisdiction"] = jid
    title = _sniff_title(text, path.suffix)
    if title:
        entry["title"] = title
    return entry


def _sniff_jurisdiction(text: str) -> str | None:
    import re
    m = re.search(r'(?:bg:jurisdiction|"jurisdiction"|"bg:jurisdiction")\s*:?\s*"(\w+)"', text)
    return m.group(1) if m else None


def _sniff_title(text: str, suffix: str) -> str | None:
    """A one-line description: a leading `# ...` comment (Turtle) or an rdfs:comment/label."""
    if suffix == ".ttl":
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                return line.lstrip("#").strip() or None
            break
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict):
        for key in ("rdfs:comment", "comment", "rdfs:label", "label", "description"):
            value = data.get(key)
            if isinstance(value, str):
                return value
    return None


@bp.get("/examples")
def list_examples():
    return jsonify({"examples": [_describe(p) for p in _example_files(examples_dir())]})


@bp.get("/examples/<name>")
def get_example(name: str):
    files = {p.name: p for p in _example_files(examples_dir())}
    path = files.get(name)   # looked up by exact name, never joined from the request
    if path is None:
        abort(404)
    response = send_from_directory(path.parent, path.name, mimetype=MEDIA_TYPES[path.suffix], max_age=0)
    response.headers["Content-Type"] = f"{MEDIA_TYPES[path.suffix]}; charset=utf-8"
    return response


# -- household document -> form model ---------------------------------------------------------------

@bp.post("/ui/household-form")
def household_form():
    from .household import read_household
    household = read_household()
    return jsonify(form_model(household))


_HOUSEHOLD_KEYS = {
    "residence": "residence", "rigid_expenditure": "rigidExpenditure", "financial_assets": "financialAssets",
    "formerly_poor": "formerlyPoor", "sudden_shock": "suddenShock",
    "natural_disaster": "naturalDisaster", "housing_grade": "housingGrade",
    "denied_dibao_on": "deniedDibaoOn", "exited_on": "exitedOn",
}
_MEMBER_KEYS = {
    "age": "age", "birth_date": "birthDate", "work_ability": "workAbility", "disability_grade": "disabilityGrade",
    "serious_illness": "seriousIllness", "has_capable_supporter": "hasCapableSupporter",
    "livelihood_source": "livelihoodSource",
    "unable_to_live_independently": "unableToLiveIndependently", "relation_to_applicant": "relationToApplicant",
    "full_time_student": "fullTimeStudent", "study_level": "studyLevel", "married": "married",
    "cohabiting": "cohabiting", "has_legal_support_duty": "hasLegalSupportDuty",
}


def _form_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Fraction):
        from kb.core.money import fmt
        return fmt(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return value


def form_model(household) -> dict:
    """The page's form model (see static/js/form-fields.js) of a `kb.core.facts.Household`."""
    facts = household.facts
    model = {"iri": household.id, "jurisdiction": household.jurisdiction,
             "assessmentDate": household.assessment_date.isoformat()}
    for fact, key in _HOUSEHOLD_KEYS.items():
        value = _form_value(facts.get(fact))
        model[key] = value if value is not None else (None if key in ("formerlyPoor", "suddenShock", "naturalDisaster") else "")
    problems = facts.get("problem")
    if problems is None:
        model["problem"] = []
    else:
        model["problem"] = sorted(problems) or ["none"]
    items = household.income_items
    model["incomeItems"] = [{"type": i.type, "amount": _form_value(Fraction(i.amount))} for i in (items or ())]
    model["noIncome"] = items is not None and len(items) == 0
    members = []
    for person in household.members:
        m = {"iri": person.id}
        for fact, key in _MEMBER_KEYS.items():
            value = _form_value(person.facts.get(fact))
            m[key] = value if value is not None else (None if isinstance(person.facts.get(fact), bool) else "")
        for key in ("seriousIllness", "hasCapableSupporter", "livelihoodSource", "unableToLiveIndependently",
                    "fullTimeStudent", "married", "cohabiting", "hasLegalSupportDuty"):
            if m[key] == "":
                m[key] = None
        members.append(m)
    model["members"] = members
    return model


# -- labels -------------------------------------------------------------------------------------------

@bp.get("/ui/labels.js")
def labels_js():
    from . import rulebase
    body = "export default " + json.dumps(with_jurisdictions(ui_labels(), rulebase()), ensure_ascii=False,
                                          separators=(",", ":")) + ";\n"
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def with_jurisdictions(labels: dict, rb) -> dict:
    """The labels with the served rule base's jurisdictions as the `jurisdiction` codes: the
    vocabulary lists none (jurisdictions are folders of data, kb/policies/<id>/jurisdiction.yaml)."""
    codes = {}
    for jid, j in rb.jurisdictions.items():
        info = j.info
        if info is None:
            codes[jid] = {"zh": j.label, "en": jid}
            continue
        places = [p for p in (info.province, info.city) if p]
        zh = "".join(p["zh"] for p in places) + info.name_zh
        en = ", ".join([info.name_en or jid] + [p["en"] for p in reversed(places) if p.get("en")])
        codes[jid] = {"zh": zh, "en": en}
    return {**labels, "codes": {**labels["codes"], "jurisdiction": codes}}


@lru_cache(maxsize=1)
def ui_labels() -> dict:
    """{"terms": {"bg:age": {"zh", "en"}}, "codes": {"workAbility": {"none": {"zh", "en"}}},
    "facts": {"age": {"term", "zh", "en", "level", "type"}}}; codes in the vocabulary's order."""
    import rdflib
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDFS, SKOS

    import ingest
    from kb.core.facts import ALL_FACTS

    bg, cv = "https://w3id.org/binggui#", "http://data.europa.eu/m8g/"
    graph = rdflib.Graph().parse(Path(ingest.__file__).parent / "vocabulary.ttl", format="turtle")

    def labels(node, predicate=RDFS.label) -> dict:
        return {lit.language: str(lit) for lit in graph.objects(node, predicate) if lit.language in ("zh", "en")}

    def short(iri) -> str | None:
        iri = str(iri)
        for prefix, ns in (("bg", bg), ("cv", cv)):
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return None

    terms = {}
    for subject in set(graph.subjects(RDFS.label, None)):
        name = short(subject)   # properties: lower-case local names (classes, schemes and concepts are not)
        local = name.split(":", 1)[1] if name else ""
        if not local or not local[0].islower() or "-" in local or local.endswith("Codes") or local == "codeList":
            continue
        found = labels(subject)
        if len(found) == 2:
            terms[name] = found
    codes = {}
    for prop, scheme in graph.subject_objects(rdflib.URIRef(bg + "codeList")):
        key = str(scheme)[len(bg):].removesuffix("Codes")
        concepts = {str(graph.value(c, SKOS.notation)): labels(c, SKOS.prefLabel)
                    for c in graph.subjects(SKOS.inScheme, scheme)}
        order = []
        datatype = graph.value(prop, RDFS.range)
        members = graph.value(datatype, OWL.oneOf) if datatype is not None else None
        if members is not None:
            order = [str(v) for v in Collection(graph, members)]
        ordered = [c for c in order if c in concepts] + sorted(c for c in concepts if c not in order)
        codes[key] = {c: concepts[c] for c in ordered}
    facts = {name: {"term": spec.rdf_term, "zh": spec.label_zh, "en": spec.label_en, "level": spec.level,
                    "type": spec.type} for name, spec in ALL_FACTS.items()}
    from kb.explain.glossary import glossary
    return {"terms": dict(sorted(terms.items())), "codes": dict(sorted(codes.items())), "facts": facts,
            "glossary": glossary()}
