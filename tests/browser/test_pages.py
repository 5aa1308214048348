"""The caseworker page without a browser: what server/pages.py serves, and that the static files
stay consistent with the vocabulary, the fact registry and the example households."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "server" / "static"
EXAMPLES = REPO / "examples" / "households"
SHIPPED = STATIC / "examples"


@pytest.fixture(scope="module")
def client():
    from server import create_app
    return create_app().test_client()


def _labels(client) -> dict:
    response = client.get("/ui/labels.js")
    assert response.status_code == 200 and "javascript" in response.mimetype
    text = response.get_data(as_text=True)
    assert text.startswith("export default ")
    return json.loads(text[len("export default "):].strip().rstrip(";"))


# -- what is served ------------------------------------------------------------------------------

def test_index_and_assets(client):
    page = client.get("/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
        if ref.startswith(("#", "data:")):
            continue
        assert not re.match(r"^(https?:)?//", ref), f"external reference {ref}: the page must work offline"
        asset = client.get(f"/{ref}")
        assert asset.status_code == 200, ref
    js = client.get("/static/js/main.js")
    assert js.status_code == 200 and "javascript" in js.mimetype


def test_no_build_step_every_module_import_resolves(client):
    """Plain ES modules: every import is a relative file that exists (or the served labels module);
    nothing from node_modules, no bundler."""
    for path in (STATIC / "js").glob("*.js"):
        for spec in re.findall(r'^\s*import\s[^;]*?from\s+"([^"]+)"', path.read_text(encoding="utf-8"), re.M):
            if spec == "../../ui/labels.js":
                assert client.get("/ui/labels.js").status_code == 200
                continue
            assert spec.startswith("./"), f"{path.name} imports {spec!r}: only relative modules, no bundler"
            assert (path.parent / spec).is_file(), f"{path.name} imports missing {spec}"
    assert not (REPO / "package.json").exists() and not (STATIC / "package.json").exists()


def test_page_modules_have_one_job_each_and_stay_small():
    """Issue 14: no module over ~400 lines; the page's modules are split by job (form*, render*, strings-*)."""
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (STATIC / "js").glob("*.js")}
    assert {"main.js", "form.js", "render.js", "i18n.js", "strings-zh.js", "strings-en.js"} <= set(sizes)
    assert all(n <= 400 for n in sizes.values()), {name: n for name, n in sizes.items() if n > 400}

def test_register_on_an_app_with_another_static_folder(tmp_path):
    from server import pages
    app = Flask("elsewhere", static_folder=str(tmp_path), static_url_path="/assets")
    pages.register(app)
    client = app.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/static/js/main.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200


# -- labels and strings ------------------------------------------------------------------------------

def test_labels_match_the_vocabulary_and_the_fact_registry(client):
    import rdflib
    from kb.core.facts import ALL_FACTS
    from kb.core.facts import INCOME_TYPES, PROBLEM_CODES, RELATIONS, STUDY_LEVELS
    labels = _labels(client)
    # the form's code lists, in the order the vocabulary publishes them (owl:oneOf)
    assert list(labels["codes"]["incomeType"]) == list(INCOME_TYPES)
    assert list(labels["codes"]["problem"])[:len(PROBLEM_CODES)] == list(PROBLEM_CODES)
    assert list(labels["codes"]["relation"]) == list(RELATIONS)
    assert list(labels["codes"]["studyLevel"]) == list(STUDY_LEVELS)
    # the served rule base's jurisdictions (folders of kb/policies, by id), not a list in the vocabulary
    assert list(labels["codes"]["jurisdiction"]) == ["daye", "dianjiang", "huaishang", "suntuan", "yanqi"]
    for term in ("bg:age", "cv:birthDate", "bg:incomeItem", "bg:problem", "bg:hasCapableSupporter"):
        assert set(labels["terms"][term]) == {"zh", "en"}
    graph = rdflib.Graph().parse(REPO / "ingest" / "vocabulary.ttl")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    namespaces = {"bg": "https://w3id.org/binggui#", "cv": "http://data.europa.eu/m8g/"}
    for term, label in labels["terms"].items():
        prefix, local = term.split(":")
        found = {lit.language: str(lit) for lit in graph.objects(rdflib.URIRef(namespaces[prefix] + local), rdflib.RDFS.label)}
        assert found == label, term
    for scheme, codes in labels["codes"].items():
        if scheme == "jurisdiction":
            continue   # from each folder's jurisdiction.yaml, checked below
        in_vocab = {str(graph.value(s, skos.notation)) for s in graph.subjects(skos.notation, None)
                    if str(s).startswith(f"{namespaces['bg']}{scheme}-")}
        assert set(codes) == in_vocab, scheme
        for code, label in codes.items():
            concept = rdflib.URIRef(f"{namespaces['bg']}{scheme}-{code}")
            assert {lit.language: str(lit) for lit in graph.objects(concept, skos.prefLabel)} == label
    assert labels["codes"]["jurisdiction"]["huaishang"] == {"zh": "安徽省蚌埠市淮上区", "en": "Huaishang District, Bengbu, Anhui"}
    assert set(labels["facts"]) == set(ALL_FACTS)
    for name, spec in ALL_FACTS.items():
        entry = labels["facts"][name]
        assert (entry["term"], entry["zh"], entry["en"], entry["type"]) == (spec.rdf_term, spec.label_zh, spec.label_en, spec.type)


