"""benchmarks/run.py's report: the run's measures as a Markdown table with each target and whether
this run met it (the targets live here, with the benchmarks, never in tests)."""
from __future__ import annotations

TARGET_P50_MS = 2.0
TARGET_BATCH_RATIO = 3.0


def report(meta: dict, lat: dict | None, api_r: dict | None, batches: list[dict] | None) -> str:
    lines = [f"# binggui benchmark — {meta['date']}", "",
             f"Machine: {meta['cpus']} CPUs, {meta['platform']}, Python {meta['python']}, DuckDB {meta['duckdb']}; "
             f"load average {meta['load_before']} before, {meta['load_after']} after "
             f"(other processes skew every figure). Rule base {meta['rulebase']}, jurisdiction `{meta['jurisdiction']}` "
             f"({meta['rules']} rules). Plain = `kb.testing.plain.PlainEvaluator` (same compiled rules, plain Python loop, "
             f"no pyDatalog, no explanations)."
             + (" The project's modules were compiled to bytecode first, as `pip install .` compiles them "
                "(`request_path.compile_as_installed`)." if meta.get("bytecode_compiled") else "")
             + (f" The servers' conflict findings were ready before the first one started ({meta['conflicts_warm_up_s']} s"
                f" to compute or read them)." if "conflicts_warm_up_s" in meta else ""), "",
             "| measure | binggui | plain Python | ratio (binggui / plain) | target |",
             "|---|---|---|---|---|"]
    if lat:
        for jid, m in lat.items():
            if jid == "all":
                continue
            ok = "met" if m["engine_p50_ms"] <= TARGET_P50_MS else "**not met**"
            lines.append(f"| one household, full explanation, `{jid}` ({m['rules']} rules), p50 / p95 (n={m['n']}) | "
                         f"{m['engine_p50_ms']:.2f} / {m['engine_p95_ms']:.2f} ms | "
                         f"{m['plain_p50_ms']:.3f} / {m['plain_p95_ms']:.3f} ms | "
                         f"{m['engine_p50_ms'] / m['plain_p50_ms']:.1f}x | p50 <= {TARGET_P50_MS:g} ms: {ok} |")
        a = lat["all"]
        ok = "met" if a["engine_p50_ms"] <= TARGET_P50_MS else "**not met**"
        lines.append(f"| one household, all five jurisdictions together, p50 / p95 (n={a['n']}) | "
                     f"{a['engine_p50_ms']:.2f} / {a['engine_p95_ms']:.2f} ms | | | p50 <= {TARGET_P50_MS:g} ms: {ok} |")
    if api_r:
        plain_rps = 1000 / lat[meta["jurisdiction"]]["plain_mean_ms"] if lat else float("nan")
        flat = "met" if abs(api_r["rss_growth_after_half_mb"]) <= 10 else "**not met**"
        lines.append(f"| API throughput, 127.0.0.1, {api_r['clients']} clients, {api_r['server_threads']} server threads "
                     f"({api_r['requests']:,} requests, {api_r['errors']} errors) | {api_r['rps']:.0f} req/s | "
                     f"{plain_rps:.0f} households/s | {api_r['rps'] / plain_rps:.2f}x | |")
        lines.append(f"| API server memory (RSS MB after warm-up, each quarter) | {' → '.join(str(x) for x in api_r['rss_mb'])} | "
                     f"| | flat (second half ±10 MB: {api_r['rss_growth_after_half_mb']:+.1f} MB): {flat} |")
    for b in batches or []:
        if b["plain_seconds"] != b["plain_seconds"]:      # not measured (NaN)
            lines.append(f"| batch {b['households']:,} households (`binggui screen` CSV → Parquet; load "
                         f"{b['sql_load_seconds']:.1f} s, screen {b['sql_screen_seconds']:.1f} s; peak RSS "
                         f"{b['sql_peak_rss_mb']:.0f} MB) | {b['sql_seconds']:.1f} s | — | — | |")
            continue
        target = ""
        if b["households"] == 100_000:
            target = f"<= {TARGET_BATCH_RATIO:g}x: " + ("met" if b["ratio_sql_to_plain"] <= TARGET_BATCH_RATIO else "**not met**")
        lines.append(f"| batch {b['households']:,} households (`binggui screen` CSV → Parquet; load {b['sql_load_seconds']:.1f} s, "
                     f"screen {b['sql_screen_seconds']:.1f} s; peak RSS {b['sql_peak_rss_mb']:.0f} MB) | "
                     f"{b['sql_seconds']:.1f} s | {b['plain_seconds']:.1f} s | {b['ratio_sql_to_plain']:.2f}x | {target} |")
    lines.append("")
    if lat:
        names = list(next(m for k, m in lat.items() if k != "all")["stages_p50_ms"])
        lines += ["Where the time of one household goes (median of each stage, ms; `kb.engine.decide`'s steps):", "",
                  "| jurisdiction | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for jid, m in lat.items():
            if jid != "all":
                lines.append(f"| `{jid}` | " + " | ".join(f"{m['stages_p50_ms'][n]:.2f}" for n in names) + " |")
        lines.append("")
    return "\n".join(lines)
