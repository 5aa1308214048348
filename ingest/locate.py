"""Where things are: document order of nodes, stable names for blank nodes, JSON paths.

RDF graphs are unordered and blank nodes have random labels, but a caseworker needs members in
the order listed, the same ids on every read, and errors that point into their document. A
`Locator` answers those questions for one parsed document: `TurtleLocator` from the order the
parser added triples, `JsonLocator` from the JSON path recorded for each node object.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from rdflib import RDF, BNode, Graph, Node, URIRef

from .terms import BG, local_context

MISSING = object()   # "no raw value found" (None is a JSON value)

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def child_path(path: str, key: str | int) -> str:
    """JSON path of a member: `$.members[1]`, `$["@graph"][0]`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if _IDENT.match(key) else f"{path}[{json.dumps(key, ensure_ascii=False)}]"


class OrderedGraph(Graph):
    """A Graph that remembers the order in which nodes first appear (the document's order).

    Its store is rdflib's SimpleMemory: a household document has no named graphs, and the
    default store's bookkeeping of contexts made adding and matching triples about twice as
    slow (a third of the Turtle read). Both keep a subject's objects in insertion order."""

    def __init__(self, store="SimpleMemory", **kwargs):
        super().__init__(store=store, **kwargs)
        self.first_seen: dict[Node, int] = {}

    def add(self, triple):
        s, _, o = triple
        seen = self.first_seen
        if s not in seen:
            seen[s] = len(seen)
        if o not in seen:
            seen[o] = len(seen)
        return super().add(triple)

    def add_all(self, triples) -> None:
        """Add rdflib triples in order (a parser's output): `add` without a call per triple."""
        seen, store = self.first_seen, self.store
        for triple in triples:
            s, _, o = triple
            if s not in seen:
                seen[s] = len(seen)
            if o not in seen:
                seen[o] = len(seen)
            store.add(triple, self, quoted=False)


class Locator:
    """Base: order by first appearance; locations are node names."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.names: dict[Node, str] = {}
        self._other_blank_nodes = 0

    # -- order -----------------------------------------------------------------------------
    def order(self, node: Node) -> int:
        return getattr(self.graph, "first_seen", {}).get(node, 1 << 30)

    def members(self, household: Node) -> list[Node]:
        """Members in the order listed (rdflib keeps a subject's objects in insertion order)."""
        return list(self.graph.objects(household, BG.member))

    def income_items(self, household: Node) -> list[Node]:
        return list(self.graph.objects(household, BG.incomeItem))

    # -- names -----------------------------------------------------------------------------
    def name_nodes(self, households: list[Node]) -> None:
        """Stable ids: IRIs as they are; blank nodes by role, e.g. `_:household1-member2`."""
        for i, h in enumerate(households, 1):
            self._name(h, f"_:household{i}")
            for k, m in enumerate(self.members(h), 1):
                self._name(m, f"_:household{i}-member{k}")
            for k, item in enumerate(self.income_items(h), 1):
                self._name(item, f"_:household{i}-income{k}")

    def _name(self, node: Node, blank_name: str) -> str:
        if node not in self.names:
            self.names[node] = blank_name if isinstance(node, BNode) else str(node)
        return self.names[node]

    def name(self, node: Node | None) -> str | None:
        if node is None:
            return None
        if node in self.names:
            return self.names[node]
        if isinstance(node, BNode):      # neither household, member nor income item
            self._other_blank_nodes += 1
            return self._name(node, f"_:b{self._other_blank_nodes}")
        return str(node)

    # -- locations -------------------------------------------------------------------------
    def locate(self, node: Node | None, predicate: URIRef | None = None, value: Node | None = None):
        """(location, raw value as written or MISSING). Turtle: the node's name."""
        return self.name(node), MISSING

    def key_for(self, node, predicate) -> str | None:
        return None


class TurtleLocator(Locator):
    """Turtle: order from `OrderedGraph.first_seen`, members as listed, locations are nodes."""


@lru_cache(maxsize=None)
def _context_terms() -> tuple[dict[str, str], dict[str, str], str | None]:
    """(term -> IRI, prefix -> namespace, @vocab) of our published context."""
    ctx = local_context()["@context"]
    prefixes = {k: v for k, v in ctx.items()
                if isinstance(v, str) and not k.startswith("@") and v.endswith(("#", "/"))}

    def expand(iri: str) -> str:
        head, sep, tail = iri.partition(":")
        return prefixes[head] + tail if sep and head in prefixes else iri

    terms = {}
    for k, v in ctx.items():
        if k.startswith("@") or k in prefixes:
            continue
        iri = v if isinstance(v, str) else v.get("@id") if isinstance(v, dict) else None
        if isinstance(iri, str) and not iri.startswith("@"):
            terms[k] = expand(iri)
    return terms, prefixes, ctx.get("@vocab")


def json_iri(term: str) -> str:
    """The IRI a key of our context stands for (bg:<term> under @vocab)."""
    return _context_terms()[0].get(term, str(BG) + term)


def json_term_names() -> list[str]:
    return list(_context_terms()[0])


def expand_key(key: str) -> str:
    """What a JSON key means under our context (its IRI), '@type' for type keys."""
    terms, prefixes, vocab = _context_terms()
    if key in ("@type", "type"):
        return str(RDF.type)
    if key in terms:
        return terms[key]
    head, sep, tail = key.partition(":")
    if sep:
        return prefixes[head] + tail if head in prefixes else key
    return (vocab or "") + key


def _raw_text(raw) -> str:
    if isinstance(raw, dict) and "@value" in raw:
        raw = raw["@value"]
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)


class JsonLocator(Locator):
    """Locations as JSON paths, order as in the JSON text."""

    def __init__(self, paths: dict[Node, str], objects: dict[str, dict]):
        super().__init__(Graph())
        self.paths = paths
        self.objects = objects
        self._rank = {p: i for i, p in enumerate(objects)}

    def bind(self, graph: Graph) -> "JsonLocator":
        self.graph = graph
        return self

    def order(self, node: Node) -> int:
        path = self.paths.get(node)
        return self._rank.get(path, 1 << 30) if path is not None else 1 << 30

    def members(self, household: Node) -> list[Node]:
        return sorted(self.graph.objects(household, BG.member), key=self.order)

    def income_items(self, household: Node) -> list[Node]:
        return sorted(self.graph.objects(household, BG.incomeItem), key=self.order)

    def path_of(self, node: Node) -> str | None:
        return self.paths.get(node)

    def locate(self, node, predicate=None, value=None):
        path = self.paths.get(node)
        if path is None:
            return self.name(node), MISSING
        if predicate is None:
            return path, MISSING
        obj = self.objects.get(path, {})
        want = str(predicate)
        for key, raw in obj.items():
            if key == "@context" or expand_key(key) != want:
                continue
            kpath = child_path(path, key)
            if isinstance(raw, list):
                if value is not None:
                    text = _raw_text(value) if not isinstance(value, Node) else str(value)
                    for i, item in enumerate(raw):
                        if not isinstance(item, (dict, list)) or (isinstance(item, dict) and "@value" in item):
                            if _raw_text(item) == text:
                                return f"{kpath}[{i}]", item
                return kpath, MISSING
            if isinstance(raw, dict) and "@value" not in raw:
                return kpath, MISSING
            return kpath, raw
        return path, MISSING

    def key_for(self, node, predicate) -> str | None:
        """The JSON key on node's object that stands for predicate, if any."""
        path = self.paths.get(node)
        obj = self.objects.get(path, {}) if path is not None else {}
        want = str(predicate)
        return next((k for k in obj if k != "@context" and expand_key(k) == want), None)
