"""The policy AST: what a policy file says, with the file:line:col of every piece.

Both back ends (pyDatalog per household, SQL for batch screening) compile from these nodes,
so there is one reading of the rules, not two.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class Pos:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Citation:
    section: str
    quote: str
    pos: Pos


# --- expressions -------------------------------------------------------------------

@dataclass(frozen=True)
class Number:
    value: Fraction
    text: str
    pos: Pos


@dataclass(frozen=True)
class Str:
    value: str
    pos: Pos


@dataclass(frozen=True)
class Var:
    name: str
    pos: Pos


@dataclass(frozen=True)
class Name:
    """A bare name: a household fact, a parameter, or a 0-ary predicate (resolved by the compiler)."""
    name: str
    pos: Pos


@dataclass(frozen=True)
class Call:
    """`name(arg)`: a person fact, a member predicate, or a code test such as `problem("housing_safety")`."""
    name: str
    arg: "Var | Str | Name"
    pos: Pos


@dataclass(frozen=True)
class BinOp:
    op: str
    left: "Expr"
    right: "Expr"
    pos: Pos


Expr = Number | Str | Var | Name | Call | BinOp


@dataclass(frozen=True)
class Literal:
    """One body condition: a positive/negated atom, or a comparison `left op right`."""
    negated: bool
    left: Expr
    op: str | None = None
    right: Expr | None = None
    pos: Pos | None = None
    # `@n`: the rule's n-th citation (1-based) is the sentence this condition rests on
    cite: int | None = field(default=None, compare=False)

    @property
    def is_comparison(self) -> bool:
        return self.op is not None


def render(expr: Expr) -> str:
    """An expression as the rule writes it (`1.5 * dibao_standard`, `problem("housing_safety")`)."""
    if isinstance(expr, Number):
        return expr.text
    if isinstance(expr, Str):
        return f'"{expr.value}"'
    if isinstance(expr, (Name, Var)):
        return expr.name
    if isinstance(expr, Call):
        return f"{expr.name}({render(expr.arg)})"
    if isinstance(expr, BinOp):
        return f"{render(expr.left)} {expr.op} {render(expr.right)}"
    return "?"


def render_literal(lit: Literal) -> str:
    """A body condition as the rule writes it, without its `@n`."""
    text = f"{render(lit.left)} {lit.op} {render(lit.right)}" if lit.is_comparison else render(lit.left)
    return f"not {text}" if lit.negated else text


# --- declarations ------------------------------------------------------------------

@dataclass(frozen=True)
class Head:
    name: str
    var: Var | None
    subtype: str | None
    value: Number | None
    pos: Pos


@dataclass(frozen=True)
class Rule:
    name: str
    citations: tuple[Citation, ...]
    head: Head
    body: tuple[Literal, ...]
    pos: Pos
    deferred_note: str | None = None
    source_text: str = ""


@dataclass(frozen=True)
class CategoryDecl:
    name: str
    label: str
    per_member: bool
    subtypes: tuple[str, ...]
    pos: Pos


@dataclass(frozen=True)
class BenefitDecl:
    name: str
    label: str
    kind: str
    pos: Pos
    per_member: bool = False     # `… per member;`: given to persons, its rules write `name(P) = …`


@dataclass(frozen=True)
class PrincipleDecl:
    name: str
    label: str
    picks: str
    benefits: tuple[str, ...]
    citations: tuple[Citation, ...]
    pos: Pos


@dataclass(frozen=True)
class IncomeDecl:
    excluded: tuple[str, ...]
    citations: tuple[Citation, ...]
    pos: Pos


@dataclass(frozen=True)
class ProcedureDecl:
    """A cited procedural fact (a deadline, a step list, a responsible department)."""
    name: str
    label: str
    value: "Fraction | str"
    unit: str | None
    citations: tuple[Citation, ...]
    pos: Pos


@dataclass
class PolicyFile:
    path: str
    document: str | None = None
    document_pos: Pos | None = None
    jurisdiction: str | None = None
    jurisdiction_label: str | None = None
    jurisdiction_pos: Pos | None = None
    categories: list[CategoryDecl] = field(default_factory=list)
    benefits: list[BenefitDecl] = field(default_factory=list)
    principles: list[PrincipleDecl] = field(default_factory=list)
    incomes: list[IncomeDecl] = field(default_factory=list)
    procedures: list[ProcedureDecl] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
