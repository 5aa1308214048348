"""Compile policy files into a cited rule base, refusing anything that would run wrongly.

Checks, each reported with file:line:col and a caret: syntax (by the parser), quotes not in the
document or ambiguous, unknown names (with "did you mean"), unsafe variables, negation through
recursion, rules without a citation. All errors of a run are collected, not just the first.

This module finds the jurisdiction folders and their versions, reads each file bounded, applies a
deployer's parameter overrides and keeps the rule-base digest; one version is compiled by
kb.compile.jurisdiction (declarations), kb.compile.rules (heads), kb.compile.body (bodies) and
kb.compile.strata (dependency order).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from grammar import PolicyErrors, ast, parse_policy
from kb.compile import folders
from kb.compile.context import Context, did_you_mean, display
from kb.compile.jurisdiction import compile_jurisdiction
from kb.compile.paths import KB_DIR, POLICY_DIR
from kb.compile.reading import read_text
from kb.compile.readings import load_readings
from kb.compile.statements import STATEMENTS_FILE, load_statements
from kb.compile.vocabulary import CATEGORY_IDS
from kb.core.model import DocumentVersion, Jurisdiction, JurisdictionInfo, RuleBase, by_effective_date
from kb.core.parameters import load_parameters

# The entry points: compile the shipped knowledge base (or given folders), lint, and where it lives.
# The vocabulary (kb.compile.vocabulary) and the body's helpers (kb.compile.body) are imported from
# the modules that define them.
__all__ = ["KB_DIR", "POLICY_DIR", "compile_paths", "default_rulebase", "lint_paths"]



def compile_paths(paths: list[Path] | None = None, overlays: list[Path] | tuple = ()) -> RuleBase:
    """Compile the jurisdictions under `paths` (default: the shipped knowledge base), then a
    deployer's `overlays`: folders that add jurisdictions or override parameters."""
    ctx = Context()
    digest = hashlib.sha256()
    sources, errors = folders.discover(list(paths or [POLICY_DIR]))
    extra, extra_errors = folders.discover(list(overlays), allow_parameters_only=True) if overlays else ([], [])
    ctx.errors += errors + extra_errors
    overrides = {s.id: s for s in extra if s.parameters_only}
    versions: dict[str, list[Jurisdiction]] = {}
    seen: set[Path] = set()
    for source in sources + [s for s in extra if not s.parameters_only]:
        if source.folder.resolve() in seen:
            continue      # the same folder named twice (e.g. --policies kb/policies): compiled once
        seen.add(source.folder.resolve())
        compiled = [j for v in source.versions
                    if (j := _compile_version(source, v, overrides, digest, ctx)) is not None]
        if not compiled:
            continue
        jid = compiled[0].id
        if jid in versions:
            ctx.error(ast.Pos(display(source.folder), 1, 1), f"jurisdiction {jid!r} is declared in two folders "
                      f"(also {versions[jid][0].folder and display(versions[jid][0].folder)})")
            continue
        versions[jid] = compiled
    for jid, source in sorted(overrides.items()):
        if jid not in versions:
            ctx.error(ast.Pos(display(source.folder / folders.PARAMETERS_FILE), 1, 1),
                      f"these parameters override jurisdiction {jid!r}, which is not in the knowledge base"
                      f"{did_you_mean(jid, versions)}; name the folder after the jurisdiction's id")
    _check_unique_documents(versions, ctx)
    if ctx.errors:
        raise PolicyErrors(ctx.errors)
    ordered = {jid: by_effective_date(vs) for jid, vs in sorted(versions.items())}
    return RuleBase({jid: vs[-1] for jid, vs in ordered.items()}, digest.hexdigest()[:16], ordered)


def lint_paths(paths: list[Path]) -> RuleBase:
    """`binggui lint PATH…`: the given folders or files compiled on their own; a deployer's folder
    that overrides parameters is checked against the shipped jurisdiction it overrides."""
    sources, _ = folders.discover(list(paths), allow_parameters_only=True)
    if any(s.parameters_only for s in sources):
        return compile_paths(None, overlays=list(paths))
    return compile_paths(list(paths))


