"""pyDatalog asked only what an answer needs: a subset of heads derives exactly what the full query does."""
from __future__ import annotations

from fractions import Fraction

import pytest

from kb.compile.compiler import default_rulebase
from kb.engine import _membership, _params_at, decide
from kb.evaluate import datalog, datalog_rules
from kb.evaluate.accounting import account
from kb.testing.generate import generate


def _inputs(j, h):
    params, _ = _params_at(j, h)
    membership, _ = _membership(j, h, params)
    return account(h, membership, set(j.income_exclusions)).values, params


@pytest.mark.parametrize("jurisdiction", ["daye", "yanqi", "dianjiang"])
def test_each_head_asked_alone_derives_what_the_full_query_derives(jurisdiction):
    rb = default_rulebase()
    j = rb.jurisdictions[jurisdiction]
    heads = sorted((set(j.categories) | set(j.benefits)) & {r.head.name for r in j.rules})
    derived_any = set()
    for h in generate(j, 25, seed=77):
        values, params = _inputs(j, h)
        full = datalog.derive(rb, j, h, values, params)
        for name in heads:
            alone = datalog.derive(rb, j, h, values, params, wanted={name})
            assert set(alone) <= set(full)
            assert {"member", name} <= set(alone) | {"member"}
            for key, rows in alone.items():
                assert rows == full[key], (h.id, key)
            derived_any |= {k for k, rows in alone.items() if rows and k != "member"}
    assert len(derived_any) >= 3     # the households make some heads hold


def test_decide_with_only_gives_the_same_answer():
    rb = default_rulebase()
    j = rb.jurisdictions["daye"]
    for h in generate(j, 10, seed=5):
        assert decide(h, rb, only="dibao") == decide(h, rb)


def test_numbers_in_the_program_equal_and_hash_as_fractions():
    n = datalog_rules.number(Fraction(21000, 3))
    assert n == Fraction(7000) and hash(n) == hash(Fraction(7000)) == hash(7000)
    assert hash(n) == hash(n) and {n: 1}[Fraction(7000)] == 1
    assert n < 8400 and n * 2 == 14000 and datalog_rules.number(n) is n
