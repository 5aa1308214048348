"""Helpers for the conflict and favourability tests: compact households and the engine."""
from __future__ import annotations

from kb.analysis.conflicts import household
from kb.engine import decide
from kb.explain.types import Answer

DATE = "2025-06-01"

ADULT = {"age": 45, "work_ability": "full", "livelihood_source": True, "has_capable_supporter": True,
         "serious_illness": False, "relation_to_applicant": "applicant"}
ELDER_ALONE = {"age": 72, "work_ability": "none", "livelihood_source": False, "has_capable_supporter": False,
               "serious_illness": False, "relation_to_applicant": "applicant"}


def hh(income: dict, members=None, **facts) -> dict:
    """A compact household: rural, no assets, no rigid spending, no problem, unless given."""
    base = {"residence": "rural", "income": income, "financial_assets": "0", "rigid_expenditure": "0",
            "formerly_poor": False, "problem": [], "sudden_shock": False, "housing_grade": "B",
            "members": members or [dict(ADULT, id="p1")]}
    base.update(facts)
    return base


def answer(rb, data: dict, jid: str) -> Answer:
    return decide(household(data, jid, DATE), rb, jid)


def statuses(ans: Answer) -> dict:
    return {c.id: c.status for c in ans.categories}
