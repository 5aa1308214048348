"""Compile a jurisdiction's rules (the same AST the engine reads) to SQL, run by DuckDB in-process.

The batch path of `binggui screen`. Three-valued throughout: a BOOLEAN column is a Kleene truth
value, SQL NULL being *unknown* (SQL's AND/OR/NOT are Kleene already). Where truth values are
aggregated (a rule with a variable, "any member"), they are encoded as 0/1/2 (false/unknown/true),
so that Kleene OR is `max` and an empty group is false: SQL's `bool_or` would ignore NULLs.

Input tables (created by `create_input_tables`, filled by `kb.batch.screen`):

    bg_households(hid, household_id, jurisdiction, eval_jurisdiction, assessment_date,
                  f_<household fact>..., income_known)
    bg_members(hid, ord, person_id, f_<person fact>...)
    bg_income(hid, type, amount)

Money is DECIMAL(38,4) (exact; inputs with more than four decimals are refused by the loader)
and never divided: a per-capita figure is carried as the pair (total, household_size) and a
comparison is multiplied out, `annual_income < dibao_standard * household_size`, so no rounding
can move a household across a threshold. Parameters come from a per-run table keyed by
assessment date (`params_rows`), so a what-if run only swaps that table.

The program for one jurisdiction is one `INSERT … WITH … AS MATERIALIZED (…) SELECT` per chunk of
households (`statement`; `statements` gives the same steps as separate temporary tables, to
inspect them), its steps in the compiler's strata order: membership rules (in the engine's membership context: no derived facts,
no other predicates, a person without a stated relation counts), the accounting of
`kb.evaluate.accounting` (household_size, annual_income with the jurisdiction's exclusions,
months_since_*), then the rules level by level (a predicate's level is one more than the highest
level it reads). Each level adds columns to a per-member table `m<k>` (one row per listed
person: variables range over listed persons, as in the engine) and to a per-household table
`h<k>`; rules with variables beyond the head's become grouped subqueries (one per level and
number of variables). The final SELECT writes one row per household into the results table:

    household_id, jurisdiction, assessment_date,
    <category>            eligible | ineligible | undetermined
    <category>_rules      deciding rule ids, ';'-joined (holding if eligible, undetermined
                          bindings if undetermined, empty if ineligible)
    <category>_subtypes   (categories with subtypes) subtypes whose rule holds
    <category>_members    (per-member categories) person ids who hold it
    benefit_<id>, benefit_<id>_value

`member_statement` writes the per-person rows of the same households into a members table
(`member_columns`): hid, ord, household_id, person_id, jurisdiction, then per category the
member's status (a family category covers every member, or only those its `cat(P) :- …` rules
are written for) and per benefit given per member `benefit_<id>`, `benefit_<id>_value`.

This module knows nothing of files; `kb.batch.screen` loads inputs and writes outputs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from grammar import ast
from kb.batch.dialect import DUCKDB, Dialect
from kb.compile.compiler import CASE_BY_CASE
from kb.core.facts import (BOOLEAN, CODE, CODES, DATE, DERIVED_FACTS, HOUSEHOLD, INPUT_FACTS, INTEGER, MONEY,
                    PERSON)
from kb.core.model import CompiledRule, Jurisdiction
from kb.core.money import fmt
from kb.compile.levels import Unsupported, rule_levels

SCALE = 4
MONEY_DIGITS = 12   # money is below 10^12 yuan: fits DECIMAL(18,4) on Spark with room for sums
DECIMAL = f"DECIMAL(38,{SCALE})"
_SQL_TYPE = {MONEY: DECIMAL, INTEGER: "INTEGER", BOOLEAN: "BOOLEAN", CODE: "VARCHAR", CODES: "VARCHAR[]",
             DATE: "DATE"}
HOUSEHOLD_FACTS = [s for s in INPUT_FACTS.values() if s.level == HOUSEHOLD]
PERSON_FACTS = [s for s in INPUT_FACTS.values() if s.level == PERSON]
_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=", "!=": "<>"}


def create_input_tables(con) -> None:
    """The three input tables, empty (replacing any previous ones)."""
    hcols = ", ".join(f"f_{s.name} {_SQL_TYPE[s.type]}" for s in HOUSEHOLD_FACTS)
    pcols = ", ".join(f"f_{s.name} {_SQL_TYPE[s.type]}" for s in PERSON_FACTS)
    con.execute(f"CREATE OR REPLACE TABLE bg_households (hid BIGINT, household_id VARCHAR, jurisdiction VARCHAR, "
                f"eval_jurisdiction VARCHAR, assessment_date DATE, {hcols}, income_known BOOLEAN)")
    con.execute(f"CREATE OR REPLACE TABLE bg_members (hid BIGINT, ord INTEGER, person_id VARCHAR, {pcols})")
    con.execute(f"CREATE OR REPLACE TABLE bg_income (hid BIGINT, type VARCHAR, amount {DECIMAL})")


def sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_decimal(value: Fraction) -> str:
    """An exact decimal literal; refuses values that are not finite decimals."""
    text = decimal_text(value)
    return f"({text})" if text.startswith("-") else text


def decimal_text(value: Fraction, max_places: int = 28) -> str:
    value = Fraction(value)
    num, den = value.numerator, value.denominator
    places = 0
    while 10 ** places % den and places <= max_places:
        places += 1
    if 10 ** places % den:
        raise Unsupported(f"{value} is not a finite decimal")
    scaled = num * (10 ** places // den)
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(places + 1, "0")
    return sign + (digits[:-places] + "." + digits[-places:] if places else digits)


def fits_scale(value: Fraction) -> bool:
    return (Fraction(value) * 10 ** SCALE).denominator == 1


# --- expressions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Val:
    """A value expression: `sql` (NULL when unknown), an optional positive denominator `den`
    (per-capita figures), `kind` num/str, and `nov`: SQL that is true when the value is a known
    "none" (a fact whose absence means none, e.g. no disability grade: every test on it fails)."""
    sql: str
    kind: str = "num"
    den: str | None = None
    nov: str | None = None
    unk: str | None = None     # SQL true when unknown; default: `sql` or `den` is NULL

    def unknown(self) -> str:
        if self.unk is not None:
            return self.unk
        return f"{self.sql} IS NULL" + (f" OR {self.den} IS NULL" if self.den is not None else "")


def _or(parts: list[str]) -> str:
    parts = [p for p in parts if p != "FALSE"]
    return " OR ".join(f"({p})" for p in parts) if parts else "FALSE"


def _mul(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return f"({a} * {b})"


class _ExprCompiler:
    """Compiles literals of one rule: household columns under `h`, a variable's person under `v_<Var>`."""

    def __init__(self, j: Jurisdiction, membership: bool, h: str = "h", dialect: Dialect = DUCKDB):
        self.j = j
        self.d = dialect
        self.membership = membership
        self.h = h
        self.aliases: dict[str, str] = {}

    def var(self, name: str) -> str:
        return self.aliases.get(name, f"v_{name}")

    def body(self, rule: CompiledRule, aliases: dict[str, str] | None = None) -> str:
        """The rule body as one Kleene conjunction; `aliases` renames variables' person rows."""
        self.aliases = aliases or {}
        try:
            if not rule.body:
                return "TRUE"
            return " AND ".join(f"({self.literal(lit)})" for lit in rule.body)
        finally:
            self.aliases = {}

    def literal(self, lit: ast.Literal) -> str:
        sql = self.comparison(lit) if lit.is_comparison else self.atom(lit.left)
        return f"NOT ({sql})" if lit.negated else sql

    def atom(self, atom) -> str:
        j, h = self.j, self.h
        if isinstance(atom, ast.Name):
            name = atom.name
            if name == CASE_BY_CASE:
                return "CAST(NULL AS BOOLEAN)"
            if name in INPUT_FACTS:
                return f"{h}.f_{name}"
            if name in DERIVED_FACTS:   # not a yes/no fact; the compiler refuses it
                raise Unsupported(f"{name} is not a yes/no fact")
            if self.membership:
                return "FALSE"
            if name in j.per_member_predicates:
                return f"{h}.a_{name}"
            return f"{h}.q_{name}"
        name = atom.name
        if name == CASE_BY_CASE:        # case_by_case("reason")
            return "CAST(NULL AS BOOLEAN)"
        if isinstance(atom.arg, ast.Str):
            return self.d.list_contains(f"{h}.f_{name}", sql_str(atom.arg.value))
        v = self.var(atom.arg.name)
        if name in INPUT_FACTS:
            return f"{v}.f_{name}"
        if name == "listed":
            return "TRUE"
        if self.membership:
            if name == "member":
                raise Unsupported("a membership rule reads member(P): recursion is not handled")
            return "FALSE"
        return f"{v}.q_{name}"

    def comparison(self, lit: ast.Literal) -> str:
        left, right, op = self.value(lit.left), self.value(lit.right), lit.op
        unknown = _or([left.unknown(), right.unknown()])
        if left.kind == "str" or right.kind == "str":
            if left.kind == right.kind and op in ("==", "!="):
                base = f"{left.sql} {_OPS[op]} {right.sql}"
            else:   # a code against a number, or codes ordered: the engine answers a constant
                base = f"CASE WHEN {unknown} THEN NULL ELSE {'TRUE' if op == '!=' else 'FALSE'} END"
        else:
            base = f"{_mul(left.sql, right.den)} {_OPS[op]} {_mul(right.sql, left.den)}"
        novs = [v.nov for v in (left, right) if v.nov is not None]
        if not novs:
            return base
        return f"CASE WHEN {unknown} THEN NULL WHEN {' OR '.join(novs)} THEN FALSE ELSE {base} END"

    def value(self, expr) -> _Val:
        h = self.h
        if isinstance(expr, ast.Number):
            return _Val(sql_decimal(expr.value), unk="FALSE")
        if isinstance(expr, ast.Str):
            return _Val(sql_str(expr.value), "str", unk="FALSE")
        if isinstance(expr, ast.Name):
            name = expr.name
            if name in self.j.parameters:
                return _Val(f"{h}.p_{name}")
            if name in DERIVED_FACTS:
                if self.membership:
                    return _Val("CAST(NULL AS INTEGER)")
                if name == "per_capita_income":
                    return _Val(f"{h}.d_annual_income", den=f"{h}.d_household_size")
                if name == "financial_assets_per_capita":
                    return _Val(f"{h}.f_financial_assets", den=f"{h}.d_household_size")
                return _Val(f"{h}.d_{name}")
            spec = INPUT_FACTS.get(name)
            if spec is None:   # a parameter not in this jurisdiction's file
                return _Val("CAST(NULL AS INTEGER)")
            return self._typed(f"{h}.f_{name}", spec)
        if isinstance(expr, ast.Call):
            spec = INPUT_FACTS[expr.name]
            val = self._typed(f"{self.var(expr.arg.name)}.f_{expr.name}", spec)
            if spec.absent_means is not None:   # absent is a known "none", never unknown
                return _Val(val.sql, val.kind, nov=f"{val.sql} IS NULL", unk="FALSE")
            return val
        if isinstance(expr, ast.BinOp):
            left, right, op = self.value(expr.left), self.value(expr.right), expr.op
            if left.kind == "str" or right.kind == "str":
                raise Unsupported("arithmetic on a code")
            if op == "*":
                sql, den = f"({left.sql} * {right.sql})", _mul(left.den, right.den)
            elif left.den is None and right.den is None:
                sql, den = f"({left.sql} {op} {right.sql})", None
            else:
                sql = f"({_mul(left.sql, right.den)} {op} {_mul(right.sql, left.den)})"
                den = _mul(left.den, right.den)
            novs = [v.nov for v in (left, right) if v.nov is not None]
            if not novs:
                return _Val(sql, "num", den)
            return _Val(sql, "num", den, _or(novs), _or([left.unknown(), right.unknown()]))
        raise Unsupported(f"unexpected expression {expr!r}")

    @staticmethod
    def _typed(column: str, spec) -> _Val:
        if spec.type == CODE:
            return _Val(column, "str")
        if spec.type == BOOLEAN:
            return _Val(f"CAST({column} AS INTEGER)")
        if spec.type in (CODES, DATE):
            raise Unsupported(f"{spec.name} is not a number")
        return _Val(column)


