"""The bg: vocabulary as Python sees it, read once from the shipped vocabulary.ttl and shapes.ttl.

The Turtle files are the single source: the set of known bg: terms (for "did you mean"), the
closed code lists, and which predicates make a node a household (the shapes' targets) are read
from them rather than restated here, so the files and the code cannot drift apart.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

BG = Namespace("https://w3id.org/binggui#")
CV = Namespace("http://data.europa.eu/m8g/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
BGSH = Namespace("https://w3id.org/binggui/shapes#")

# The published address of the JSON-LD context; documents may name it, it is never fetched.
CONTEXT_URL = "https://w3id.org/binggui/context.jsonld"

# Base IRI for relative IRIs in input documents (e.g. Turtle `<#h1>`, JSON-LD "@id": "h1"), so
# that ids never depend on the server's working directory.
INPUT_BASE = "https://w3id.org/binggui/input/"

PREFIXES = {"bg": str(BG), "cv": str(CV), "xsd": str(XSD), "rdf": str(RDF), "rdfs": str(RDFS)}


def _package_text(name: str) -> str:
    return resources.files("ingest").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def vocabulary_graph() -> Graph:
    """The vocabulary (read-only: callers must not modify it)."""
    return Graph().parse(data=_package_text("vocabulary.ttl"), format="turtle")


@lru_cache(maxsize=None)
def shapes_text() -> str:
    return _package_text("shapes.ttl")


@lru_cache(maxsize=None)
def shapes_graph() -> Graph:
    """The shapes as a plain graph (read-only), for inspecting targets and code lists."""
    return Graph().parse(data=shapes_text(), format="turtle")


@lru_cache(maxsize=None)
def local_context() -> dict:
    """The JSON-LD context document served at CONTEXT_URL (a fresh copy is cheap to take)."""
    return json.loads(_package_text("context.jsonld"))


@lru_cache(maxsize=None)
def known_terms() -> frozenset[URIRef]:
    """Every bg: IRI the vocabulary defines (classes, properties, code datatypes, concepts)."""
    g = vocabulary_graph()
    return frozenset(s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(BG))


@lru_cache(maxsize=None)
def known_properties() -> frozenset[URIRef]:
    g = vocabulary_graph()
    kinds = (OWL.DatatypeProperty, OWL.ObjectProperty)
    return frozenset(s for k in kinds for s in g.subjects(RDF.type, k) if s.startswith(BG))


@lru_cache(maxsize=None)
def known_classes() -> frozenset[URIRef]:
    g = vocabulary_graph()
    return frozenset(s for s in g.subjects(RDF.type, OWL.Class) if s.startswith(BG))


@lru_cache(maxsize=None)
def code_list(prop: URIRef) -> tuple[str, ...]:
    """The closed list of codes of a coded property, from its range's owl:oneOf."""
    g = vocabulary_graph()
    rng = g.value(prop, RDFS.range)
    one_of = g.value(rng, OWL.oneOf) if rng is not None else None
    if one_of is None:
        return ()
    return tuple(str(x) for x in Collection(g, one_of))


@lru_cache(maxsize=None)
def household_markers() -> tuple[tuple[URIRef, ...], tuple[URIRef, ...]]:
    """(classes, predicates) that make a node a household: bgsh:HouseholdShape's targets."""
    g = shapes_graph()
    shape = BGSH.HouseholdShape
    classes = tuple(sorted(g.objects(shape, SH.targetClass)))
    predicates = tuple(sorted(g.objects(shape, SH.targetSubjectsOf)))
    return classes, predicates


def compact(iri: str) -> str:
    """`bg:age` for a known namespace, else the IRI itself."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri
