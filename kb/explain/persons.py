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

`view(trace)` gives a trace's id in the answer's `traces` table (kb.explain.trace_table.viewer),
so a trace shown for several members is stated once; `g` (kb.explain.tables.Graph) gives the
missing terms their ids.
"""
from __future__ import annotations

from typing import Callable

from kb.core.model import Category, Jurisdiction
from kb.core.money import fmt
from kb.evaluate.conditions import RuleTrace, missing_of
from kb.evaluate.recheck import Evaluation
from kb.explain.types import STATUS, MemberResult

View = Callable[[RuleTrace], str]


def _entry(member: str, traces: list[RuleTrace], view: View, g) -> MemberResult:
    holding, failing, unknown = [], [], []
    for t in traces:
        (holding if t.holds is True else failing if t.holds is False else unknown).append(t)
    holds = True if holding else None if unknown else False    # t_or of the traces (none: False)
    return MemberResult(member=member, status=STATUS[holds], value=None,
                        because=[view(t) for t in holding],
                        because_not=[view(t) for t in failing] if holds is not True else [],
                        missing=g.terms(missing_of(unknown)) if holds is None else [],
                        resolved_by=None)


def category_members(j: Jurisdiction, ev: Evaluation, cat: Category, traces: list[RuleTrace],
                     counted: list[str], view: View, g) -> list[MemberResult]:
    """One entry per counted member: that member's status in the category, and why."""
    out = []
    # whom each trace of a family category or benefit speaks about, worked out once for all
    # members: the member of a per-member head, or of a rule that covers one member (as its
    # key); None for a rule deciding the family, which speaks about every member
    about = [(t, t.key if t.rule.head.var is not None else
              (t.binding.get(t.rule.covers),) if t.rule.covers is not None else None) for t in traces]
    for member in counted:
        key = (member,)
        mine = [t for t, who in about if who is None or who == key]
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
    by_member: dict[tuple, list[RuleTrace]] = {}    # each member's traces, in the traces' order
    for t in traces:
        by_member.setdefault(t.key, []).append(t)
    for member in counted:
        entry = _entry(member, by_member.get((member,), []), view, g)
        chosen, resolution = resolved.get(member, (None, None))
        if entry.status == "eligible":
            entry.value = fmt(chosen) if chosen is not None else None
            entry.resolved_by = resolution
        out.append(entry)
    return out


def shared_resolution(members: list[MemberResult]) -> str | None:
    """The household-level resolution of a per-person benefit: the id of the members' resolution
    when every member holding the benefit was resolved alike (the same entry of `resolutions`);
    None when they differ or nothing was resolved. The members it concerns are those referring
    to it (kb.explain.graph.referring)."""
    refs = {m.resolved_by for m in members if m.status == "eligible"}
    if len(refs) != 1 or None in refs:
        return None
    return refs.pop()