def enc(truth_sql: str) -> str:
    """Kleene truth -> 0 (false), 1 (unknown), 2 (true): OR is max, AND is min."""
    return f"COALESCE(CAST({truth_sql} AS INTEGER) * 2, 1)"


def dec(code_sql: str) -> str:
    """0/1/2 (NULL for an empty group: false) -> Kleene truth."""
    return f"CAST(NULLIF(COALESCE({code_sql}, 0), 1) AS BOOLEAN)"


def k_or(parts: list[str]) -> str:
    if not parts:
        return "FALSE"
    return " OR ".join(f"({p})" for p in parts)


# --- the program ------------------------------------------------------------------------------

@dataclass
class _Level:
    member_preds: list[str] = field(default_factory=list)
    household_preds: list[str] = field(default_factory=list)


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
        self.main = _ExprCompiler(j, membership=False, dialect=dialect)
        self.member_ctx = _ExprCompiler(j, membership=True, dialect=dialect)
        self.param_names = sorted(j.parameters)
        self.result_columns = self._result_columns()

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

    def _aggregates(self, rules: list[CompiledRule], ctx: _ExprCompiler, m: str, h: str,
                    per_member: bool) -> tuple[list[str], dict[str, str]]:
        """Grouped subqueries for rules with variables beyond the head's: one subquery per number
        of variables, one Kleene-OR aggregate (max of 0/1/2) per rule. Returns the LEFT JOINs
        (onto `m` rows when `per_member`, else onto households) and each rule's truth SQL."""
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
            aggs = ", ".join(f"max({enc(body)}) AS e_{self.rcol(rule)}" for rule, body in members)
            cross = "".join(f" JOIN {m} v{i} ON v{i}.hid = v0.hid" for i in range(1, n))
            keys = "v0.hid AS hid, v0.ord AS ord" if per_member else "v0.hid AS hid"
            group = "v0.hid, v0.ord" if per_member else "v0.hid"
            on = f"{g}.hid = m.hid AND {g}.ord = m.ord" if per_member else f"{g}.hid = h.hid"
            joins.append(f" LEFT JOIN (SELECT {keys}, {aggs} FROM {m} v0{cross} JOIN {h} h ON h.hid = v0.hid "
                         f"GROUP BY {group}) {g} ON {on}")
            for rule, _ in members:
                truth[rule.id] = dec(f"{g}.e_{self.rcol(rule)}")
        return joins, truth

    def steps(self, lo: int, hi: int, params_table: str) -> list[tuple[str, str]]:
        """(table name, SELECT) in order; the last table has one row per household, all columns."""
        j, t = self.j, self.t
        out: list[tuple[str, str]] = []
        pcols = "".join(f", p.p_{n}" for n in self.param_names)
        out.append((t("h0"), f"SELECT {self.d.broadcast_hint('p')}h.*{pcols} FROM bg_households h "
                             f"LEFT JOIN {params_table} p ON p.assessment_date = h.assessment_date "
                             f"WHERE h.hid >= {lo} AND h.hid < {hi}"))
        out.append((t("m0"), f"SELECT * FROM bg_members WHERE hid >= {lo} AND hid < {hi}"))
        # membership, in the engine's membership context
        member_rules = j.rules_for("member")
        if member_rules:
            parts = [self.member_ctx.body(r, {r.head.var.name: "m"}) for r in member_rules if self._rule_shape(r) == "m"]
            joins, truth = self._aggregates([r for r in member_rules if self._rule_shape(r) == "agg"],
                                            self.member_ctx, t("m0"), t("h0"), per_member=True)
            parts += list(truth.values())
            member = f"CASE WHEN m.f_relation_to_applicant IS NULL THEN TRUE ELSE ({k_or(parts)}) END"
            out.append((t("m1"), f"SELECT m.*, {member} AS q_member FROM {t('m0')} m "
                                 f"JOIN {t('h0')} h ON h.hid = m.hid{''.join(joins)}"))
        else:
            out.append((t("m1"), f"SELECT *, TRUE AS q_member FROM {t('m0')}"))
        # accounting (kb.evaluate.accounting)
        excl = sorted(j.income_exclusions)
        kept = "sum(amount)" + (f" FILTER (WHERE type NOT IN ({', '.join(sql_str(x) for x in excl)}))" if excl else "")

        def months(col: str) -> str:
            return (f"(year(h.assessment_date) - year({col})) * 12 + month(h.assessment_date) - month({col}) "
                    f"- CASE WHEN day(h.assessment_date) < day({col}) THEN 1 ELSE 0 END")
        out.append((t("h1"),
                    f"SELECT h.*, "
                    f"CASE WHEN COALESCE(c.undecided, 0) > 0 OR COALESCE(c.counted, 0) = 0 THEN NULL ELSE c.counted END "
                    f"AS d_household_size, "
                    f"CASE WHEN h.income_known THEN CAST(COALESCE(i.kept, 0) AS {self.d.decimal}) END AS d_annual_income, "
                    f"{months('h.f_denied_dibao_on')} AS d_months_since_dibao_denial, "
                    f"{months('h.f_exited_on')} AS d_months_since_exit "
                    f"FROM {t('h0')} h "
                    f"LEFT JOIN (SELECT hid, CAST(count(*) FILTER (WHERE q_member IS TRUE) AS INTEGER) AS counted, "
                    f"count(*) FILTER (WHERE q_member IS NULL) AS undecided FROM {t('m1')} GROUP BY hid) c "
                    f"ON c.hid = h.hid "
                    f"LEFT JOIN (SELECT hid, {kept} AS kept FROM bg_income WHERE hid >= {lo} AND hid < {hi} "
                    f"GROUP BY hid) i ON i.hid = h.hid"))
        hk, mk = t("h1"), t("m1")
        for n, level in enumerate(self.levels, start=2):
            new_m, new_h = t(f"m{n}"), t(f"h{n}")
            if level.member_preds:
                out.append((new_m, self._member_level(level, mk, hk)))
            else:
                new_m = mk
            out.append((new_h, self._household_level(level, mk, hk, new_m)))
            hk, mk = new_h, new_m
        self.last = hk
        self.last_member = mk
        return out

    def statement(self, lo: int, hi: int, params_table: str, results_table: str) -> str:
        """One INSERT for households [lo, hi): the steps as a chain of materialised CTEs."""
        steps = self.steps(lo, hi, params_table)
        ctes = ", ".join(f"{name} AS MATERIALIZED ({select})" for name, select in steps)
        return f"INSERT INTO {results_table} BY NAME WITH {ctes} {self._output(steps[-1][0])}"

    def select(self, lo: int, hi: int, params_table: str) -> tuple[list[tuple[str, str]], str]:
        """The steps and the final SELECT, for an engine that materialises steps itself (Spark)."""
        steps = self.steps(lo, hi, params_table)
        return steps, self._output(steps[-1][0])

    def statements(self, lo: int, hi: int, params_table: str, results_table: str) -> list[str]:
        """The same as `statement`, as separate temporary tables (for debugging: inspect them)."""
        steps = self.steps(lo, hi, params_table)
        return ([f"CREATE OR REPLACE TEMP TABLE {name} AS {select}" for name, select in steps]
                + [f"INSERT INTO {results_table} BY NAME {self._output(steps[-1][0])}"])

    # -- per-person rows (a members table beside the households' results)
    def member_columns(self) -> dict[str, str]:
        """The columns of the members table: one row per counted member, that member's status in
        every category and in every benefit given per member, with the value they get."""
        cols = {"hid": "BIGINT", "ord": "INTEGER", "household_id": "VARCHAR", "person_id": "VARCHAR",
                "jurisdiction": "VARCHAR"}
        for cat in self.j.categories.values():
            cols[cat.id] = "VARCHAR"
        for b in self.j.benefits.values():
            if b.per_member:
                cols[f"benefit_{b.id}"] = "VARCHAR"
                cols[f"benefit_{b.id}_value"] = "VARCHAR"
        return cols

    def member_statement(self, lo: int, hi: int, params_table: str, members_table: str) -> str:
        """One INSERT of the per-person rows of households [lo, hi) into `members_table`."""
        steps = self.steps(lo, hi, params_table)
        ctes = ", ".join(f"{name} AS MATERIALIZED ({select})" for name, select in steps)
        return f"INSERT INTO {members_table} BY NAME WITH {ctes} {self._member_output(self.last_member, self.last)}"

    def _member_output(self, m: str, h: str) -> str:
        j = self.j

        def status(truth: str) -> str:
            return f"CASE WHEN {truth} THEN 'eligible' WHEN NOT ({truth}) THEN 'ineligible' ELSE 'undetermined' END"

        cols = ["m.hid AS hid", "m.ord AS ord", "h.household_id AS household_id", "m.person_id AS person_id",
                f"{sql_str(j.id)} AS jurisdiction"]
        for cat in j.categories.values():
            if cat.per_member:
                truth = f"m.q_{cat.id}"
            else:
                # a family category covers every member when a rule deciding the family holds,
                # else the members its `cat(P) :- …` rules are written for
                parts = [f"h.{self.rcol(r)}" for r in j.rules_for(cat.id) if r.covers is None]
                for r in j.rules_for(cat.id):
                    if r.covers is None:
                        continue
                    if list(r.variables) != [r.covers]:
                        raise Unsupported(f"{r.file}:{r.line}: rule {r.id} covers {r.covers} but has other "
                                          "variables; the members table does not handle that")
                    parts.append(f"({self.main.body(r, {r.covers: 'm'})})")
                truth = f"({k_or(parts)})"
            cols.append(f"{status(truth)} AS {cat.id}")
        for b in j.benefits.values():
            if b.per_member:
                cols.append(f"{status(f'm.q_{b.id}')} AS benefit_{b.id}")
                cols.append(f"CASE WHEN m.q_{b.id} IS TRUE THEN m.bv_{b.id} END AS benefit_{b.id}_value")
        return f"SELECT {', '.join(cols)} FROM {m} m JOIN {h} h ON h.hid = m.hid WHERE m.q_member IS TRUE"

    def _member_level(self, level: _Level, m: str, h: str) -> str:
        cols = []
        rules = [r for p in level.member_preds for r in self.j.rules_for(p)]
        joins, truth = self._aggregates([r for r in rules if self._rule_shape(r) == "agg"], self.main, m, h,
                                        per_member=True)
        for rule in rules:
            if self._rule_shape(rule) == "m":
                truth[rule.id] = f"({self.main.body(rule, {rule.head.var.name: 'm'})})"
        cols += self._predicate_columns(level.member_preds, truth, benefit_values=True)
        return f"SELECT m.*, {', '.join(cols)} FROM {m} m JOIN {h} h ON h.hid = m.hid{''.join(joins)}"

    def _predicate_columns(self, preds, truth: dict[str, str], benefit_values: bool) -> list[str]:
        """Per predicate: its tracked rules' columns, its truth `q_<pred>` (the OR of its rules) and,
        for a benefit evaluated per member, the value picked `bv_<pred>`."""
        cols = []
        for pred in preds:
            own = self.j.rules_for(pred)
            if pred in self.tracked:
                cols += [f"{truth[r.id]} AS {self.rcol(r)}" for r in own]
            cols.append(f"{k_or([truth[r.id] for r in own])} AS q_{pred}")
            if benefit_values and pred in self.j.benefits:
                cols.append(f"{self._benefit_pick(pred, truth)} AS bv_{pred}")
        return cols

    def _household_level(self, level: _Level, m: str, h: str, new_m: str) -> str:
        cols, aggs = [], []
        rules = [r for p in level.household_preds for r in self.j.rules_for(p)]
        joins, truth = self._aggregates([r for r in rules if self._rule_shape(r) != "h"], self.main, m, h,
                                        per_member=False)
        for rule in rules:
            if self._rule_shape(rule) == "h":
                truth[rule.id] = f"({self.main.body(rule)})"
        cols += self._predicate_columns(level.household_preds, truth, benefit_values=False)
        for pred in level.member_preds:
            aggs.append(f"max({enc(f'q_{pred}')}) AS e_{pred}")
            cols.append(f"{dec(f'ma.e_{pred}')} AS a_{pred}")
            if pred in self.tracked:
                for rule in self.j.rules_for(pred):
                    rc = self.rcol(rule)
                    aggs.append(f"max({enc(rc)}) AS e_{rc}")
                    cols.append(f"{dec(f'ma.e_{rc}')} AS {rc}")
            if pred in self.j.categories:
                aggs.append(f"{self.d.sorted_join('person_id', f'q_{pred} IS TRUE')} AS l_{pred}")
                cols.append(f"COALESCE(ma.l_{pred}, '') AS mem_{pred}")
            if pred in self.j.benefits:
                held = " OR ".join(f"{self.rcol(r)} IS TRUE" for r in self.j.rules_for(pred))
                aggs.append(f"CASE WHEN count(*) FILTER (WHERE {held}) > 0 "
                            f"AND count(*) FILTER (WHERE ({held}) AND bv_{pred} IS NULL) = 0 "
                            f"AND count(DISTINCT bv_{pred}) FILTER (WHERE {held}) = 1 "
                            f"THEN max(bv_{pred}) FILTER (WHERE {held}) END AS v_{pred}")
                cols.append(f"ma.v_{pred} AS bvh_{pred}")
        if aggs:
            joins.insert(0, f" LEFT JOIN (SELECT hid, {', '.join(aggs)} FROM {new_m} GROUP BY hid) ma ON ma.hid = h.hid")
        return f"SELECT h.*, {', '.join(cols)} FROM {h} h{''.join(joins)}"

    def _benefit_pick(self, bid: str, truth_of: dict[str, str]) -> str:
        """The resolved value of a benefit from the rules holding (`truth_of`: rule id -> its truth
        SQL): the one value, or the principle's max/min among several, else NULL (as the engine)."""
        by_value: dict[Fraction, list[str]] = {}
        for rule in self.j.rules_for(bid):
            if rule.head.value is not None:
                by_value.setdefault(rule.head.value.value, []).append(f"{truth_of[rule.id]} IS TRUE")
        if not by_value:
            return f"CAST(NULL AS {self.d.string})"
        held = {v: "(" + " OR ".join(c) + ")" for v, c in by_value.items()}
        principle = next((p for p in self.j.principles if bid in p.benefits), None)
        if len(held) == 1:
            ((v, cond),) = held.items()
            return f"CASE WHEN {cond} THEN {sql_str(fmt(v))} END"
        if principle is not None:
            ordered = sorted(held, reverse=principle.picks == "max")
            return "CASE " + " ".join(f"WHEN {held[v]} THEN {sql_str(fmt(v))}" for v in ordered) + " END"
        count = " + ".join(f"CAST({c} AS INTEGER)" for c in held.values())
        return (f"CASE WHEN {count} = 1 THEN CASE " + " ".join(f"WHEN {c} THEN {sql_str(fmt(v))}"
                                                              for v, c in held.items()) + " END END")

    # -- output
    def _result_columns(self) -> dict[str, str]:
        cols = {"household_id": "VARCHAR", "jurisdiction": "VARCHAR", "assessment_date": "DATE"}
        for cat in self.j.categories.values():
            cols[cat.id] = "VARCHAR"
            cols[f"{cat.id}_rules"] = "VARCHAR"
            if cat.subtypes:
                cols[f"{cat.id}_subtypes"] = "VARCHAR"
            if cat.per_member:
                cols[f"{cat.id}_members"] = "VARCHAR"
        for b in self.j.benefits.values():
            cols[f"benefit_{b.id}"] = "VARCHAR"
            cols[f"benefit_{b.id}_value"] = "VARCHAR"
        return cols

    def _output(self, h: str) -> str:
        j = self.j
        cols = ["h.household_id AS household_id", f"{sql_str(j.id)} AS jurisdiction",
                "h.assessment_date AS assessment_date", "h.hid AS hid"]

        def status(truth: str) -> str:
            return f"CASE WHEN {truth} THEN 'eligible' WHEN NOT ({truth}) THEN 'ineligible' ELSE 'undetermined' END"

        for cat in j.categories.values():
            truth = f"h.a_{cat.id}" if cat.per_member else f"h.q_{cat.id}"
            rules = sorted(j.rules_for(cat.id), key=lambda r: r.id)
            holding = ", ".join(f"CASE WHEN h.{self.rcol(r)} THEN {sql_str(r.id)} END" for r in rules) or "NULL"
            unknown = ", ".join(f"CASE WHEN h.{self.rcol(r)} IS NULL THEN {sql_str(r.id)} END" for r in rules) or "NULL"
            cols.append(f"{status(truth)} AS {cat.id}")
            cols.append(f"CASE WHEN {truth} THEN concat_ws(';', {holding}) WHEN {truth} IS NULL "
                        f"THEN concat_ws(';', {unknown}) ELSE '' END AS {cat.id}_rules")
            if cat.subtypes:
                subs = {}
                for r in rules:
                    if r.head.subtype:
                        subs.setdefault(r.head.subtype, []).append(f"h.{self.rcol(r)} IS TRUE")
                parts = ", ".join(f"CASE WHEN {' OR '.join(c)} THEN {sql_str(s)} END" for s, c in sorted(subs.items()))
                cols.append(f"concat_ws(';', {parts or 'NULL'}) AS {cat.id}_subtypes")
            if cat.per_member:
                cols.append(f"h.mem_{cat.id} AS {cat.id}_members")
        for b in j.benefits.values():
            if b.id in j.per_member_predicates:
                truth, value = f"h.a_{b.id}", f"h.bvh_{b.id}"
            else:
                truth = f"h.q_{b.id}"
                value = self._benefit_pick(b.id, {r.id: f"h.{self.rcol(r)}" for r in j.rules_for(b.id)})
            cols.append(f"{status(truth)} AS benefit_{b.id}")
            cols.append(f"{value} AS benefit_{b.id}_value")
        return f"SELECT {', '.join(cols)} FROM {h} h"


