"""Numbers the documents do not state, keyed by effective date, each with its source.

One YAML per jurisdiction (`kb/policies/<id>/parameters.yaml`). The value in force at a
household's assessment date is picked; an `illustrative` value is reported in every answer
that used it, never applied silently.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

from grammar.errors import PolicyError
from kb.core.money import exact


@dataclass(frozen=True)
class ParamValue:
    name: str
    value: Fraction
    effective_from: date
    source: str
    illustrative: bool


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    unit: str
    values: tuple[ParamValue, ...]   # sorted by effective_from

    def overridden_by(self, other: "Parameter") -> "Parameter":
        """This parameter with a deployer's values: each joins the dated values, replacing the one
        of the same `from` date (label and unit stay)."""
        dates = {v.effective_from for v in other.values}
        values = sorted([v for v in self.values if v.effective_from not in dates] + list(other.values),
                        key=lambda v: v.effective_from)
        return Parameter(self.name, self.label, self.unit, tuple(values))

    def at(self, when: date) -> ParamValue | None:
        """The value in force on `when` (the latest one that started on or before it)."""
        current = None
        for value in self.values:
            if value.effective_from <= when:
                current = value
        return current


def load_parameters(path: Path, display: str | None = None,
                    text: str | None = None) -> tuple[dict[str, Parameter], list[PolicyError]]:
    """Read one parameters.yaml (or its already read `text`); returns the parameters and every
    error found (never raises on content)."""
    import yaml    # only when compiling (kb.core.yaml_lines)

    from kb.core.yaml_lines import LineLoader
    display = display or str(path)
    errors: list[PolicyError] = []
    try:
        doc = yaml.load(path.read_text(encoding="utf-8") if text is None else text, Loader=LineLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return {}, [PolicyError(display, line, col, f"YAML syntax error: {getattr(err, 'problem', err)}")]
    if not isinstance(doc, dict) or not isinstance(doc.get("parameters"), dict):
        return {}, [PolicyError(display, 1, 1, "expected a mapping with a 'parameters:' mapping")]
    params: dict[str, Parameter] = {}
    for name, spec in doc["parameters"].items():
        if name == "__line__":
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("values"), list) or not spec["values"]:
            line = spec.get("__line__", 1) if isinstance(spec, dict) else 1
            errors.append(PolicyError(display, line, 1, f"parameter {name!r}: expected 'values:' with at least one entry"))
            continue
        values = []
        for entry in spec["values"]:
            line = entry.get("__line__", 1) if isinstance(entry, dict) else spec.get("__line__", 1)
            if not isinstance(entry, dict):
                errors.append(PolicyError(display, line, 1, f"parameter {name!r}: each value is a mapping"))
                continue
            missing = [k for k in ("from", "value", "source") if k not in entry]
            if missing:
                errors.append(PolicyError(display, line, 1,
                                          f"parameter {name!r}: value lacks {', '.join(missing)} (every value names its source)"))
                continue
            if not isinstance(entry["from"], date):
                errors.append(PolicyError(display, line, 1, f"parameter {name!r}: 'from' must be a date YYYY-MM-DD"))
                continue
            try:
                amount = exact(entry["value"])
            except ValueError as err:
                errors.append(PolicyError(display, line, 1, f"parameter {name!r}: {err}"))
                continue
            values.append(ParamValue(name, amount, entry["from"], str(entry["source"]),
                                     bool(entry.get("illustrative", False))))
        values.sort(key=lambda v: v.effective_from)
        params[name] = Parameter(name, str(spec.get("label", name)), str(spec.get("unit", "")), tuple(values))
    return params, errors
