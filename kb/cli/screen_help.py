"""The help text of `binggui screen` (`binggui screen --help`): the command, its input format
and its outputs, for users."""

HELP = """Decide many households at once with the SQL batch path (DuckDB, or Spark): `binggui screen`.

    binggui screen households.csv --jurisdiction ID --out results.parquet
    binggui screen households.csv --set ID.dibao_standard=9000 --out whatif.csv
    binggui screen households.csv --set ID.dibao_standard=+5% --changes changed.csv
    binggui screen households.csv --explain urn:gen:ID:1:17      # the engine's full answer

Input: CSV files (format below), Parquet files with the same columns (any column types), and RDF
files (`.ttl` Turtle, `.jsonld` JSON-LD), any number, mixed; a household given twice (e.g. as
both .ttl and .jsonld) is refused, naming both files. Each household is screened under
`--jurisdiction` if given, else under its own `jurisdiction` column / `bg:jurisdiction`.

Output (`--out`, `.parquet` or `.csv`): one row per household (grouped by jurisdiction, in input
order within each); see kb/batch/sql.py
for the columns (status, deciding rule ids, subtypes, members per category; benefit status and
value). In Parquet the id lists are lists; in CSV they are ';'-joined. With `--set` /
`--params`, the output holds the what-if results, plus `<category>_baseline` (the status under
the rule base's own parameters), `changed` and `changes` (e.g. "dibao: ineligible -> eligible");
the summary (stderr) counts each category's
statuses before and after and every transition, and `--changes FILE` writes only the
households that changed.

`--members FILE` also writes one row per counted member: household_id, person_id, jurisdiction,
the member's status in every category (a family category covers every member, or only the
member a `cat(P) :- …` rule is written for, such as 大冶's 单人户) and, for each benefit given to
persons, `benefit_<id>` and `benefit_<id>_value` (resolved for that person).

On Spark: `--engine spark [--master local[2] | spark://host:7077]` runs the same program on
Apache Spark (kb/batch/spark.py; `pip install 'binggui[spark]'`, Java 17); `--prepare DIR`
writes the checked input as the Parquet layout Spark reads, and such a DIR (or its URL,
hdfs://…, s3a://…, file://…, on Spark) is accepted as input.

Exit codes: 0 screened; 1 the knowledge base does not compile; 2 bad input or arguments (one
line per problem, naming file and line); 3 --engine spark without pyspark or Java.

Explanations stay with the engine: `--explain ID` decides that one household with
`kb.engine.decide` (with any `--set` applied) and prints its full answer as JSON.

CSV input format (UTF-8, header row, comma-separated; one row per listed person):

    household_id, jurisdiction, assessment_date, residence, rigid_expenditure, financial_assets,
    formerly_poor, problem, sudden_shock, natural_disaster, housing_grade, denied_dibao_on, exited_on,
    income_wage, income_business, income_agriculture, income_property, income_transfer,
    income_basic_pension, income_support_payment, income_other,
    person_id, age, birth_date, work_ability, disability_grade, serious_illness,
    has_capable_supporter, livelihood_source, relation_to_applicant, full_time_student,
    study_level, married, cohabiting, has_legal_support_duty, unable_to_live_independently

- Rows with the same `household_id` are one household (ids are unique across all inputs); its
  persons keep their row order. Household columns may be repeated on every row or given on
  one row only (empty elsewhere); two different non-empty values are an error.
- Required: `household_id`, `assessment_date` (YYYY-MM-DD), `person_id` (a row with an empty
  `person_id` only carries household columns), and `jurisdiction` unless `--jurisdiction`.
  Every other column is optional, and so is every cell: an empty cell is *unknown*, never
  false (docs/vocabulary.md), except `disability_grade`, whose absence means no disability.
- Yes/no: `true`/`false` (also `1`/`0`, `yes`/`no`). Codes as in docs/vocabulary.md. `problem`: codes
  joined by `;`, or `none` for a household stated to have none. Money in yuan as a plain
  decimal with at most four decimal places (`25197`, `8400.50`). `age` is whole years; if it is
  empty and `birth_date` is given, the age in completed years at the assessment date is used
  (both given: they must agree there); an age is 0 to 130 either way, a `disability_grade` 1
  to 4, money 0 or more. One person of a household at most has `relation_to_applicant` =
  `applicant`; `denied_dibao_on` and `exited_on` are on or before the assessment date.
- Income: `income_<type>` is the total of that type over the last 12 months. A household's
  income is unknown when all its `income_*` cells are empty; write `0` in one of them for a
  household known to have no income.
- Columns not listed above are an error (a misspelt column would otherwise read as unknown).
"""
