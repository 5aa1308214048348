"""The program pyDatalog runs (kb.evaluate.datalog_rewrite's rewrites of the rules as built)
derives, head by head, what the rules as built derive, over every jurisdiction's households."""
from __future__ import annotations

import pytest
from pyDatalog import Logic

from kb.compile.compiler import default_rulebase
from kb.engine import _membership, _params_at
from kb.evaluate import datalog, datalog_conjunctions, datalog_rewrite
from kb.evaluate.accounting import account
from kb.testing.generate import generate

RULEBASE = default_rulebase()


def _derive_all(households, j) -> list[dict]:
    out = []
    for h in households:
        params, _ = _params_at(j, h)
        membership, _ = _membership(j, h, params)
        values = account(h, membership, set(j.income_exclusions)).values
        out.append(datalog.derive(RULEBASE, j, h, values, params))
    return out


def _fresh_program():
    datalog._LOCAL.version = None     # the next evaluation loads the program again in this thread


@pytest.mark.parametrize("jurisdiction", sorted(RULEBASE.jurisdictions))
def test_rewritten_program_derives_what_the_rules_as_built_derive(jurisdiction, monkeypatch):
    j = RULEBASE.jurisdictions[jurisdiction]
    households = [h for seed in (3, 11) for h in generate(j, 60, seed=seed)]
    try:
        _fresh_program()
        with monkeypatch.context() as m:
            m.setattr(datalog, "rewrite", lambda prefix, asked: {})
            as_built = _derive_all(households, j)
        _fresh_program()
        rewritten = _derive_all(households, j)
    finally:
        _fresh_program()
    assert rewritten == as_built
    assert any(rows for d in as_built for name, rows in d.items() if name != "member")


def test_rewrites_apply_to_daye():
    """大冶's rules give each rewrite something to do: rules differing in one code, heads with the
    same rules, tests joined, rules differing in one joined test (so the test above compares the
    rewrites, not nothing)."""
    j = RULEBASE.jurisdictions["daye"]
    h = next(iter(generate(j, 1, seed=1)))
    _fresh_program()
    _derive_all([h], j)
    prefix = next(iter(datalog._LOCAL.variants.values()))
    aliases = datalog._LOCAL.aliases[prefix]
    assert aliases.get(f"{prefix}__outpatient_chronic_aid") == f"{prefix}__inpatient_medical_aid"
    sets = {codes for base, codes in datalog_rewrite.CODE_SETS.values() if base == "pf_study_level"}
    assert frozenset({"compulsory", "high_school", "vocational"}) in sets
    assert any(len(tests) >= 3 for tests in datalog_conjunctions.CONJUNCTIONS.values())
    member = Logic.tl.logic.Db[f"{prefix}__member/2"]
    bodies = [[lit.pred.name for lit in c.body] for c in member.clauses.values()]
    assert any(len(body) == 1 and body[0] in datalog_conjunctions.ALTERNATIVES for body in bodies), bodies


def test_loading_the_program_again_names_no_new_code_sets():
    """A program loaded again (another thread, a reloaded version) reuses the code sets' names,
    so the registry its resolvers read does not grow with every load."""
    j = RULEBASE.jurisdictions["daye"]
    h = next(iter(generate(j, 1, seed=1)))
    _fresh_program()
    first = _derive_all([h], j)
    sets = dict(datalog_rewrite.CODE_SETS)
    _fresh_program()
    again = _derive_all([h], j)
    _fresh_program()
    assert sets and datalog_rewrite.CODE_SETS == sets
    assert again == first
