"""Which decidable sentences of each document the rules cite, and why the others are not coded.

A sentence "carries" a condition, amount, deadline or principle when it contains one of the
markers below (a modelling choice: the documents state tests with 低于/高于/不超过…, amounts with
%/元/倍, deadlines with 工作日/日内, principles in quotation marks with 原则). Each is matched to
the rules, procedures, principles and income declarations whose cited quote overlaps it. Reasons
for sentences left uncoded live in `kb/policies/<id>/uncoded.yaml` (`- quote: …  reason: …`).

An entry may also name a *part* of a cited sentence that the rules leave out (大冶 附件 市民政局:
the 单人户 groups are coded, "成年无业重度残疾人" is not): the row then lists it under
`uncoded_parts`, so no left-out text is explained only in the `.md` prose. An entry whose quote is
not in the document is reported under `stale` rather than silently ignored.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.core.model import Jurisdiction, RuleBase

MARKERS = {
    "condition": re.compile("低于|高于|不超过|超过|达到或超过|大于|未满|无劳动能力|无生活来源|符合条件|符合相关规定"
                            "|纳入|认定为|识别为|不符合|包括|视为|单人户|标准|适用|计入|\\d+个步骤"),
    "amount": re.compile(r"\d+(?:\.\d+)?\s*(?:%|万?元|倍)|全额|比例"),
    "deadline": re.compile(r"\d+\s*个?(?:工作日|天|日内|个月)|[一两]年内|不满两年|每半年|每季度|每月|每年"),
    "principle": re.compile("原则|就低|就高|有利于保障|缺啥补啥|缺什么帮什么|不重不漏"),
    # a benefit given to a group ("对…给予…", "实施住房保障", subsidies): decidable even without a test word
    "benefit": re.compile("给予|实施.{0,4}保障|补贴|资助|减免|救助金|代缴|报销"),
}
_SENTENCE_END = re.compile(r"[。；;！？\n]")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    kinds: list[str]
    cited_by: list[str] = field(default_factory=list)
    reason: str | None = None
    uncoded_parts: list[dict] = field(default_factory=list)


def sentences(text: str) -> list[tuple[int, int, str]]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, end, chunk.strip()))
        start = end
    if text[start:].strip():
        out.append((start, len(text), text[start:].strip()))
    return out


def _citations(j: Jurisdiction) -> list[tuple[int, int, str]]:
    spans = [(c.start, c.end, r.id) for r in j.rules for c in r.clauses]
    spans += [(c.start, c.end, f"{j.id}.procedure.{p.id}") for p in j.procedures for c in p.clauses]
    spans += [(c.start, c.end, f"{j.id}.principle.{p.id}") for p in j.principles for c in p.clauses]
    spans += [(c.start, c.end, f"{j.id}.income.excludes.{t}") for t, cl in j.income_exclusions.items() for c in cl]
    return spans


def _reasons(j: Jurisdiction, policy_dir: Path | None) -> list[dict]:
    """The reasons of uncoded.yaml in `policy_dir`/<id> when a folder is given, else beside the
    version's own policy files."""
    folder = policy_dir / j.id if policy_dir is not None else j.folder
    if folder is None:
        return []
    path = folder / "uncoded.yaml"
    if not path.exists():
        return []
    return [e for e in (yaml.safe_load(path.read_text(encoding="utf-8")) or []) if isinstance(e, dict)]


def coverage(rulebase: RuleBase, policy_dir: Path | None = None) -> dict:
    report = {}
    for jid, j in sorted(rulebase.jurisdictions.items()):
        spans = _citations(j)
        reasons = _reasons(j, policy_dir)
        stale = [{"quote": r.get("quote"), "reason": r.get("reason")} for r in reasons
                 if not r.get("quote") or not r.get("reason") or r["quote"] not in j.text]
        rows = []
        for start, end, text in sentences(j.text):
            kinds = [k for k, pattern in MARKERS.items() if pattern.search(text)]
            mine = [r for r in reasons if r.get("quote") and r.get("reason") and r["quote"] in text]
            if not kinds and not mine:
                continue
            # a sentence no marker flags is still listed when uncoded.yaml says what is left out of it
            s = Sentence(start, end, text, kinds or ["recorded"])
            s.cited_by = sorted({rid for a, b, rid in spans if a < end and b > start})
            if not s.cited_by:
                s.reason = mine[0]["reason"] if mine else "no rule and no recorded reason"
            else:
                s.uncoded_parts = [{"quote": r["quote"], "reason": r["reason"]} for r in mine]
            rows.append(s)
        covered = sum(1 for s in rows if s.cited_by)
        report[jid] = {"document": j.document, "sentences": len(rows), "covered": covered,
                       "unexplained": sum(1 for s in rows if s.reason == "no rule and no recorded reason"),
                       "stale": stale,
                       "rows": [{"start": s.start, "end": s.end, "text": s.text, "kinds": s.kinds,
                                 "cited_by": s.cited_by, **({"reason": s.reason} if s.reason else {}),
                                 **({"uncoded_parts": s.uncoded_parts} if s.uncoded_parts else {})}
                                for s in rows]}
    return report


def print_report(report: dict, out=sys.stdout, show_covered: bool = False) -> None:
    for jid, r in report.items():
        print(f"{jid} ({r['document']}): {r['covered']}/{r['sentences']} decidable sentences cited", file=out)
        for entry in r.get("stale", []):
            print(f"  ! uncoded.yaml entry not in the document (or without a reason): {entry['quote']!r}", file=out)
        for row in r["rows"]:
            if row["cited_by"] and not show_covered and not row.get("uncoded_parts"):
                continue
            mark = "✓" if row["cited_by"] else "·"
            text = row["text"] if len(row["text"]) <= 70 else row["text"][:69] + "…"
            print(f"  {mark} [{row['start']}, {row['end']}) {'/'.join(row['kinds'])}: {text}", file=out)
            if row["cited_by"]:
                print(f"      cited by {', '.join(row['cited_by'])}", file=out)
                for part in row.get("uncoded_parts", []):
                    print(f"      part uncoded: 「{part['quote']}」: {part['reason']}", file=out)
            else:
                print(f"      uncoded: {row['reason']}", file=out)
