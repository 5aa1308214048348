"""Turtle text -> rdflib Graph, with syntax errors located as `line:col`.

Parsed by pyoxigraph (Rust) and its triples added to the rdflib graph in document order: about
3x faster than rdflib's own Turtle parser on a household (measured in benchmarks/run.py). Any
document pyoxigraph refuses, or that uses what rdflib's terms cannot hold (RDF 1.2 triple
terms, directional language tags) or a collection, is parsed by rdflib instead, exactly as before: its errors
(the located `line:col` messages below) and its leniencies stay what they were.
tests/ingest/test_turtle_parsers.py holds the two parsers to the same graphs.

rdflib's Turtle parser reports a `BadSyntax` whose attributes give the line and the offset of
the failure in the text it was fed; we turn those into a 1-based `line:col` and a short reason.
Its other failures (IndexError, ValueError on a mangled term) are located from the parser's own
frames and reported without the Python message.
Relative IRIs resolve against a fixed base (terms.INPUT_BASE), never the working directory.
"""
from __future__ import annotations

import re

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax, RDFSink, SinkParser

from .errors import MALFORMED, IngestError
from .literals import well_formed
from .source import line_col
from .terms import INPUT_BASE

_REASON = re.compile(r"Bad syntax \((.*?)\) at \^", re.S)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_FIRST = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")


class _NotForRdflib(Exception):
    """pyoxigraph read a term rdflib's graph cannot hold as rdflib would have parsed it."""


def parse_turtle(text: str, graph: Graph | None = None) -> Graph:
    """Parse into graph (a new Graph by default); 400 with `line:col` on a syntax error."""
    graph = Graph() if graph is None else graph
    triples = _fast_triples(text)
    if triples is not None:
        add_all = getattr(graph, "add_all", None)
        if add_all is not None:
            add_all(triples)
        else:
            for triple in triples:
                graph.add(triple)
        return graph
    return parse_turtle_with_rdflib(text, graph)


# rdflib terms made from pyoxigraph's, kept across documents: IRIs and literals are immutable
# values, and most of a household's (its predicates, classes, datatypes, codes, small numbers)
# recur in every document; building them (IRI validation, a literal's Python value) was half of
# the conversion. Bounded: emptied when full.
_TERMS: dict = {}
_MAX_TERMS = 10_000


def _fast_triples(text: str) -> list[tuple] | None:
    """The document's triples in order, read by pyoxigraph; None if rdflib must read it."""
    blank: dict[str, BNode] = {}
    known = _TERMS
    if len(known) > _MAX_TERMS:
        known.clear()

    def term(t):
        kind = type(t)
        if kind is pyoxigraph.NamedNode:
            key = t.value
            node = known.get(key)
            if node is None:
                node = known[key] = URIRef(key)
            return node
        if kind is pyoxigraph.BlankNode:
            node = blank.get(t.value)
            if node is None:
                node = blank[t.value] = BNode()
            return node
        if kind is pyoxigraph.Literal and t.direction is None:
            key = (t.value, t.language, t.datatype.value)
            node = known.get(key)
            if node is None:
                node = known[key] = _literal(t)
            return node
        raise _NotForRdflib(kind.__name__)

    try:
        triples = [(term(q.subject), term(q.predicate), term(q.object))
                   for q in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE, base_iri=INPUT_BASE)]
    except (SyntaxError, ValueError, _NotForRdflib):
        return None
    # rdflib adds a collection's nodes in another order (and the order of first appearance
    # orders households, members and violations); no household term takes a list anyway.
    if any(p == _RDF_FIRST for _, p, _ in triples):
        return None
    return triples


def _literal(t: pyoxigraph.Literal) -> Literal:
    if t.language:
        return Literal(t.value, lang=t.language)
    datatype = t.datatype.value
    if datatype == _XSD_STRING:
        return Literal(t.value)
    datatype = URIRef(datatype)
    # a well-formed value normalised as rdflib's own parser does ("040" -> "40"); an ill-formed
    # one kept as written ("1e5"^^xsd:decimal, which rdflib would read as 100000), to be refused
    return Literal(t.value, datatype=datatype, normalize=None if well_formed(t.value, datatype) else False)


