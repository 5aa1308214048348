"""Who in the household falls in which category and gets which benefit: the answer's `members`.

The documents give most categories and benefits to persons (特困人员 is a person's status; 大冶's
"最低生活保障对象…分别按100%、不低于70%…" are groups of persons; a 单人户 member is 低保 while the
rest of the family stays 边缘). Each category and each per-person benefit of an answer carries
`members`: one entry per counted member (DESIGN.md amendment of 2026-12-01),

    {member, status, value, because, because_not, missing, resolved_by}

built from the same re-check traces as the household-level entry, which summarises them:

- a per-member category (`tekun(P) :- …`): the member's own rules;
- a family category (`dibao :- per_capita_income < …`): a rule deciding the family covers every
  counted member; a rule written for one member (`dibao(P) :- dan_ren_hu(P)`, `covers`) covers
  that member only, so the other members of a 单人户 family are not 低保;
- a per-person benefit (`inpatient_medical_aid(P) = 0.70 :- dibao_member(P)`): the member's value,
  resolved by the document's principle across the values *that person* holds (大冶 有利于保障:
  "针对同时归属不同类别的低收入人口"), never across members; the member's `resolved_by` names
  the resolution (an entry of the answer's `resolutions`, shared by members resolved alike).

`view(trace)` gives a trace's id in the answer's `traces` table (kb.explain.answer._trace_ref),
so a trace shown for several members is stated once; `g` (kb.explain.graph.Graph) gives the
missing terms their ids.
"""
from __future__ import annotations

from typing import Callable

from kb.core.model import Category, Jurisdiction
from kb.core.money import fmt
from kb.evaluate.conditions import RuleTrace, missing_of, t_or
from kb.evaluate.recheck import Evaluation
from kb.explain.types import MemberResult

STATUS = {True: "eligible", False: "ineligible", None: "undetermined"}

View = Callable[[RuleTrace], str]


def _applies(trace: RuleTrace, member: str) -> bool:
    """Whether a trace of a family category or benefit speaks about this member."""
    rule = trace.rule
    if rule.head.var is not None:
        return trace.key == (member,)
    if rule.covers is not None:
        return trace.binding.get(rule.covers) == member
    return True


def _entry(member: str, traces: list[RuleTrace], view: View, g) -> MemberResult:
    holds = t_or(t.holds for t in traces) if traces else False
    return MemberResult(member=member, status=STATUS[holds], value=None,
                        because=[view(t) for t in traces if t.holds is True],
                        because_not=[view(t) for t in traces if t.holds is False] if holds is not True else [],
                        missing=g.terms(missing_of([t for t in traces if t.holds is None])) if holds is None else [],
                        resolved_by=None)


def category_members(j: Jurisdiction, ev: Evaluation, cat: Category, traces: list[RuleTrace],
                     counted: list[str], view: View, g) -> list[MemberResult]:
    """One entry per counted member: that member's status in the category, and why."""
    out = []
    for member in counted:
        mine = [t for t in traces if _applies(t, member)]
        entry = _entry(member, mine, view, g)
        if not cat.per_member and entry.status == "eligible":
            # a family category: say how the member is covered (the whole family, or this member alone)
            family = any(t.holds is True and t.rule.covers is None for t in mine)
            entry.covered_as = "family" if family else "member"
        out.append(entry)
    return out


def benefit_members(j: Jurisdiction, ev: Evaluation, traces: list[RuleTrace], counted: list[str],
                    resolved: dict[str, tuple], view: View, g) -> list[MemberResult]:
    """One entry per counted member of a per-person benefit; `resolved` is the engine's
    member -> (chosen value, the id of its resolution or None)."""
    out = []
    for member in counted:
        entry = _entry(member, [t for t in traces if t.key == (member,)], view, g)
        chosen, resolution = resolved.get(member, (None, None))
        if entry.status == "eligible":
            entry.value = fmt(chosen) if chosen is not None else None
            entry.resolved_by = resolution
        out.append(entry)
    return out


def shared_resolution(members: list[MemberResult]) -> tuple[str, list[str]] | None:
    """The household-level resolution of a per-person benefit: the members' resolution (its id)
    when every member holding the benefit was resolved alike (the same entry of `resolutions`),
    with the members it concerns; None when they differ or nothing was resolved."""
    holding = [m for m in members if m.status == "eligible"]
    refs = {m.resolved_by for m in holding}
    if not holding or len(refs) != 1 or None in refs:
        return None
    return refs.pop(), [m.member for m in holding]


def referring(members: list[MemberResult], ref: str | None) -> list[str]:
    """The members holding a benefit whose entries refer to the resolution `ref`."""
    return [m.member for m in members if ref and m.status == "eligible" and m.resolved_by == ref]
