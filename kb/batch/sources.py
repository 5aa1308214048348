"""The input files of `binggui screen` as DuckDB relations of text cells, or a located error.

A CSV file's header is read here (so a ragged row, an unterminated quote or a file that is not
UTF-8 text is reported by DuckDB with its line, never guessed at by its sniffer), and the file is
then read with exactly those columns, every cell as text: `kb.batch.load` types and checks the
cells in one pass. A Parquet file in the same columns (any column types) is read with its cells
cast to text (a list column, such as `problem` as a list of codes, ';'-joined, an empty list as
`none`), so both formats go through the same checks.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

HEADER_LIMIT = 1 << 16      # a header longer than this is not a household file
RDF_SUFFIXES = {".ttl": "text/turtle", ".turtle": "text/turtle", ".jsonld": "application/ld+json",
                ".json": "application/ld+json"}   # read by kb.cli.screen through ingest, then the CSV loader


class SourceError(Exception):
    """An input file that cannot be read; the message names the file (and line)."""


def header(path: Path) -> list[str]:
    """The column names of a CSV or Parquet input file."""
    path = Path(path)
    if path.is_dir():
        raise SourceError(f"{path}: is a directory, not a CSV or Parquet file")
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    if is_parquet(path):
        import duckdb
        try:
            return [r[0] for r in duckdb.connect().execute("DESCRIBE SELECT * FROM read_parquet(?)",
                                                           [str(path)]).fetchall()]
        except duckdb.Error as err:
            raise SourceError(f"{path}: not a readable Parquet file ({_first_line(err)})") from None
    with open(path, "rb") as f:
        head = f.read(HEADER_LIMIT)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export: UTF-16, tab-separated
        raise SourceError(f"{path}: UTF-16 text (as Excel saves \u201cUnicode text\u201d); save the file as "
                          f"\u201cCSV UTF-8 (comma delimited)\u201d")
    if b"\0" in head:
        raise SourceError(f"{path}: binary data, not a CSV text file")
    line = head.split(b"\n", 1)[0]
    if not line.strip():
        raise SourceError(f"{path}:1: empty; expected a header row of column names")
    if len(line) == len(head) == HEADER_LIMIT:
        raise SourceError(f"{path}:1: the header row is longer than {HEADER_LIMIT:,} bytes")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"{path}:1: not UTF-8 text (byte {err.start + 1} of the header); save the file as UTF-8") from None
    columns = [c.strip() for c in next(csv.reader(io.StringIO(text)))]
    if len(columns) == 1:
        for separator, name in (("\t", "tabs"), (";", "semicolons"), ("|", "vertical bars")):
            if separator in text:
                raise SourceError(f"{path}:1: the header row is separated by {name}, not commas; "
                                  f"`binggui screen` reads comma-separated files (save as \u201cCSV UTF-8 (comma delimited)\u201d)")
    return columns


# a cell beginning or ending with a space shows in the bytes as a space next to a delimiter, a
# quote or a line break; the other space separators that DuckDB's trim removes (Unicode Zs) are
# looked for anywhere, in files that are not ASCII only
_PADDING = (b" ,", b", ", b' "', b'" ', b" \n", b"\n ", b" \r", b"\r ")
_WIDE_SPACES = tuple(chr(c).encode() for c in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000))


# Parquet column types whose values, cast to text, never begin or end with a space
_UNPADDED_TYPE = re.compile(r"BOOLEAN|U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)"
                            r"|DATE|TIME|TIMESTAMP")


def padded_columns(path: Path, columns: list[str]) -> set[str]:
    """The columns whose cells may begin or end with a space, so the loader trims them (trimming
    every cell cost 0.15 s CPU on 100k households): of a CSV file all or none
    (`may_have_padded_cells`), of a Parquet file those not of a number, boolean or date type."""
    if is_parquet(path):
        types = parquet_types(path)
        return {c for c in columns if not _UNPADDED_TYPE.fullmatch(types.get(c, ""))}
    return set(columns) if may_have_padded_cells(path) else set()


def may_have_padded_cells(path: Path, chunk: int = 1 << 22) -> bool:
    """False when no cell of the CSV file can begin or end with a space (a scan of its bytes, 0.02 s
    on 100k households); True whenever in doubt (any space beside a delimiter, quote or line
    break, or any wide space)."""
    with open(path, "rb") as f:
        tail = b"\n"                      # the last bytes before a chunk, so no pattern is split
        while True:
            block = f.read(chunk)
            if not block:
                return tail.endswith(b" ")
            text = tail + block
            if b" " in text and any(p in text for p in _PADDING):
                return True
            if not text.isascii() and any(z in text for z in _WIDE_SPACES):
                return True
            tail = text[-2:]


def is_parquet(path: Path) -> bool:
    if Path(path).suffix.lower() == ".parquet":
        return True
    with open(path, "rb") as f:
        return f.read(4) == b"PAR1"


def relation(path: Path, columns: list[str], numbered: bool = True) -> str:
    """SQL for the file's rows: one VARCHAR per column, and (`numbered`) `_line`, the CSV line
    number. Unnumbered, the rows still come in file order (DuckDB preserves insertion order), so
    the loader numbers them by the row ids of the table it stores them in, without a window."""
    from kb.batch.literals import sql_str
    where = sql_str(str(path))
    if is_parquet(path):
        types = parquet_types(path)

        def text(c: str) -> str:   # a list of codes is written as the CSV writes it: ';'-joined, [] as none
            if types.get(c, "").endswith("[]"):
                return (f"CASE WHEN \"{c}\" IS NULL THEN NULL WHEN len(\"{c}\") = 0 THEN 'none' "
                        f"ELSE array_to_string(\"{c}\", ';') END")
            return f'CAST("{c}" AS VARCHAR)'
        cells = ", ".join(f'{text(c)} AS "{c}"' for c in columns)
        line = ", row_number() OVER () + 1 AS _line" if numbered else ""
        return f"(SELECT {cells}{line} FROM read_parquet({where}))"
    spec = ", ".join(f"{sql_str(c)}: 'VARCHAR'" for c in columns)
    line = ", row_number() OVER () + 1 AS _line" if numbered else ""
    return (f"(SELECT *{line} FROM read_csv({where}, header = true, auto_detect = false, "
            f"delim = ',', quote = '\"', escape = '\"', strict_mode = true, columns = {{{spec}}}))")


def parquet_types(path: Path) -> dict[str, str]:
    """DuckDB's type of each column of a Parquet file."""
    import duckdb
    return dict(duckdb.connect().execute("SELECT column_name, column_type FROM "
                                         "(DESCRIBE SELECT * FROM read_parquet(?))", [str(path)]).fetchall())


