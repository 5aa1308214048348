"""vocabulary.ttl, shapes.ttl, context.jsonld, kb.core.facts and docs/vocabulary.md agree with each other."""
from __future__ import annotations

import re

import pyshacl
import pytest
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection

from ingest.terms import (BG, BGSH, CV, SH, SKOS, XSD, code_list, household_markers, known_terms,
                          local_context, shapes_graph, vocabulary_graph)
from kb.core.facts import BOOLEAN, CODE, CODES, DATE, INPUT_FACTS, INTEGER, MONEY

# Every term the household vocabulary pins (docs/vocabulary.md).
DESIGN_TERMS = """Household jurisdiction assessmentDate residence member incomeItem incomeType amount
rigidExpenditure financialAssets formerlyPoor problem suddenShock housingGrade age workAbility
disabilityGrade seriousIllness hasCapableSupporter livelihoodSource relationToApplicant
fullTimeStudent studyLevel married cohabiting hasLegalSupportDuty deniedDibaoOn exitedOn""".split()
HOUSEHOLD_TTL = """@prefix bg: <https://w3id.org/binggui#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:h> a bg:Household ; bg:jurisdiction "yanqi" ; bg:assessmentDate "2025-06-01"^^xsd:date ; bg:member <urn:p> .
<urn:p> bg:age 40 .
"""


def iri(curie: str) -> URIRef:
    prefix, local = curie.split(":")
    return URIRef({"bg": str(BG), "cv": str(CV)}[prefix] + local)


def labels(g: Graph, node, prop=RDFS.label) -> dict:
    return {o.language: str(o) for o in g.objects(node, prop) if isinstance(o, Literal)}


@pytest.mark.parametrize("term", DESIGN_TERMS + ["IncomeItem"])
def test_design_term_is_defined_with_zh_and_en(term):
    g = vocabulary_graph()
    node = BG[term]
    assert node in known_terms()
    assert set(labels(g, node)) >= {"zh", "en"}, term
    assert set(labels(g, node, RDFS.comment)) >= {"zh", "en"}, term
    if term[0].islower():
        assert g.value(node, RDFS.domain) is not None, term
        assert g.value(node, RDFS.range) is not None, term


def test_birth_date_reuses_core_person():
    g = vocabulary_graph()
    assert g.value(CV.birthDate, RDFS.range) == XSD.date
    assert g.value(BG.member, RDFS.range) == CV.Person


@pytest.mark.parametrize("name", sorted(INPUT_FACTS))
def test_input_fact_term_is_in_vocabulary_with_matching_range(name):
    spec = INPUT_FACTS[name]
    g = vocabulary_graph()
    node = iri(spec.rdf_term)
    rng = g.value(node, RDFS.range)
    if spec.type == MONEY:
        assert rng == XSD.decimal
    elif spec.type == BOOLEAN:
        assert rng == XSD.boolean
    elif spec.type == DATE:
        assert rng == XSD.date
    elif spec.type == INTEGER:
        assert rng in (XSD.integer, BG.DisabilityGrade)
    elif spec.type in (CODE, CODES):
        codes = code_list(node)
        listed = tuple(c for c in codes if c != "none") if spec.type == CODES else codes
        assert listed == spec.codes, name


def test_code_lists_match_shapes_and_schemes():
    """owl:oneOf in the vocabulary == sh:in in the shapes == skos:notation in the scheme."""
    v, s = vocabulary_graph(), shapes_graph()
    coded = [BG.residence, BG.incomeType, BG.problem, BG.housingGrade,
             BG.workAbility, BG.relationToApplicant, BG.studyLevel]
    for prop in coded:
        codes = code_list(prop)
        assert codes, prop
        in_lists = [tuple(str(x) for x in Collection(s, s.value(shape, SH["in"])))
                    for shape in s.subjects(SH.path, prop) if s.value(shape, SH["in"]) is not None]
        assert in_lists == [codes], prop
        scheme = v.value(prop, BG.codeList)
        notations = {str(v.value(c, SKOS.notation)) for c in v.subjects(SKOS.inScheme, scheme)}
        assert notations == set(codes), prop
        for c in v.subjects(SKOS.inScheme, scheme):
            assert set(labels(v, c, SKOS.prefLabel)) >= {"zh", "en"}, c
    # jurisdiction ids are data of the knowledge base, not of the vocabulary (see below)
    assert code_list(BG.jurisdiction) == ()


