"""Answers of every scenario household and every example household, as one snapshot file.

The snapshot proves that a change meant to keep behaviour (a refactor, a speed-up) keeps every
answer identical. A change meant to alter answers regenerates it on purpose:

    python tests/snapshots/make_snapshots.py      # rewrites tests/snapshots/answers.json.gz

and the diff of the regenerated file is part of that change's review.

`answers_nested.json.gz` holds the same households' answers in the nested form answers had
before the proof graph (main's snapshot when the graph was merged, 2026-12-02): every lean
answer, written out with kb.explain.expand, must equal it (test_equivalence.py), which proves the graph states everything the nested answers said. A change meant to alter answers
rewrites it too, from the expanded lean answers (asked with prose in zh and en, as answers then
carried it; answers.json.gz holds the answers asked without a language, which carry none):

    python tests/snapshots/make_snapshots.py --nested
"""
from __future__ import annotations

import gzip
import json
import sys
from functools import lru_cache
from pathlib import Path

import msgspec
import yaml

from kb.explain.types import Answer

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("answers.json.gz")
NESTED = Path(__file__).with_name("answers_nested.json.gz")
SCENARIO_DIR = ROOT / "tests" / "scenarios"
EXAMPLE_DIR = ROOT / "examples" / "households"
BOTH = ("zh", "en")      # the nested snapshot's answers carried their prose in both languages


def scenario_cases():
    """(key, jurisdiction, case) for every scenario case, in a stable order."""
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(doc["cases"]):
            yield f"{path.stem}-{i:02d}", doc["jurisdiction"], case


def example_files():
    return sorted(p for p in EXAMPLE_DIR.iterdir() if p.suffix in (".ttl", ".jsonld"))


def _without_version(value):
    """The rule-base version is a hash of the policy sources: editing a comment changes it while
    every answer stays the same, so the snapshot compares answers with `rulebase.version` masked."""
    if isinstance(value, dict):
        return {k: ({**_without_version(v), "version": "<version>"} if k == "rulebase" and isinstance(v, dict)
                    and "version" in v else _without_version(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_version(v) for v in value]
    return value


def canonical(answer) -> str:
    """An answer (typed, kb.explain.types, or its JSON form) as JSON with sorted keys: the snapshot
    compares content, not the order in which the Structs declare their fields."""
    return json.dumps(_without_version(msgspec.to_builtins(answer)), ensure_ascii=False, sort_keys=True, default=str)


@lru_cache(maxsize=2)
def answers(texts: tuple[str, ...] = ()) -> dict[str, Answer]:
    """key -> today's answer (typed), computed once per test run with the code as it stands (the
    snapshot, equivalence and type tests read the same answers): asked without a language (no
    prose, as the API's default), or with the prose in the languages of `texts` (the nested
    snapshot's answers carried zh and en)."""
    from snapshot_support import answer_for_example, answer_for_scenario, generated_answers
    out = {}
    for key, jid, case in scenario_cases():
        out[f"scenario:{key}"] = answer_for_scenario(jid, case, texts)
    for path in example_files():
        out[f"example:{path.name}"] = answer_for_example(path, texts)
    for key, answer in generated_answers(texts):
        out[f"generated:{key}"] = answer
    return out


def current_answers() -> dict[str, str]:
    """key -> canonical JSON of today's answer."""
    return {key: canonical(answer) for key, answer in answers().items()}


def load_snapshot(path: Path = SNAPSHOT) -> dict[str, str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _write(path: Path, answers: dict[str, str]) -> None:
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write(json.dumps(answers, ensure_ascii=False, sort_keys=True, indent=0).encode("utf-8"))
    print(f"wrote {len(answers)} answers to {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    _write(SNAPSHOT, current_answers())
    if "--nested" in argv:
        from kb.explain.expand import expand
        _write(NESTED, {key: canonical(expand(answer)) for key, answer in answers(BOTH).items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
