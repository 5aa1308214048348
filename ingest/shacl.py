"""Validate a household graph against shapes.ttl: pyshacl-turbo (Rust) where it is exact, pySHACL otherwise.

`ingest/shapes.ttl` is the one contract; two engines read it:

* pySHACL, the oracle (`validate_with_pyshacl`): the shapes harvested once per thread into a
  `ShapesGraph`, a `Validator` per document with no inference, no SHACL-AF, no data-graph copy.
  About 6-7 ms of CPU per household.
* pyshacl-turbo (`validate_with_turbo`): the same shapes compiled once by a Rust SHACL engine;
  about 1.5-2 ms per household, the same results (focus node, path, value, source shape,
  constraint component, messages) on every ingest test document and on generated households
  (tests/ingest/test_shacl_differential.py holds it to pySHACL's results).

`validate` uses the Rust engine except where it is known to differ from pySHACL, measured on
the malformed-input tables and a literal fuzz (see ingest/README.md):
  - a literal rdflib reads as ill-typed ("abc"^^xsd:integer, the year 10000, "1"^^xsd:boolean):
    pySHACL then reports sh:datatype, the Rust engine accepts several such lexical forms;
  - a number of more than 18 digits, or not in plain decimal notation ("INF"): the Rust engine
    compares such numbers as 64-bit values and reports range violations pySHACL does not;
  - an IRI rdflib accepted but the Rust engine's parser refuses (`bg:workA#ility`).
Those documents (none of them a valid household, except one stating a number beyond 18 digits)
are validated by pySHACL, so the answer is the oracle's on every input.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

import pyshacl_turbo
from pyshacl_turbo.rdf import decode as _decode_report
from pyshacl_turbo.term_input import _TermBatch
from rdflib import RDF, XSD, BNode, Graph, Literal, Node, URIRef
from rdflib.collection import Collection

from .terms import BGSH, SH, shapes_text

_OPTIONS = {"inference": "none", "advanced": False, "inplace": True, "abort_on_first": False,
            "allow_infos": False, "allow_warnings": False, "use_js": False, "debug": False}
_LOG = logging.getLogger("ingest.shacl")
_local = threading.local()

# Numeric datatypes whose values the Rust engine compares as machine numbers.
_NUMERIC = frozenset(XSD[t] for t in (
    "integer", "decimal", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte", "float", "double"))
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]*(\.[0-9]*)?")
_MAX_DIGITS = 18


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, reduced to what ingest reports."""
    focus: Node
    path: Node | None          # a predicate IRI, or a blank node for a complex path
    value: Node | None
    shape: Node                # sh:sourceShape
    component: URIRef          # sh:sourceConstraintComponent
    messages: dict             # language -> text of sh:resultMessage


def validate(graph: Graph, jurisdictions: tuple[str, ...] | None = None) -> list[Result]:
    """All violations of the shapes in graph (empty when it conforms).
    `jurisdictions`: the ids bg:jurisdiction may take (None: not checked here)."""
    key = None if jurisdictions is None else tuple(jurisdictions)
    if _turbo_is_exact_on(graph):
        try:
            return validate_with_turbo(graph, key)
        except Exception:       # an IRI its parser refuses: pySHACL reports what is wrong
            _LOG.debug("pyshacl-turbo could not read the graph; validating with pySHACL", exc_info=True)
    return validate_with_pyshacl(graph, key)


def _shapes_graph(jurisdictions: tuple[str, ...] | None) -> Graph:
    """shapes.ttl, with the jurisdiction ids of the served knowledge base as the sh:in of
    bgsh:household-jurisdiction (None: any id; the engine then refuses an unknown one). One per
    thread and per list of ids: a server has one list, tests a few."""
    cache = getattr(_local, "graphs", None)
    if cache is None:
        cache = _local.graphs = {}
    graph = cache.get(jurisdictions)
    if graph is None:
        graph = Graph(store="SimpleMemory")   # no named graphs needed: faster lookups
        graph.parse(data=shapes_text(), format="turtle")
        if jurisdictions is not None:
            _add_jurisdiction_codes(graph, jurisdictions)
        cache[jurisdictions] = graph
    return graph


def _add_jurisdiction_codes(graph: Graph, jurisdictions: tuple[str, ...]) -> None:
    """sh:in ( the ids ) on the household's jurisdiction shape, its message naming them; the ids
    become RDF literals through rdflib, never Turtle text."""
    shape = BGSH["household-jurisdiction"]
    codes = BNode()
    Collection(graph, codes, [Literal(j) for j in jurisdictions])
    graph.add((shape, SH["in"], codes))
    listed = ", ".join(jurisdictions)
    graph.remove((shape, SH.message, None))
    graph.add((shape, SH.message, Literal(f"家庭须且只能有一个 bg:jurisdiction（申请地），取值为 {'、'.join(jurisdictions)} 之一",
                                         lang="zh")))
    graph.add((shape, SH.message, Literal(f"a household needs exactly one bg:jurisdiction, one of {listed}", lang="en")))


