"""benchmarks/run.py's measures for issue #17: the request path stage by stage (old and new
library side by side), the API p50 against a plain-Python server, the OpenFisca peer (one traced
household; 100k households end to end), answer sizes, and CLI start-up. CPU times are medians
of `time.process_time()` (other processes on this 2-core machine do not count); wall times
where a subprocess or a server is measured.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "households"


def example_of(j) -> Path:
    """The jurisdiction's example household in Turtle (examples/households/<id>-*.ttl)."""
    return sorted(EXAMPLES.glob(f"{j.id}-*.ttl"))[0]


def compile_as_installed() -> bool:
    """Write the project's bytecode as `pip install .` does (it compiles every module it installs),
    so that the measured commands start as an installed binggui starts. A checkout run with
    PYTHONDONTWRITEBYTECODE=1 (this machine's default) otherwise compiles the source of every
    module it imports at every start (about 0.04 s of `binggui screen`), while the peer's
    openfisca-core, installed by pip, reads its compiled modules. True when every module compiled.
    (The files go to the packages' `__pycache__`, ignored by git; a later edit invalidates them.)"""
    import compileall
    import py_compile
    return all([compileall.compile_dir(str(ROOT / package), quiet=2,
                                       invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
                for package in ("grammar", "kb", "ingest", "server")])


def _cpu_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times) * 1000


