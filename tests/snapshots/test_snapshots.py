"""Every scenario, example and seeded generated household answers exactly as the snapshot says.

A refactor keeps this green untouched; a change that means to alter answers regenerates the
snapshot (`python tests/snapshots/make_snapshots.py`) and the regenerated file is reviewed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from make_snapshots import current_answers, load_snapshot  # noqa: E402


@pytest.fixture(scope="module")
def answers():
    return current_answers()


def test_snapshot_covers_the_same_households(answers):
    assert sorted(answers) == sorted(load_snapshot())


def test_every_answer_is_identical_to_the_snapshot(answers):
    snapshot = load_snapshot()
    differing = [key for key in sorted(answers) if key in snapshot and answers[key] != snapshot[key]]
    if differing:
        key = differing[0]
        old, new = json.loads(snapshot[key]), json.loads(answers[key])
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        pytest.fail(f"{len(differing)} answers differ from the snapshot, first {key}: top-level keys "
                    f"changed {changed}; regenerate with python tests/snapshots/make_snapshots.py "
                    f"only if the change is meant")
