"""Compile a jurisdiction's rules (the same AST the engine reads) to SQL, run by DuckDB in-process.

The batch path of `binggui screen`. Three-valued throughout: a BOOLEAN column is a Kleene truth
value, SQL NULL being *unknown* (SQL's AND/OR/NOT are Kleene already). Where truth values are
aggregated (a rule with a variable, "any member"), they are encoded as 0/1/2 (false/unknown/true),
so that Kleene OR is `max` and an empty group is false: SQL's `bool_or` would ignore NULLs.

Input tables: `kb.batch.tables` (bg_households, bg_members, bg_income, keyed by a dense household
number `hid`); one rule body as SQL: `kb.batch.expressions`; literals: `kb.batch.literals`.

Money is DECIMAL(38,4) (exact; inputs with more than four decimals are refused by the loader)
and never divided: a per-capita figure is carried as the pair (total, household_size) and a
comparison is multiplied out, `annual_income < dibao_standard * household_size`, so no rounding
can move a household across a threshold. Parameters come from a per-run table keyed by
assessment date (`params_rows`), so a what-if run only swaps that table.

The program for one jurisdiction is one `INSERT … WITH … AS (…) SELECT` per chunk of
households (`statement`; `statements` gives the same steps as separate temporary tables, to
inspect them), its steps in the compiler's strata order: membership rules (in the engine's membership context: no derived facts,
no other predicates, a person without a stated relation counts), the accounting of
`kb.evaluate.accounting` (household_size, annual_income with the jurisdiction's exclusions,
months_since_*), then the rules level by level (a predicate's level is one more than the highest
level it reads). Each level adds columns to a per-member table `m<k>` (one row per listed
person: variables range over listed persons, as in the engine) and to a per-household table
`h<k>`; rules with variables beyond the head's become grouped subqueries (one per level and
number of variables). Each step carries only the columns read after it (`kb.batch.steps`), and
member rows carry the household columns later member steps read, so that those need no join.
The final SELECT writes one row per household into the results table:

    household_id, jurisdiction, assessment_date,
    <category>            eligible | ineligible | undetermined
    <category>_rules      deciding rule ids, ';'-joined (holding if eligible, undetermined
                          bindings if undetermined, empty if ineligible)
    <category>_subtypes   (categories with subtypes) subtypes whose rule holds
    <category>_members    (per-member categories) person ids who hold it
    benefit_<id>, benefit_<id>_value

`statements(…, members_table)` also writes the per-person rows of the same households into a
members table (`member_columns`): hid, ord, household_id, person_id, jurisdiction, then per category the
member's status (a family category covers every member, or only those its `cat(P) :- …` rules
are written for) and per benefit given per member `benefit_<id>`, `benefit_<id>_value`.

The output rows' SELECTs (those columns, from the last steps) are `kb.batch.outputs`; the steps'
pruning to what is read later is `kb.batch.steps`. This module knows nothing of files;
`kb.batch.load` reads inputs, `kb.batch.screen` runs the program and `kb.batch.results` writes
outputs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.batch.dialect import DUCKDB, Dialect
from kb.batch.expressions import ExprCompiler, conjunction, dec, enc, k_or
from kb.batch.literals import sql_str
from kb.batch.outputs import benefit_pick, decode_benefit, household_rows, member_columns, member_rows, result_columns
from kb.batch.steps import Join, Step, pruned
from kb.batch.tables import INPUT_TABLES
from kb.compile.levels import rule_levels
from kb.core.model import CompiledRule, Jurisdiction


# --- the program ------------------------------------------------------------------------------

@dataclass
class _Level:
    member_preds: list[str] = field(default_factory=list)
    household_preds: list[str] = field(default_factory=list)


@dataclass
class _Carried:
    """The household columns the member rows carry: those of household step h<step>, `names`,
    and `hoisted` literals of member rules that read only household columns (SQL over `h` ->
    the column x<i> carrying its value)."""
    step: int | None = None
    names: set[str] = field(default_factory=set)
    hoisted: dict[str, str] = field(default_factory=dict)


class SqlProgram:
    """The SQL for one jurisdiction; `statement(lo, hi, params_table, results_table)` screens the
    households with lo <= hid < hi into the results table."""

    def __init__(self, j: Jurisdiction, dialect: Dialect = DUCKDB):
        self.j = j
        self.d = dialect
        self.prefix = f"bg_{j.id}_"
        order = [p for p in rule_levels(j) if p not in ("listed", "member")]
        self.tracked = set(j.categories) | set(j.benefits)
        self.rule_index = {r.id: i for i, r in enumerate(j.rules)}
        level_of: dict[str, int] = {"listed": 0, "member": 0}
        for pred in order:
            deps = {d for r in j.rules_for(pred) for d in r.reads_predicates}
            level_of[pred] = 1 + max((level_of.get(d, 0) for d in deps), default=0)
        self.levels: list[_Level] = [_Level() for _ in range(max(level_of.values(), default=0))]
        for pred in order:
            lv = self.levels[level_of[pred] - 1]
            (lv.member_preds if pred in j.per_member_predicates else lv.household_preds).append(pred)
        self.main = ExprCompiler(j, membership=False, dialect=dialect)
        # a member step reading household columns its rows carry (`_member_level`)
        self.main_carried = ExprCompiler(j, membership=False, h="m", dialect=dialect)
        self.member_ctx = ExprCompiler(j, membership=True, dialect=dialect)
        self.param_names = sorted(j.parameters)
        self.result_columns = result_columns(j, self.d)

    # -- naming
    def t(self, name: str) -> str:
        return self.prefix + name

    def rcol(self, rule: CompiledRule) -> str:
        return f"r{self.rule_index[rule.id]}"

    # -- rules
    def _rule_shape(self, rule: CompiledRule) -> str:
        """'h': no variables (an expression over the household row); 'm': the head variable is the
        only variable (an expression over the person row); 'agg': needs a grouped subquery."""
        if not rule.variables:
            return "h"
        if rule.head.var is not None and list(rule.variables) == [rule.head.var.name]:
            return "m"
        return "agg"

    def _aggregates(self, rules: list[CompiledRule], ctx: ExprCompiler, m: str, h: str,
                    per_member: bool) -> tuple[list[str], dict[str, str]]:
        """Grouped subqueries for rules with variables beyond the head's: one subquery per number
        of variables, one Kleene-OR aggregate (max of 0/1/2) per rule. Returns the LEFT JOINs
        (`Step.joins`, onto `m` rows when `per_member`, else onto households) and each rule's
        truth SQL."""
        groups: dict[int, list[tuple[CompiledRule, str]]] = {}
        for rule in rules:
            names = list(rule.variables)
            if rule.head.var is not None:
                names.remove(rule.head.var.name)
                names.insert(0, rule.head.var.name)
            aliases = {v: f"v{i}" for i, v in enumerate(names)}
            groups.setdefault(len(names), []).append((rule, ctx.body(rule, aliases)))
        joins, truth = [], {}
        for n, members in sorted(groups.items()):
            g = f"g{'m' if per_member else 'h'}{n}"
            aggs = [(f"e_{self.rcol(rule)}", f"max({enc(body)})") for rule, body in members]
            cross = "".join(f" JOIN {m} v{i} ON v{i}.hid = v0.hid" for i in range(1, n))
            # the household row only when a body reads it (every member's household is there)
            household = f" JOIN {h} h ON h.hid = v0.hid" if re.search(r"\bh\.", str(aggs)) else ""
            keys = "v0.hid AS hid, v0.ord AS ord" if per_member else "v0.hid AS hid"
            group = "v0.hid, v0.ord" if per_member else "v0.hid"
            on = f"{g}.hid = m.hid AND {g}.ord = m.ord" if per_member else f"{g}.hid = h.hid"
            joins.append(Join(g, f" LEFT JOIN (SELECT {keys}, COLUMNS FROM {m} v0{cross}{household} "
                                  f"GROUP BY {group}) {g} ON {on}", aggs))
            for rule, _ in members:
                truth[rule.id] = dec(f"{g}.e_{self.rcol(rule)}")
        return joins, truth

    def steps(self, lo: int, hi: int, params_table: str, members: bool = True) -> list[tuple[str, str]]:
        """(table name, SELECT) in order; the last table has one row per household. Each carries
        the columns the final SELECT (and, with `members`, the per-person rows') reads."""
        steps = self._steps(lo, hi, params_table)
        finals = [self._output(self.last)] + ([self._member_output(self.last_member, self.last)] * members)
        return pruned(steps, finals, {name: list(cols) for name, cols in INPUT_TABLES.items()})

    def _steps(self, lo: int, hi: int, params_table: str) -> list[Step]:
        j, t = self.j, self.t
        out: list[Step] = []
        out.append(Step(t("h0"), "bg_households", "h", [(f"p_{n}", f"p.p_{n}") for n in self.param_names],
                         [Join("p", f" LEFT JOIN {params_table} p ON p.assessment_date = h.assessment_date",
                                hint=self.d.broadcast_hint("p"))],
                         f" WHERE h.hid >= {lo} AND h.hid < {hi}"))
        out.append(Step(t("m0"), "bg_members", "m", where=f" WHERE m.hid >= {lo} AND m.hid < {hi}"))
        # membership, in the engine's membership context
        member_rules = j.rules_for("member")
        if member_rules:
            parts = [self.member_ctx.body(r, {r.head.var.name: "m"}) for r in member_rules if self._rule_shape(r) == "m"]
            joins, truth = self._aggregates([r for r in member_rules if self._rule_shape(r) == "agg"],
                                            self.member_ctx, t("m0"), t("h0"), per_member=True)
            parts += list(truth.values())
            member = f"CASE WHEN m.f_relation_to_applicant IS NULL THEN TRUE ELSE ({k_or(parts)}) END"
            out.append(Step(t("m1"), t("m0"), "m", [("q_member", member)],
                             [Join("h", f" JOIN {t('h0')} h ON h.hid = m.hid")] + joins))
        else:
            out.append(Step(t("m1"), t("m0"), "m", [("q_member", "TRUE")]))
        # accounting (kb.evaluate.accounting)
        excl = sorted(j.income_exclusions)
        kept = "sum(amount)" + (f" FILTER (WHERE type NOT IN ({', '.join(sql_str(x) for x in excl)}))" if excl else "")

        def months(col: str) -> str:
            return (f"(year(h.assessment_date) - year({col})) * 12 + month(h.assessment_date) - month({col}) "
                    f"- CASE WHEN day(h.assessment_date) < day({col}) THEN 1 ELSE 0 END")
        out.append(Step(t("h1"), t("h0"), "h", [
            ("d_household_size", "CASE WHEN COALESCE(c.undecided, 0) > 0 OR COALESCE(c.counted, 0) = 0 "
                                 "THEN NULL ELSE c.counted END"),
            ("d_annual_income", f"CASE WHEN h.income_known THEN CAST(COALESCE(i.kept, 0) AS {self.d.decimal}) END"),
            ("d_months_since_dibao_denial", months("h.f_denied_dibao_on")),
            ("d_months_since_exit", months("h.f_exited_on"))], [
            Join("c", f" LEFT JOIN (SELECT v0.hid AS hid, CAST(count(*) FILTER (WHERE v0.q_member IS TRUE) AS INTEGER) "
                       f"AS counted, count(*) FILTER (WHERE v0.q_member IS NULL) AS undecided FROM {t('m1')} v0 "
                       f"GROUP BY v0.hid) c ON c.hid = h.hid"),
            Join("i", f" LEFT JOIN (SELECT hid, {kept} AS kept FROM bg_income WHERE hid >= {lo} AND hid < {hi} "
                       f"GROUP BY hid) i ON i.hid = h.hid")]))
        columns = {name: list(cols) for name, cols in INPUT_TABLES.items()}
        for step in out:
            columns[step.name] = columns[step.source] + [c for c, _ in step.new]
        # the household step that first has each household column (h0's are the inputs')
        produced = dict.fromkeys(columns[t("h0")], 0) | {c: 1 for c, _ in out[-1].new}
        carried = _Carried()
        hk, mk = t("h1"), t("m1")
        for n, level in enumerate(self.levels, start=2):
            new_m, new_h = t(f"m{n}"), t(f"h{n}")
            if level.member_preds:
                step = self._member_level(new_m, n - 2, mk, hk, carried, produced, columns)
                out.append(step)
                columns[new_m] = columns[mk] + [c for c, _ in step.new]
            else:
                new_m = mk
            out.append(self._household_level(new_h, level, mk, hk, new_m))
            columns[new_h] = columns[hk] + [c for c, _ in out[-1].new]
            for c, _ in out[-1].new:
                produced.setdefault(c, n)
            hk, mk = new_h, new_m
        self.last = hk
        self.last_member = mk
        return out

    def statement(self, lo: int, hi: int, params_table: str, results_table: str) -> str:
        """One INSERT for households [lo, hi) of `query`'s rows."""
        return f"INSERT INTO {results_table} BY NAME {self.query(lo, hi, params_table)}"

    def query(self, lo: int, hi: int, params_table: str) -> str:
        """The results rows of households [lo, hi): the steps as a chain of CTEs. A step read by
        several later SELECTs is `AS MATERIALIZED` (3% less CPU on 100k households of 74 rules than
        leaving it to DuckDB 2.0, which inlined some); a step read once is left to DuckDB, which
        streams it to its reader (forcing `AS MATERIALIZED` on every step cost 7-17% more)."""
        steps = self.steps(lo, hi, params_table, members=False)
        output = self._output(steps[-1][0])
        texts = [select for _, select in steps] + [output]

        def shared(i: int, name: str) -> bool:
            return sum(len(re.findall(rf"\b{name}\b", text)) for text in texts[i + 1:]) > 1
        hint = "MATERIALIZED " if self.d.materialized_ctes else ""
        ctes = ", ".join(f"{name} AS {hint * shared(i, name)}({select})" for i, (name, select) in enumerate(steps))
        return f"WITH {ctes} {output}"

    def select(self, lo: int, hi: int, params_table: str) -> tuple[list[tuple[str, str]], str, str]:
        """The steps, the final SELECT of the households' rows and the SELECT of the per-person rows
        (both over the steps' tables), for an engine that materialises steps itself (Spark)."""
        steps = self.steps(lo, hi, params_table)
        return steps, self._output(steps[-1][0]), self._member_output(self.last_member, self.last)

    def statements(self, lo: int, hi: int, params_table: str, results_table: str,
                   members_table: str | None = None) -> list[str]:
        """The same as `statement`, as separate temporary tables (to inspect them, or to write the
        households' rows and, into `members_table`, the per-person rows from one evaluation)."""
        steps = self.steps(lo, hi, params_table, members=members_table is not None)
        return ([f"CREATE OR REPLACE TEMP TABLE {name} AS {select}" for name, select in steps]
                + [f"INSERT INTO {results_table} BY NAME {self._output(steps[-1][0])}"]
                + ([f"INSERT INTO {members_table} BY NAME {self._member_output(self.last_member, self.last)}"]
                   if members_table else [])
                + [f"DROP TABLE {name}" for name, _ in reversed(steps)] * bool(members_table))

    # -- output rows (kb.batch.outputs)
    def member_columns(self) -> dict[str, str]:
        return member_columns(self.j, self.d)

    def _output(self, h: str) -> str:
        return household_rows(self, h)

    def _member_output(self, m: str, h: str) -> str:
        return member_rows(self, m, h)

    def _member_level(self, name: str, index: int, m: str, h: str, carried: _Carried,
                      produced: dict[str, int], columns: dict[str, list[str]]) -> Step:
        """The member step of level `self.levels[index]` over `m` rows. The household columns its
        rules read come from the rows when an earlier member step carries them (`carried`;
        `produced`: the household step first having each column), else from a join with `h`
        (household step h<index + 1>), whose columns the rows then carry for later member steps
        (kept when read, as any column): a member step without a join costs less than one joining
        282k member rows with 100k households (5 such joins -> 3 for the 74 rules of the largest
        jurisdiction). At a join, the literals of this and later member steps that read only
        household columns there are computed once per household and carried as one boolean
        (`_household_literals`), not per member from carried DECIMAL(38,4) columns."""
        level = self.levels[index]
        rules = [r for p in level.member_preds for r in self.j.rules_for(p)]
        joins, truth = self._aggregates([r for r in rules if self._rule_shape(r) == "agg"], self.main, m, h,
                                        per_member=True)
        own = [r for r in rules if self._rule_shape(r) == "m"]
        literals = {r.id: self.main.literals(r, {r.head.var.name: "m"}) for r in own}
        read = {c for lits in literals.values() for x in lits if x not in carried.hoisted
                for c in re.findall(r"\bh\.(\w+)", x)}
        need = max((produced[c] for c in read), default=-1)
        carry, here = [], {}
        if read & (set(columns[m]) - carried.names) or (need >= 0 and (carried.step is None or need > carried.step)):
            carried.step = index + 1
            for x in self._household_literals(index, produced, carried.step):
                if x not in carried.hoisted:
                    here[x] = carried.hoisted[x] = f"x{len(carried.hoisted)}"
            passed = [(c, f"h.{c}") for c in columns[h]] + [(c, x) for x, c in here.items()]
            joins.insert(0, Join("h", f" JOIN (SELECT h.hid AS hid, COLUMNS FROM {h} h) h ON h.hid = m.hid", passed))
            carry = [(c, f"h.{c}") for c, _ in passed if c not in columns[m] and c != "hid"]
            carried.names.update(c for c, _ in carry)
            compiled = literals
        else:
            compiled = {r.id: self.main_carried.literals(r, {r.head.var.name: "m"}) for r in own}
        for rule in own:
            parts = [f"h.{here[x]}" if x in here else f"m.{carried.hoisted[x]}" if x in carried.hoisted else c
                     for x, c in zip(literals[rule.id], compiled[rule.id])]
            truth[rule.id] = f"({conjunction(parts)})"
        cols = self._predicate_columns(level.member_preds, truth, benefit_values=True)
        return Step(name, m, "m", cols + carry, joins)

    def _household_literals(self, index: int, produced: dict[str, int], step: int) -> list[str]:
        """The literals (SQL over `h`) of the member rules of levels `index` on that read only
        household columns, all of household step h<step>, and are not a bare column."""
        out = []
        for level in self.levels[index:]:
            for rule in (r for p in level.member_preds for r in self.j.rules_for(p)):
                if self._rule_shape(rule) != "m":
                    continue
                for x in self.main.literals(rule, {rule.head.var.name: "m"}):
                    cols = re.findall(r"\bh\.(\w+)", x)
                    if (cols and not re.search(r"\bm\.", x) and not re.fullmatch(r"h\.\w+", x)
                            and all(produced.get(c, step + 1) <= step for c in cols) and x not in out):
                        out.append(x)
        return out

    def _predicate_columns(self, preds, truth: dict[str, str], benefit_values: bool) -> list[tuple[str, str]]:
        """Per predicate: its tracked rules' columns, its truth `q_<pred>` (the OR of its rules) and,
        for a benefit evaluated per member, the value picked `bv_<pred>`."""
        cols = []
        for pred in preds:
            own = self.j.rules_for(pred)
            if pred in self.tracked:
                cols += [(self.rcol(r), truth[r.id]) for r in own]
            cols.append((f"q_{pred}", k_or([truth[r.id] for r in own])))
            if benefit_values and pred in self.j.benefits:
                cols.append((f"bv_{pred}", benefit_pick(self.j, self.d, pred, truth, coded=True)))
        return cols

    def _household_level(self, name: str, level: _Level, m: str, h: str, new_m: str) -> Step:
        aggs = []
        rules = [r for p in level.household_preds for r in self.j.rules_for(p)]
        joins, truth = self._aggregates([r for r in rules if self._rule_shape(r) != "h"], self.main, m, h,
                                        per_member=False)
        for rule in rules:
            if self._rule_shape(rule) == "h":
                truth[rule.id] = f"({self.main.body(rule)})"
        cols = self._predicate_columns(level.household_preds, truth, benefit_values=False)
        for pred in level.member_preds:
            aggs.append((f"e_{pred}", f"max({enc(f'v0.q_{pred}')})"))
            cols.append((f"a_{pred}", dec(f"ma.e_{pred}")))
            if pred in self.tracked:
                for rule in self.j.rules_for(pred):
                    rc = self.rcol(rule)
                    aggs.append((f"e_{rc}", f"max({enc(f'v0.{rc}')})"))
                    cols.append((rc, dec(f"ma.e_{rc}")))
            if pred in self.j.categories:
                aggs.append((f"l_{pred}", self.d.sorted_join("v0.person_id", f"v0.q_{pred} IS TRUE")))
                cols.append((f"mem_{pred}", f"COALESCE(ma.l_{pred}, '')"))
            if pred in self.j.benefits:
                # one value among the members holding it (q_<pred> true): none of them without a
                # value (coded -1) and the least value equal to the greatest (not
                # count(DISTINCT …) = 1, which Spark plans as an Expand of every member row per
                # distinct aggregate and two more shuffles)
                held = f"CASE WHEN v0.q_{pred} IS TRUE THEN COALESCE(v0.bv_{pred}, -1) END"
                aggs.append((f"v_{pred}", f"CASE WHEN min({held}) = max({held}) AND min({held}) >= 0 "
                                          f"THEN max({held}) END"))
                cols.append((f"bvh_{pred}", decode_benefit(self.j, self.d, pred, f"ma.v_{pred}")))
        if aggs:
            joins.insert(0, Join("ma", f" LEFT JOIN (SELECT v0.hid AS hid, COLUMNS FROM {new_m} v0 "
                                        f"GROUP BY v0.hid) ma ON ma.hid = h.hid", aggs))
        return Step(name, h, "h", cols, joins)


def result_columns_of(rulebase, jids, programs: dict | None = None, dialect: Dialect = DUCKDB) -> dict[str, str]:
    """The results table's columns for households of these jurisdictions (hid first); `programs`
    (jurisdiction -> SqlProgram) keeps the programs compiled for the run."""
    cols = {"hid": "BIGINT"}
    programs = programs if programs is not None else {}
    for jid in jids:
        cols.update(program_of(programs, rulebase.jurisdictions[jid], dialect).result_columns)
    return cols


def program_of(programs: dict, j: Jurisdiction, dialect: Dialect = DUCKDB) -> SqlProgram:
    """Jurisdiction j's program from `programs` (jurisdiction id -> SqlProgram, the run's), compiled
    and kept there on first use."""
    program = programs.get(j.id)
    if program is None:
        program = programs[j.id] = SqlProgram(j, dialect)
    return program
