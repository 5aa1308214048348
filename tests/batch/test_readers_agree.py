"""One value, three readers: the RDF reader (ingest, JSON under the shipped context), `binggui
screen`'s SQL loader and `--explain`'s Python reader accept or refuse each cell alike. Each of
them once read some values the others refused (a -5000 wage, `1e5`, `4_0`, a birth date after
the assessment date); this table holds them together. The few differences that stand are
listed with their reason, and checked to be what they say.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from ingest import IngestError, read_household
from kb.batch.errors import ScreenError
from kb.batch.load import load_csv
from kb.batch.python_reader import read_csv_households

from .test_differential import rulebase

JID = "daye" if "daye" in rulebase().jurisdictions else sorted(rulebase().jurisdictions)[0]

# (column, cell text): the JSON key and the CSV column of one fact, written the same way in both
MONEY = ["0", "8400.50", "-0", "+5", "-5", "1e5", "1_000", ".5", "5.", "1.23456", "999999999999.9999", "abc", "١٢"]
AGE = ["0", "40", "040", "+40", "130", "131", "-1", "4.5", "4_0", "1e1", "٤٠", "forty"]
GRADE = ["1", "4", "0", "5"]
DATE = ["2025-06-01", "2025-05-31Z", "2025-6-1", "20250601", "2025/06/01", "2025-02-30", "1800-01-01", "2030-01-01"]
CASES = ([("income_wage", v) for v in MONEY] + [("age", v) for v in AGE] + [("disability_grade", v) for v in GRADE]
         + [("birth_date", v) for v in DATE] + [("denied_dibao_on", v) for v in DATE])

# where the readers still differ, and why (each checked below to differ as said)
DIFFERENCES = {
    # the CSV format's money is digits, then a point and digits (`binggui screen --help`); the
    # shapes' pattern also takes a bare point on either side, as XSD's decimal does
    ("income_wage", ".5"): "RDF only", ("income_wage", "5."): "RDF only",
    # zero written with a sign: the CSV pattern allows a minus (the range check then holds it to
    # 0 or more); the shapes' pattern allows only `+`
    ("income_wage", "-0"): "CSV only",
    # a plus sign, which XSD allows: the CSV patterns allow a minus only
    ("income_wage", "+5"): "RDF only", ("age", "+40"): "RDF only",
    # a date with a time zone, which XSD allows: a CSV date is YYYY-MM-DD
    ("birth_date", "2025-05-31Z"): "RDF only", ("denied_dibao_on", "2025-05-31Z"): "RDF only",
}

JSON_KEY = {"income_wage": None, "age": "age", "disability_grade": "disabilityGrade", "birth_date": "birthDate",
            "denied_dibao_on": "deniedDibaoOn"}
PERSON = {"age", "disability_grade", "birth_date"}


def _rdf_accepts(column: str, text: str) -> bool:
    member = {"relationToApplicant": "applicant"}
    doc = {"@type": "Household", "jurisdiction": JID, "assessmentDate": "2025-06-01", "members": [member]}
    if column == "income_wage":
        doc["incomeItems"] = [{"incomeType": "wage", "amount": text}]
    elif column in PERSON:
        member[JSON_KEY[column]] = text
    else:
        doc[JSON_KEY[column]] = text
    if column not in ("age", "birth_date"):     # as the CSV row: an age, unless the birth date gives it
        member["age"] = 40
    try:
        read_household(json.dumps(doc, ensure_ascii=False), "application/json")
        return True
    except IngestError:
        return False


def _csv(tmp_path: Path, column: str, text: str) -> Path:
    cells = {"household_id": "h1", "jurisdiction": JID, "assessment_date": "2025-06-01", "person_id": "p1",
             "relation_to_applicant": "applicant", "age": "40"}
    if column == "birth_date":
        cells.pop("age")
    cells[column] = text
    path = tmp_path / "one.csv"
    path.write_text(",".join(cells) + "\n" + ",".join(cells.values()) + "\n", encoding="utf-8")
    return path


def _sql_accepts(path: Path) -> bool:
    try:
        load_csv(duckdb.connect(), [path], None, rulebase())
        return True
    except ScreenError:
        return False


def _python_accepts(path: Path) -> bool:
    try:
        read_csv_households([path])
        return True
    except ScreenError:
        return False


@pytest.mark.parametrize("column,text", CASES)
def test_the_three_readers_agree(tmp_path, column, text):
    path = _csv(tmp_path, column, text)
    rdf, sql, python = _rdf_accepts(column, text), _sql_accepts(path), _python_accepts(path)
    assert sql == python, (column, text, {"sql": sql, "python": python})
    if (column, text) in DIFFERENCES:
        said = DIFFERENCES[column, text]
        assert (rdf, sql) == ((True, False) if said == "RDF only" else (False, True)), \
            f"{column}={text!r} no longer differs as said ({said}): rdf {rdf}, csv {sql}"
    else:
        assert rdf == sql, (column, text, {"rdf": rdf, "csv": sql})


def test_the_table_has_both_outcomes():
    # a table where every reader refuses everything would agree, and say nothing
    accepted = sum(_rdf_accepts(c, t) for c, t in CASES)
    assert 0 < accepted < len(CASES)


def test_an_age_given_beside_a_birth_date_out_of_range_is_said_to_disagree_by_every_reader(tmp_path):
    # one verdict and one reason: the given age is held to the birth date (as ingest.extract does)
    path = tmp_path / "edge.csv"
    path.write_text(f"household_id,jurisdiction,assessment_date,person_id,age,birth_date\n"
                    f"h1,{JID},2025-06-01,p1,40,2030-01-01\n", encoding="utf-8")
    said = []
    for read in (lambda: load_csv(duckdb.connect(), [path], None, rulebase()), lambda: read_csv_households([path])):
        with pytest.raises(ScreenError) as err:
            read()
        said.append(str(err.value))
    doc = {"@type": "Household", "jurisdiction": JID, "assessmentDate": "2025-06-01",
           "members": [{"age": 40, "birthDate": "2030-01-01"}]}
    with pytest.raises(IngestError) as rdf:
        read_household(json.dumps(doc), "application/json")
    said.append(rdf.value.violations[0]["message"]["en"])
    assert all("age 40 disagrees with" in s and "outside" not in s for s in said), said
