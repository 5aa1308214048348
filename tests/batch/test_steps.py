"""The steps of a program carry only what a later SELECT reads (kb.batch.steps): columns,
joins and a grouped subquery's aggregates; on the shipped jurisdictions every column a step
keeps is read after it, and member steps reading only carried household columns join nothing."""
from __future__ import annotations

import re

import pytest

from kb.batch.sql import SqlProgram
from kb.batch.steps import Join, Step, pruned, reads_of
from kb.compile.compiler import default_rulebase

RULEBASE = default_rulebase()


def test_a_step_keeps_the_columns_and_joins_read_after_it():
    steps = [Step("s0", "t", "h", [("y", "h.c + 1")]),
             Step("s1", "s0", "h", [("x", "h.a AND g.e_1"), ("unread", "h.b")],
                  [Join("g", " LEFT JOIN (SELECT v0.hid AS hid, COLUMNS FROM u v0 GROUP BY v0.hid) g "
                             "ON g.hid = h.hid", [("e_1", "max(v0.p)"), ("e_2", "max(v0.q)")]),
                   Join("k", " LEFT JOIN k k ON k.hid = h.hid")])]
    s0, s1 = dict(pruned(steps, ["SELECT h.x, h.b FROM s1 h"], {"t": ["hid", "a", "b", "c"], "u": []})).values()
    assert s0 == "SELECT h.hid, h.a, h.b FROM t h"          # c and y are read by no one
    assert s1 == ("SELECT h.hid, h.b, h.a AND g.e_1 AS x FROM s0 h LEFT JOIN (SELECT v0.hid AS hid, "
                  "max(v0.p) AS e_1 FROM u v0 GROUP BY v0.hid) g ON g.hid = h.hid")


def test_reads_are_per_table_through_aliases():
    sql = "SELECT m.a, h.b FROM s1 m JOIN (SELECT h.hid AS hid, h.b AS b FROM s2 h) h ON h.hid = m.hid"
    assert reads_of(sql) == {"s1": {"a", "hid"}, "s2": {"b", "hid"}}


def _select_names(select: str) -> set[str]:
    """The names of the columns a SELECT makes (top-level items of its list, before FROM)."""
    depth, quoted, items, start = 0, False, [], len("SELECT ")
    for i, ch in enumerate(select):
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch in "()":
            depth += 1 if ch == "(" else -1
        elif not quoted and depth == 0 and i >= start and (ch == "," or select.startswith(" FROM ", i)):
            items.append(select[start:i].strip())
            start = i + 1
            if ch != ",":
                break
    return {item.rsplit(" AS ", 1)[1] if " AS " in item else item.split(".", 1)[1] for item in items}


@pytest.mark.parametrize("jid", sorted(RULEBASE.jurisdictions))
@pytest.mark.parametrize("members", [False, True])
def test_every_kept_column_is_read_later(jid, members):
    program = SqlProgram(RULEBASE.jurisdictions[jid])
    steps = program.steps(0, 10, "bg_params", members=members)
    finals = [program._output(program.last)] + [program._member_output(program.last_member, program.last)] * members
    texts = [select for _, select in steps] + finals
    for i, (name, select) in enumerate(steps):
        later: set[str] = set()
        for text in texts[i + 1:]:
            later |= reads_of(text).get(name, set())
        kept = _select_names(select)
        assert "*" not in kept and kept - later <= {"hid"}, (name, kept - later)


def test_member_steps_reading_carried_household_columns_join_no_household_step():
    program = SqlProgram(RULEBASE.jurisdictions["daye"])   # the largest program: 74 rules
    members = [select for name, select in program.steps(0, 10, "bg_params", members=False)
               if re.search(r"_m\d+$", name) and not name.endswith(("_m0", "_m1"))]
    joined = [select for select in members if re.search(r" JOIN \(SELECT h\.hid", select)]
    assert len(members) == 5 and len(joined) == 3
