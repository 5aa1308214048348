"""The lean answer states everything the nested answer did: each of the 322 snapshot answers,
written out with kb.explain.expand (every clause, derivation and missing term put back wherever
it is referred to), equals the nested answer the engine gave before the proof graph
(answers_nested.json.gz, main's snapshot when the graph was merged)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import msgspec  # noqa: E402
from make_snapshots import NESTED, answers as snapshot_answers, canonical, load_snapshot  # noqa: E402

from kb.explain.expand import expand  # noqa: E402
from kb.explain.graph import TABLES  # noqa: E402


@pytest.fixture(scope="module")
def answers():
    return snapshot_answers()


def test_every_lean_answer_expands_to_the_nested_answer(answers):
    nested = load_snapshot(NESTED)
    assert sorted(answers) == sorted(nested)
    differing = [key for key, answer in answers.items() if canonical(expand(answer)) != nested[key]]
    if differing:
        key = differing[0]
        old, new = json.loads(nested[key]), json.loads(canonical(expand(answers[key])))
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        pytest.fail(f"{len(differing)} answers lose or change information, first {key}: keys {changed}")


def test_the_lean_answer_states_each_clause_once(answers):
    """No clause object appears outside the `clauses` table (everything else refers to it)."""
    def clause_objects(value):
        if isinstance(value, dict):
            if "quote" in value and "start" in value:
                yield value
            for v in value.values():
                yield from clause_objects(v)
        elif isinstance(value, list):
            for v in value:
                yield from clause_objects(v)
    for key, answer in answers.items():
        written = msgspec.to_builtins(answer)
        outside = {k: v for k, v in written.items() if k not in TABLES}
        assert not list(clause_objects(outside)), key
        quotes = [(c.document, c.start, c.end) for c in answer.clauses.values()]
        assert len(quotes) == len(set(quotes)), key


def test_every_reference_names_an_entry(answers):
    """Every id the answer uses names an entry of its table, and every entry is used."""
    import re
    for key, answer in answers.items():
        written = msgspec.to_builtins(answer)
        text = canonical({k: v for k, v in written.items() if k not in ("clauses", "missing")})
        for table, prefix in (("clauses", "c"), ("traces", "t"), ("missing", "m")):
            used = set(re.findall(rf'"({prefix}[0-9]+)"', text))
            assert used <= set(written[table]), (key, table, used - set(written[table]))
            assert set(written[table]) <= used, (key, table, set(written[table]) - used)
