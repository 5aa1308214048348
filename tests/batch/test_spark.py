"""Differential test of the Spark engine: the same generated households, rich in boundary values
(kb.testing.generate), all five jurisdictions, 2,000 each, screened by the one compiled SQL
program on Spark local mode (Spark dialect) and on DuckDB, and decided by the plain evaluator
(kb.testing.plain): statuses, deciding rules, subtypes, members and benefit values must be
identical, and so must the per-person rows (`--members`: every counted member's status in every
category and in every benefit given to persons, with the value). A difference prints the
household and both answers.

One SparkSession (local[2]) serves the module; a what-if run and the missing-pyspark message go
through the command line in subprocesses.
"""
from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("pyspark", reason="the Spark extra: pip install '.[spark]' (scripts/test.sh installs it)")

from kb.batch.load import load_csv
from kb.batch.screen import screen_loaded
from kb.batch.columns import write_csv
from kb.batch.spark import SparkEngine, export_layout, session
from kb.testing.generate import generate
from kb.testing.plain import PlainEvaluator, differences

from .test_differential import _report, rulebase

N = int(os.environ.get("BINGGUI_SPARK_N", "2000"))
SEED = 20251201


@pytest.fixture(scope="module")
def households():
    rb = rulebase()
    return {jid: list(generate(rb.jurisdictions[jid], N, seed=SEED)) for jid in sorted(rb.jurisdictions)}


@pytest.fixture(scope="module")
def screened(households, tmp_path_factory):
    """(DuckDB rows, Spark rows, DuckDB person rows, Spark person rows): households as
    {household_id: row dict}, persons as {(household_id, person_id): row dict}."""
    tmp = tmp_path_factory.mktemp("spark")
    path = tmp / "households.csv"
    write_csv([h for hs in households.values() for h in hs], path)
    con = duckdb.connect()
    load_csv(con, [path], None, rulebase())
    screen_loaded(con, rulebase(), chunk=3000, members="bg_members_results")
    rel = con.execute("SELECT * FROM bg_results")
    cols = [d[0] for d in rel.description]
    duck = {r[1]: dict(zip(cols, r)) for r in rel.fetchall()}
    rel = con.execute("SELECT * FROM bg_members_results")
    cols = [d[0] for d in rel.description]
    duck_persons = {(row["household_id"], row["person_id"]): row for row in (dict(zip(cols, r)) for r in rel.fetchall())}
    export_layout(con, tmp / "layout")
    spark = session("local[2]", partitions=2)
    try:
        engine = SparkEngine(spark)
        assert engine.load_layout(tmp / "layout") == len(duck)
        counts = engine.screen(rulebase(), "bg_results", members="bg_members_results")
        assert counts == {jid: len(hs) for jid, hs in households.items()}
        sp = {r["household_id"]: r.asDict() for r in spark.sql("SELECT * FROM bg_results").collect()}
        sp_persons = {(r["household_id"], r["person_id"]): r.asDict()
                      for r in spark.sql("SELECT * FROM bg_members_results").collect()}
        engine.close()
    finally:
        spark.stop()
    return duck, sp, duck_persons, sp_persons


def summary(row: dict, j) -> dict:
    """A results row in the summary form of kb.testing.plain."""
    def ids(key):
        return [x for x in (row.get(key) or "").split(";") if x]
    cats = {c.id: {"status": row[c.id], "rules": ids(f"{c.id}_rules"), "subtypes": ids(f"{c.id}_subtypes"),
                   "members": ids(f"{c.id}_members")} for c in j.categories.values()}
    bens = {b: {"status": row[f"benefit_{b}"], "value": row[f"benefit_{b}_value"]} for b in j.benefits}
    return {"categories": cats, "benefits": bens}


def persons_summary(persons: dict, household_id: str, j) -> dict:
    """The person rows of one household in the `persons` form of kb.testing.plain: per counted
    member, the status per category and per benefit given to persons ("eligible 300" with a value)."""
    out = {}
    for (hid, pid), row in persons.items():
        if hid != household_id:
            continue
        mine = {c: row[c] for c in j.categories}
        for b in j.benefits.values():
            if b.per_member:
                value = row[f"benefit_{b.id}_value"]
                mine[b.id] = row[f"benefit_{b.id}"] + (f" {value}" if value else "")
        out[pid] = mine
    return out


@pytest.mark.parametrize("jid", sorted(rulebase().jurisdictions))
def test_spark_agrees_with_plain_and_duckdb(jid, households, screened):
    j = rulebase().jurisdictions[jid]
    duck, sp, duck_persons, sp_persons = screened
    plain = PlainEvaluator(j)
    against_plain, against_duck = [], []
    by_household: dict[str, dict] = {}
    for key, row in sp_persons.items():
        by_household.setdefault(key[0], {})[key] = row
    duck_by_household: dict[str, dict] = {}
    for key, row in duck_persons.items():
        duck_by_household.setdefault(key[0], {})[key] = row
    for h in households[jid]:
        want = plain.decide(h)
        got = summary(sp[h.id], j) | {"persons": persons_summary(by_household.get(h.id, {}), h.id, j)}
        diff = differences(want, got)
        if diff:
            against_plain.append((h, want, got, diff))
        d = summary(duck[h.id], j) | {"persons": persons_summary(duck_by_household.get(h.id, {}), h.id, j)}
        diff = differences(d, got)
        if diff:
            against_duck.append((h, d, got, diff))
    assert not against_plain, _report("plain vs spark", against_plain, len(households[jid]))
    assert not against_duck, _report("duckdb vs spark", against_duck, len(households[jid]))
    # the whole row, column by column (assessment dates, ids, values as written)
    raw = [(hid, c, duck[hid][c], sp[hid].get(c)) for hid in (h.id for h in households[jid])
           for c in duck[hid] if duck[hid][c] != sp[hid].get(c)]
    assert not raw, raw[:10]
    # the per-person rows, column by column: the same members, the same cells
    mine = {k for k in duck_persons if k[0] in {h.id for h in households[jid]}}
    assert mine == {k for k in sp_persons if k[0] in {h.id for h in households[jid]}}
    assert mine, f"no counted member in {jid}'s generated households"
    raw = [(k, c, duck_persons[k][c], sp_persons[k].get(c)) for k in sorted(mine)
           for c in duck_persons[k] if duck_persons[k][c] != sp_persons[k].get(c)]
    assert not raw, raw[:10]
    statuses = {c: {sp[h.id][c] for h in households[jid]} for c in j.categories}
    assert any(len(v) == 3 for v in statuses.values()), statuses