def _turbo_is_exact_on(graph: Graph) -> bool:
    """False if graph holds a literal on which the two engines are known to disagree."""
    for o in graph.objects(None, None):
        if not isinstance(o, Literal):
            continue
        if o.ill_typed:
            return False
        if o.datatype in _NUMERIC:
            text = str(o)
            if not _PLAIN_NUMBER.fullmatch(text) or sum(c.isdigit() for c in text) > _MAX_DIGITS:
                return False
    return True


# --- the Rust engine ------------------------------------------------------------------------

def _compiled(jurisdictions: tuple[str, ...] | None) -> pyshacl_turbo.CompiledShapes:
    cache = getattr(_local, "compiled", None)
    if cache is None:
        cache = _local.compiled = {}
    compiled = cache.get(jurisdictions)
    if compiled is None:
        compiled = cache[jurisdictions] = pyshacl_turbo.compile_shapes(_shapes_graph(jurisdictions))
    return compiled


def validate_with_turbo(graph: Graph, jurisdictions: tuple[str, ...] | None = None) -> list[Result]:
    """The shapes' violations in graph, by pyshacl-turbo (raises if it cannot read the graph).

    The compiled shapes' Rust validator is called directly with the graph's triples as term
    records, as `CompiledShapes.validate` calls it, and the report is decoded only when there
    are violations: that method's Python side (the data graph's namespace table, a report graph
    built and bound to every prefix of the shapes even when the household conforms) cost as
    much CPU as the validation itself. pyshacl-turbo is pinned below 0.7 for these internals;
    tests/ingest/test_shacl_differential.py holds the results to pySHACL's."""
    compiled = _compiled(jurisdictions)
    batch = _TermBatch({})
    for s, p, o in graph:
        batch.append(s, p, o)
    conforms, report, _text, _expanded, _recursion = compiled._native.validate(
        (batch.records, batch.quads), "terms", None,
        False, 100, 15,             # iterate_rules, max_rule_iterations, max_validation_depth
        False, False, False, False,  # inplace, allow_infos, allow_warnings, abort_on_first
        [], [], [])                 # focus nodes, shapes, data namespaces: none
    if conforms:
        return []
    return _results(_decode_report(report, compiled._blank_nodes | batch.nodes, preserve_ids=True, report=True))


# --- the oracle -----------------------------------------------------------------------------

def _shapes(jurisdictions: tuple[str, ...] | None = None):
    """pySHACL's harvested shapes, per thread and list of ids (pySHACL is imported on first
    use: it costs about half a second of CLI start-up, and most processes never need it)."""
    from pyshacl.shapes_graph import ShapesGraph
    cache = getattr(_local, "shapes", None)
    if cache is None:
        cache = _local.shapes = {}
    shapes = cache.get(jurisdictions)
    if shapes is None:
        shapes = ShapesGraph(_shapes_graph(jurisdictions), logger=_LOG)
        shapes.shapes   # harvest now, once per thread  # noqa: B018
        cache[jurisdictions] = shapes
    return shapes


def validate_with_pyshacl(graph: Graph, jurisdictions: tuple[str, ...] | None = None) -> list[Result]:
    """The shapes' violations in graph, by pySHACL (the oracle)."""
    from pyshacl.graph_abstraction import DataGraph
    from pyshacl.validator import Validator
    options = dict(_OPTIONS, logger=_LOG)
    if not graph.store.context_aware:    # pySHACL's data graph needs a context-aware store
        copy = Graph()
        for triple in graph:
            copy.add(triple)
        graph = copy
    # The throwaway shapes graph only satisfies the constructor; the harvested one is used.
    validator = Validator(DataGraph.from_rdflib(graph), shacl_graph=Graph(), options=options)
    validator.shacl_graph = _shapes(jurisdictions)
    conforms, report, _ = validator.run()
    return [] if conforms else _results(report)


def _results(report: Graph) -> list[Result]:
    results = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        messages = {}
        for m in report.objects(r, SH.resultMessage):
            if isinstance(m, Literal):
                messages.setdefault(m.language or "", str(m))
        results.append(Result(
            focus=report.value(r, SH.focusNode), path=report.value(r, SH.resultPath),
            value=report.value(r, SH.value), shape=report.value(r, SH.sourceShape),
            component=report.value(r, SH.sourceConstraintComponent), messages=messages))
    return results


def shape_alternatives(shape: Node) -> tuple[URIRef, ...]:
    """The predicates of a property shape whose sh:path is an sh:alternativePath (else ())."""
    g = _shapes_graph(None)
    path = g.value(shape, SH.path)
    alt = g.value(path, SH.alternativePath) if path is not None else None
    if alt is None:
        return ()
    return tuple(p for p in g.items(alt) if isinstance(p, URIRef))
