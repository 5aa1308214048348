"""A little fuzzing: whatever the bytes, ingest answers with a Household or an IngestError.

Random bytes, every example truncated at many points, examples with bytes flipped, and a few
hand-picked nasties. Seeds are fixed so that a failure can be replayed.
"""
from __future__ import annotations

import json
import random

import pytest

from ingest import IngestError, read_household, read_households
from ingest_helpers import EXAMPLES, TTL_MIN, plain

FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".ttl", ".jsonld"))
MEDIA_TYPES = ["text/turtle", "application/ld+json", "application/json"]


def survives(data, media_type, **kwargs):
    """Read data; only a Household or an IngestError with a known status is acceptable."""
    try:
        read_households(data, media_type, **kwargs)
        read_household(data, media_type, **kwargs)
    except IngestError as e:
        assert e.status in (400, 413, 415, 422), e
        json.dumps(e.to_dict(), ensure_ascii=False)
        for v in e.violations:
            assert v["message"]["zh"] and v["message"]["en"]


@pytest.mark.parametrize("seed", range(40))
def test_random_bytes(seed, no_network):
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 400)))
    for media_type in MEDIA_TYPES:
        survives(data, media_type)
    assert no_network == []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_truncated_examples(path, no_network):
    data = path.read_bytes()
    media_type = "text/turtle" if path.suffix == ".ttl" else "application/ld+json"
    for cut in range(0, len(data), max(1, len(data) // 60)):
        survives(data[:cut], media_type)
    assert no_network == []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_mutated_examples(path, no_network):
    rng = random.Random(path.name)
    data = path.read_bytes()
    media_type = "text/turtle" if path.suffix == ".ttl" else "application/ld+json"
    alphabet = b'{}[]()<>"\'\\:;,.@^#_-+eE0123456789 \n\xff'
    for _ in range(40):
        mutated = bytearray(data)
        for _ in range(rng.randrange(1, 4)):
            mutated[rng.randrange(len(mutated))] = rng.choice(alphabet)
        survives(bytes(mutated), media_type)
    assert no_network == []


NASTIES = [
    ("text/turtle", "<a> <b> " + "(" * 5000 + ")" * 5000 + " ."),
    ("text/turtle", "<a> <b> " + "[" * 100000),
    ("text/turtle", '<a> <b> "' + "1" * 5000 + '"^^<http://www.w3.org/2001/XMLSchema#integer> .'),
    ("text/turtle", TTL_MIN.replace("bg:age 40", 'bg:age "' + "9" * 5000 + '"^^xsd:integer')),
    ("text/turtle", TTL_MIN.replace('"2025-06-01"', '"99999-06-01"')),
    ("text/turtle", TTL_MIN + "<urn:p:1> bg:age 40.0e0 ."),
    ("text/turtle", "@base <javascript:alert(1)> . <a> <b> <c> ."),
    ("text/turtle", "\x00\x01\x02"),
    ("application/json", "[" * 100000),
    ("application/json", '{"a": "' + "\\ud800" + '"}'),
    ("application/json", json.dumps(plain(members=[{"age": int("9" * 4000)}]))),
    ("application/json", '{"jurisdiction": "daye", "members": [{"age": ' + "9" * 5000 + "}]}"),
    ("application/json", json.dumps(plain(**{"@context": None}))),
    ("application/json", json.dumps(plain(**{"@context": 42}))),
    ("application/json", json.dumps(plain(**{"@context": {"@vocab": 5}}))),
    ("application/json", json.dumps(plain(**{"@id": {"nested": True}}))),
    ("application/json", json.dumps(plain(**{"@type": ["Household", 3]}))),
    ("application/json", json.dumps(plain(members={"@list": [{"age": 1}]}))),
    ("application/json", json.dumps(plain(members=[{"@value": "x"}]))),
    ("application/json", json.dumps(plain(**{"@reverse": {"members": {"age": 3}}}))),
    ("application/json", json.dumps(plain(**{"@graph": [plain()]}))),
    ("application/json", json.dumps(plain(assessmentDate={"@value": "2025-06-01", "@language": "zh"}))),
    ("application/json", json.dumps({"@context": {"@version": 1.1, "x": {"@id": "@type"}}, "x": "y"})),
    ("application/json", json.dumps(plain(jurisdiction=["daye", "yanqi"]))),
    ("application/json", json.dumps(plain(members=[[[{"age": 1}]]]))),
    ("application/ld+json", json.dumps({"@context": {"@base": "http://[::1"}, "@id": "x", **plain()})),
    ("application/ld+json", json.dumps({"@context": {"@propagate": "no"}})),
    ("application/json", json.dumps(plain(members=[{"id": "_:a", "age": 1}, {"id": "_:a", "age": 2}]))),
]


@pytest.mark.parametrize("media_type, body", NASTIES, ids=[f"nasty{i}" for i in range(len(NASTIES))])
def test_nasty_inputs(media_type, body, no_network):
    survives(body, media_type)
    assert no_network == []


def test_wrong_python_types_for_arguments():
    for data in (None, 42, ["x"], {"a": 1}):
        with pytest.raises(IngestError) as caught:
            read_household(data, "text/turtle")
        assert caught.value.status == 400
    with pytest.raises(IngestError) as caught:
        read_household(TTL_MIN, None)
    assert caught.value.status == 415
