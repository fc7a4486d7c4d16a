"""The workshop design vectors: the committed files are what the generator writes now, and
they replay on the Python engine as written (read back from JSON, as the JS engine reads
them); `tests/js/workshop-design-engine.test.js` replays them on the JavaScript engine."""

import importlib.util
import json
from pathlib import Path

import pytest

from xblocks.common.problems import ActionRefused
from xblocks.workshop_design import checks, engine, model, scoring

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def _generator():
    path = VECTORS / "generate_workshop_design.py"
    spec = importlib.util.spec_from_file_location("workshop_design_vectors", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()
FILES = sorted((VECTORS / "workshop_design").glob("*.json"))


def test_vectors_are_what_the_generator_writes():
    built = GENERATOR.build()
    assert sorted(built) == sorted(f"workshop_design/{p.name}" for p in FILES)
    for name, text in built.items():
        assert (VECTORS / name).read_text(encoding="utf-8") == text, (
            f"{name} is out of date: run tests/vectors/generate_workshop_design.py"
        )


def test_vectors_stay_small():
    assert sum(p.stat().st_size for p in FILES) < 350_000  # seven vectors, 316 KB


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vector_replays_on_the_python_engine(path):
    """Read back from the file (keys sorted, 3.0 kept a float): the same outcomes."""
    vector = json.loads(path.read_text(encoding="utf-8"))
    content = model.from_dict(vector["content"])
    settings = vector["settings"]
    state, plan = engine.new_state(), None
    for step in vector["steps"]:
        try:
            state = engine.apply(
                content, state, step["action"], max_attempts=settings["max_attempts"]
            )
            assert {"state": state} == step["expect"]
        except ActionRefused as error:
            assert GENERATOR.refusal(error) == step["expect"]
            continue
        view = engine.learner_view(
            content, state, seed=settings["seed"], max_attempts=settings["max_attempts"]
        )
        assert view == {**vector["view_static"], **step["view"], "plan": state["p"]}
        if "checks" not in step:
            assert state["p"] == plan
            continue
        plan = state["p"]
        assert GENERATOR.checks_json(content, plan) == step["checks"]
        grade = step["grade"]
        assert GENERATOR.graded(content, plan, grade["levels"], grade["automatic_only"]) == grade
    for case in vector.get("checked_states", []):
        assert engine.checked_state(content, case["input"]) == case["expect"]
    for case in vector.get("gradings", []):
        try:
            found = scoring.clean_grading(content, case["input"])
        except ActionRefused as error:
            found = GENERATOR.refusal(error)
        assert found == case["expect"]
    for case in vector.get("first_verbs", []):
        assert checks.first_verb(case["text"]) == case["verb"]


def test_what_json_cannot_carry_to_the_js_engine_is_refused_here():
    """A lone surrogate cannot be written to a UTF-8 vector file, and 30.0 reads as 30 in
    JavaScript: both are checked here (and the JS side in its own test)."""
    content = model.from_dict(
        json.loads((VECTORS / "workshop_design/attempts.json").read_text())["content"]
    )
    with pytest.raises(ActionRefused) as refused:
        engine.clean_plan(content, {"goal": "lone \ud800 surrogate"})
    assert refused.value.problem.template == engine.REFUSED_CONTROL
    sequence = {
        "id": "s1",
        "title": "",
        "objectives": [],
        "method": "",
        "minutes": 30.0,
        "materials": "",
        "notes": "",
        "access": "",
    }
    with pytest.raises(ActionRefused):
        engine.clean_plan(content, {"sequences": [sequence]})
