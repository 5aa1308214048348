"""The lean answer states everything the nested answer did: each of the 322 snapshot answers,
written out with kb.explain.expand (every clause, derivation and missing term put back wherever
it is referred to), equals the nested answer the engine gave before the proof graph
(answers_nested.json.gz, main's snapshot when the graph was merged). The nested answers carried
their prose in zh and en: the answers compared with them are asked with both (`texts`).

The lean answer leaves out a field that is empty or null (docs/answer.md: an absent field is
empty or null), so both sides are compared without such fields (`holds` excepted: null there means
unknown, and the types require it)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import msgspec  # noqa: E402
from make_snapshots import BOTH, NESTED, answers as snapshot_answers, canonical, load_snapshot  # noqa: E402

from kb.explain.expand import expand  # noqa: E402
from kb.explain import graph  # noqa: E402
from kb.explain.tables import TABLES  # noqa: E402


@pytest.fixture(scope="module")
def answers():
    return snapshot_answers()


@pytest.fixture(scope="module")
def bilingual():
    """The answers asked with their prose in zh and en, as the nested answers carried it."""
    return snapshot_answers(BOTH)


def without_empty(value):
    """A JSON value without the object fields that are empty lists, empty objects or null (but `holds`)."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if k == "holds" or v not in ([], {}, None)}
    if isinstance(value, list):
        return [without_empty(v) for v in value]
    return value


def _same_form(text: str) -> str:
    return json.dumps(without_empty(json.loads(text)), ensure_ascii=False, sort_keys=True)


def test_every_lean_answer_expands_to_the_nested_answer(bilingual):
    answers = bilingual
    nested = {key: _same_form(text) for key, text in load_snapshot(NESTED).items()}
    assert sorted(answers) == sorted(nested)
    differing = [key for key, answer in answers.items() if _same_form(canonical(expand(answer))) != nested[key]]
    if differing:
        key = differing[0]
        old, new = json.loads(nested[key]), json.loads(_same_form(canonical(expand(answers[key]))))
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        pytest.fail(f"{len(differing)} answers lose or change information, first {key}: keys {changed}")


def objects_where(value, wanted):
    """Every object (dict) inside a JSON value for which `wanted` holds, nested ones too."""
    if isinstance(value, dict):
        if wanted(value):
            yield value
        for v in value.values():
            yield from objects_where(v, wanted)
    elif isinstance(value, list):
        for v in value:
            yield from objects_where(v, wanted)


def test_the_lean_answer_states_each_clause_once(answers):
    """No clause object appears outside the `clauses` table (everything else refers to it)."""
    def clause_objects(value):
        return objects_where(value, lambda d: "quote" in d and "start" in d)
    for key, answer in answers.items():
        written = msgspec.to_builtins(answer)
        outside = {k: v for k, v in written.items() if k not in TABLES}
        assert not list(clause_objects(outside)), key
        quotes = [(c.document, c.start, c.end) for c in graph.clauses(answer, answer.clauses)]
        assert len(quotes) == len(set(quotes)), key


def test_every_reference_names_an_entry(answers):
    """Every id the answer uses names an entry of its table, and every entry is used."""
    import re
    for key, answer in answers.items():
        written = msgspec.to_builtins(answer)
        text = canonical({**{k: v for k, v in written.items() if k not in ("clauses", "missing", "resolutions")},
                          "resolutions": list(written.get("resolutions", {}).values())})   # what they refer to
        for table, prefix in (("clauses", "c"), ("conditions", "k"), ("traces", "t"), ("findings", "f"), ("missing", "m"),
                              ("resolutions", "r")):
            used = set(re.findall(rf'"({prefix}[0-9]+)"', text))
            entries = set(written.get(table, {}))      # an empty table is absent
            assert used <= entries, (key, table, used - entries)
            assert entries <= used, (key, table, entries - used)


def test_the_lean_answer_states_each_resolution_once(answers):
    """A principle's choice between benefit values is an entry of `resolutions`, each entry
    distinct; members, benefits, conflicts and overlap records refer to it by id."""
    def resolution_objects(value):
        return objects_where(value, lambda d: "alternatives" in d and d.get("principle") is not None)
    resolved = 0
    for key, answer in answers.items():
        written = msgspec.to_builtins(answer)
        outside = {k: v for k, v in written.items() if k not in TABLES}
        assert not list(resolution_objects(outside)), key
        entries = [canonical(r) for r in written.get("resolutions", {}).values()]
        assert len(entries) == len(set(entries)), key
        resolved += bool(entries)
    assert resolved    # the snapshot answers include resolved benefits
