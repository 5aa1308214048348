"""The household facts the rules may read: their names, levels, types and RDF terms.

This registry is the single contract between `ingest` (which fills a `Household` from RDF)
and the compiler/engine (which reject unknown fact names and explain answers in RDF terms
a caseworker can fill in). An absent fact is *unknown*, never false.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Mapping

BG = "https://w3id.org/binggui#"
CV = "http://data.europa.eu/m8g/"

HOUSEHOLD = "household"
PERSON = "person"

MONEY = "money"        # Fraction yuan, exact
INTEGER = "integer"
BOOLEAN = "boolean"
CODE = "code"          # one string from a closed list
CODES = "codes"        # a set of strings from a closed list (known-empty is {"none"} in RDF)
DATE = "date"


@dataclass(frozen=True)
class FactSpec:
    name: str
    level: str
    type: str
    rdf_term: str
    label_zh: str
    label_en: str
    codes: tuple[str, ...] = ()
    # docs/vocabulary.md says what an absent value means for some facts (残疾等级 absent: none);
    # for those, absence is a known "none", not unknown.
    absent_means: str | None = None


def _f(name, level, type_, term, zh, en, codes=(), absent_means=None):
    return FactSpec(name, level, type_, term, zh, en, tuple(codes), absent_means)


INCOME_TYPES = ("wage", "business", "agriculture", "property", "transfer",
                "basic_pension", "support_payment", "other")
PROBLEM_CODES = ("basic_living", "compulsory_education", "basic_medical",
                 "housing_safety", "drinking_water")
RELATIONS = ("applicant", "spouse", "child", "parent", "grandparent", "grandchild",
             "sibling", "other")
STUDY_LEVELS = ("compulsory", "high_school", "vocational", "junior_college", "bachelor",
                "master", "doctor")

# Facts read from the household RDF.
INPUT_FACTS: dict[str, FactSpec] = {s.name: s for s in [
    _f("residence", HOUSEHOLD, CODE, "bg:residence", "城乡属性", "residence", ("rural", "urban")),
    _f("rigid_expenditure", HOUSEHOLD, MONEY, "bg:rigidExpenditure", "刚性支出", "rigid expenditure"),
    _f("financial_assets", HOUSEHOLD, MONEY, "bg:financialAssets", "金融资产", "financial assets"),
    _f("formerly_poor", HOUSEHOLD, BOOLEAN, "bg:formerlyPoor", "脱贫户", "formerly poor household"),
    _f("problem", HOUSEHOLD, CODES, "bg:problem", "“三保障”及饮水问题", "problem", PROBLEM_CODES),
    _f("sudden_shock", HOUSEHOLD, BOOLEAN, "bg:suddenShock", "突发事件", "sudden shock"),
    # 大冶 附件 市应急管理局 assists households "遭受自然灾害的"; a 突发事件 need not be a natural disaster.
    _f("natural_disaster", HOUSEHOLD, BOOLEAN, "bg:naturalDisaster", "遭受自然灾害",
       "struck by a natural disaster"),
    _f("housing_grade", HOUSEHOLD, CODE, "bg:housingGrade", "唯一住房安全等级", "housing safety grade",
       ("A", "B", "C", "D")),
    _f("denied_dibao_on", HOUSEHOLD, DATE, "bg:deniedDibaoOn", "最近一次申请低保未获批日期",
       "last dibao refusal"),
    _f("exited_on", HOUSEHOLD, DATE, "bg:exitedOn", "退出低收入人口日期", "exit date"),
    _f("age", PERSON, INTEGER, "bg:age", "年龄", "age"),
    _f("work_ability", PERSON, CODE, "bg:workAbility", "劳动能力", "work ability",
       ("full", "partial", "none")),
    _f("disability_grade", PERSON, INTEGER, "bg:disabilityGrade", "残疾等级", "disability grade",
       absent_means="none"),
    _f("serious_illness", PERSON, BOOLEAN, "bg:seriousIllness", "重病", "serious illness"),
    _f("has_capable_supporter", PERSON, BOOLEAN, "bg:hasCapableSupporter",
       "有履行义务能力的法定义务人", "has a capable legal supporter"),
    _f("livelihood_source", PERSON, BOOLEAN, "bg:livelihoodSource", "有生活来源", "has a source of living"),
    _f("relation_to_applicant", PERSON, CODE, "bg:relationToApplicant", "与申请人关系",
       "relation to applicant", RELATIONS),
    _f("full_time_student", PERSON, BOOLEAN, "bg:fullTimeStudent", "在校全日制学生", "full-time student"),
    _f("study_level", PERSON, CODE, "bg:studyLevel", "学历层次", "study level", STUDY_LEVELS),
    _f("married", PERSON, BOOLEAN, "bg:married", "已婚", "married"),
    _f("cohabiting", PERSON, BOOLEAN, "bg:cohabiting", "长期共同居住或收支共享",
       "cohabiting or sharing income"),
    _f("has_legal_support_duty", PERSON, BOOLEAN, "bg:hasLegalSupportDuty",
       "与申请人有法定赡养、扶养、抚养义务关系", "has a legal support duty"),
    # 大冶 二.(一).1.(3): an adult child counts only if, besides losing work ability, they
    # "无法依靠自身能力维持正常生活".
    _f("unable_to_live_independently", PERSON, BOOLEAN, "bg:unableToLiveIndependently",
       "无法依靠自身能力维持正常生活", "unable to live independently"),
]}

# Facts the engine derives before the rules run (kb.evaluate.accounting): counted members,
# income under the jurisdiction's accounting, per-capita figures. They are unknown when
# any input they depend on is unknown.
DERIVED_FACTS: dict[str, FactSpec] = {s.name: s for s in [
    _f("household_size", HOUSEHOLD, INTEGER, "bg:member", "共同生活家庭成员人数", "household size"),
    _f("annual_income", HOUSEHOLD, MONEY, "bg:incomeItem", "家庭年收入", "annual household income"),
    _f("per_capita_income", HOUSEHOLD, MONEY, "bg:incomeItem", "家庭人均年收入",
       "per-capita annual income"),
    _f("financial_assets_per_capita", HOUSEHOLD, MONEY, "bg:financialAssets", "人均金融资产",
       "per-capita financial assets"),
    _f("months_since_dibao_denial", HOUSEHOLD, INTEGER, "bg:deniedDibaoOn",
       "距上次低保申请未获批月数", "months since dibao refusal"),
    _f("months_since_exit", HOUSEHOLD, INTEGER, "bg:exitedOn", "距退出月数", "months since exit"),
]}

ALL_FACTS: dict[str, FactSpec] = {**INPUT_FACTS, **DERIVED_FACTS}

# The ranges of ingest/shapes.ttl (sh:minInclusive / sh:maxInclusive), restated for the readers that
# do not load the shapes: `binggui screen`'s CSV checks and the API's JSON Schema
# (tests/ingest/test_value_ranges.py keeps them equal to the shapes'). A money value is 0 to 10^12
# yuan; an age computed from a birth date must fall in the age's range too.
INTEGER_RANGES: dict[str, tuple[int, int]] = {"age": (0, 130), "disability_grade": (1, 4)}
MONEY_RANGE: tuple[int, int] = (0, 10 ** 12)


def age_on(birth: date, on: date) -> int:
    """Whole years from birth to on (a 29 February birthday counts from 1 March): the age the
    readers compute from a birth date (ingest.extract, kb.batch.python_reader; kb.batch.load in SQL)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Person:
    """One listed member; `facts` holds only what the caseworker stated."""
    id: str
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class IncomeItem:
    type: str
    amount: Fraction


@dataclass(frozen=True)
class Household:
    """One household as stated: absent keys are unknown, `income_items is None` is unknown income."""
    id: str
    jurisdiction: str
    assessment_date: date
    members: tuple[Person, ...]
    facts: Mapping[str, object] = field(default_factory=dict)
    income_items: tuple[IncomeItem, ...] | None = None