def stages(rb, j, households, runs: int = 60) -> dict:
    """Per stage, the library before and after (median CPU ms over the 大冶 example family and
    generated 大冶 households, each stage on the same input)."""
    import msgspec

    from ingest import read_household, shacl, turtle
    from kb.core.jsonout import dumps
    from ingest.locate import OrderedGraph
    from kb.engine import _membership, _params_at, decide
    from kb.evaluate import datalog
    from kb.evaluate.accounting import account
    from kb.testing.generate import to_turtle
    texts = [example_of(j).read_text(encoding="utf-8")] + [to_turtle(h) for h in households]
    from kb.engine import _cross_check
    from kb.evaluate.recheck import Evaluator
    from kb.explain.answer import answer_view
    per = {k: [] for k in ("parse_rdflib", "parse_pyoxigraph", "shacl_pyshacl", "shacl_turbo", "json_stdlib",
                           "json_msgspec", "datalog_all", "datalog_one_category", "read_household", "decide",
                           *DECIDE_STAGES)}
    n = max(5, runs // len(texts))
    for text in texts:
        graph = turtle.parse_turtle(text, OrderedGraph())
        h = read_household(text, "text/turtle")
        params, _ = _params_at(j, h)
        membership, _ = _membership(j, h, params)
        values = account(h, membership, set(j.income_exclusions)).values
        answer = decide(h, rb)
        per["parse_rdflib"].append(_cpu_ms(lambda: turtle.parse_turtle_with_rdflib(text, OrderedGraph()), n))
        per["parse_pyoxigraph"].append(_cpu_ms(lambda: turtle.parse_turtle(text, OrderedGraph()), n))
        per["shacl_pyshacl"].append(_cpu_ms(lambda: shacl.validate_with_pyshacl(graph), n))
        per["shacl_turbo"].append(_cpu_ms(lambda: shacl.validate(graph), n))
        # the standard library writes the answer's JSON form; msgspec encodes the typed answer itself
        per["json_stdlib"].append(_cpu_ms(lambda: json.dumps(msgspec.to_builtins(answer), ensure_ascii=False).encode(), n))
        per["json_msgspec"].append(_cpu_ms(lambda: dumps(answer), n))
        per["datalog_all"].append(_cpu_ms(lambda: datalog.derive(rb, j, h, values, params), n))
        per["datalog_one_category"].append(_cpu_ms(lambda: datalog.derive(rb, j, h, values, params, wanted={"dibao"}), n))
        per["read_household"].append(_cpu_ms(lambda: read_household(text, "text/turtle"), n))
        per["decide"].append(_cpu_ms(lambda: decide(h, rb), n))
        # kb.engine.decide's stages, each on the same input (the earlier stages' results)
        truths = {pid: t for pid, (t, _) in membership.items()}
        acc = account(h, membership, set(j.income_exclusions))
        ev = Evaluator(j, h, acc.values, acc.missing, params, truths).run()
        ev.traces.setdefault("member", _membership(j, h, params)[1])
        derived = datalog.derive(rb, j, h, acc.values, params)
        _, param_values = _params_at(j, h)

        def membership_and_accounting():
            m, _ = _membership(j, h, _params_at(j, h)[0])
            account(h, m, set(j.income_exclusions))

        def answer_building():   # on a fresh copy: answer_view caches its helper views in the evaluation
            fresh = replace(ev, views={}, derivations={})
            _cross_check(j, fresh, derived)
            answer_view(h, j, rb, fresh, acc, membership, param_values)
        per["decide_membership"].append(_cpu_ms(membership_and_accounting, n))
        per["decide_recheck"].append(_cpu_ms(
            lambda: Evaluator(j, h, acc.values, acc.missing, params, truths).run(), n))
        per["decide_datalog"].append(per["datalog_all"][-1])
        per["decide_answer"].append(_cpu_ms(answer_building, n))
    return {k: statistics.median(v) for k, v in per.items()}


DECIDE_STAGES = {"decide_membership": "membership and accounting (kb/evaluate/accounting.py, engine._membership)",
                 "decide_recheck": "three-valued re-check (kb/evaluate/recheck.py, checks.py)",
                 "decide_datalog": "pyDatalog, every reported head (kb/evaluate/datalog.py)",
                 "decide_answer": "cross-check and explained answer (kb/explain)"}


def peer_one(rb, j, households, runs: int = 3) -> dict:
    """binggui's in-process answer with full explanation against OpenFisca with tracing, per
    大冶 household (median over households of each one's median CPU ms)."""
    import peer_openfisca
    from kb.engine import decide
    tbs = peer_openfisca.system(j)
    ours, theirs = [], []
    for h in households:
        ours.append(_cpu_ms(lambda: decide(h, rb), runs))
        theirs.append(_cpu_ms(lambda: peer_openfisca.one(tbs, h, trace=True), runs))
    return {"n": len(households), "binggui_ms": statistics.median(ours), "openfisca_ms": statistics.median(theirs)}


# The measured command runs under a small launcher: a child forked from this (large) process
# would report this process's memory as its peak (ru_maxrss counts the pages before exec).
_LAUNCHER = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:]); _, st, ru = os.wait4(p.pid, 0); "
             "print(f'maxrss-kb={ru.ru_maxrss} cpu={ru.ru_utime + ru.ru_stime}', file=sys.stderr); "
             "sys.exit(os.waitstatus_to_exitcode(st))")


def _run(cmd: list[str], env=None) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak RSS MB, stderr) of a subprocess."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, *cmd], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed:\n{proc.stderr}")
    m = re.search(r"maxrss-kb=(\d+) cpu=([\d.]+)", proc.stderr)
    return wall, float(m.group(2)), int(m.group(1)) / 1024, proc.stderr


def peer_batch(j, csv_path: Path, households: int, workdir: Path, repeat: int = 5) -> dict:
    """`binggui screen` CSV -> Parquet against the OpenFisca peer CSV -> Parquet, both subprocesses,
    alternated `repeat` times (one pair moved by up to 0.3 s with the machine's load): medians."""
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(_run([sys.executable, "-m", "kb.cli", "screen", str(csv_path), "--jurisdiction", j.id, "--out",
                          str(workdir / "ours.parquet"), "--no-progress"]))
        theirs.append(_run([sys.executable, str(ROOT / "benchmarks" / "peer_openfisca.py"), j.id, str(csv_path),
                            str(workdir / "theirs.parquet")]))

    def med(runs, i):
        return statistics.median(r[i] for r in runs)
    return {"households": households, "repeat": repeat, "binggui_s": med(ours, 0), "binggui_cpu_s": med(ours, 1),
            "binggui_rss_mb": med(ours, 2), "openfisca_s": med(theirs, 0), "openfisca_cpu_s": med(theirs, 1),
            "openfisca_rss_mb": med(theirs, 2)}


