"""How a snapshot answer is computed: the one place that names the engine's entry points, so a
refactor that moves them edits this file only, and the snapshot itself stays untouched."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kb.compile.compiler import POLICY_DIR, compile_paths, default_rulebase
from kb.engine import decide
from kb.explain.types import Answer
from kb.testing.scenario import household_from_dict


@lru_cache(maxsize=None)
def _rulebase(jurisdiction: str):
    return compile_paths([POLICY_DIR / jurisdiction])


def answer_for_scenario(jurisdiction: str, case: dict, texts: tuple[str, ...] = ()) -> Answer:
    household = household_from_dict(case["household"], jurisdiction, case["date"])
    return decide(household, _rulebase(jurisdiction), texts=texts)


def answer_for_example(path: Path, texts: tuple[str, ...] = ()) -> Answer:
    from ingest import read_household
    household = read_household(path.read_bytes(), "text/turtle" if path.suffix == ".ttl" else "application/ld+json")
    return decide(household, default_rulebase(), texts=texts)


GENERATED_PER_JURISDICTION = 40


def generated_answers(texts: tuple[str, ...] = ()):
    """(key, answer) for a few seeded generated households per jurisdiction (boundary values)."""
    from kb.testing.generate import generate
    rulebase = default_rulebase()
    for jid in sorted(rulebase.jurisdictions):
        for i, household in enumerate(generate(rulebase.jurisdictions[jid], GENERATED_PER_JURISDICTION, seed=7)):
            yield f"{jid}-{i:02d}", decide(household, rulebase, texts=texts)
