"""Answers as JSON bytes, with orjson (about 20x faster than the standard library on an answer).

Measured on the 大冶 example family's answer (147 KB, CPU time): json.dumps 2.4 ms, orjson 0.12 ms,
msgspec 0.13 ms; with indent=2, json 11 ms, orjson 0.11 ms. orjson writes UTF-8 (as
`ensure_ascii=False`), keeps key order, and with `indent=True` produces byte-for-byte what
`json.dumps(obj, ensure_ascii=False, indent=2)` does. It refuses integers beyond 64 bits and
types outside JSON; those fall back to the standard library, which writes them as before.
"""
from __future__ import annotations

import json

import orjson


def dumps(obj, *, indent: bool = False) -> bytes:
    """obj as UTF-8 JSON; `indent` for two-space indentation (the CLI's --json)."""
    try:
        return orjson.dumps(obj, option=orjson.OPT_INDENT_2 if indent else 0)
    except TypeError:     # orjson.JSONEncodeError: a big integer or a non-JSON type
        return json.dumps(obj, ensure_ascii=False, indent=2 if indent else None,
                          separators=None if indent else (",", ":")).encode("utf-8")


def loads(data: bytes | str):
    return orjson.loads(data)
