"""Checks on the raw document before any parser sees it: media type, size, encoding, nesting.

These run first and cheaply so that hostile or accidental input (a 50 MB upload, a JSON bomb
nested ten thousand deep, Latin-1 bytes) is refused with a clear status instead of exhausting a
parser. Locations are `line:col`, 1-based, counted in characters.
"""
from __future__ import annotations

import re

from .errors import MALFORMED, TOO_LARGE, UNSUPPORTED_MEDIA, IngestError

DEFAULT_MAX_BYTES = 1 << 20    # 1 MiB: a household is a few kB; a batch of hundreds fits
MAX_DEPTH = 50                 # brackets ([, {, ( ) open at once
MAX_LITERAL_CHARS = 10_000     # one string value or IRI
# Per household, checked after parsing and before the shapes and the engine (the expensive
# steps): no real household comes near these; the API and `binggui serve` can change them.
DEFAULT_MAX_MEMBERS = 100
DEFAULT_MAX_INCOME_ITEMS = 500
MAX_STATEMENTS = 50_000        # triples in one document (a 1 MiB body holds about 30,000)

TURTLE = "text/turtle"
JSONLD = "application/ld+json"
JSON = "application/json"
# Media type -> syntax we parse it as. application/json is read as JSON-LD with our context.
MEDIA_TYPES = {TURTLE: TURTLE, "application/x-turtle": TURTLE, JSONLD: JSONLD, JSON: JSONLD}


def syntax_for(media_type: str | None) -> str:
    """The syntax (TURTLE or JSONLD) for a Content-Type value, parameters allowed; else 415."""
    raw = (media_type or "").strip()
    essence, _, params = raw.partition(";")
    essence = essence.strip().lower()
    syntax = MEDIA_TYPES.get(essence)
    if syntax is None:
        raise IngestError.single(
            UNSUPPORTED_MEDIA,
            f"不支持的媒体类型 {raw or '(空)'}；请使用 text/turtle、application/ld+json 或 application/json",
            f"unsupported media type {raw or '(none)'}; use text/turtle, application/ld+json "
            f"or application/json", location="Content-Type", value=raw or None)
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
            if charset not in ("utf-8", "utf8", "us-ascii"):
                raise IngestError.single(
                    UNSUPPORTED_MEDIA, f"不支持的字符集 {charset}；请使用 UTF-8",
                    f"unsupported charset {charset}; use UTF-8", location="Content-Type",
                    value=raw)
    return syntax


def line_col(text: str, offset: int) -> str:
    """`line:col` (1-based) of a character offset in text."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{col}"


def decode(data: bytes | str, max_bytes: int) -> str:
    """The document as text: size-checked (413), UTF-8-decoded (400), without a BOM."""
    if isinstance(data, str):
        size = len(data.encode("utf-8", "surrogatepass"))
        text = data
    elif isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        size = len(data)
        text = None
    else:
        raise IngestError.single(MALFORMED, "文档必须是字节串或字符串",
                                 "the document must be bytes or str", value=type(data).__name__)
    if size > max_bytes:
        raise IngestError.single(
            TOO_LARGE, f"文档大小 {size} 字节，超过上限 {max_bytes} 字节",
            f"the document is {size} bytes, over the limit of {max_bytes} bytes",
            value=size)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            before = data[:e.start].decode("utf-8", "replace")
            raise IngestError.single(
                MALFORMED, f"文档不是有效的 UTF-8（第 {e.start} 字节）",
                f"the document is not valid UTF-8 (byte {e.start})",
                location=line_col(before, len(before))) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


# A number with an exponent of 1000 or more ("1E+999999999"): rdflib writes decimals out in
# full, so such a literal would become a string of a billion digits. No household needs one.
_HUGE_EXPONENT = re.compile(r"(?<![\w.])[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?0*[1-9]\d{3,}(?![\w.])")


def check_numbers(text: str) -> None:
    """400 for a number whose exponent would expand into an enormous decimal."""
    m = _HUGE_EXPONENT.search(text)
    if m:
        raise IngestError.single(
            MALFORMED, f"数值 {m.group()[:40]} 的指数过大；金额请写成普通小数，如 \"7200.00\"",
            f"the number {m.group()[:40]} has too large an exponent; write amounts as plain "
            f"decimals such as \"7200.00\"", location=line_col(text, m.start()),
            value=m.group()[:40])


# Tokens that can hide brackets: strings, IRIs and comments; then the brackets themselves.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)
_TURTLE_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[\[\]()]', re.S)


def check_depth(text: str, syntax: str, max_depth: int = MAX_DEPTH) -> None:
    """400 when brackets nest deeper than max_depth, before a recursive parser can overflow."""
    tokens = _JSON_TOKENS if syntax != "text/turtle" else _TURTLE_TOKENS
    depth = 0
    for m in tokens.finditer(text):
        tok = m.group()
        if tok in ("[", "{", "("):
            depth += 1
            if depth > max_depth:
                raise IngestError.single(
                    MALFORMED, f"嵌套层数超过 {max_depth} 层",
                    f"the document nests deeper than {max_depth} levels",
                    location=line_col(text, m.start()))
        elif tok in ("]", "}", ")"):
            depth = max(0, depth - 1)
