"""One rule's body as SQL: literals, comparisons and arithmetic, three-valued.

A BOOLEAN expression is a Kleene truth value, SQL NULL being *unknown* (SQL's AND/OR/NOT are
Kleene already). Where truth values are aggregated (a rule with a variable, "any member") they
are encoded as 0/1/2 (false/unknown/true, `enc`/`dec`), so that Kleene OR is `max` and an empty
group is false: SQL's `bool_or` would ignore NULLs. Per-capita figures are never divided: a value
carries its denominator (`_Val.den`) and a comparison is multiplied out.
"""
from __future__ import annotations

from dataclasses import dataclass

from grammar import ast
from kb.batch.dialect import DUCKDB, Dialect
from kb.batch.literals import sql_decimal, sql_str
from kb.compile.vocabulary import CASE_BY_CASE
from kb.compile.levels import Unsupported
from kb.core.facts import BOOLEAN, CODE, CODES, DATE, DERIVED_FACTS, INPUT_FACTS
from kb.core.model import CompiledRule, Jurisdiction

_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=", "!=": "<>"}



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


class ExprCompiler:
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
        return conjunction(self.literals(rule, aliases))

    def literals(self, rule: CompiledRule, aliases: dict[str, str] | None = None) -> list[str]:
        """The SQL of each literal of the rule body, in order."""
        self.aliases = aliases or {}
        try:
            return [self.literal(lit) for lit in rule.body]
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


def conjunction(literals: list[str]) -> str:
    """Kleene AND of literals' SQL (TRUE for none)."""
    return " AND ".join(f"({x})" for x in literals) if literals else "TRUE"


def k_or(parts: list[str]) -> str:
    if not parts:
        return "FALSE"
    return " OR ".join(f"({p})" for p in parts)
