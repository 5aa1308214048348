"""The SELECTs that turn a jurisdiction's last screening steps (kb.batch.sql) into output rows:
one row per household (`household_rows`, the results table's `result_columns`) and one per
counted member (`member_rows`, `member_columns`), each category and benefit as
eligible | ineligible | undetermined, with the benefit's resolved value (`benefit_pick`; per
member it is carried coded, as its index among `benefit_values`, and decoded here).

Kept apart from the program's steps: these read only the columns the steps leave (`q_<pred>`,
`a_<pred>`, rule columns `r<n>`, `mem_<cat>`, `bv_`/`bvh_<benefit>`) and decide nothing new.
"""
from __future__ import annotations

from fractions import Fraction

from kb.batch.dialect import Dialect
from kb.batch.expressions import k_or
from kb.batch.literals import sql_str
from kb.compile.levels import Unsupported
from kb.core.model import Jurisdiction
from kb.core.money import fmt


def status(truth: str, d: Dialect) -> str:
    """A three-valued truth as the outputs write it."""
    return (f"CASE WHEN {truth} THEN {d.status_value('eligible')} WHEN NOT ({truth}) THEN {d.status_value('ineligible')} "
            f"ELSE {d.status_value('undetermined')} END")


# --- columns ----------------------------------------------------------------------------------

def result_columns(j: Jurisdiction, d: Dialect) -> dict[str, str]:
    """The results table's columns for this jurisdiction's households (without hid)."""
    st = d.status_type
    cols = {"household_id": "VARCHAR", "jurisdiction": "VARCHAR", "assessment_date": "DATE"}
    for cat in j.categories.values():
        cols[cat.id] = st
        cols[f"{cat.id}_rules"] = "VARCHAR"
        if cat.subtypes:
            cols[f"{cat.id}_subtypes"] = "VARCHAR"
        if cat.per_member:
            cols[f"{cat.id}_members"] = "VARCHAR"
    for b in j.benefits.values():
        cols[f"benefit_{b.id}"] = st
        cols[f"benefit_{b.id}_value"] = "VARCHAR"
    return cols


def member_columns(j: Jurisdiction, d: Dialect) -> dict[str, str]:
    """The columns of the members table: one row per counted member, that member's status in
    every category and in every benefit given per member, with the value they get."""
    st = d.status_type
    cols = {"hid": "BIGINT", "ord": "INTEGER", "household_id": "VARCHAR", "person_id": "VARCHAR",
            "jurisdiction": "VARCHAR"}
    for cat in j.categories.values():
        cols[cat.id] = st
    for b in j.benefits.values():
        if b.per_member:
            cols[f"benefit_{b.id}"] = st
            cols[f"benefit_{b.id}_value"] = "VARCHAR"
    return cols


# --- benefit values ---------------------------------------------------------------------------

def benefit_values(j: Jurisdiction, bid: str) -> list[Fraction]:
    """A benefit's possible values, in order: the meaning of the codes `benefit_pick` gives."""
    return sorted({r.head.value.value for r in j.rules_for(bid) if r.head.value is not None})


def benefit_pick(j: Jurisdiction, d: Dialect, bid: str, truth_of: dict[str, str], coded: bool = False) -> str:
    """The resolved value of a benefit from the rules holding (`truth_of`: rule id -> its truth
    SQL): the one value, or the principle's max/min among several, else NULL (as the engine).
    `coded`: the value's index in `benefit_values` (INTEGER), for per-member values that are
    aggregated per household: Spark aggregates integers with generated code, strings not."""
    by_value: dict[Fraction, list[str]] = {}
    for rule in j.rules_for(bid):
        if rule.head.value is not None:
            by_value.setdefault(rule.head.value.value, []).append(f"{truth_of[rule.id]} IS TRUE")
    if not by_value:
        return "CAST(NULL AS INTEGER)" if coded else f"CAST(NULL AS {d.string})"
    codes = {v: i for i, v in enumerate(benefit_values(j, bid))}
    lit = {v: str(codes[v]) if coded else sql_str(fmt(v)) for v in by_value}
    held = {v: "(" + " OR ".join(c) + ")" for v, c in by_value.items()}
    principle = next((p for p in j.principles if bid in p.benefits), None)
    if len(held) == 1:
        ((v, cond),) = held.items()
        return f"CASE WHEN {cond} THEN {lit[v]} END"
    if principle is not None:
        ordered = sorted(held, reverse=principle.picks == "max")
        return "CASE " + " ".join(f"WHEN {held[v]} THEN {lit[v]}" for v in ordered) + " END"
    count = " + ".join(f"CAST({c} AS INTEGER)" for c in held.values())
    return (f"CASE WHEN {count} = 1 THEN CASE " + " ".join(f"WHEN {c} THEN {lit[v]}"
                                                          for v, c in held.items()) + " END END")