def result_columns_of(rulebase, jids) -> dict[str, str]:
    """The results table's columns for households of these jurisdictions (hid first)."""
    cols = {"hid": "BIGINT"}
    for jid in jids:
        cols.update(SqlProgram(rulebase.jurisdictions[jid]).result_columns)
    return cols


def params_rows(j: Jurisdiction, dates: list[date], overrides: dict[str, Fraction] | None = None) -> list[tuple]:
    """(assessment_date, value per parameter name in sorted order) for each date, with overrides."""
    names = sorted(j.parameters)
    rows = []
    for when in dates:
        values = []
        for name in names:
            if overrides and name in overrides:
                v = overrides[name]
            else:
                pv = j.parameters[name].at(when)
                v = pv.value if pv is not None else None
            if v is not None and not fits_scale(v):
                raise Unsupported(f"parameter {j.id}.{name} = {v} has more than {SCALE} decimal places")
            values.append(decimal_text(v) if v is not None else None)
        rows.append((when, *values))
    return rows


def create_params_table(con, name: str, j: Jurisdiction, dates: list[date],
                        overrides: dict[str, Fraction] | None = None) -> None:
    names = sorted(j.parameters)
    cols = ", ".join(["assessment_date DATE"] + [f"p_{n} {DECIMAL}" for n in names])
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({cols})")
    rows = params_rows(j, dates, overrides)
    if rows:
        marks = ", ".join(["?"] + [f"CAST(? AS {DECIMAL})"] * len(names))
        con.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
