"""The value ranges restated outside the shapes (kb.core.facts.INTEGER_RANGES, MONEY_RANGE: read
by `binggui screen`'s CSV checks and the API's JSON Schema) are ingest/shapes.ttl's."""
from __future__ import annotations

from rdflib import Graph, Namespace

from ingest.terms import shapes_graph
from kb.core.facts import INPUT_FACTS, INTEGER_RANGES, MONEY, MONEY_RANGE

SH = Namespace("http://www.w3.org/ns/shacl#")


def _ranges(graph: Graph) -> dict[str, tuple[int, int]]:
    """(fact name -> (sh:minInclusive, sh:maxInclusive)) of every shape on a single fact's path."""
    by_term = {spec.rdf_term: name for name, spec in INPUT_FACTS.items()}
    out = {}
    for shape, low in graph.subject_objects(SH.minInclusive):
        high = graph.value(shape, SH.maxInclusive)
        path = graph.value(shape, SH.path)
        term = graph.namespace_manager.normalizeUri(path) if path is not None else None
        if term in by_term:
            out[by_term[term]] = (int(low), int(high))
    return out


def test_the_restated_ranges_are_the_shapes():
    shaped = _ranges(shapes_graph())
    assert {"age", "disability_grade", "rigid_expenditure", "financial_assets"} <= set(shaped)
    assert {n: r for n, r in shaped.items() if INPUT_FACTS[n].type != MONEY} == INTEGER_RANGES
    money = {r for n, r in shaped.items() if INPUT_FACTS[n].type == MONEY}
    assert money == {MONEY_RANGE}