def _cli(*args: str, env_extra: str = "") -> subprocess.CompletedProcess:
    code = (f"import sys{env_extra}\nfrom kb.cli import main\nsys.exit(main({['screen', *args]!r}))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)


def test_what_if_on_spark_equals_duckdb(households, tmp_path):
    """`--engine spark --set … --changes … --members …` writes what DuckDB writes (a swapped
    parameters table; per-person rows from the same steps)."""
    jid = "daye" if "daye" in households else sorted(households)[0]
    hs = households[jid][:300]
    path = tmp_path / "h.csv"
    write_csv(hs, path)
    common = [str(path), "--set", f"{jid}.dibao_standard=+5%", "--no-progress"]
    duck_out, duck_changes = tmp_path / "d.parquet", tmp_path / "dc.parquet"
    spark_out, spark_changes = tmp_path / "s.parquet", tmp_path / "sc.parquet"
    duck_members, spark_members = tmp_path / "dm.parquet", tmp_path / "sm.csv"
    r = _cli(*common, "--out", str(duck_out), "--changes", str(duck_changes), "--members", str(duck_members))
    assert r.returncode == 0, r.stderr
    r = _cli(*common, "--out", str(spark_out), "--changes", str(spark_changes), "--members", str(spark_members),
             "--engine", "spark")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "on spark" in r.stderr
    con = duckdb.connect()

    def rows(p: Path, where: str) -> list:
        return con.execute(f"SELECT * FROM read_parquet('{p}{where}') ORDER BY household_id").fetchall()
    assert rows(spark_out, "/*.parquet") == rows(duck_out, "")
    people = con.execute(f"SELECT * FROM read_parquet('{duck_members}')").fetchall()
    # CSV parts written by Spark: every column as text, an empty cell for a missing value
    on_spark = con.execute(f"SELECT * FROM read_csv('{spark_members}/*.csv', all_varchar = true)").fetchall()
    assert people and on_spark == people
    changed = rows(spark_changes, "/*.parquet")
    assert changed == rows(duck_changes, "") and changed
    j = rulebase().jurisdictions[jid]
    raised = PlainEvaluator(j, {"dibao_standard": j.parameters["dibao_standard"].values[-1].value * Fraction(105, 100)})
    base = PlainEvaluator(j)
    expected = {h.id for h in hs if any(raised.decide(h)["categories"][c]["status"]
                                        != base.decide(h)["categories"][c]["status"] for c in j.categories)}
    assert {r[0] for r in changed} == expected


def test_a_prepared_layout_given_as_a_url_screens_as_duckdb_does(households, tmp_path):
    """`--prepare DIR`, then `--engine spark file://DIR` (as a cluster reads hdfs:// or s3a://):
    the same rows as DuckDB screening the CSV; a URL without a layout is one located line."""
    jid = sorted(households)[-1]
    path = tmp_path / "h.csv"
    write_csv(households[jid][:200], path)
    layout = tmp_path / "layout"
    r = _cli(str(path), "--prepare", str(layout), "--no-progress")
    assert r.returncode == 0, r.stderr
    duck_out, spark_out = tmp_path / "d.csv", tmp_path / "s.csv"
    assert _cli(str(path), "--out", str(duck_out), "--no-progress").returncode == 0
    r = _cli(f"file://{layout}", "--engine", "spark", "--out", str(spark_out), "--no-progress")
    assert r.returncode == 0, r.stderr[-3000:]
    con = duckdb.connect()
    assert (con.execute(f"SELECT * FROM read_csv('{spark_out}/*.csv', all_varchar = true)").fetchall()
            == con.execute(f"SELECT * FROM read_csv('{duck_out}', all_varchar = true)").fetchall())
    r = _cli(f"file://{tmp_path}/nothing-here", "--engine", "spark", "--no-progress")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("binggui screen: Spark (local[2]):"), r.stderr[-2000:]


def test_without_pyspark_one_line_says_how_to_install(tmp_path, households):
    jid = sorted(households)[0]
    path = tmp_path / "h.csv"
    write_csv(households[jid][:5], path)
    r = _cli(str(path), "--engine", "spark", "--no-progress", env_extra="; sys.modules['pyspark'] = None")
    assert r.returncode == 3
    last = r.stderr.strip().splitlines()[-1]
    assert "pip install 'binggui[spark]'" in last and "Traceback" not in r.stderr
