"""The peer: 大冶's category rules in OpenFisca (openfisca-core, the `[bench]` extra; never imported by binggui).

Person and household entities and 13 formula variables: who counts as a member (the eight
member rules of 01-family-members.md), 特困 per person, 单人户 per person, household size,
annual and per-capita income, per-capita financial assets, the assets test, 低保 (income or
单人户), 低保边缘, 监测, 刚性支出困难, and 低收入家庭. Parameters are the values of the
jurisdiction's parameters.yaml in force at the assessment date, as an OpenFisca ParameterNode.
It encodes 大冶's rules: benchmarks/run.py runs it for the jurisdiction with the most rules (大冶).

OpenFisca is two-valued: an unstated fact takes the variable's default (false, 0, age 0), so
on households with unknowns it answers differently from binggui, which says "undetermined" and
what is missing; the peer is for speed, computing the same categories with the same formulas.

    one(household, trace=True)  -> {variable: value}  (one Simulation per household, traced)
    batch(csv_path, out_path)   -> households         (CSV in via DuckDB, vectorised, Parquet out)
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))   # run as a script by benchmarks/run.py
from kb.core.facts import INCOME_TYPES  # noqa: E402

PERIOD = "2025"
Person = build_entity("person", "persons", "家庭成员", is_person=True)
Household = build_entity("household", "households", "家庭",
                         roles=[{"key": "member", "plural": "members", "label": "成员"}])

RELATIONS = {"applicant": 0, "spouse": 1, "child": 2}          # anything else: 3
WORK_ABILITY = {"none": 0, "partial": 1, "full": 2}             # unstated: 2


def _var(name, entity, value_type, default=None, formula=None):
    attrs = {"value_type": value_type, "entity": entity, "definition_period": DateUnit.YEAR, "label": name}
    if default is not None:
        attrs["default_value"] = default
    if formula is not None:
        attrs["formula"] = formula
    return type(name, (Variable,), attrs)


def _member(p, period, parameters):
    rel, age = p("relation", period), p("age", period)
    child = rel == 2
    return ((rel == 0) + (rel == 1) + (child * (age < 18))
            + child * p("full_time_student", period) * np.logical_not(p("postgraduate", period))
            + child * (p("work_ability", period) < 2)
            + p("has_legal_support_duty", period) * p("cohabiting", period)
            + child * np.logical_not(p("married", period)) * p("cohabiting", period)) > 0


def _tekun(p, period, parameters):
    age, grade = p("age", period), p("disability_grade", period)
    base = (p("member", period) * (p("work_ability", period) == 0) * np.logical_not(p("livelihood_source", period))
            * np.logical_not(p("has_capable_supporter", period)) * p.household("assets_ok", period))
    return base * ((age >= 60) + (grade <= 4) + (age < 18)) > 0


def _dan_ren_hu(p, period, parameters):
    return p("member", period) * p.household("dibao_bianyuan", period) * (
        p("serious_illness", period) + (p("disability_grade", period) <= 2)) > 0


def _size(h, period, parameters):
    return h.sum(h.members("member", period))


def _per_capita_income(h, period, parameters):
    return h("annual_income", period) / np.maximum(h("household_size", period), 1)


def _assets_per_capita(h, period, parameters):
    return h("financial_assets", period) / np.maximum(h("household_size", period), 1)


def _assets_ok(h, period, parameters):
    return h("financial_assets_per_capita", period) <= parameters(period).financial_assets_limit_per_person


def _dibao(h, period, parameters):
    income = (h("per_capita_income", period) < parameters(period).dibao_standard) * h("assets_ok", period)
    return income + h.any(h.members("dan_ren_hu", period)) > 0


def _dibao_bianyuan(h, period, parameters):
    pci, std = h("per_capita_income", period), parameters(period).dibao_standard
    return (pci > std) * (pci <= 2 * std) * h("assets_ok", period)


def _jiance(h, period, parameters):
    return (h("per_capita_income", period) < parameters(period).monitoring_line) * h("assets_ok", period)


def _gangxing(h, period, parameters):
    return ((h("per_capita_income", period) < parameters(period).disposable_income_last_year)
            * (h("rigid_expenditure", period) > h("annual_income", period)) * h("assets_ok", period))


def _low_income(h, period, parameters):
    return (h.any(h.members("tekun", period)) + h("dibao", period) + h("dibao_bianyuan", period)
            + h("jiance", period) + h("gangxing_zhichu", period)) > 0


INPUTS = [_var("age", Person, int), _var("relation", Person, int, 3), _var("work_ability", Person, int, 2),
          _var("disability_grade", Person, int, 99), _var("full_time_student", Person, bool),
          _var("postgraduate", Person, bool), _var("married", Person, bool), _var("cohabiting", Person, bool),
          _var("has_legal_support_duty", Person, bool), _var("livelihood_source", Person, bool),
          _var("has_capable_supporter", Person, bool), _var("serious_illness", Person, bool),
          _var("annual_income", Household, float), _var("financial_assets", Household, float),
          _var("rigid_expenditure", Household, float)]
FORMULAS = [_var("member", Person, bool, formula=_member), _var("tekun", Person, bool, formula=_tekun),
            _var("dan_ren_hu", Person, bool, formula=_dan_ren_hu),
            _var("household_size", Household, int, formula=_size),
            _var("per_capita_income", Household, float, formula=_per_capita_income),
            _var("financial_assets_per_capita", Household, float, formula=_assets_per_capita),
            _var("assets_ok", Household, bool, formula=_assets_ok), _var("dibao", Household, bool, formula=_dibao),
            _var("dibao_bianyuan", Household, bool, formula=_dibao_bianyuan),
            _var("jiance", Household, bool, formula=_jiance),
            _var("gangxing_zhichu", Household, bool, formula=_gangxing),
            _var("low_income_household", Household, bool, formula=_low_income)]
OUTPUTS = {"person": ["member", "tekun"], "household": ["dibao", "dibao_bianyuan", "jiance", "gangxing_zhichu",
                                                         "low_income_household"]}


PARAMETERS = ("dibao_standard", "monitoring_line", "disposable_income_last_year", "financial_assets_limit_per_person")


def system(j, when=None) -> TaxBenefitSystem:
    """The peer's tax-benefit system with jurisdiction j's parameter values in force at `when`."""
    from datetime import date
    when = when or date(int(PERIOD), 6, 1)
    tbs = TaxBenefitSystem([Person, Household])
    for v in INPUTS + FORMULAS:
        tbs.add_variable(v)
    values = {name: float(j.parameters[name].at(when).value) for name in PARAMETERS}
    tbs.parameters = ParameterNode("", data={k: {"values": {"2025-01-01": v}} for k, v in values.items()})
    return tbs


def _person_inputs(facts: dict) -> dict:
    level = facts.get("study_level")
    return {"age": facts.get("age", 0), "relation": RELATIONS.get(facts.get("relation_to_applicant"), 3),
            "work_ability": WORK_ABILITY.get(facts.get("work_ability"), 2),
            "disability_grade": facts.get("disability_grade", 99), "postgraduate": level in ("master", "doctor"),
            **{k: bool(facts.get(k, False)) for k in ("full_time_student", "married", "cohabiting",
                                                       "has_legal_support_duty", "livelihood_source",
                                                       "has_capable_supporter", "serious_illness")}}


def one(tbs: TaxBenefitSystem, household, trace: bool = True) -> dict:
    """One kb.core.facts.Household through its own traced Simulation (as OpenFisca's web API does)."""
    persons = {p.id: {k: {PERIOD: v} for k, v in _person_inputs(p.facts).items()} for p in household.members}
    income = sum(float(i.amount) for i in household.income_items or ())
    hh = {"members": list(persons), "annual_income": {PERIOD: income},
          "financial_assets": {PERIOD: float(household.facts.get("financial_assets", 0))},
          "rigid_expenditure": {PERIOD: float(household.facts.get("rigid_expenditure", 0))}}
    sim = SimulationBuilder().build_from_entities(tbs, {"persons": persons, "households": {household.id: hh}})
    sim.trace = trace
    out = {v: sim.calculate(v, PERIOD).tolist() for vs in OUTPUTS.values() for v in vs}
    if trace:
        out["_trace"] = sim.tracer.computation_log.lines()       # the explanation OpenFisca offers
    return out


def batch(tbs: TaxBenefitSystem, csv_path, out_path) -> int:
    """The CSV format of `binggui screen` in (DuckDB reads and types it), all households in one
    vectorised Simulation, household results out as Parquet (DuckDB writes it)."""
    import duckdb
    con = duckdb.connect()
    rows = con.sql(f"""
        select household_id, first(financial_assets) over w as financial_assets,
               first(rigid_expenditure) over w as rigid_expenditure,
               first({" + ".join(f"coalesce(income_{t}, 0)" for t in INCOME_TYPES)}) over w as income,
               person_id, age, work_ability, disability_grade, relation_to_applicant, study_level,
               full_time_student, married, cohabiting, has_legal_support_duty, livelihood_source,
               has_capable_supporter, serious_illness
        from read_csv('{csv_path}', header=true) window w as (partition by household_id)
        order by household_id""").fetchnumpy()
    ids = rows["household_id"]
    first = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])       # rows are ordered by household
    hids = ids[first]
    person_household = np.repeat(np.arange(len(first)), np.diff(np.append(first, len(ids))))
    sb = SimulationBuilder()
    sb.create_entities(tbs)
    sb.declare_person_entity("person", rows["person_id"])
    households = sb.declare_entity("household", hids)
    sb.join_with_persons(households, person_household, np.array(["member"] * len(person_household)))
    sim = sb.build(tbs)

    def filled(name, default):
        col = rows[name]
        mask = getattr(col, "mask", np.zeros(len(col), bool))
        return np.where(mask, default, np.ma.getdata(col))

    def codes(name, table, other):
        col = rows[name]
        mask = getattr(col, "mask", np.zeros(len(col), bool))
        data = np.ma.getdata(col)
        out = np.full(len(col), other)
        for code, value in table.items():
            out[(data == code) & ~mask] = value
        return out

    sim.set_input("age", PERIOD, filled("age", 0).astype(int))
    sim.set_input("disability_grade", PERIOD, filled("disability_grade", 99).astype(int))
    sim.set_input("relation", PERIOD, codes("relation_to_applicant", RELATIONS, 3))
    sim.set_input("work_ability", PERIOD, codes("work_ability", WORK_ABILITY, 2))
    sim.set_input("postgraduate", PERIOD, codes("study_level", {"master": 1, "doctor": 1}, 0).astype(bool))
    for name in ("full_time_student", "married", "cohabiting", "has_legal_support_duty", "livelihood_source",
                 "has_capable_supporter", "serious_illness"):
        sim.set_input(name, PERIOD, filled(name, False).astype(bool))
    sim.set_input("annual_income", PERIOD, filled("income", 0)[first].astype(float))
    sim.set_input("financial_assets", PERIOD, filled("financial_assets", 0)[first].astype(float))
    sim.set_input("rigid_expenditure", PERIOD, filled("rigid_expenditure", 0)[first].astype(float))
    result = {"household_id": hids.astype(object)}
    for v in OUTPUTS["household"]:
        result[v] = sim.calculate(v, PERIOD)
    result["tekun_members"] = sim.populations["household"].sum(sim.calculate("tekun", PERIOD))
    con.sql("select * from result").write_parquet(str(out_path))
    return len(hids)


if __name__ == "__main__":          # python benchmarks/peer_openfisca.py JURISDICTION IN.csv OUT.parquet
    import time

    from kb.compile.compiler import default_rulebase
    t = time.perf_counter()
    n = batch(system(default_rulebase().jurisdictions[sys.argv[1]]), sys.argv[2], sys.argv[3])
    print(f"openfisca: {n} households in {time.perf_counter() - t:.2f}s", file=sys.stderr)
