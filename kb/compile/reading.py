"""Read one file the compiler opens (a policy file, parameters.yaml, a document) as UTF-8 text,
bounded, or say at file:line:col why it cannot be: missing, unreadable, too large, UTF-16,
not UTF-8, binary. `binggui lint /dev/zero` must end, and a hostile file must give one located
error, never a traceback."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from grammar import PolicyError

# Read at most this much of any file the compiler opens: parse_policy refuses far less anyway.
MAX_READ_BYTES = 4 * 1024 * 1024


def read_text(path: Path, display: str, add_error: Callable[[PolicyError], None]) -> tuple[bytes, str] | None:
    """(bytes, text) of a UTF-8 file, or None after add_error() with a located error."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_READ_BYTES + 1)
    except OSError as err:
        add_error(PolicyError(display, 1, 1, f"cannot read the file: {err.strerror or err}"))
        return None
    if len(data) > MAX_READ_BYTES:
        add_error(PolicyError(display, 1, 1, f"the file is larger than {MAX_READ_BYTES} bytes; not a policy file"))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        add_error(PolicyError(display, 1, 1, "the file is UTF-16; save it as UTF-8"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[:err.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        add_error(PolicyError(display, line, col,
                              f"the file is not UTF-8 text (byte {err.start}: 0x{data[err.start]:02x})"))
        return None
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        add_error(PolicyError(display, line, 1, "the file holds NUL characters: a binary file, not a policy file"))
        return None
    # As Path.read_text does: universal newlines (offsets into documents count "\n" once).
    return data, text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