_LINE = re.compile(r"CSV Error on Line: (\d+)")


def explain_error(err: Exception, paths: list[Path]) -> str:
    """A DuckDB reading error as one located line: `file:line: what is wrong`."""
    text = str(err)
    m = _LINE.search(text)
    where = next((str(p) for p in paths if f"file = {p}" in text), None)
    if where is None:
        where = str(paths[0]) if len(paths) == 1 else "input"
    if "Expected Number of Columns" in text:
        found = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        what = (f"{found.group(2)} cells where the header has {found.group(1)} columns" if found
                else "a row with another number of cells than the header")
    elif "unterminated quote" in text:
        what = "a quoted value is not terminated (a \" without its closing \")"
    elif "unicode" in text.lower() or "utf-8" in text.lower():
        what = "not UTF-8 text; save the file as UTF-8"
    elif "state machine reached an invalid state" in text:
        # DuckDB names no line for this one; the one cause seen is a carriage return inside a line
        line = _stray_carriage_return(Path(where)) if Path(where).is_file() else None
        if line is not None:
            return (f"{where}:{line}: a carriage return (\\r) inside a line, not before its line break; "
                    f"save the file with ordinary line breaks")
        what = "not readable as CSV (comma-separated, cells quoted with \")"
    else:
        what = _first_line(err)
    return f"{where}:{m.group(1)}: {what}" if m else f"{where}: {what}"


def _stray_carriage_return(path: Path, chunk: int = 1 << 22) -> int | None:
    """The line of the first carriage return not followed by a line feed, or None. It does not
    tell a quoted one (data, which DuckDB reads) from a stray one: it is asked only once DuckDB
    has failed on the file."""
    line, tail = 1, b""
    with open(path, "rb") as f:
        while True:
            block = f.read(chunk)
            text = tail + block
            at = 0
            while (at := text.find(b"\r", at)) != -1:
                if at + 1 == len(text):
                    if block:      # a chunk ends on it: decide with the next one
                        break
                elif text[at + 1:at + 2] != b"\n":
                    return line + text.count(b"\n", 0, at)
                at += 1
            if not block:
                return None
            keep = len(text) - 1 if text.endswith(b"\r") else len(text)
            line += text.count(b"\n", 0, keep)
            tail = text[keep:]


def _first_line(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text.split(": ", 1)[-1][:200]
