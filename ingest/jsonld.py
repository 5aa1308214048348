"""JSON-LD text -> rdflib Graph, offline, with every node's JSON path remembered.

* JSON syntax errors are located `line:col` (json.JSONDecodeError); duplicate keys, NaN and
  over-long strings are refused with their JSON path (`$.members[1].age`).
* Numbers are read as Decimal, never float: a number with a fraction or exponent becomes an
  explicit xsd:decimal value with its exact lexical form, so money stays exact and an age of
  45.5 is reported rather than rounded.
* `@context` is never fetched. The published context URL (terms.CONTEXT_URL) is replaced by the
  local copy; any other remote context (or `@import`) is refused with a 400. As a second guard,
  rdflib's context cache is replaced by one that refuses every URL it is asked for.
* A document without `@context` (plain JSON, as a caseworker's form sends it) gets ours.
* Each node object gets a marker property holding its JSON path before rdflib sees it; after
  parsing, the markers are read into a `JsonLocator` (node -> path, document order) and removed,
  so violations can point back into the JSON.
"""
from __future__ import annotations

import copy
import json
import re
from datetime import date
from decimal import Decimal

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.plugins.parsers.jsonld import Parser
from rdflib.plugins.shared.jsonld.context import Context

from .errors import MALFORMED, TOO_LARGE, IngestError
from .locate import JsonLocator, child_path
from .source import MAX_LITERAL_CHARS
from .terms import CONTEXT_URL, INPUT_BASE, local_context

XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
PATH_MARKER = "urn:x-binggui:json-path"   # an absolute IRI: no context can redefine it
# Addresses under which documents may name our context (all served from the local file).
PUBLISHED_CONTEXTS = {CONTEXT_URL, CONTEXT_URL.replace("https://", "http://", 1)}

# Keys whose values are not node objects (and so get no path marker).
_NOT_NODE_CONTAINERS = {"@context", "@reverse", "@value", "@type", "@id", "@language",
                        "@index", "@direction", "@nest"}


# the Python value rdflib reads from a well-formed lexical form of each datatype the vocabulary uses
_READ_AS = {XSD.integer: int, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date}

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _Object(dict):
    """A JSON object that remembers keys given twice (json keeps only the last)."""
    duplicates: tuple[str, ...] = ()


def _pairs(pairs):
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen, dups = set(), []
        for k, _ in pairs:
            if k in seen:
                dups.append(k)
            seen.add(k)
        obj.duplicates = tuple(dups)
    return obj


def _no_constant(name):
    raise ValueError(f"{name} is not a JSON number")


# Integers longer than this stay exact Decimals (read as xsd:decimal): the shapes then refuse
# them with their JSON path (money is at most 10^12 yuan, an age at most 130), and Python's
# int-from-string digit limit is never reached.
MAX_INT_DIGITS = 30


def _int(digits: str):
    return int(digits) if len(digits) <= MAX_INT_DIGITS else Decimal(digits)


def load_json(text: str):
    try:
        return json.loads(text, parse_float=Decimal, parse_int=_int, parse_constant=_no_constant,
                          object_pairs_hook=_pairs)
    except json.JSONDecodeError as e:
        raise IngestError.single(MALFORMED, f"JSON 语法错误：{e.msg}", f"JSON syntax error: {e.msg}",
                                 location=f"{e.lineno}:{e.colno}") from None
    except RecursionError:
        raise IngestError.single(MALFORMED, "JSON 嵌套过深", "the JSON nests too deeply") from None
    except ValueError as e:   # only _no_constant raises it: NaN, Infinity, -Infinity
        raise IngestError.single(MALFORMED, f"JSON 数值无效：{e}", f"invalid JSON number: {e}") from None


def _refuse_remote(url, path: str):
    raise IngestError.single(
        MALFORMED,
        f"不读取远程 @context：{url}；请使用 {CONTEXT_URL}（本地提供）或内联 @context",
        f"remote @context {url} is not fetched; use {CONTEXT_URL} (served locally) "
        f"or an inline @context", location=path, value=str(url))


def _our_context() -> dict:
    return copy.deepcopy(local_context()["@context"])


