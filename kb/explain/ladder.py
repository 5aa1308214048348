"""A picture for researchers: one household's per-capita income on each jurisdiction's ladder of
income thresholds (低保, 低保边缘, 监测, 刚性支出), side by side, as SVG.

The thresholds are read from the compiled rules, not restated: every comparison of
`per_capita_income` in a ladder category's rules (and in the helper rules they read), its right
side evaluated with the parameters in force at the household's assessment date. The household's
figure is each jurisdiction's own (membership and income accounting differ between documents).
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction
from html import escape

from grammar import ast
from kb.core.model import Jurisdiction, RuleBase
from kb.core.money import fmt_plain
from kb.explain.glossary import unit_text
from kb.explain.types import Answer, given
from kb.explain.words import SYMBOL, Words

LADDER = ("dibao", "dibao_bianyuan", "jiance", "gangxing_zhichu")
COLOURS = {"dibao": "#b91c1c", "dibao_bianyuan": "#c2410c", "jiance": "#1d4ed8", "gangxing_zhichu": "#15803d"}
FACT = "per_capita_income"


def _value(expr, params: dict[str, Fraction]) -> Fraction | None:
    if isinstance(expr, ast.Number):
        return expr.value
    if isinstance(expr, ast.Name):
        return params.get(expr.name)
    if isinstance(expr, ast.BinOp):
        left, right = _value(expr.left, params), _value(expr.right, params)
        if left is None or right is None:
            return None
        return {"*": left * right, "+": left + right, "-": left - right}.get(expr.op) if expr.op != "/" \
            else (left / right if right else None)
    return None   # a household fact on the right: not a threshold of the ladder


def _rules_reading(j: Jurisdiction, predicate: str, seen: set[str]):
    for rule in j.rules_for(predicate):
        yield rule
        for helper in rule.reads_predicates:
            if helper not in j.categories and helper not in seen:
                seen.add(helper)
                yield from _rules_reading(j, helper, seen)


def thresholds(j: Jurisdiction, when: date) -> list[dict]:
    """[{category, op, value, expression, rule}] of one jurisdiction, lowest first."""
    params = {}
    for name, param in j.parameters.items():
        value = param.at(when)
        if value is not None:
            params[name] = value.value
    out, seen = [], set()
    for category in LADDER:
        if category not in j.categories:
            continue
        for rule in _rules_reading(j, category, {category}):
            for lit in rule.body:
                if not lit.is_comparison or not isinstance(lit.left, ast.Name) or lit.left.name != FACT:
                    continue
                value = _value(lit.right, params)
                op = lit.op if not lit.negated else {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}.get(lit.op, lit.op)
                key = (category, op, value)
                if value is None or key in seen:
                    continue
                seen.add(key)
                out.append({"category": category, "op": op, "value": value,
                            "expression": ast.render(lit.right), "rule": rule.id})
    return sorted(out, key=lambda t: (t["value"], LADDER.index(t["category"])))


def _e(text) -> str:
    return escape(str(text), quote=True)


def ladder_svg(rulebase: RuleBase, answers: dict[str, Answer], lang: str = "zh") -> str:
    """The picture for the answers of one household under several jurisdictions ({id: answer})."""
    order = list(answers)
    ladders = {}
    for jid in order:
        when = date.fromisoformat(answers[jid].assessment_date)
        ladders[jid] = thresholds(rulebase.jurisdictions[jid], when)
    incomes = {jid: given(answers[jid].accounting.per_capita_income) if answers[jid].accounting else None
               for jid in order}
    values = [t["value"] for ts in ladders.values() for t in ts] + \
        [Fraction(v) for v in incomes.values() if v is not None]
    top = max(values, default=Fraction(10000)) * Fraction(11, 10) or Fraction(1)
    col, left, y0, y1 = 210, 70, 80, 440
    width, height = left + col * len(order) + 20, 500

    def y(value: Fraction) -> float:
        return round(y1 - float(value / top) * (y1 - y0), 1)

    words = {jid: Words(answers[jid], lang) for jid in order}
    title = "人均收入在各地认定标准中的位置" if lang == "zh" else "Per-capita income on each jurisdiction's thresholds"
    unit = unit_text("", "yuan_per_person_year", lang).strip()
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'role="img" aria-labelledby="ladder-title" font-family="Noto Sans CJK SC, sans-serif" font-size="12">',
             f'<title id="ladder-title">{_e(title)}</title>',
             f'<text x="{left}" y="24" font-size="15" font-weight="bold">{_e(title)}</text>',
             f'<text x="{left}" y="44" fill="#444">{_e(unit)}</text>']
    for step in range(0, 6):   # the axis: five even steps of the scale
        value = top * step / 5
        parts.append(f'<line x1="{left - 5}" x2="{width - 20}" y1="{y(value)}" y2="{y(value)}" stroke="#e5e7eb"/>'
                     f'<text x="{left - 8}" y="{y(value) + 4}" text-anchor="end" fill="#555">{_e(fmt_plain(round(value)))}</text>')
    for i, jid in enumerate(order):
        x = left + col * i + 20
        w = words[jid]
        name = w.jurisdiction_name()
        parts.append(f'<g class="jurisdiction" data-jurisdiction="{_e(jid)}">'
                     f'<text x="{x}" y="68" font-weight="bold">{_e(name)}</text>'
                     f'<line x1="{x + 10}" x2="{x + 10}" y1="{y0}" y2="{y1}" stroke="#9ca3af" stroke-width="2"/>')
        last_label_y = None
        for t in ladders[jid]:
            ty = y(t["value"])
            label_y = ty + 4 if last_label_y is None or last_label_y - (ty + 4) >= 14 else last_label_y - 14
            last_label_y = label_y
            colour = COLOURS[t["category"]]
            text = f'{w.category_short(t["category"])} {SYMBOL.get(t["op"], t["op"])} {fmt_plain(t["value"])}'
            parts.append(f'<line class="threshold" data-category="{t["category"]}" data-value="{fmt_plain(t["value"])}" '
                         f'x1="{x}" x2="{x + 60}" y1="{ty}" y2="{ty}" stroke="{colour}" stroke-width="3"/>'
                         f'<text x="{x + 66}" y="{label_y}" fill="{colour}">{_e(text)}</text>')
        income = incomes[jid]
        if income is None:
            parts.append(f'<text x="{x}" y="{y1 + 24}" fill="#555">{_e(w.w("unknown"))}</text>')
        else:
            iy = y(Fraction(income))
            who = "本户人均" if lang == "zh" else "household"
            parts.append(f'<circle class="income" data-value="{_e(income)}" cx="{x + 10}" cy="{iy}" r="6" fill="#111"/>'
                         f'<text x="{x}" y="{y1 + 24}" font-weight="bold">{_e(who)} {_e(income)}</text>')
        parts.append("</g>")
    illustrative = any(a.rulebase.illustrative_parameters for a in answers.values())
    if illustrative:
        note = "注：各地标准为示例数值，非官方标准" if lang == "zh" else "Note: thresholds are illustrative values, not official figures"
        parts.append(f'<text x="{left}" y="{height - 12}" fill="#b45309">{_e(note)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
