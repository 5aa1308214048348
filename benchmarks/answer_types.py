"""Building and encoding the answer: this checkout against another one (issue 14: "measure before
choosing" the answer's types).

    python benchmarks/answer_types.py                      # this checkout only
    python benchmarks/answer_types.py --against ../dicts   # and a checkout of another commit, alternately

For the example family of the jurisdiction with the most rules (大冶, as benchmarks/run.py picks
it) and a 30-member household (the example's members repeated, as benchmarks/request_path.py
`sizes()`), the median CPU time (`time.process_time`, other processes
do not count) of building the explained answer from one evaluation (kb.explain.answer.answer_view)
and of encoding it to JSON bytes (kb.core.jsonout.dumps), and the answer's size. With `--against`,
the other checkout (e.g. `git worktree add ../dicts f872052`, the last commit whose views built
dicts) is measured in a subprocess, the two alternating `--rounds` times so that a change of load
on the machine falls on both; the ratios compare the medians of the rounds.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(runs: int) -> dict:
    """{household: {build_ms, encode_ms, kb}} for the checkout this process imports."""
    sys.path.insert(0, str(HERE))
    from request_path import _cpu_ms, example_of

    from ingest import read_household
    from kb.compile.compiler import default_rulebase
    from kb.core.jsonout import dumps
    from kb.engine import _membership, _params_at
    from kb.evaluate.accounting import account
    from kb.evaluate.recheck import Evaluator
    from kb.explain.answer import answer_view
    rb = default_rulebase()
    j = max(rb.jurisdictions.values(), key=lambda x: len(x.rules))      # as benchmarks/run.py
    family = read_household(example_of(j).read_bytes(), "text/turtle")
    members = tuple(replace(family.members[i % len(family.members)], id=f"{family.members[i % 3].id}-{i}")
                    for i in range(30))
    out = {}
    for name, h, n in (("family", family, runs), ("thirty_members", replace(family, members=members), max(10, runs // 8))):
        params, param_values = _params_at(j, h)
        membership, member_traces = _membership(j, h, params)
        acc = account(h, membership, set(j.income_exclusions))
        ev = Evaluator(j, h, acc.values, acc.missing, params, {pid: t for pid, (t, _) in membership.items()}).run()
        ev.traces.setdefault("member", member_traces)

        def build():      # on a fresh copy: answer_view caches its helper views in the evaluation
            return answer_view(h, j, rb, replace(ev, views={}, derivations={}), acc, membership, param_values)
        answer = build()
        out[name] = {"build_ms": _cpu_ms(build, n), "encode_ms": _cpu_ms(lambda: dumps(answer), n * 5),
                     "kb": len(dumps(answer)) / 1000}
    return out


def _child(path: Path, runs: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(path)}
    done = subprocess.run([sys.executable, str(HERE / "answer_types.py"), "--runs", str(runs), "--json"],
                          cwd=path, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--against", type=Path, help="another checkout, measured alternately in a subprocess")
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--json", action="store_true", help="print this checkout's measures as JSON")
    args = p.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.runs)))
        return 0
    here = HERE.parent
    rounds = {"this": [], "other": []}
    for _ in range(args.rounds if args.against else 1):
        rounds["this"].append(_child(here, args.runs))
        if args.against:
            rounds["other"].append(_child(args.against.resolve(), args.runs))
    print(f"load average {os.getloadavg()[0]:.2f}; median CPU ms over {args.rounds if args.against else 1} round(s)")
    for name in ("family", "thirty_members"):
        for key in ("build_ms", "encode_ms"):
            this = statistics.median(r[name][key] for r in rounds["this"])
            line = f"{name:15} {key:10} this {this:8.3f}"
            if args.against:
                other = statistics.median(r[name][key] for r in rounds["other"])
                line += f"   other {other:8.3f}   ratio {this / other:.2f}x"
            print(line)
        both = this_b = statistics.median(r[name]["build_ms"] + r[name]["encode_ms"] for r in rounds["this"])
        line = f"{name:15} {'both':10} this {this_b:8.3f}"
        if args.against:
            other_b = statistics.median(r[name]["build_ms"] + r[name]["encode_ms"] for r in rounds["other"])
            line += f"   other {other_b:8.3f}   ratio {both / other_b:.2f}x"
        print(line + f"   ({rounds['this'][0][name]['kb']:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