def _resolve_context(ctx, path: str):
    """A context with every reference to a remote document replaced or refused."""
    if isinstance(ctx, str):
        if ctx in PUBLISHED_CONTEXTS:
            return _our_context()
        _refuse_remote(ctx, path)
    if isinstance(ctx, list):
        return [_resolve_context(c, child_path(path, i)) for i, c in enumerate(ctx)]
    if isinstance(ctx, dict):
        out = {}
        if "@import" in ctx:
            url = ctx["@import"]
            if url not in PUBLISHED_CONTEXTS:
                _refuse_remote(url, child_path(path, "@import"))
            out.update(_our_context())
        for key, value in ctx.items():
            if key == "@import":
                continue
            if isinstance(value, dict) and "@context" in value:   # scoped context
                value = dict(value)
                value["@context"] = _resolve_context(value["@context"],
                                                     child_path(child_path(path, key), "@context"))
            out[key] = _plain(value, child_path(path, key))
        return out
    return ctx


def _plain(value, path: str):
    """Context values: Decimal back to float (e.g. "@version": 1.1), strings size-checked."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        _check_string(value, path)
    if isinstance(value, dict):
        return {k: _plain(v, child_path(path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, child_path(path, i)) for i, v in enumerate(value)]
    return value


def _check_string(s: str, path: str) -> None:
    if _LONE_SURROGATE.search(s):
        # "\ud800" escapes a half of a UTF-16 pair: no character, and no UTF-8 to answer with.
        raise IngestError.single(MALFORMED, "字符串含有不成对的 UTF-16 代理项（如 \\ud800），不是字符",
                                 "a string holds an unpaired UTF-16 surrogate escape (such as \\ud800), "
                                 "which is not a character", location=path)
    if len(s) > MAX_LITERAL_CHARS:
        raise IngestError.single(
            TOO_LARGE, f"值长 {len(s)} 个字符，超过上限 {MAX_LITERAL_CHARS}",
            f"a value of {len(s)} characters is over the limit of {MAX_LITERAL_CHARS}",
            location=path, value=s[:40] + "…")


class _Walker:
    """Rewrites the parsed JSON for rdflib and records where each node object is."""

    def __init__(self):
        self.objects: dict[str, dict] = {}     # JSON path -> node object, in document order

    def value(self, v, path: str, node_position: bool):
        if isinstance(v, dict):
            return self.obj(v, path, node_position)
        if isinstance(v, list):
            return [self.value(x, child_path(path, i), node_position) for i, x in enumerate(v)]
        if isinstance(v, str):
            _check_string(v, path)
            return v
        if isinstance(v, Decimal) and v.is_finite() and v == v.to_integral_value() and v.adjusted() < MAX_INT_DIGITS:
            # 117.0 is the integer 117, as JSON Schema says too (an age may be written so)
            return int(v)
        if isinstance(v, Decimal):
            # An exact xsd:decimal lexical form (1e3 -> "1000"); rdflib would go through float.
            # source.check_numbers has refused exponents that would make this enormous.
            return {"@value": format(v, "f"), "@type": XSD_DECIMAL}
        return v

    def obj(self, o: dict, path: str, node_position: bool):
        if getattr(o, "duplicates", ()):
            dup = o.duplicates[0]
            raise IngestError.single(MALFORMED, f"JSON 对象中键 \"{dup}\" 重复",
                                     f"the key \"{dup}\" appears twice in one JSON object",
                                     location=child_path(path, dup))
        is_node = (node_position and "@value" not in o and "@list" not in o
                   and "@set" not in o and "@graph" not in o)
        if is_node:
            self.objects[path] = o          # before the children: document (pre-)order
        out = {}
        for key, v in o.items():
            _check_string(key, path)
            kpath = child_path(path, key)
            if key == "@context":
                out[key] = _resolve_context(v, kpath)
            elif key == "@reverse" and isinstance(v, dict):
                out[key] = {k: self.value(x, child_path(kpath, k), True) for k, x in v.items()}
            elif key in _NOT_NODE_CONTAINERS:
                out[key] = self.value(v, kpath, False)
            else:
                # Values of properties, @graph, @list, @set and @included may be nodes.
                out[key] = self.value(v, kpath, True)
        if is_node:
            out[PATH_MARKER] = path
        return out


class _NoFetchCache(dict):
    """Stands in for rdflib's context cache: any context URL it is asked for is refused."""

    def __contains__(self, url):
        return True

    def __getitem__(self, url):
        _refuse_remote(url, "@context")


