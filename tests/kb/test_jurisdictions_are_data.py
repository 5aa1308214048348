"""No Python outside the tests names a shipped jurisdiction: they are folders of data.

The shipped ids are read from kb/policies (each folder's jurisdiction.yaml), not listed here, so a
seventh shipped jurisdiction is covered too. An id counts as named when it appears as a word (not
inside a longer identifier); the category ids (dibao, …) are not jurisdiction ids and are fine.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from kb.compile.compiler import POLICY_DIR

REPO = Path(__file__).resolve().parents[2]
PYTHON_ROOTS = ("kb", "server", "ingest", "grammar", "benchmarks", "scripts")


def shipped_ids() -> list[str]:
    ids = []
    for meta in sorted(POLICY_DIR.glob("*/jurisdiction.yaml")):
        ids.append(yaml.safe_load(meta.read_text(encoding="utf-8"))["id"])
    return ids


def test_the_shipped_jurisdictions_are_found_as_folders():
    ids = shipped_ids()
    assert len(ids) == 5 and all(ids), ids
    assert sorted(p.name for p in POLICY_DIR.iterdir() if (p / "jurisdiction.yaml").is_file()) == ids


def test_no_python_outside_the_tests_names_a_shipped_jurisdiction():
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, shipped_ids())) + r")(?![A-Za-z0-9_])")
    found = []
    for root in PYTHON_ROOTS:
        for path in sorted((REPO / root).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = pattern.search(line)
                if match:
                    found.append(f"{path.relative_to(REPO)}:{number}: {match.group(1)}: {line.strip()}")
    assert not found, "Python names a jurisdiction (make it data of kb/policies/<id>/):\n" + "\n".join(found)
