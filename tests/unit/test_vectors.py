"""The shared interview simulation vectors: replayed through the Python engine, and up to date.

`tests/js/interview-simulation-engine.test.js` replays the same files through the JavaScript
engine, so the two engines stay equal. Regenerate with `.venv/bin/python tests/vectors/generate.py`.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def _load_generator():
    spec = importlib.util.spec_from_file_location("vector_generator", VECTORS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # also makes the repository importable when not installed
    return module


generator = _load_generator()
engine, views, scoring = generator.engine, generator.views, generator.scoring
FILES = sorted(generator.OUT.glob("*.json"))
SHUFFLES = generator.VECTORS / "shuffle" / "orders.json"
GRADING = generator.VECTORS / "grading" / "blocks.json"


def _same(actual: object, expected: object) -> None:
    """Equal, and equal as JSON too: True is not 1, 1.0 is not 1 once written out."""
    assert actual == expected
    assert json.dumps(actual, sort_keys=True) == json.dumps(expected, sort_keys=True)


def test_there_are_vectors():
    assert len(FILES) >= 6


def test_vectors_are_what_the_generator_writes():
    built = generator.build()
    written = sorted(
        str(p.relative_to(generator.VECTORS)) for p in generator.VECTORS.glob("*/*.json")
    )
    assert sorted(built) == written, "run tests/vectors/generate.py"
    for name, text in built.items():
        assert (generator.VECTORS / name).read_text(encoding="utf-8") == text, (
            f"{name} is out of date: run tests/vectors/generate.py"
        )


def test_shuffle_vectors_replay_and_every_order_is_drawn():
    from xblocks.common.shuffle import key_hash, shuffled

    cases = json.loads(SHUFFLES.read_text(encoding="utf-8"))["cases"]
    for case in cases:
        assert key_hash(case["key"]) == case["hash"]
        for n, order in case["orders"].items():
            assert shuffled(range(int(n)), case["key"]) == order
    # Over many learners, each of three choices comes first about a third of the time.
    firsts = [shuffled("abc", f"learner{i}|block|1|n1")[0] for i in range(3000)]
    assert all(850 < firsts.count(letter) < 1150 for letter in "abc")


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_vector_replays_on_the_python_engine(path):
    vector = json.loads(path.read_text(encoding="utf-8"))
    scenario = engine.from_dict(vector["content"])
    settings = vector["settings"]
    options = {
        "feedback_mode": settings["feedback_mode"],
        "max_attempts": settings["max_attempts"],
    }
    state = kept = None
    for index, step in enumerate(vector["steps"]):
        before = state
        try:
            if step["action"] == "start":
                state = engine.new_state()
            elif step["action"] == "choose":
                state = engine.choose(scenario, state, step["choice"], step["at"])
            else:
                assert step["action"] == "restart"
                state = engine.restart(scenario, state, settings["max_attempts"], step["at"])
            outcome = {"state": state}
            kept = views.kept_after(scenario, kept, state)
        except engine.ActionRefused as refusal:
            outcome = {"refused": refusal.problem.template, "params": dict(refusal.problem.params)}
            assert state is before
        assert outcome == step["expect"], f"step {index}: {step['action']}"
        _same(outcome, step["expect"])
        _same(
            views.view(scenario, state, **options, seed=settings["seed"], kept=kept), step["view"]
        )
    for item in vector.get("checked_states", []):
        _same(engine.checked_state(scenario, item["input"]), item["expect"])
    for item in vector.get("scores", []):
        _same(views.debrief_view(scoring.score(scenario, item["path"])), item["expect"])


def test_grading_vectors_follow_open_edx_rule():
    """The vectors' plans graded again here, and a case worked out by hand."""
    from scorm_export import grading

    vectors = json.loads(GRADING.read_text(encoding="utf-8"))
    for case in vectors["cases"]:
        _same(grading.grade(vectors["plans"][case["plan"]], case["scores"]), case["expect"])
    # Bloc 1: three checks of 1 point, the interview of 7 at 60 %: (2 + 4.2) / 10 = 62 %.
    plan = vectors["plans"]["performance task weighs 70 %, required at 50 %"]
    result = grading.grade(plan, {"q1": 1, "q2": 1, "q3": 0, "interview": 0.6})
    assert (result["percent"], result["passed"], result["unmet"]) == (0.62, True, [])
    # All checks right and the interview failed: 58 %, and the unmet mark names the interview.
    result = grading.grade(plan, {"q1": 1, "q2": 1, "q3": 1, "interview": 0.4})
    assert (result["percent"], result["passed"], result["unmet"]) == (0.58, False, ["interview"])
