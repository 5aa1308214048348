"""The answer's builder keeps what depends on a jurisdiction version alone (kb/explain/memo.py,
the stated conditions of kb/explain/graph.py) and shares it between answers and threads: no
answer may change what another one reads. Every answer here is compared, as the JSON the API
sends, with the same household decided by a rule base compiled afresh (no memo filled yet)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from kb.compile.compiler import compile_paths, default_rulebase
from kb.core.jsonout import dumps
from kb.engine import _membership, _params_at, decide
from kb.evaluate.accounting import account
from kb.evaluate.recheck import Evaluator
from kb.explain.answer import answer_view
from kb.testing.generate import generate

JURISDICTIONS = ("daye", "huaishang")


def _households(jid: str, n: int = 4):
    return list(generate(default_rulebase().jurisdictions[jid], n, seed=11))


def _fresh(households, texts=()) -> list[bytes]:
    """Each household's answer from its own newly compiled rule base (its memos all empty)."""
    return [dumps(decide(h, compile_paths(), texts=texts)) for h in households]


@pytest.mark.parametrize("jid", JURISDICTIONS)
def test_households_in_sequence_answer_as_decided_fresh(jid):
    households = _households(jid)
    expected = _fresh(households)
    rulebase = default_rulebase()
    first = [dumps(decide(h, rulebase)) for h in households]
    again = [dumps(decide(h, rulebase)) for h in reversed(households)][::-1]
    assert first == expected
    assert again == expected


def test_households_in_two_threads_answer_as_decided_fresh():
    households = _households("daye", 6)
    expected = _fresh(households, texts=("zh", "en"))
    rulebase = default_rulebase()
    barrier = threading.Barrier(2)

    def run(order):
        barrier.wait()
        return {i: dumps(decide(households[i], rulebase, texts=("zh", "en"))) for i in order for _ in range(3)}

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, [range(len(households)), reversed(range(len(households)))]))
    for got in results:
        assert [got[i] for i in range(len(households))] == expected


def test_answer_view_twice_on_one_evaluation_gives_the_same_answer():
    rulebase = default_rulebase()
    j = rulebase.jurisdictions["daye"]
    h = _households("daye", 1)[0]
    params, param_values = _params_at(j, h)
    membership, member_traces = _membership(j, h, params)
    acc = account(h, membership, set(j.income_exclusions))
    ev = Evaluator(j, h, acc.values, acc.missing, params, {p: t for p, (t, _) in membership.items()}).run()
    ev.traces.setdefault("member", member_traces)
    once = dumps(answer_view(h, j, rulebase, replace(ev, views={}, derivations={}), acc, membership, param_values))
    twice = [dumps(answer_view(h, j, rulebase, ev, acc, membership, param_values)) for _ in range(2)]
    assert twice == [once, once]
    assert once == dumps(decide(h, rulebase))


def test_a_copy_of_a_jurisdiction_keeps_its_own_memos():
    """kb.batch.whatif copies a jurisdiction version to change it: the copy's answers must be
    built from its own parts, not from those the original made."""
    import copy

    from kb.explain import memo
    j = default_rulebase().jurisdictions["daye"]
    memo.once(j, "probe", lambda: "original")
    twin = copy.copy(j)
    assert memo.once(twin, "probe", lambda: "copy") == "copy"
    assert memo.once(j, "probe", lambda: "again") == "original"
