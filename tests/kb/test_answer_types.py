"""Every answer the engine gives has exactly the shape its types (kb.explain.types) declare, so the
OpenAPI document generated from them cannot drift from the code: the engine builds the Structs,
and their JSON, read back with unknown fields forbidden, validates (building a Struct checks no
value; reading its JSON back does)."""
from __future__ import annotations

import sys
from pathlib import Path

import msgspec
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "snapshots"))

from make_snapshots import current_answers  # noqa: E402

from kb.explain.types import Answer, answer_schemas, typed  # noqa: E402


@pytest.fixture(scope="module")
def answers():
    import json
    return {key: json.loads(text) for key, text in current_answers().items()}


def test_every_scenario_example_and_generated_answer_has_the_declared_shape(answers):
    wrong = {}
    for key, answer in answers.items():
        try:
            typed(answer)
        except msgspec.ValidationError as err:
            wrong[key] = str(err)
    assert not wrong, f"{len(wrong)} answers do not match kb.explain.types, e.g. {next(iter(wrong.items()))}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_answers_in_words_have_the_declared_shape_too(lang):
    """?lang= adds labels and a text beside every condition: those are declared as well."""
    from server import create_app
    client = create_app().test_client()
    examples = Path(__file__).resolve().parents[2] / "examples" / "households"
    for path in sorted(examples.glob("*.ttl")):
        r = client.post(f"/api/v1/eligibility?lang={lang}", data=path.read_bytes(), content_type="text/turtle")
        assert r.status_code == 200, r.json
        typed(r.json)


def test_an_undeclared_field_is_refused_with_its_path(answers):
    answer = next(iter(answers.values()))
    broken = {**answer, "categories": [{**answer["categories"][0], "surprise": 1}] + answer["categories"][1:]}
    with pytest.raises(msgspec.ValidationError, match=r"surprise.*\$\.categories\[0\]"):
        typed(broken)


def test_a_value_of_the_wrong_type_is_refused(answers):
    answer = next(iter(answers.values()))
    with pytest.raises(msgspec.ValidationError, match=r"\$\.categories\[0\]\.status"):
        typed({**answer, "categories": [{**answer["categories"][0], "status": "maybe"}]})


def test_the_typed_answer_round_trips_to_the_same_json(answers):
    for answer in list(answers.values())[:20]:
        assert msgspec.json.decode(msgspec.json.encode(typed(answer))) == answer   # keys as JSON writes them


def test_the_schema_names_every_part():
    schemas = answer_schemas()
    assert {"Answer", "CategoryResult", "BenefitResult", "Trace", "Condition", "Clause"} <= set(schemas)
    assert "members" in schemas["CategoryResult"]["properties"]
    assert set(schemas["Answer"]["required"]) == {f.name for f in msgspec.structs.fields(Answer) if f.required}
    assert schemas["Answer"]["required"] and "text" not in schemas["Answer"]["required"]
