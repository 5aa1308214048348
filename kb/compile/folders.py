"""Find the jurisdictions under the given paths and read what `jurisdiction.yaml` says of them.

A jurisdiction is one folder; nothing in Python names one. The folder holds `jurisdiction.yaml`
(names zh/en, province, city, issuer, and the document's 文号, status and dates), the source
document, the literate DSL files (`*.md`), `parameters.yaml`, `uncoded.yaml` and
`statements.yaml`. Two layouts:

- one version (the usual case): everything in the folder, `document:` in `jurisdiction.yaml`;
- several versions (a 征求意见稿 and the issued text, a revision): `versions:` in
  `jurisdiction.yaml` lists them, each a subfolder named by its `version` that holds that
  version's document, DSL files, `statements.yaml` and `uncoded.yaml`. The folder's own
  `parameters.yaml` is shared by every version (a version's own file replaces parameters by name).

A deployer's folder (`binggui serve --policies DIR`) may also hold a folder with only a
`parameters.yaml`, named by a jurisdiction id: its values override that jurisdiction's.
Every problem is a located `PolicyError`; reading never raises on content.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from grammar.errors import PolicyError
from kb.core.model import DocumentVersion, JurisdictionInfo
from kb.core.yaml_lines import LineLoader

METADATA_FILE = "jurisdiction.yaml"
PARAMETERS_FILE = "parameters.yaml"
STATUSES = ("draft", "issued")
_TOP_KEYS = ("id", "name", "province", "city", "issuer", "document", "versions")
_DOCUMENT_KEYS = ("version", "title", "number", "status", "issued", "effective_from")
_VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class VersionSource:
    """One version's files and its document metadata (None: no jurisdiction.yaml)."""
    folder: Path
    files: list[Path]
    parameter_files: list[Path]
    document: DocumentVersion | None = None     # `file` is filled in by the compiler from the DSL
    metadata_line: tuple[str, int] | None = None   # where its metadata is, for errors


@dataclass
class JurisdictionSource:
    folder: Path
    id: str | None                  # from jurisdiction.yaml (None: the DSL header names it)
    info: JurisdictionInfo | None
    versions: list[VersionSource] = field(default_factory=list)
    parameters_only: bool = False   # a deployer's override of a jurisdiction's parameters
    metadata_file: str | None = None


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _is_jurisdiction(folder: Path) -> bool:
    return (folder / METADATA_FILE).is_file() or any(folder.glob("*.md"))


def discover(paths: list[Path], allow_parameters_only: bool = False) -> tuple[list[JurisdictionSource], list[PolicyError]]:
    """The jurisdictions under `paths`: each a jurisdiction folder, a folder of them, or DSL files
    (grouped by their folder, for `binggui lint FILE`)."""
    sources: list[JurisdictionSource] = []
    errors: list[PolicyError] = []
    loose: dict[Path, list[Path]] = {}
    for path in (Path(p) for p in paths):
        if path.is_dir():
            if _is_jurisdiction(path):
                folders = [path]
            else:
                folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
                if allow_parameters_only:
                    for p in folders:
                        if not _is_jurisdiction(p) and (p / PARAMETERS_FILE).is_file():
                            sources.append(JurisdictionSource(p, p.name, None, [VersionSource(
                                p, [], [p / PARAMETERS_FILE])], parameters_only=True))
                folders = [p for p in folders if _is_jurisdiction(p)]
                if not folders and not allow_parameters_only:
                    errors.append(PolicyError(display(path), 1, 1, "no jurisdiction here: no policy files (*.md) "
                                              "in this folder or its subfolders; a jurisdiction folder "
                                              f"holds {METADATA_FILE} and its *.md policy files"))
            for folder in folders:
                source, found = _read_folder(folder)
                errors += found
                if source is not None:
                    sources.append(source)
        elif path.exists():
            # A file, or what reads like one (/dev/zero, a pipe): the compiler reads it bounded.
            loose.setdefault(path.parent, []).append(path)
        else:
            errors.append(PolicyError(display(path), 1, 1, "no such file or directory"))
    for folder, files in sorted(loose.items()):
        sources.append(_loose_files(folder, files, errors))
    return sources, errors


def _loose_files(folder: Path, files: list[Path], errors: list[PolicyError]) -> JurisdictionSource:
    """Single DSL files: their folder is a jurisdiction folder, or one version folder of one."""
    parent = folder.parent
    if not (folder / METADATA_FILE).is_file() and (parent / METADATA_FILE).is_file():
        source, found = _read_folder(parent)
        errors += found
        if source is not None:
            for v in source.versions:
                if v.folder == folder:
                    v.files = sorted(files)
                    source.versions = [v]
                    return source
    source, found = _read_folder(folder)
    errors += found
    if source is None:
        return JurisdictionSource(folder, None, None, [VersionSource(folder, sorted(files), _params(folder))])
    source.versions = [VersionSource(folder, sorted(files), _params(folder),
                                     source.versions[0].document if source.versions else None)]
    return source


def _params(*folders: Path) -> list[Path]:
    return [f / PARAMETERS_FILE for f in folders if (f / PARAMETERS_FILE).is_file()]