def test_jurisdiction_ids_come_from_the_caller_not_the_vocabulary():
    """The shapes' sh:in for bg:jurisdiction is built from the ids the caller's knowledge base
    has: an id it lacks is a located 422 naming the ids; without a list any id passes the shapes."""
    from ingest import IngestError, read_household
    doc = HOUSEHOLD_TTL.replace('"yanqi"', '"ceshi"')
    assert read_household(doc.encode(), "text/turtle", jurisdictions=("ceshi", "yanqi")).jurisdiction == "ceshi"
    assert read_household(doc.encode(), "text/turtle").jurisdiction == "ceshi"
    with pytest.raises(IngestError) as caught:
        read_household(doc.encode(), "text/turtle", jurisdictions=("yanqi", "daye"))
    (v,) = caught.value.violations
    assert v["path"] == "bg:jurisdiction" and v["value"] == "ceshi"
    assert "yanqi, daye" in v["message"]["en"] and "yanqi、daye" in v["message"]["zh"]


def test_every_shape_message_is_bilingual():
    """Each property shape (and each node shape with its own constraint) says why, in zh and en."""
    s = shapes_graph()
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
    property_shapes = set(s.objects(None, SH.property))
    property_shapes |= {x for t in targets for x in s.subjects(t, None) if (x, SH.path, None) in s}
    node_constraints = {x for x in s.subjects(SH["or"], None) if (x, SH.path, None) not in s
                        and any((x, t, None) in s for t in targets)}
    assert len(property_shapes) > 30 and BGSH.ProblemNoneShape in node_constraints
    for shape in property_shapes | node_constraints:
        messages = {m.language for m in s.objects(shape, SH.message)}
        assert messages == {"zh", "en"}, shape


@pytest.mark.parametrize("name", sorted(INPUT_FACTS))
def test_every_input_fact_is_constrained_by_a_shape(name):
    s = shapes_graph()
    assert (None, SH.path, iri(INPUT_FACTS[name].rdf_term)) in s, name


def test_shapes_are_valid_shacl():
    conforms, _, text = pyshacl.validate(shapes_graph(), meta_shacl=True, inference="none")
    assert conforms, text


def test_household_markers_come_from_shapes():
    classes, predicates = household_markers()
    assert classes == (BG.Household,)
    assert set(predicates) == {BG.jurisdiction, BG.assessmentDate, BG.member, BG.incomeItem}


def test_context_covers_every_input_fact_with_its_datatype():
    ctx = local_context()["@context"]
    xsd_for = {MONEY: "xsd:decimal", BOOLEAN: "xsd:boolean", DATE: "xsd:date", INTEGER: "xsd:integer"}
    by_iri = {}
    for key, value in ctx.items():
        if isinstance(value, dict):
            by_iri.setdefault(value["@id"], []).append(value)
        elif isinstance(value, str):
            by_iri.setdefault(value, []).append({"@id": value})
    for spec in INPUT_FACTS.values():
        defs = by_iri.get(spec.rdf_term)
        assert defs, spec.rdf_term
        if spec.type in xsd_for:
            assert {d.get("@type") for d in defs} == {xsd_for[spec.type]}, spec.rdf_term
    assert ctx["assessmentDate"]["@type"] == "xsd:date"
    assert ctx["amount"]["@type"] == "xsd:decimal"
    assert ctx["birthDate"]["@id"] == "cv:birthDate"
    assert ctx["@vocab"] == str(BG)


def test_context_terms_are_known():
    ctx = local_context()["@context"]
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    for key, value in ctx.items():
        target = value["@id"] if isinstance(value, dict) else value
        if key.startswith("@") or key in prefixes or target.startswith("@"):
            continue
        prefix, _, local = target.partition(":")
        full = URIRef(prefixes[prefix] + local)
        if prefix == "bg":
            assert full in known_terms(), key


def test_vocabulary_has_no_undefined_bg_references():
    g = vocabulary_graph()
    used = {t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(BG)}
    assert used <= known_terms()


def test_the_vocabulary_document_lists_every_pinned_term():
    """docs/vocabulary.md (shipped with the repository) documents every pinned term and every term
    a fact is read from (later additions such as bg:naturalDisaster included), and nothing else."""
    from pathlib import Path
    doc = (Path(__file__).resolve().parents[2] / "docs" / "vocabulary.md").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"`bg:([A-Za-z]+)`", doc))
    fact_terms = {s.rdf_term.split(":", 1)[1] for s in INPUT_FACTS.values() if s.rdf_term.startswith("bg:")}
    expected = set(DESIGN_TERMS) | fact_terms
    assert mentioned <= expected, mentioned - expected
    assert expected <= mentioned, expected - mentioned