class _WrittenFormSink(RDFSink):
    """rdflib's Turtle sink, keeping an ill-formed typed literal as written, as `_literal` does
    (rdflib would read "1e5"^^xsd:decimal as 100000): either parser builds the same graph."""

    def newLiteral(self, s: str, dt, lang) -> Literal:
        if dt is not None and not well_formed(s, dt):
            return Literal(s, datatype=dt, normalize=False)
        return super().newLiteral(s, dt, lang)


def parse_turtle_with_rdflib(text: str, graph: Graph) -> Graph:
    """rdflib's Turtle parser: what every document not read by pyoxigraph goes through. It is
    rdflib's own (`Graph.parse(format="turtle")` does the same three steps) but for the sink."""
    try:
        parser = SinkParser(_WrittenFormSink(graph), baseURI=graph.absolutize(INPUT_BASE), turtle=True)
        parser.loadBuf(text)
        for prefix, namespace in parser._bindings.items():
            graph.bind(prefix, namespace)
    except RecursionError:
        raise IngestError.single(MALFORMED, "Turtle 嵌套过深", "the Turtle document nests too deeply") from None
    except BadSyntax as e:
        location, reason = _locate(text, e)
        raise IngestError.single(
            MALFORMED, f"Turtle 语法错误：{reason}", f"Turtle syntax error: {reason}",
            location=location) from None
    except Exception as e:  # rdflib's parser also fails with IndexError, ValueError, ... on bad input
        # Their messages are Python internals ("list index out of range"): say what we know,
        # where the parser was, found in its own frames.
        location = _parser_position(text, e.__traceback__)
        reason = "a term here cannot be read (check its quotes, ^^ datatype, escapes and IRI brackets)"
        raise IngestError.single(
            MALFORMED, f"Turtle 语法错误：{reason}", f"Turtle syntax error: {reason}",
            location=location) from None
    return graph


def _parser_position(text: str, tb) -> str | None:
    """`line:col` of the innermost position of rdflib's Turtle parser in a traceback: its
    methods take the text as `argstr` and the offset as `i`."""
    position = None
    while tb is not None:
        frame_locals = tb.tb_frame.f_locals
        fed, offset = frame_locals.get("argstr"), frame_locals.get("i")
        if isinstance(fed, str) and isinstance(offset, int) and fed == text:
            position = offset
        tb = tb.tb_next
    return line_col(text, position) if position is not None and position >= 0 else None


def _locate(text: str, error: Exception) -> tuple[str | None, str]:
    """(`line:col` or None, reason) for an rdflib parse error."""
    message = str(error)
    m = _REASON.search(message)
    reason = (m.group(1) if m else (getattr(error, "_why", None) or message)).strip()
    reason = reason.splitlines()[0][:300] if reason else type(error).__name__
    fed, offset, lines = getattr(error, "_str", None), getattr(error, "_i", None), getattr(error, "lines", None)
    if isinstance(fed, (bytes, bytearray)) and isinstance(offset, int):
        # rdflib works on UTF-8 bytes: turn the byte offset into a character offset.
        fed = bytes(fed)
        offset = len(fed) if offset < 0 else offset
        offset = len(fed[:offset].decode("utf-8", "replace"))
        fed = fed.decode("utf-8", "replace")
    if isinstance(fed, str) and isinstance(offset, int):
        if offset < 0:          # rdflib's "at end of input"
            offset = len(fed)
        # The parser is fed the whole document at once, so the offset is into the full text;
        # if it ever fed a fragment, fall back to the line number it reports.
        if fed == text or (isinstance(lines, int) and text.count("\n", 0, offset) == lines):
            return line_col(fed, offset), reason
        if isinstance(lines, int):
            col = offset - (fed.rfind("\n", 0, offset) + 1) + 1
            return f"{lines + 1}:{col}", reason
    if isinstance(lines, int):
        return f"{lines + 1}:1", reason
    return None, reason
