"""Checks on the parsed graph, each turned into located, bilingual violations.

* `oversized`: one literal or IRI over the size limit (413).
* `unknown_terms`: a bg: term the vocabulary does not define, with a "did you mean" from difflib
  (a typo must not silently turn a fact into "unknown"). JSON keys our context does not define
  fall under the context's @vocab (bg:), so they are caught here too.
* `ill_formed_literals`: a typed literal whose lexical form XSD does not allow (ingest/literals.py).
* `shape_violations`: pySHACL results as violations. The few shapes that use an alternative
  path are expanded into the term actually found, so the caseworker sees `bg:age`, not a path
  expression.
"""
from __future__ import annotations

import difflib
from decimal import Decimal
from functools import lru_cache

from rdflib import RDF, Graph, Literal, Node, URIRef

from .errors import TOO_LARGE, IngestError, violation
from .literals import EXPECTED, well_formed
from .locate import MISSING, Locator, json_iri, json_term_names
from .shacl import shape_alternatives, validate
from .source import MAX_LITERAL_CHARS
from .terms import BG, BGSH, SH, compact, known_classes, known_properties, known_terms, shapes_graph


def _value(node: Node | None, raw, locator: Locator):
    """A JSON-ready value: as written in JSON when we have it, else the literal's lexical form."""
    if raw is not MISSING and not isinstance(raw, (dict, list)):
        return str(raw) if isinstance(raw, Decimal) else raw
    if node is None:
        return None
    if isinstance(node, Literal):
        return str(node)
    return locator.name(node)


def oversized(graph: Graph, locator: Locator) -> None:
    for s, p, o in graph:
        for term in (s, o):
            if len(term) > MAX_LITERAL_CHARS:
                location, _ = locator.locate(s, p if term is o else None)
                raise IngestError.single(
                    TOO_LARGE, f"值长 {len(term)} 个字符，超过上限 {MAX_LITERAL_CHARS}",
                    f"a value of {len(term)} characters is over the limit of {MAX_LITERAL_CHARS}",
                    location=location, node=locator.name(s), path=compact(p),
                    value=str(term)[:40] + "…")


def _suggest(word: str, candidates: list[str]) -> str | None:
    lower = {c.lower(): c for c in candidates}
    if word.lower() in lower:
        return lower[word.lower()]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def _local(iri: str) -> str:
    return iri[len(str(BG)):] if iri.startswith(str(BG)) else iri


@lru_cache(maxsize=None)
def _suggestions() -> tuple[list[str], list[str]]:
    """Local names of the known properties and classes, sorted: the candidates of a suggestion."""
    return sorted(_local(p) for p in known_properties()), sorted(_local(c) for c in known_classes())


def unknown_terms(graph: Graph, locator: Locator) -> list[dict]:
    props, classes = _suggestions()
    terms, properties, known_class = known_terms(), known_properties(), known_classes()
    bg = str(BG)
    out = []

    def report(node, predicate, term: URIRef, candidates: list[str], value):
        key = locator.key_for(node, predicate) if predicate != RDF.type else None
        location, raw = locator.locate(node, predicate, value)
        shown = compact(str(term))
        if key is not None and key != shown:
            # JSON: talk about the key the caseworker wrote, suggest one of our keys.
            guess = _suggest(key, json_term_names())
            zh = f"未知的键 \"{key}\"（{shown}）"
            en = f"unknown key \"{key}\" ({shown})"
            if guess:
                iri = compact(json_iri(guess))
                zh += f"；您是不是想用 \"{guess}\"（{iri}）？"
                en += f"; did you mean \"{guess}\" ({iri})?"
        else:
            guess = _suggest(_local(str(term)), candidates)
            zh, en = f"未知术语 {shown}", f"unknown term {shown}"
            if guess:
                zh += f"；您是不是想用 bg:{guess}？"
                en += f"; did you mean bg:{guess}?"
        out.append(violation(zh, en, location=location, node=locator.name(node),
                             path=compact(str(predicate)), value=_value(value, raw, locator)))

    for s, p, o in graph:
        if p.startswith(bg) and p not in properties:
            report(s, p, p, props, o)
        elif p == RDF.type and isinstance(o, URIRef) and o.startswith(bg) and o not in known_class:
            report(s, p, o, classes, None)
        elif isinstance(o, URIRef) and o.startswith(bg) and o not in terms and p != RDF.type:
            report(s, p, o, props + classes, o)
    return out