def test_both_languages_have_the_same_strings():
    # one table per language (server/static/js/strings-zh.js, strings-en.js), read by i18n.js's t()
    zh = (STATIC / "js" / "strings-zh.js").read_text(encoding="utf-8")
    en = (STATIC / "js" / "strings-en.js").read_text(encoding="utf-8")
    keys = lambda block: set(re.findall(r'^\s*"([\w.<>=!]+)":', block, re.M))  # noqa: E731
    assert len(keys(zh)) > 100, "no strings found: has the table's layout changed?"
    assert keys(zh) == keys(en), keys(zh) ^ keys(en)
    used = set()
    for path in (STATIC / "js").glob("*.js"):
        used |= set(re.findall(r'\bt\("([\w.]+)"', path.read_text(encoding="utf-8")))
    for path in [STATIC / "index.html"]:
        used |= set(re.findall(r'data-i18n(?:-aria)?="([\w.]+)"', path.read_text(encoding="utf-8")))
    assert used <= keys(zh), used - keys(zh)


# -- examples ---------------------------------------------------------------------------------------

def _example_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".ttl", ".jsonld", ".json")}


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="no examples/households in this tree")
def test_shipped_example_copies_are_identical():
    """server/static/examples/ ships the examples in the package (a non-editable install has no
    examples/ directory); refresh with: cp examples/households/*.ttl examples/households/*.jsonld server/static/examples/"""
    assert _example_files(SHIPPED) == _example_files(EXAMPLES)


def test_examples_listed_served_and_read_into_the_form(client):
    listing = client.get("/examples").get_json()["examples"]
    names = [e["name"] for e in listing]
    assert names and set(names) == set(_example_files(SHIPPED))
    for entry in listing:
        raw = client.get(f"/examples/{entry['name']}")
        assert raw.status_code == 200 and raw.mimetype == entry["media_type"]
        model = client.post("/ui/household-form", data=raw.data, content_type=entry["media_type"])
        assert model.status_code == 200, model.get_json()
        form = model.get_json()
        assert form["jurisdiction"] == entry["jurisdiction"]
        assert form["members"] and all("iri" in m for m in form["members"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", form["assessmentDate"])
        for item in form["incomeItems"]:
            assert re.fullmatch(r"\d+\.\d{2}", item["amount"]), item    # exact decimal text, not a float


def test_example_names_are_looked_up_not_joined(client):
    assert client.get("/examples/nope.ttl").status_code == 404
    assert client.get("/examples/..%2Fpages.py").status_code == 404
    assert client.get("/examples/../../server/pages.py").status_code == 404


def test_household_form_errors_are_the_api_errors(client):
    bad = client.post("/ui/household-form", data=b"@prefix bg: <x> .\n<a> bg:b", content_type="text/turtle")
    assert bad.status_code == 400 and {"code", "message", "description", "location"} <= set(bad.get_json())
    wrong = client.post("/ui/household-form", data=b"{}", content_type="text/plain")
    assert wrong.status_code == 415
