"""Read household documents (Turtle or JSON-LD) into `kb.core.facts.Household` values.

The pipeline, each step refusing with a located `IngestError` before the next runs:
media type (415) -> size and encoding (413/400) -> nesting depth (400) -> parse (400) ->
statements and value sizes (413) -> find households (422: none, or several in a single read) ->
members and income items per household (413) ->
unknown bg: terms + SHACL shapes (422) -> typed facts.

Nothing else may escape: any unexpected exception while parsing is a 400 and afterwards a 422,
both logged, because a caseworker's document must never produce a server error.
"""
from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

from rdflib import RDF, BNode, Graph, Literal, Node

from kb.core.facts import Household

from . import checks
from .errors import INVALID, MALFORMED, MAX_VIOLATIONS, TOO_LARGE, IngestError, shorten, violation
from .extract import to_household
from .jsonld import parse_jsonld
from .locate import Locator, OrderedGraph, TurtleLocator
from .turtle import parse_turtle
from .source import (DEFAULT_MAX_BYTES, DEFAULT_MAX_INCOME_ITEMS, DEFAULT_MAX_MEMBERS, MAX_STATEMENTS, TURTLE,
                     check_depth, check_numbers, decode, syntax_for)
from .terms import BG, compact, household_markers

_LOG = logging.getLogger("ingest")