def ill_formed_literals(graph: Graph, locator: Locator) -> list[dict]:
    """Each literal whose lexical form its datatype does not allow (ingest/literals.py): the
    shapes would either miss it (`"true"^^xsd:integer` from a JSON `true`) or say only that the
    value breaks the range."""
    out = []
    for s, p, o in graph:
        if not isinstance(o, Literal) or o.datatype not in EXPECTED:
            continue
        location, raw = locator.locate(s, p, o)
        # a JSON string as written (rdflib has normalised the literal); else the literal's form
        written = raw if isinstance(raw, str) else str(o)
        if not well_formed(written, o.datatype):
            zh, en = EXPECTED[o.datatype]
            shown, datatype, text = compact(str(p)), compact(str(o.datatype)), written[:40]
            out.append(violation(f"{shown} 的值 \"{text}\" 不是合法的 {datatype}：须为{zh}",
                                 f"the value \"{text}\" of {shown} is not a valid {datatype}: write {en}",
                                 location=location, node=locator.name(s), path=shown,
                                 value=_value(o, raw, locator)))
    return out


# Shapes whose results need expanding into the offending terms.
_MISPLACED = {BGSH["household-no-person-facts"], BGSH["person-no-household-facts"]}


def _target_terms(shape: URIRef) -> tuple[URIRef, ...]:
    return tuple(shapes_graph().objects(shape, SH.targetSubjectsOf))


def shape_violations(graph: Graph, locator: Locator, jurisdictions: tuple[str, ...] | None = None) -> list[dict]:
    out = []
    for r in validate(graph, jurisdictions):
        zh = r.messages.get("zh") or r.messages.get("en") or r.messages.get("") or str(r.component)
        en = r.messages.get("en") or r.messages.get("") or zh
        if r.shape in _MISPLACED:
            found = [(p, o) for p in shape_alternatives(r.shape) for o in graph.objects(r.focus, p)]
        elif r.shape == BGSH["household-fact-placement"]:
            found = [(p, o) for p in _target_terms(r.shape)
                     for o in graph.objects(r.focus, p)]
        else:
            found = None
        if found:
            for p, o in found:
                location, raw = locator.locate(r.focus, p, o)
                out.append(violation(zh, en, location=location, node=locator.name(r.focus),
                                     path=compact(str(p)), value=_value(o, raw, locator)))
            continue
        if r.shape == BGSH["listed-as-member"]:
            path, predicate = f"^{compact(str(BG.member))}", None
        elif r.shape == BGSH.ProblemNoneShape:
            path, predicate = compact(str(BG.problem)), BG.problem
        elif isinstance(r.path, URIRef):
            path, predicate = compact(str(r.path)), r.path
        else:
            path, predicate = None, None
        value = None if r.value == r.focus else r.value
        location, raw = locator.locate(r.focus, predicate, value)
        out.append(violation(zh, en, location=location, node=locator.name(r.focus), path=path,
                             value=_value(value, raw, locator)))
    return out


def dedupe(violations: list[dict], order) -> list[dict]:
    """Drop repeats (one value can break several constraints of one shape); stable order."""
    seen, out = set(), []
    for v in violations:
        key = (v["location"], v["node"], v["path"], str(v["value"]), v["message"]["en"])
        if key not in seen:
            seen.add(key)
            out.append(v)
    return sorted(out, key=order)
