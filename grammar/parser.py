"""Parse literate policy files (Markdown with ```policy blocks) into the AST of `ast.py`.

Prose outside the fenced blocks is blanked, not removed, so every line and column the
parser reports is the line and column in the file the author edits.
"""
from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from . import ast
from .errors import PolicyError, PolicyErrors

GRAMMAR_FILE = Path(__file__).with_name("policy.lark")
FENCE_OPEN = re.compile(r"^\s*```\s*policy\s*$")
FENCE_CLOSE = re.compile(r"^\s*```\s*$")

# Plain words for lark's terminal names in "expected" lists.
TOKEN_WORDS = {
    "NAME": "a name", "VAR": "a variable (Capitalised)", "STRING": 'a "quoted string"',
    "NUMBER": "a number", "COMP": "a comparison (< <= > >= = !=)", "ADDOP": "+ or -",
    "MULOP": "*", "NOT": "not", "SEMICOLON": "';'", "COLON": "':'", "DOT": "'.'",
    "COMMA": "','", "LPAR": "'('", "RPAR": "')'", "LSQB": "'['", "RSQB": "']'",
    "EQUAL": "'='", "__ANON_0": "':-'", "$END": "end of input",
    "CITE_REF": "a citation reference (@1, @2, …)",
}


def literate_source(text: str) -> str:
    """Keep only the ```policy blocks of a Markdown file, blanking other lines (same line numbers)."""
    out, inside = [], False
    for line in text.split("\n"):
        if not inside and FENCE_OPEN.match(line):
            inside = True
            out.append("")
        elif inside and FENCE_CLOSE.match(line):
            inside = False
            out.append("")
        else:
            out.append(line if inside else "")
    return "\n".join(out)


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(GRAMMAR_FILE.read_text(encoding="utf-8"), parser="lalr",
                propagate_positions=True, maybe_placeholders=False)


def _words(expected: set[str]) -> str:
    words = sorted({TOKEN_WORDS.get(t, repr(t.strip('"').lower()) if t.startswith('"') else
                    TOKEN_WORDS.get(t, t.lower())) for t in expected})
    return ", ".join(words)


def _syntax_error(path: str, text: str, err: UnexpectedInput) -> PolicyError:
    lines = text.split("\n")
    line = getattr(err, "line", 0) or len(lines)
    column = getattr(err, "column", 0) or 1
    if isinstance(err, UnexpectedEOF):
        line, column = len(lines), len(lines[-1]) + 1
        message = f"unexpected end of file; expected {_words(set(err.expected))}"
    elif isinstance(err, UnexpectedToken) and err.token.type == "$END":
        # point just after the last written character, where the missing piece belongs
        line = max((i + 1 for i, text in enumerate(lines) if text.strip()), default=1)
        column = len(lines[line - 1].rstrip()) + 1
        message = f"unexpected end of input; expected {_words(set(err.expected))}"
    elif isinstance(err, UnexpectedToken):
        got = repr(str(err.token))
        message = f"unexpected {got}; expected {_words(set(err.expected))}"
    elif isinstance(err, UnexpectedCharacters):
        message = f"unexpected character {err.char!r}"
        if err.allowed:
            message += f"; expected {_words(set(err.allowed))}"
        rest = lines[line - 1][column - 1:] if 0 < line <= len(lines) else ""
        bad_escape = _BAD_ESCAPE.search(rest)
        if err.char == '"' and bad_escape:
            message += (f" (the string has {bad_escape.group(0)!r}; inside quotes a backslash may only "
                        f"escape a quotation mark, \\\", or itself, \\\\)")
    else:  # pragma: no cover - lark has no other kinds today
        message = str(err)
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    return PolicyError(path, line, column, message, source_line)


_BAD_ESCAPE = re.compile(r'\\[^"\\]|\\$')


def _unquote(token: Token) -> str:
    """The string's text: `\\"` is a quotation mark and `\\\\` a backslash (the grammar admits no
    other escape)."""
    return re.sub(r'\\(["\\])', r"\1", str(token)[1:-1])


