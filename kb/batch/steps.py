"""A screening program's steps (`kb.batch.sql`) as SELECTs carrying only what is read later.

A step is built as the columns it carries from the table before it, the columns it adds and its
joins (`Step`, `Join`); `pruned` renders each SELECT with the columns some later step or a final
SELECT reads of it, the joins read and the aggregates read. Every step used to carry all before
it (`SELECT m.*, …`): ~99 columns at the last household step of the largest jurisdiction, copied
by each step DuckDB materialises. A column dropped wrongly would be a binder error, never a
different answer; the program qualifies every column it reads (`alias.column`) so that what a
SELECT reads of each table is known from its text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Join:
    """A JOIN of a step, dropped when nothing kept reads `alias`; a subquery's columns (name,
    SQL: aggregates, or a household step's columns) stand for ", COLUMNS" in `text`, each kept
    when read as alias.name."""
    alias: str
    text: str
    aggregates: list[tuple[str, str]] = field(default_factory=list)
    hint: str = ""           # put after SELECT when the join is kept (Spark's broadcast)

    def render(self, read: set[str]) -> str:
        kept = "".join(f", {sql} AS {name}" for name, sql in self.aggregates if name in read)
        return self.text.replace(", COLUMNS", kept)


@dataclass
class Step:
    """One step's SELECT before pruning: the columns it carries from table `source` (read as
    `alias`), the columns it adds (name, SQL) and its joins."""
    name: str
    source: str
    alias: str
    new: list[tuple[str, str]] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    where: str = ""


_BINDING = re.compile(r"\b(?:FROM|JOIN) (\w+) (\w+)\b")


def reads_of(sql: str) -> dict[str, set[str]]:
    """The columns a SELECT reads of each table it names: `alias.column` for every alias bound
    to the table (`FROM t a`, `JOIN t a`). The program qualifies every column it reads."""
    reads: dict[str, set[str]] = {}
    for table, alias in _BINDING.findall(sql):
        reads.setdefault(table, set()).update(re.findall(rf"\b{alias}\.(\w+)", sql))
    return reads


def pruned(steps: list[Step], finals: list[str], columns: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(table name, SELECT) per step, each carrying and adding only the columns some later step
    or a final SELECT reads of it (and hid). `columns`: the input tables' columns. A join none
    of whose columns is read is dropped: a member step's join with its household step on hid
    changes no row (every member's household is in the same range of households)."""
    for step in steps:
        columns[step.name] = columns[step.source] + [c for c, _ in step.new]
    read: dict[str, set[str]] = {}
    for sql in finals:
        for table, cols in reads_of(sql).items():
            read.setdefault(table, set()).update(cols)
    out = []
    for step in reversed(steps):
        wanted = read.get(step.name, set()) | {"hid"}
        carried = [f"{step.alias}.{c}" for c in columns[step.source] if c in wanted]
        added = [f"{sql} AS {c}" for c, sql in step.new if c in wanted]
        text = ", ".join(carried + added)
        joins = []
        for join in step.joins:
            names = set(re.findall(rf"\b{join.alias}\.(\w+)", text + step.where))
            if names:
                joins.append((join.hint, join.render(names)))
        select = (f"SELECT {''.join(h for h, _ in joins)}{text} FROM {step.source} {step.alias}"
                  f"{''.join(j for _, j in joins)}{step.where}")
        for table, cols in reads_of(select).items():
            read.setdefault(table, set()).update(cols)
        out.append((step.name, select))
    return out[::-1]