class _QuietIllTypedLiterals(logging.Filter):
    """rdflib logs a traceback for every ill-typed literal ("abc"^^xsd:decimal); the shapes
    report those to the caller, so the server log need not repeat them."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_QuietIllTypedLiterals())
warnings.filterwarnings("ignore", message="Parsing weird boolean", category=UserWarning)


def read_household(data: bytes | str, media_type: str, *, jurisdiction: str | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES, max_members: int = DEFAULT_MAX_MEMBERS,
                   max_income_items: int = DEFAULT_MAX_INCOME_ITEMS,
                   jurisdictions: tuple[str, ...] | None = None) -> Household:
    """The one household in a document; 422 if there is none or more than one.

    `jurisdiction`, when given, overrides the document's bg:jurisdiction (e.g. the API's
    `?jurisdiction=`), and then the document need not state one. `jurisdictions`: the ids the
    caller's knowledge base has (the shapes' sh:in for bg:jurisdiction); None accepts any id.
    A household listing more than `max_members` members or `max_income_items` income items is
    refused (413) before the shapes run.
    """
    limits = Limits(max_bytes, max_members, max_income_items)
    return _read(data, media_type, jurisdiction, limits, single=True, jurisdictions=jurisdictions)[0]


def read_households(data: bytes | str, media_type: str, *, jurisdiction: str | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES, max_members: int = DEFAULT_MAX_MEMBERS,
                    max_income_items: int = DEFAULT_MAX_INCOME_ITEMS,
                    max_statements: int | None = None,
                    jurisdictions: tuple[str, ...] | None = None) -> list[Household]:
    """Every household in a document, in document order (422 if there is none).
    `max_statements`: triples allowed in the document (default MAX_STATEMENTS; a batch file
    of many households may pass a larger one). `jurisdictions` as for read_household."""
    limits = Limits(max_bytes, max_members, max_income_items, max_statements or MAX_STATEMENTS)
    return _read(data, media_type, jurisdiction, limits, single=False, jurisdictions=jurisdictions)


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_members: int
    max_income_items: int
    max_statements: int = MAX_STATEMENTS


def _read(data, media_type, jurisdiction, limits: Limits, single, jurisdictions=None) -> list[Household]:
    stage = MALFORMED
    jurisdictions = None if jurisdictions is None else tuple(jurisdictions)
    try:
        syntax = syntax_for(media_type)
        _check_jurisdiction_argument(jurisdiction, jurisdictions)
        text = decode(data, limits.max_bytes)
        check_depth(text, syntax)
        check_numbers(text)
        # One household: its node, each member and income item, each possibly written twice in
        # JSON-LD (a reference and a description); more node objects cannot all be needed.
        max_nodes = 2 * (1 + limits.max_members + limits.max_income_items) if single else None
        graph, locator = _parse(text, syntax, max_nodes)
        stage = INVALID
        _check_statements(graph, limits.max_statements)
        checks.oversized(graph, locator)
        households = find_households(graph, locator)
        _check_count(households, locator, single)
        locator.name_nodes(households)
        _check_sizes(households, locator, limits)
        if jurisdiction is not None:
            for h in households:
                graph.remove((h, BG.jurisdiction, None))
                graph.add((h, BG.jurisdiction, Literal(jurisdiction)))
        shaped = checks.shape_violations(graph, locator, jurisdictions)
        # a value XSD cannot read that no shape refused ("true"^^xsd:integer; "1e5"^^xsd:decimal):
        # where a shape did, its message (the contract's words, with the range) is the one said
        said = {(v["node"], v["path"], v["value"]) for v in shaped}
        problems = checks.unknown_terms(graph, locator) + shaped + [
            v for v in checks.ill_formed_literals(graph, locator) if (v["node"], v["path"], v["value"]) not in said]
        _raise_if(problems, locator)
        result, problems = [], []
        for h in households:
            household, found = to_household(graph, h, locator)
            result.append(household)
            problems += found
        _raise_if(problems, locator)    # what SHACL Core cannot see (birth after assessment)
        return result
    except IngestError:
        raise
    except RecursionError:
        raise IngestError.single(MALFORMED, "文档嵌套过深", "the document nests too deeply") from None
    except Exception:   # never let bad input become a server error
        _LOG.exception("unexpected error while reading a household document")
        # The exception's own text is a Python internal ("string index out of range"): logged
        # above, never shown to the caseworker.
        raise IngestError.single(
            stage, "无法读取文档：解析器在此文档上失败（已记录在服务器日志中）；请检查其语法",
            "the document could not be read: the parser failed on it (recorded in the server log); "
            "check its syntax") from None


def _parse(text: str, syntax: str, max_nodes: int | None = None) -> tuple[Graph, Locator]:
    if syntax == TURTLE:
        graph = parse_turtle(text, OrderedGraph())
        return graph, TurtleLocator(graph)
    return parse_jsonld(text, max_nodes)


def _check_jurisdiction_argument(jurisdiction, jurisdictions) -> None:
    if jurisdiction is not None and jurisdictions is not None and jurisdiction not in jurisdictions:
        allowed = ", ".join(jurisdictions)
        raise IngestError.single(
            INVALID, f"未知的申请地 {jurisdiction!r}；可选：{allowed}",
            f"unknown jurisdiction {jurisdiction!r}; one of {allowed}",
            location="jurisdiction", value=jurisdiction)


def find_households(graph: Graph, locator: Locator) -> list[Node]:
    """Nodes the shapes treat as households (bgsh:HouseholdShape's targets), in document order."""
    classes, predicates = household_markers()
    found = set()
    for c in classes:
        found.update(graph.subjects(RDF.type, c))
    for p in predicates:
        found.update(graph.subjects(p, None))
    return sorted(found, key=lambda n: (locator.order(n), str(n)))


def _check_count(households: list[Node], locator: Locator, single: bool) -> None:
    if not households:
        raise IngestError.single(
            INVALID,
            "文档中没有家庭：家庭须为 bg:Household，并有 bg:jurisdiction、bg:assessmentDate 和 bg:member",
            "no household in the document: a household is a bg:Household with bg:jurisdiction, "
            "bg:assessmentDate and bg:member", location=None)
    if single and len(households) > 1:
        for i, h in enumerate(households[:MAX_VIOLATIONS], 1):   # names only for the ones listed
            locator.names.setdefault(h, f"_:household{i}" if isinstance(h, BNode) else str(h))
        listed = households[:5]
        shown = ", ".join(shorten(locator.name(h)) for h in listed) + (", …" if len(households) > 5 else "")
        n = len(households)
        error = IngestError(INVALID, f"expected one household, found {n}: {shown}",
                            f"应为一个家庭，实际有 {n} 个：{shown}", [
            violation(f"应为一个家庭，实际有 {n} 个：{shown}；多个家庭请用批量读取",
                      f"expected one household, found {n}: {shown}; send several households to the batch reader",
                      location=locator.locate(h)[0], node=locator.name(h))
            for h in households[:MAX_VIOLATIONS]])
        error.omitted = n - len(error.violations)
        raise error


def _check_statements(graph: Graph, limit: int) -> None:
    if len(graph) > limit:
        raise IngestError.single(
            TOO_LARGE, f"文档有 {len(graph)} 条陈述（三元组），超过上限 {limit}",
            f"the document has {len(graph)} statements (triples), over the limit of {limit}",
            value=len(graph))


def _check_sizes(households: list[Node], locator: Locator, limits: Limits) -> None:
    """413 for a household listing more members or income items than the limits allow: refused
    before the shapes and the engine, whose work grows with them."""
    for h in households:
        for predicate, limit, zh, en, option in (
                (BG.member, limits.max_members, "家庭成员", "members", "max_members"),
                (BG.incomeItem, limits.max_income_items, "收入项", "income items", "max_income_items")):
            n = sum(1 for _ in locator.graph.objects(h, predicate))
            if n > limit:
                location, _ = locator.locate(h, predicate)
                raise IngestError.single(
                    TOO_LARGE, f"家庭列出 {n} 个{zh}，超过上限 {limit}",
                    f"the household lists {n} {en}, over the limit of {limit} ({option})",
                    location=location, node=locator.name(h), path=compact(str(predicate)), value=n)


def _raise_if(problems: list[dict], locator: Locator) -> None:
    if not problems:
        return
    rank = {name: locator.order(node) for node, name in locator.names.items()}
    problems = checks.dedupe(problems, order=lambda v: (rank.get(v["node"], 1 << 30),
                                                         v["path"] or "", str(v["value"])))
    n = len(problems)
    raise IngestError(INVALID, f"the household data is not valid: {n} violation(s)",
                      f"家庭数据有 {n} 处不符合要求", problems)

