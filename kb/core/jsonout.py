"""Answers as JSON bytes, with msgspec: the answer is typed (kb.explain.types, msgspec Structs),
and msgspec encodes its Structs (and any dicts and lists around them) directly.

msgspec writes UTF-8 (as `ensure_ascii=False`), keeps the Structs' field order and the dicts' key
order, omits the parts an answer leaves out (UNSET), and writes integers of any size; with
`indent=True` the text is byte-for-byte what `json.dumps(obj, ensure_ascii=False, indent=2)`
writes of the same data (msgspec.json.format).
"""
from __future__ import annotations

import msgspec

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()


def dumps(obj, *, indent: bool = False) -> bytes:
    """obj as UTF-8 JSON; `indent` for two-space indentation (the CLI's --json)."""
    data = _encoder.encode(obj)
    return msgspec.json.format(data, indent=2) if indent else data


def loads(data: bytes | str):
    return _decoder.decode(data)