def _check_unique_documents(versions: dict[str, list[Jurisdiction]], ctx: Context) -> None:
    """Citations and /api/v1/documents/<file> name a document by its file name, so one name is one
    text in the whole rule base: two folders may hold the same file (a jurisdiction copied to
    start another) only byte for byte the same."""
    seen: dict[str, Jurisdiction] = {}
    for vs in versions.values():
        for j in vs:
            other = seen.setdefault(j.document, j)
            if other is not j and other.text != j.text:
                ctx.error(ast.Pos(display(j.folder / j.document), 1, 1),
                          f"document file name {j.document!r} is also used by {other.id} {other.version_id} for "
                          "another text: citations name documents by file name, so give each document its own name")


def _compile_version(source, v, overrides, digest, ctx: Context) -> Jurisdiction | None:
    parsed: list[ast.PolicyFile] = []
    for file in v.files:
        read = read_text(file, display(file), ctx.add)
        if read is None:
            continue
        digest.update(read[0])
        try:
            parsed.append(parse_policy(read[1], display(file)))
        except PolicyErrors as errs:
            ctx.errors.extend(errs.errors)
    params: dict = {}
    for params_file in v.parameter_files:
        read = read_text(params_file, display(params_file), ctx.add)
        if read is None:
            continue
        digest.update(read[0])
        found, param_errors = load_parameters(params_file, display(params_file), text=read[1])
        ctx.errors.extend(param_errors)
        params.update(found)
    if source.metadata_file:
        digest.update((source.folder / folders.METADATA_FILE).read_bytes())
    if not parsed:
        if not v.files:
            ctx.error(ast.Pos(display(v.folder), 1, 1), "no policy files (*.md) in this folder")
        return None
    jid = next((f.jurisdiction for f in parsed if f.jurisdiction), None)
    override = overrides.get(jid)
    if override is not None:
        params = _override_parameters(params, override, digest, ctx)
    j = compile_jurisdiction(parsed, params, v.folder, ctx)
    if j is None:
        return None
    head = next(f for f in parsed if f.jurisdiction)
    if source.id is not None and source.id != j.id:
        ctx.error(head.jurisdiction_pos, f"this folder's {folders.METADATA_FILE} says id {source.id!r}, "
                  f"but the policy files declare jurisdiction {j.id!r}")
    document = v.document or DocumentVersion("1", j.document)
    j.version = replace(document, file=j.document)
    j.info = source.info or JurisdictionInfo(j.label)
    if source.info is not None:
        j.label = source.info.name_zh
    j.folder = v.folder
    statements_file = v.folder / STATEMENTS_FILE
    if statements_file.is_file():
        digest.update(statements_file.read_bytes())
    j.statements = load_statements(statements_file, display(statements_file), j, CATEGORY_IDS, ctx.error)
    readings_file = v.folder / "readings.yaml"
    if readings_file.is_file():
        digest.update(readings_file.read_bytes())
        j.readings, reading_errors = load_readings(readings_file, display(readings_file), {r.name for r in j.rules})
        ctx.errors.extend(reading_errors)
    digest.update(j.document.encode() + j.text.encode())
    return j


def _override_parameters(params: dict, override, digest, ctx: Context) -> dict:
    """A deployer's values for a jurisdiction's parameters (an official 低保 standard, say)."""
    path = override.versions[0].parameter_files[0]
    read = read_text(path, display(path), ctx.add)
    if read is None:
        return params
    digest.update(read[0])
    found, errors = load_parameters(path, display(path), text=read[1])
    ctx.errors.extend(errors)
    merged = dict(params)
    for name, param in found.items():
        if name not in merged:
            ctx.error(ast.Pos(display(path), 1, 1),
                      f"parameter {name!r} is not a parameter of {override.id}{did_you_mean(name, params)}")
            continue
        merged[name] = merged[name].overridden_by(param)
    return merged


_DEFAULT: RuleBase | None = None


def default_rulebase() -> RuleBase:
    """The shipped knowledge base, compiled once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = compile_paths()
    return _DEFAULT
