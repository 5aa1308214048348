"""Static analysis of the compiled rule base: where the documents' rules overlap, contradict each
other, draw the same boundary differently, or leave a household out — each finding with a witness
household that the engine has actually decided.

Kinds of finding (`find_conflicts(rulebase)`):

- `overlap` — within one jurisdiction, two categories both hold for one household although the
  document makes them distinct classes (焉耆 "5类对象", 淮上 "4类", 焉耆 "低保、特困以外的困难群众"),
  or the two categories carry different values of the same benefit (大冶: 低保 70% vs 监测 60%
  inpatient aid). The finding says how the document resolves it (the principle, its clause, the
  chosen value) or that it names no principle (`resolution.status = "unresolved"`).
  Overlaps are per person: two categories overlap when one member holds both (特困 is a person's
  status; a family category covers its members, or only the 单人户 member it was decided for);
  `members` names them, `per_person` says a category given to persons is involved, and the
  witness's `persons` shows what each of them holds and gets.
- `contradiction` — one household, the same facts: a category holds under one rule and is
  refused by another rule for a reason that is not a threshold (an exclusion such as `not dibao`,
  a scope condition such as `residence = "rural"`, an extra condition such as a 困难 problem).
  Across jurisdictions, or within one where one rule of a category excludes what another rule
  of the same category admits.
- `boundary_mismatch` — the same category bounded differently: a household at the same position
  relative to each jurisdiction's own parameter (e.g. per-capita income 1.75 × the local 低保
  standard) is in the category under one document and out under another, and the refusing rule
  fails only on that bound (焉耆 边缘 `< 1.5 ×` vs 大冶 `> 1 ×, <= 2 ×`; `<=` vs `<` at the
  monitoring line; 未满16周岁 vs 未成年人). Parameter values alone never make a finding: the
  households are placed at the same multiple of each jurisdiction's own figure.
- `gap` — within one jurisdiction, a household that no category covers while the same household
  a fen poorer and a fen richer is covered: two bands that do not meet (大冶: per-capita income
  exactly at the 低保 standard is neither "低于" nor "高于" it). The finding cites the document's
  own statement that nobody is to be left out, where it has one (垫江 不重不漏, 焉耆 不落一户、不漏一人).

Method (why enumeration, not an SMT solver): every test in the rule base is a conjunction of
literals that are (i) one money fact against a constant or a parameter multiple
(`per_capita_income < 1.5 * dibao_standard`), (ii) `rigid_expenditure` against a multiple of
`annual_income`, (iii) an integer person fact against a constant (`age(P) < 16`), or (iv) a
boolean, a code, or another predicate. For (i)-(iii) every literal's truth is constant between
consecutive thresholds, so the thresholds themselves and one step (one fen, one year) below and
above each visit every cell of the arrangement; (iv) take finitely many values, of which the
sweeps use the combinations the categories read. Candidate households are built at these points
and decided by `kb.engine.decide`; findings are read off the engine's answers (status, the rule
that held or failed, its failed conditions and clause), and every witness is decided again before
it is reported (`confirmed`). A solver would find the same cells; enumerating them keeps every
witness exact (money in fen) and adds no dependency.
"""
from __future__ import annotations

from kb.analysis.conflicts.analysis import (
                                             Analysis,
                                             find_conflicts,
                                             report,
                                             rerun_witness,
)
from kb.analysis.conflicts.comparison import annotate_comparison, compare, decisive
from kb.analysis.conflicts.runs import Runner, clean_failures, digest
from kb.analysis.conflicts.thresholds import Thresholds, thresholds
from kb.analysis.conflicts.witnesses import (
                                             CATEGORY_ORDER,
                                             FEN,
                                             KINDS,
                                             PROFILES,
                                             REFERENCE_DATE,
                                             VARIANTS,
                                             Spec,
                                             compact,
                                             describe,
                                             household,
)

__all__ = ["Analysis", "CATEGORY_ORDER", "FEN", "KINDS", "PROFILES", "REFERENCE_DATE", "Runner", "Spec", "Thresholds",
           "VARIANTS", "annotate_comparison", "clean_failures", "compact", "compare", "decisive", "describe", "digest",
           "find_conflicts", "household", "report", "rerun_witness", "thresholds"]