def _read_folder(folder: Path) -> tuple[JurisdictionSource | None, list[PolicyError]]:
    meta_path = folder / METADATA_FILE
    if not meta_path.is_file():
        # No metadata: one undated version whose name and label come from the DSL header.
        return JurisdictionSource(folder, None, None, [VersionSource(folder, sorted(folder.glob("*.md")),
                                                                     _params(folder))]), []
    where = display(meta_path)
    errors: list[PolicyError] = []

    def err(line: int, message: str) -> None:
        errors.append(PolicyError(where, line, 1, message, _line_of(meta_path, line)))

    try:
        doc = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=LineLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        mark = getattr(e, "problem_mark", None)
        return None, [PolicyError(where, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                  f"{METADATA_FILE} is not readable YAML: {getattr(e, 'problem', e)}")]
    if not isinstance(doc, dict):
        return None, [PolicyError(where, 1, 1, f"{METADATA_FILE} is a mapping with id, name, … and document or versions")]
    line = doc.get("__line__", 1)
    _unknown_keys(doc, _TOP_KEYS, err)
    jid = doc.get("id")
    if not isinstance(jid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", jid):
        err(line, f"id: expected the jurisdiction id (lower-case letters, digits, _), as in the DSL's "
                  f"`jurisdiction <id>`; got {jid!r}")
        jid = None
    name = doc.get("name")
    if not isinstance(name, dict) or not isinstance(name.get("zh"), str):
        err(line, "name: expected {zh: <中文名>, en: <English name>}")
        name = {}
    info = JurisdictionInfo(name.get("zh") or (jid or ""), _text(name.get("en")), _place(doc, "province", err, line),
                            _place(doc, "city", err, line), _text(doc.get("issuer")))
    source = JurisdictionSource(folder, jid, info, metadata_file=where)
    if ("document" in doc) == ("versions" in doc):
        err(line, "state either `document:` (one version, its files in this folder) or `versions:` "
                  "(a list, each version's files in a subfolder named by its version)")
        return source, errors
    if "document" in doc:
        version = _document(doc["document"], err, line, default_name=True)
        if version is not None:
            source.versions.append(VersionSource(folder, sorted(folder.glob("*.md")), _params(folder), version,
                                                 (where, _line(doc["document"], line))))
        return source, errors
    entries = doc["versions"]
    if not isinstance(entries, list) or not entries:
        err(line, "versions: expected a list of versions, each with version, status, issued, effective_from")
        return source, errors
    seen: set[str] = set()
    for entry in entries:
        version = _document(entry, err, _line(entry, line), default_name=False)
        if version is None:
            continue
        if version.version in seen:
            err(_line(entry, line), f"version {version.version!r} is listed twice")
            continue
        seen.add(version.version)
        sub = folder / version.version
        if not sub.is_dir():
            err(_line(entry, line), f"version {version.version!r}: its files belong in the folder "
                                    f"{display(sub)}, which does not exist")
            continue
        source.versions.append(VersionSource(sub, sorted(sub.glob("*.md")), _params(folder, sub), version,
                                             (where, _line(entry, line))))
    return source, errors


def _document(entry, err, line: int, default_name: bool) -> DocumentVersion | None:
    if not isinstance(entry, dict):
        err(line, "a document version is a mapping: version, title, number, status, issued, effective_from")
        return None
    line = _line(entry, line)
    _unknown_keys(entry, _DOCUMENT_KEYS, err)
    status = entry.get("status")
    if status not in STATUSES:
        err(line, f"status: expected one of {', '.join(STATUSES)}; got {status!r}")
        return None
    name = entry.get("version", status if default_name else None)
    if not isinstance(name, str) or not _VERSION_NAME.match(name):
        err(line, "version: expected a name of letters, digits, '.', '_' or '-' (it names the version's "
                  f"folder and is what answers and `binggui diff` call it); got {name!r}")
        return None
    dates = {}
    for key in ("issued", "effective_from"):
        value = entry.get(key)
        if value is not None and not isinstance(value, date):
            err(line, f"{key}: expected a date YYYY-MM-DD or null; got {value!r}")
            return None
        dates[key] = value
    if status == "issued" and dates["effective_from"] is None:
        err(line, "an issued document takes effect on a date: give effective_from (the issue date where "
                  "the document states no other)")
        return None
    return DocumentVersion(name, "", _text(entry.get("title")), _text(entry.get("number")), status,
                           dates["issued"], dates["effective_from"])


def document_path(folder: Path, name: str) -> Path | str:
    """The document of a policy folder: a file of that folder and nowhere else (a name with a
    path in it, `..`, a link leading out of the folder are refused), else why not."""
    if not name or "/" in name or "\\" in name or name in (".", "..") or Path(name).is_absolute():
        return "the document is named by its file name alone and lies in the policy files' own folder"
    path = folder / name
    try:
        inside = path.resolve().parent == folder.resolve()
    except OSError:
        inside = False
    if not inside:
        return "the document must be a file of the policy files' own folder, not a link out of it"
    if not path.is_file():
        return "no such file in this folder"
    return path


def _unknown_keys(mapping: dict, known, err) -> None:
    for key in mapping:
        if key != "__line__" and key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            err(_line(mapping, 1), f"unknown key {key!r}" + (f"; did you mean {close[0]!r}?" if close else
                                                             f"; expected {', '.join(known)}"))


def _place(doc: dict, key: str, err, line: int) -> dict | None:
    value = doc.get(key)
    if value is None:
        return None
    if isinstance(value, dict) and isinstance(value.get("zh"), str):
        return {"zh": value["zh"], "en": _text(value.get("en"))}
    err(_line(value, line), f"{key}: expected {{zh: …, en: …}} or null")
    return None


def _text(value) -> str | None:
    return None if value is None else str(value)


def _line(value, default: int) -> int:
    return value.get("__line__", default) if isinstance(value, dict) else default


def _line_of(path: Path, line: int) -> str:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[line - 1] if 0 < line <= len(lines) else ""