def _serve(cmd: list[str], ready: str) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if ready not in line:
        proc.kill()
        raise RuntimeError(f"server did not start: {line!r}")
    return proc, int(re.search(r":(\d+)", line).group(1)) if "http" in line else 0


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _post(conn, path: str, body: bytes) -> float:
    t = time.perf_counter()
    conn.request("POST", path, body=body, headers={"Content-Type": "text/turtle"})
    resp = conn.getresponse()
    resp.read()
    if resp.status != 200:
        raise RuntimeError(f"{path}: HTTP {resp.status}")
    return (time.perf_counter() - t) * 1000


def _p50_alternated(servers: list[tuple[int, str, int]], bodies: list[bytes]) -> list[tuple[float, float]]:
    """Per server (port, path, pid): (p50 wall ms, server CPU ms per request). Each body goes to
    every server in turn, the order swapped body by body, so a change in the machine's load
    falls on all of them alike; the first quarter of the requests warms up."""
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for port, _, _ in servers]
    times: list[list[float]] = [[] for _ in servers]
    cpu_start: list[float] = []
    rounds = bodies * 2
    for i, body in enumerate(rounds):
        if i == len(rounds) // 4:
            cpu_start = [_cpu_s(pid) for _, _, pid in servers]
        order = range(len(servers)) if i % 2 == 0 else reversed(range(len(servers)))
        for k in order:
            ms = _post(conns[k], servers[k][1], body)
            if i >= len(rounds) // 4:
                times[k].append(ms)
    out = []
    for k, (_, _, pid) in enumerate(servers):
        out.append((statistics.median(times[k]), (_cpu_s(pid) - cpu_start[k]) * 1000 / len(times[k])))
        conns[k].close()
    return out


def api_p50(households) -> dict:
    """One client, requests in sequence, alternated between `binggui serve` and the plain server
    (same app factory, ingest and JSON; plain evaluator instead of the engine), both running."""
    from kb.testing.generate import to_turtle
    bodies = [to_turtle(h).encode() for h in households]
    ours, port = _serve([sys.executable, "-m", "kb.cli", "serve", "--host", "127.0.0.1", "--port", "0",
                         "--threads", "4"], "serving")
    try:
        free = 18000 + os.getpid() % 1000
        plain, _ = _serve([sys.executable, str(ROOT / "benchmarks" / "plain_server.py"), str(free)], "ready")
        try:
            time.sleep(0.5)
            (engine, engine_cpu), (base, base_cpu) = _p50_alternated(
                [(port, "/api/v1/eligibility", ours.pid), (free, "/plain", plain.pid)], bodies)
        finally:
            plain.terminate()
            plain.wait(10)
    finally:
        ours.terminate()
        ours.wait(10)
    return {"requests": len(bodies) * 2, "binggui_p50_ms": engine, "plain_p50_ms": base,
            "binggui_cpu_ms": engine_cpu, "plain_cpu_ms": base_cpu}


def sizes(rb, j) -> dict:
    """Bytes of full answers: the 大冶 example family, and a 30-member household (the example's
    members repeated with fresh ids)."""
    from ingest import read_household
    from kb.core.jsonout import dumps
    from kb.engine import decide
    family = read_household(example_of(j).read_bytes(), "text/turtle")
    members = tuple(replace(family.members[i % len(family.members)], id=f"{family.members[i % 3].id}-{i}")
                    for i in range(30))
    big = replace(family, members=members)
    return {"family_kb": len(dumps(decide(family, rb))) / 1000, "thirty_members_kb": len(dumps(decide(big, rb))) / 1000}