def decode_benefit(j: Jurisdiction, d: Dialect, bid: str, code: str) -> str:
    """The value (text) of a coded benefit value; NULL stays NULL."""
    values = benefit_values(j, bid)
    if not values:
        return f"CAST(NULL AS {d.string})"
    return f"CASE {code} " + " ".join(f"WHEN {i} THEN {sql_str(fmt(v))}" for i, v in enumerate(values)) + " END"


# --- rows -------------------------------------------------------------------------------------

def household_rows(program, h: str) -> str:
    """The results rows (hid included) from the program's last household step `h`."""
    j, rcol = program.j, program.rcol
    cols = ["h.household_id AS household_id", f"{sql_str(j.id)} AS jurisdiction",
            "h.assessment_date AS assessment_date", "h.hid AS hid"]
    for cat in j.categories.values():
        truth = f"h.a_{cat.id}" if cat.per_member else f"h.q_{cat.id}"
        rules = sorted(j.rules_for(cat.id), key=lambda r: r.id)
        holding = ", ".join(f"CASE WHEN h.{rcol(r)} THEN {sql_str(r.id)} END" for r in rules) or "NULL"
        unknown = ", ".join(f"CASE WHEN h.{rcol(r)} IS NULL THEN {sql_str(r.id)} END" for r in rules) or "NULL"
        cols.append(f"{status(truth, program.d)} AS {cat.id}")
        cols.append(f"CASE WHEN {truth} THEN concat_ws(';', {holding}) WHEN {truth} IS NULL "
                    f"THEN concat_ws(';', {unknown}) ELSE '' END AS {cat.id}_rules")
        if cat.subtypes:
            subs: dict[str, list[str]] = {}
            for r in rules:
                if r.head.subtype:
                    subs.setdefault(r.head.subtype, []).append(f"h.{rcol(r)} IS TRUE")
            parts = ", ".join(f"CASE WHEN {' OR '.join(c)} THEN {sql_str(s)} END" for s, c in sorted(subs.items()))
            cols.append(f"concat_ws(';', {parts or 'NULL'}) AS {cat.id}_subtypes")
        if cat.per_member:
            cols.append(f"h.mem_{cat.id} AS {cat.id}_members")
    for b in j.benefits.values():
        if b.id in j.per_member_predicates:
            truth, value = f"h.a_{b.id}", f"h.bvh_{b.id}"
        else:
            truth = f"h.q_{b.id}"
            value = benefit_pick(j, program.d, b.id, {r.id: f"h.{rcol(r)}" for r in j.rules_for(b.id)})
        cols.append(f"{status(truth, program.d)} AS benefit_{b.id}")
        cols.append(f"{value} AS benefit_{b.id}_value")
    return f"SELECT {', '.join(cols)} FROM {h} h"


def member_rows(program, m: str, h: str) -> str:
    """The per-person rows (`member_columns`) from the program's last member step `m` and
    household step `h`, one per counted member."""
    j, rcol = program.j, program.rcol
    cols = ["m.hid AS hid", "m.ord AS ord", "h.household_id AS household_id", "m.person_id AS person_id",
            f"{sql_str(j.id)} AS jurisdiction"]
    for cat in j.categories.values():
        if cat.per_member:
            truth = f"m.q_{cat.id}"
        else:
            # a family category covers every member when a rule deciding the family holds,
            # else the members its `cat(P) :- …` rules are written for
            parts = [f"h.{rcol(r)}" for r in j.rules_for(cat.id) if r.covers is None]
            for r in j.rules_for(cat.id):
                if r.covers is None:
                    continue
                if list(r.variables) != [r.covers]:
                    raise Unsupported(f"{r.file}:{r.line}: rule {r.id} covers {r.covers} but has other "
                                      "variables; the members table does not handle that")
                parts.append(f"({program.main.body(r, {r.covers: 'm'})})")
            truth = f"({k_or(parts)})"
        cols.append(f"{status(truth, program.d)} AS {cat.id}")
    for b in j.benefits.values():
        if b.per_member:
            cols.append(f"{status(f'm.q_{b.id}', program.d)} AS benefit_{b.id}")
            cols.append(f"CASE WHEN m.q_{b.id} IS TRUE THEN {decode_benefit(j, program.d, b.id, f'm.bv_{b.id}')} END "
                        f"AS benefit_{b.id}_value")
    return f"SELECT {', '.join(cols)} FROM {m} m JOIN {h} h ON h.hid = m.hid WHERE m.q_member IS TRUE"