class _ToAst(Transformer):
    """Lark tree -> AST nodes; positions come from the tokens."""

    def __init__(self, path: str, text: str):
        super().__init__()
        self.path = path
        self.lines = text.split("\n")

    def _pos(self, item) -> ast.Pos:
        meta = getattr(item, "meta", None)
        if isinstance(item, Token):
            return ast.Pos(self.path, item.line, item.column)
        if meta is not None and not getattr(meta, "empty", True):
            return ast.Pos(self.path, meta.line, meta.column)
        return ast.Pos(self.path, 0, 0)

    # expressions
    def number(self, children):
        (tok,) = children
        return ast.Number(Fraction(str(tok)), str(tok), self._pos(tok))

    def string(self, children):
        (tok,) = children
        return ast.Str(_unquote(tok), self._pos(tok))

    def var(self, children):
        (tok,) = children
        return ast.Var(str(tok), self._pos(tok))

    def name(self, children):
        (tok,) = children
        return ast.Name(str(tok), self._pos(tok))

    def call(self, children):
        tok, arg = children
        return ast.Call(str(tok), arg, self._pos(tok))

    def binop(self, children):
        left, op, right = children
        return ast.BinOp(str(op), left, right, _expr_pos(left))

    @v_args(meta=True)
    def literal(self, meta, children):
        negated = False
        if children and isinstance(children[0], Token) and children[0].type == "NOT":
            negated = True
            children = children[1:]
        cite = None
        if children and isinstance(children[-1], Token) and children[-1].type == "CITE_REF":
            cite = int(str(children[-1])[1:])
            children = children[:-1]
        pos = ast.Pos(self.path, meta.line, meta.column)
        if len(children) == 1:
            return ast.Literal(negated, children[0], pos=pos, cite=cite)
        left, op, right = children
        op = "==" if str(op) == "=" else str(op)
        return ast.Literal(negated, left, op, right, pos, cite)

    def body(self, children):
        return tuple(children)

    # heads and rules
    def head_args(self, children):
        return ast.Var(str(children[0]), self._pos(children[0]))

    def subtype(self, children):
        return ("subtype", str(children[0]))

    def value(self, children):
        tok = children[0]
        return ("value", ast.Number(Fraction(str(tok)), str(tok), self._pos(tok)))

    @v_args(meta=True)
    def head(self, meta, children):
        name = str(children[0])
        var = subtype = value = None
        for child in children[1:]:
            if isinstance(child, ast.Var):
                var = child
            elif child[0] == "subtype":
                subtype = child[1]
            else:
                value = child[1]
        return ast.Head(name, var, subtype, value, ast.Pos(self.path, meta.line, meta.column))

    @v_args(meta=True)
    def citation(self, meta, children):
        section, quote = children
        return ast.Citation(_unquote(section), _unquote(quote), ast.Pos(self.path, quote.line, quote.column))

    def rule_basis(self, children):
        return ("deferred", _unquote(children[0]))

    @v_args(meta=True)
    def rule(self, meta, children):
        name = str(children[0])
        deferred = None
        rest = children[1:]
        if rest and isinstance(rest[0], tuple) and rest[0] and rest[0][0] == "deferred":
            deferred = rest[0][1]
            rest = rest[1:]
        citations = tuple(c for c in rest if isinstance(c, ast.Citation))
        head = next(c for c in rest if isinstance(c, ast.Head))
        body = next(c for c in rest if isinstance(c, tuple) and all(isinstance(x, ast.Literal) for x in c))
        source = "\n".join(self.lines[meta.line - 1: meta.end_line])
        return ast.Rule(name, citations, head, body, ast.Pos(self.path, meta.line, meta.column),
                        deferred, source.strip())

    # declarations
    @v_args(meta=True)
    def document_decl(self, meta, children):
        return ("document", _unquote(children[0]), ast.Pos(self.path, meta.line, meta.column))

    @v_args(meta=True)
    def jurisdiction_decl(self, meta, children):
        label = _unquote(children[1]) if len(children) > 1 else None
        return ("jurisdiction", (str(children[0]), label), ast.Pos(self.path, meta.line, meta.column))

    def per_member(self, children):
        return ("per_member", True)

    def subtypes(self, children):
        return ("subtypes", tuple(str(c) for c in children))

    @v_args(meta=True)
    def category_decl(self, meta, children):
        name, label = str(children[0]), _unquote(children[1])
        per_member, subtypes = False, ()
        for child in children[2:]:
            if child[0] == "per_member":
                per_member = True
            else:
                subtypes = child[1]
        return ast.CategoryDecl(name, label, per_member, subtypes, ast.Pos(self.path, meta.line, meta.column))

    @v_args(meta=True)
    def benefit_decl(self, meta, children):
        name, label, kind = children[:3]
        per_member = any(isinstance(c, tuple) and c[0] == "per_member" for c in children[3:])
        return ast.BenefitDecl(str(name), _unquote(label), str(kind), ast.Pos(self.path, meta.line, meta.column),
                               per_member)

    @v_args(meta=True)
    def principle_decl(self, meta, children):
        name, label, picks = str(children[0]), _unquote(children[1]), str(children[2])
        benefits = tuple(str(c) for c in children[3:] if isinstance(c, Token))
        citations = tuple(c for c in children if isinstance(c, ast.Citation))
        return ast.PrincipleDecl(name, label, picks, benefits, citations,
                                 ast.Pos(self.path, meta.line, meta.column))

    @v_args(meta=True)
    def income_decl(self, meta, children):
        excluded = tuple(str(c) for c in children if isinstance(c, Token))
        citations = tuple(c for c in children if isinstance(c, ast.Citation))
        return ast.IncomeDecl(excluded, citations, ast.Pos(self.path, meta.line, meta.column))

    @v_args(meta=True)
    def procedure_decl(self, meta, children):
        name, label, raw = str(children[0]), _unquote(children[1]), children[2]
        value = _unquote(raw) if raw.type == "STRING" else Fraction(str(raw))
        unit = next((str(c) for c in children[3:] if isinstance(c, Token)), None)
        citations = tuple(c for c in children if isinstance(c, ast.Citation))
        return ast.ProcedureDecl(name, label, value, unit, citations, ast.Pos(self.path, meta.line, meta.column))

    def start(self, children):
        return children


