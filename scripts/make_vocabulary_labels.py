"""Write kb/explain/vocabulary_labels.json from ingest/vocabulary.ttl: the zh/en labels of every
term and code, where kb (which must not import ingest) can read them.

Run `python scripts/make_vocabulary_labels.py` after editing the vocabulary; a test fails while
the JSON and the vocabulary disagree.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from rdflib import Graph, Namespace, RDFS
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "ingest" / "vocabulary.ttl"
OUT = ROOT / "kb" / "explain" / "vocabulary_labels.json"
BG = Namespace("https://w3id.org/binggui#")
PREFIXES = {"https://w3id.org/binggui#": "bg:", "http://data.europa.eu/m8g/": "cv:"}


def _short(iri: str) -> str | None:
    for long, short in PREFIXES.items():
        if iri.startswith(long):
            return short + iri[len(long):]
    return None


def _labels(graph: Graph, node, predicate) -> dict[str, str]:
    return {lit.language: str(lit) for lit in graph.objects(node, predicate) if lit.language in ("zh", "en")}


def vocabulary_labels(path: Path = VOCABULARY) -> dict:
    graph = Graph().parse(path, format="turtle")
    terms = {}
    for node in set(graph.subjects(RDFS.label, None)):
        short = _short(str(node))
        labels = _labels(graph, node, RDFS.label)
        if short and set(labels) == {"zh", "en"}:
            terms[short] = labels
    codes: dict[str, dict[str, dict[str, str]]] = {}
    for prop, scheme in graph.subject_objects(BG.codeList):
        prop_short = _short(str(prop))
        for concept in graph.subjects(SKOS.inScheme, scheme):
            notation = str(next(graph.objects(concept, SKOS.notation)))
            codes.setdefault(prop_short, {})[notation] = _labels(graph, concept, SKOS.prefLabel)
    return {"terms": dict(sorted(terms.items())),
            "codes": {k: dict(sorted(v.items())) for k, v in sorted(codes.items())}}


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(vocabulary_labels()), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