def _node_in_traceback(tb) -> str | None:
    """The JSON path of the innermost node object rdflib's parser was reading (its marker)."""
    found = None
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            if isinstance(value, dict) and isinstance(value.get(PATH_MARKER), str):
                found = value[PATH_MARKER]
        tb = tb.tb_next
    return found


def parse_jsonld(text: str, max_nodes: int | None = None) -> tuple[Graph, JsonLocator]:
    """`max_nodes`: refuse (413) a document with more node objects than that before rdflib's
    JSON-LD parser (the slow step) sees it."""
    doc = load_json(text)
    if not isinstance(doc, (dict, list)):
        raise IngestError.single(MALFORMED, "JSON-LD 文档必须是对象或数组",
                                 "a JSON-LD document must be an object or an array", location="$")
    # Plain JSON (no @context) is read with our context.
    if isinstance(doc, list):
        doc = {"@context": CONTEXT_URL, "@graph": doc}
    elif "@context" not in doc:
        wrapped = _Object({"@context": CONTEXT_URL, **doc})
        wrapped.duplicates = getattr(doc, "duplicates", ())
        doc = wrapped
    walker = _Walker()
    prepared = walker.value(doc, "$", True)
    if max_nodes is not None and len(walker.objects) > max_nodes:
        n = len(walker.objects)
        raise IngestError.single(
            TOO_LARGE, f"文档有 {n} 个节点对象，超过一个家庭（含成员和收入项）可有的上限 {max_nodes}",
            f"the document has {n} node objects, more than one household with its members and "
            f"income items can have ({max_nodes})", location="$", value=n)

    # A plain (not context-aware) graph: rdflib then merges named graphs, if any, into it.
    graph = Graph()
    context = Context(base=INPUT_BASE, version=1.1)
    context._context_cache = _NoFetchCache()   # never fetch, whatever rdflib tries
    try:
        Parser(generalized_rdf=False).parse(prepared, context, graph)
    except IngestError:
        raise
    except RecursionError:
        raise IngestError.single(MALFORMED, "JSON-LD 嵌套过深", "the JSON-LD nests too deeply") from None
    except (TypeError, AttributeError, KeyError, IndexError) as e:
        # rdflib meets a keyword with a value of the wrong kind ({"@context": 1}, {"@type": 3})
        # with a Python error whose text is an internal ("'int' object has no attribute
        # 'items'"): name the node object it was reading instead.
        where = _node_in_traceback(e.__traceback__) or "$"
        raise IngestError.single(
            MALFORMED, "JSON-LD 无效：此处某个 JSON-LD 关键字（@context、@id、@type、@value、@list 等）的值类型不对",
            "invalid JSON-LD: a JSON-LD keyword here (@context, @id, @type, @value, @list, …) has a value "
            "of the wrong kind", location=where) from None
    except Exception as e:   # rdflib's own JSON-LD errors (ValueError and kin) say what is wrong
        reason = str(e).splitlines()[0][:300] if str(e) else type(e).__name__
        where = _node_in_traceback(e.__traceback__) or "$"
        raise IngestError.single(MALFORMED, f"JSON-LD 无效：{reason}", f"invalid JSON-LD: {reason}",
                                 location=where) from None

    # Read and drop the path markers; re-read JSON values under typed keys from their text.
    rank = {p: i for i, p in enumerate(walker.objects)}
    paths: dict = {}
    marker = URIRef(PATH_MARKER)
    for s, p, o in list(graph):
        if p == marker:
            graph.remove((s, p, o))
            path = str(o)
            # A node written in several places is located where it first appears.
            if s not in paths or rank.get(path, 1 << 30) < rank.get(paths[s], 1 << 30):
                paths[s] = path
        elif isinstance(o, Literal) and o.datatype in _READ_AS and type(o.value) is not _READ_AS[o.datatype]:
            # rdflib keeps a JSON value under a typed key as the Python value it was (1000 under
            # xsd:decimal an int, `true` under xsd:integer a bool, 1 under xsd:boolean an int),
            # which the two SHACL engines then judge differently; read from its lexical form,
            # as the same text in a string is (ingest.checks then refuses "true"^^xsd:integer).
            graph.remove((s, p, o))
            graph.add((s, p, Literal(str(o), datatype=o.datatype)))
    return graph, JsonLocator(paths, walker.objects).bind(graph)
