"""pyoxigraph (the fast path of ingest.turtle) against rdflib's Turtle parser: the same graphs.

Where pyoxigraph reads a document, its graph must be the one rdflib would have built: the same
triples (term for term: lexical forms, datatypes, language tags), blank nodes matched
one-to-one, nodes first seen in the same order, and the same household read from it. Where it
does not, rdflib parses (and locates the error) as before.
"""
from __future__ import annotations

import pytest
from rdflib import BNode
from rdflib.compare import isomorphic

from ingest import IngestError, read_household
from ingest import turtle
from ingest.locate import OrderedGraph
from ingest_helpers import EXAMPLES, PREFIXES, TTL_MIN
from kb.compile.compiler import default_rulebase
from kb.testing.generate import generate, to_turtle
from test_ingest_malformed import CASES, TURTLE
from test_shacl_differential import DEFAULTS, EDGES, HOUSEHOLD

EXTRA = [
    PREFIXES + '<urn:h:1> a bg:Household ; bg:jurisdiction "daye" ; bg:assessmentDate "2025-06-01"^^xsd:date ;\n'
    '  bg:member [ bg:age 040 ; bg:relationToApplicant "applicant"@en ; bg:note """多行\n文字""" ] ,\n'
    '  [ bg:age -0 ; bg:married "true"^^xsd:boolean ] ;\n'
    '  bg:incomeItem [ bg:incomeType "wage" ; bg:amount 1.50 ], [ bg:amount 1e3 ; bg:incomeType "farm" ] .\n',
    "@base <https://example.org/x/> .\n" + PREFIXES + "<#h> a bg:Household ; bg:member <p/1>, _:p2 .\n_:p2 bg:age 3 .\n",
    PREFIXES + '<urn:h:1> bg:problem ( "a" "b" ) ; bg:note "tab\\tquote\\"\\u00e9\\U0001F600" .\n',
]


def _generated() -> list[str]:
    rb = default_rulebase()
    return [to_turtle(h) for jid in sorted(rb.jurisdictions) for h in generate(rb.jurisdictions[jid], 10, seed=99)]


DOCUMENTS = ([p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.ttl"))]
             + [c.body for c in CASES if c.media_type == TURTLE and isinstance(c.body, str)]
             + [HOUSEHOLD.format(**dict(DEFAULTS, **{f: v})) for f, vs in EDGES.items() for v in vs]
             + EXTRA + _generated())


def _first_seen_order(graph: OrderedGraph) -> list:
    """Nodes in first-seen order, blank nodes as one placeholder (isomorphism matches them)."""
    return [n if not isinstance(n, BNode) else "_:" for n in sorted(graph.first_seen, key=graph.first_seen.get)]


@pytest.mark.parametrize("index", range(len(DOCUMENTS)))
def test_pyoxigraph_builds_the_graph_rdflib_builds(index):
    text = DOCUMENTS[index]
    fast = turtle._fast_triples(text)
    try:
        slow = turtle.parse_turtle_with_rdflib(text, OrderedGraph())
    except IngestError:
        assert fast is None, "pyoxigraph read a document rdflib refuses"
        return
    if fast is None:            # rdflib's leniency (or a term rdflib holds differently): it parses
        return
    graph = OrderedGraph()
    for triple in fast:
        graph.add(triple)
    assert len(graph) == len(slow)
    assert isomorphic(graph, slow)
    assert _first_seen_order(graph) == _first_seen_order(slow)


def test_most_documents_take_the_fast_path():
    fast = sum(turtle._fast_triples(text) is not None for text in DOCUMENTS)
    assert fast >= 0.8 * len(DOCUMENTS)


@pytest.mark.parametrize("text", _generated()[::7] + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.ttl"))])
def test_the_household_read_is_the_same_from_either_parser(text, monkeypatch):
    fast = read_household(text, "text/turtle")
    monkeypatch.setattr(turtle, "_fast_triples", lambda text: None)
    assert read_household(text, "text/turtle") == fast


def test_a_syntax_error_is_still_located_by_rdflib():
    with pytest.raises(IngestError) as err:
        read_household(TTL_MIN + "<urn:p:1> bg:age .\n", "text/turtle")
    assert err.value.status == 400 and err.value.violations[0]["location"].startswith("8:")


def test_terms_kept_across_documents_are_bounded_and_build_the_same_graphs(monkeypatch):
    """ingest.turtle keeps the rdflib terms it made for the next documents: a document read with
    the kept terms, or after they were emptied, gives the graph rdflib builds; the store stays
    under its bound."""
    monkeypatch.setattr(turtle, "_MAX_TERMS", 50)
    texts = [t for t in DOCUMENTS if turtle._fast_triples(t) is not None][:40]
    for text in texts + texts:
        slow = turtle.parse_turtle_with_rdflib(text, OrderedGraph())
        fast = turtle.parse_turtle(text, OrderedGraph())
        assert isomorphic(fast, slow) and _first_seen_order(fast) == _first_seen_order(slow)
        assert len(turtle._TERMS) <= 50 + len(fast) * 3
