"""The names the policy language knows beside a jurisdiction's own: the six categories (and the
subtypes of 监测对象), the kinds of benefit, how a principle picks, and the built-in predicates."""
from __future__ import annotations

CATEGORY_IDS = ("tekun", "dibao", "dibao_bianyuan", "gangxing_zhichu", "jiance", "qita_kunnan")
JIANCE_SUBTYPES = ("tuopin_buwending", "bianyuan_yizhipin", "tufa_kunnan")
BENEFIT_KINDS = ("ratio", "amount", "flag")
PRINCIPLE_PICKS = ("max", "min")
BUILTIN_MEMBER_PREDICATES = ("listed", "member")
CASE_BY_CASE = "case_by_case"