def cli_startup(j, runs: int = 3) -> dict:
    """`binggui check` on the example family: the knowledge base compiled (cache off) or from the cache."""
    cmd = [sys.executable, "-m", "kb.cli", "check", str(example_of(j)), "--json"]
    cache = ROOT / "benchmarks" / "results" / "kb-cache"
    cold = [_run(cmd, {"BINGGUI_CACHE_DIR": "off"}) for _ in range(runs)]
    _run(cmd, {"BINGGUI_CACHE_DIR": str(cache)})
    warm = [_run(cmd, {"BINGGUI_CACHE_DIR": str(cache)}) for _ in range(runs)]
    return {"cold_wall_s": statistics.median(r[0] for r in cold), "cold_cpu_s": statistics.median(r[1] for r in cold),
            "warm_wall_s": statistics.median(r[0] for r in warm), "warm_cpu_s": statistics.median(r[1] for r in warm)}


def _ok(met: bool) -> str:
    return "met" if met else "**not met**"


def targets_table(r: dict) -> list[str]:
    """Markdown: every target of issue #17 with its measured value and ratio (from this run)."""
    lines = ["## Issue #17 targets (this run)", "",
             "| measure | measured | baseline | ratio | target |", "|---|---|---|---|---|"]
    if "api_p50" in r:
        a = r["api_p50"]
        ratio = a["binggui_p50_ms"] / a["plain_p50_ms"]
        lines.append(f"| API p50, one client, {a['requests']} Turtle requests (`{r['jurisdiction']}`) vs a plain-Python decision "
                     f"behind the same Flask + ingest | {a['binggui_p50_ms']:.1f} ms | {a['plain_p50_ms']:.1f} ms | "
                     f"{ratio:.2f}x | ≤ 2x: {_ok(ratio <= 2)} |")
        cpu = a["binggui_cpu_ms"] / a["plain_cpu_ms"]
        lines.append(f"| the same, server CPU per request (what load on the machine does not change) | "
                     f"{a['binggui_cpu_ms']:.1f} ms | {a['plain_cpu_ms']:.1f} ms | {cpu:.2f}x | ≤ 2x: {_ok(cpu <= 2)} |")
    if "peer_one" in r:
        p = r["peer_one"]
        ratio = p["binggui_ms"] / p["openfisca_ms"]
        lines.append(f"| in-process answer with full explanation vs traced OpenFisca, `{r['jurisdiction']}`, per household "
                     f"(n={p['n']}, CPU) | {p['binggui_ms']:.2f} ms | {p['openfisca_ms']:.2f} ms | {ratio:.2f}x | "
                     f"≤ 0.5x: {_ok(ratio <= 0.5)} |")
    if "sizes" in r:
        s = r["sizes"]
        lines.append(f"| 大冶 example family's full answer | {s['family_kb']:.0f} KB | 143 KB | | ≤ 40 KB: "
                     f"{_ok(s['family_kb'] <= 40)} |")
        lines.append(f"| 30-member household's answer | {s['thirty_members_kb']:.0f} KB | 1.4–6 MB | | ≤ 500 KB: "
                     f"{_ok(s['thirty_members_kb'] <= 500)} |")
    if "peer_batch" in r:
        b = r["peer_batch"]
        ratio = b["binggui_s"] / b["openfisca_s"]
        lines.append(f"| batch {b['households']:,} end to end (CSV → Parquet) vs OpenFisca end to end, wall, "
                     f"median of {b['repeat']} alternated | "
                     f"{b['binggui_s']:.2f} s ({b['binggui_rss_mb']:.0f} MB) | {b['openfisca_s']:.2f} s "
                     f"({b['openfisca_rss_mb']:.0f} MB) | {ratio:.2f}x | ≤ 1x: {_ok(ratio <= 1)} |")
        lines.append(f"| the same, CPU (user + system, all threads) | {b['binggui_cpu_s']:.2f} s | "
                     f"{b['openfisca_cpu_s']:.2f} s | {b['binggui_cpu_s'] / b['openfisca_cpu_s']:.2f}x | |")
    if "batch_1m_rss_mb" in r:
        lines.append(f"| batch 1M peak memory | {r['batch_1m_rss_mb']:.0f} MB | 2.4 GB | | ≤ 1 GB: "
                     f"{_ok(r['batch_1m_rss_mb'] <= 1024)} |")
    if "api_rps_one_worker" in r:
        one = r["api_rps_one_worker"]
        lines.append(f"| API throughput on the README's load test, one process | {one:.0f} req/s | 19–47 req/s "
                     f"(issue) | {one / 47:.2f}x of 47 | ≥ 3x: {_ok(one / 47 >= 3)} |")
    if "api_rps" in r:
        ratio = r["api_rps"] / 47
        lines.append(f"| the same, `binggui serve --workers {r['api_workers']}` | {r['api_rps']:.0f} req/s | "
                     f"{r['api_rps_one_worker']:.0f} req/s (one process, this run) | "
                     f"{r['api_rps'] / r['api_rps_one_worker']:.2f}x; {ratio:.2f}x of 47 | ≥ 3x of 47: {_ok(ratio >= 3)} |")
    if "cli" in r:
        c = r["cli"]
        lines.append(f"| `binggui check` start-up, knowledge base from the cache vs compiled (wall / CPU) | "
                     f"{c['warm_wall_s']:.2f} / {c['warm_cpu_s']:.2f} s | {c['cold_wall_s']:.2f} / "
                     f"{c['cold_cpu_s']:.2f} s | {c['warm_cpu_s'] / c['cold_cpu_s']:.2f}x CPU | (3–10 s in the issue) |")
    if "stages" in r:
        s = r["stages"]
        lines += ["", "The request path stage by stage, before and after (median CPU ms; the 大冶 example family "
                  "and generated 大冶 households):", "", "| stage | before | after | ratio |", "|---|---|---|---|"]
        for name, before, after in (("Turtle parse", "parse_rdflib", "parse_pyoxigraph"),
                                    ("SHACL validation", "shacl_pyshacl", "shacl_turbo"),
                                    ("answer JSON", "json_stdlib", "json_msgspec"),
                                    ("pyDatalog, all heads vs one category (`explain`)", "datalog_all",
                                     "datalog_one_category")):
            lines.append(f"| {name} | {s[before]:.2f} | {s[after]:.2f} | {s[after] / s[before]:.2f}x |")
        lines.append(f"| whole read (parse + checks + SHACL + facts) / whole `decide` | | "
                     f"{s['read_household']:.2f} / {s['decide']:.2f} | |")
        if "decide_recheck" in s:
            lines += ["", "`kb.engine.decide` stage by stage (median CPU ms, same households; share of the "
                      "stages' sum):", "", "| stage | CPU ms | share |", "|---|---|---|"]
            total = sum(s[k] for k in DECIDE_STAGES)
            for key, label in DECIDE_STAGES.items():
                lines.append(f"| {label} | {s[key]:.2f} | {s[key] / total:.0%} |")
            if "peer_one" in r:
                lines += [""] + in_process_budget(s, r["peer_one"]["openfisca_ms"])
    return lines + [""]


def in_process_budget(stages: dict, peer_ms: float) -> list[str]:
    """What the in-process target (≤ 0.5x of traced OpenFisca) leaves for the explained answer
    once the stages that stay on every request are paid (membership and accounting, the
    three-valued re-check, pyDatalog: the issue keeps pyDatalog on the path, and the re-check
    is what the explanation is read from), against what the answer takes in this run."""
    budget = 0.5 * peer_ms
    staying = sum(stages[k] for k in ("decide_membership", "decide_recheck", "decide_datalog"))
    left = budget - staying
    answer = stages["decide_answer"]
    need = f"{answer / left:.1f}x faster" if left > 0 else "no time left at all"
    return [f"The in-process target's budget: 0.5 × {peer_ms:.2f} ms = {budget:.2f} ms per household. "
            f"Membership, the re-check and pyDatalog take {staying:.2f} ms ({staying / peer_ms:.2f}x of the "
            f"peer), leaving {left:.2f} ms for the explained answer, which takes {answer:.2f} ms: it "
            f"would have to be {need}."]