def _expr_pos(expr) -> ast.Pos:
    return expr.pos


# Bounds that keep a hostile or accidental file from stalling the parser: lark's list rules copy
# their children at each step, so one rule body costs the square of its length, and a left-deep
# sum nests once per term. The shipped files are at most ~26 KB, their rules at most ~2 KB.
MAX_POLICY_CHARS = 128 * 1024
MAX_RULE_BLOCK_CHARS = 8_000


def _check_size(text: str, source: str, path: str) -> None:
    if len(text) > MAX_POLICY_CHARS:
        raise PolicyErrors([PolicyError(path, 1, 1, f"the file has {len(text)} characters; a policy file "
                                                    f"has at most {MAX_POLICY_CHARS} (split it into sections)")])
    line = 1
    for block in re.split(r"(\n(?:\n)+)", source):   # runs of policy lines, separated by blanked lines
        if len(block.strip()) > MAX_RULE_BLOCK_CHARS:
            first = line + (len(block) - len(block.lstrip("\n")))
            raise PolicyErrors([PolicyError(path, first, 1, f"this policy block has {len(block.strip())} characters; "
                                                             f"a block has at most {MAX_RULE_BLOCK_CHARS}")])
        line += block.count("\n")


def parse_policy(text: str, path: str = "<policy>", literate: bool | None = None) -> ast.PolicyFile:
    """Parse one policy file's text; raises PolicyErrors (syntax errors carry file:line:col)."""
    if literate is None:
        literate = path.endswith(".md")
    source = literate_source(text) if literate else text
    _check_size(text, source, path)
    display_lines = text.split("\n")
    try:
        tree = _parser().parse(source)
    except UnexpectedInput as err:
        error = _syntax_error(path, source, err)
        if 0 < error.line <= len(display_lines):
            error.source_line = display_lines[error.line - 1]
        raise PolicyErrors([error]) from None
    except RecursionError:
        raise PolicyErrors([PolicyError(path, 1, 1, "the rules nest too deeply to read")]) from None
    try:
        items = _ToAst(path, text).transform(tree)
    except RecursionError:
        raise PolicyErrors([PolicyError(path, 1, 1, "an expression nests too deeply (thousands of terms or "
                                                    "parentheses); write it as several rules")]) from None
    except VisitError as err:
        if isinstance(err.orig_exc, RecursionError):
            raise PolicyErrors([PolicyError(path, 1, 1, "an expression nests too deeply (thousands of terms or "
                                                        "parentheses); write it as several rules")]) from None
        raise RuntimeError(f"internal error transforming {path}: {err.orig_exc}") from err  # a transformer bug
    policy = ast.PolicyFile(path)
    errors: list[PolicyError] = []
    for item in items:
        if isinstance(item, ast.Rule):
            policy.rules.append(item)
        elif isinstance(item, ast.CategoryDecl):
            policy.categories.append(item)
        elif isinstance(item, ast.BenefitDecl):
            policy.benefits.append(item)
        elif isinstance(item, ast.PrincipleDecl):
            policy.principles.append(item)
        elif isinstance(item, ast.IncomeDecl):
            policy.incomes.append(item)
        elif isinstance(item, ast.ProcedureDecl):
            policy.procedures.append(item)
        elif item[0] == "document":
            if policy.document is not None:
                errors.append(_located(path, display_lines, item[2], "a file declares its document once"))
            policy.document, policy.document_pos = item[1], item[2]
        elif item[0] == "jurisdiction":
            if policy.jurisdiction is not None:
                errors.append(_located(path, display_lines, item[2], "a file declares its jurisdiction once"))
            (policy.jurisdiction, policy.jurisdiction_label), policy.jurisdiction_pos = item[1], item[2]
    if errors:
        raise PolicyErrors(errors)
    return policy


def _located(path: str, lines: list[str], pos: ast.Pos, message: str) -> PolicyError:
    source_line = lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""
    return PolicyError(path, pos.line, pos.column, message, source_line)


def parse_policy_file(path: str | Path, display_path: str | None = None) -> ast.PolicyFile:
    path = Path(path)
    return parse_policy(path.read_text(encoding="utf-8"), display_path or str(path))
