"""The engine as a learner meets it: choices, refusals, scoring, what the view reveals."""

import json

import pytest

from tests.scenarios import two_step
from xblocks.interview_simulation import engine

SCENARIO, SETTINGS = two_step()


def play(*path):
    state = engine.new_state()
    for choice in path:
        state = engine.choose(SCENARIO, state, choice)
    return state


def test_first_node_offers_its_choices_without_answers():
    view = engine.view(SCENARIO, engine.new_state(), feedback_mode="immediate", max_attempts=2)
    assert view["phase"] == "accueil"
    assert view["current"]["choices"] == [
        {"id": "a", "text": "Bienvenue, je vous présente le cadre."},
        {"id": "b", "text": "Votre numéro de dossier ?"},
    ]
    assert "Cadre posé." not in json.dumps(view, ensure_ascii=False)


def test_conditional_choice_needs_its_flag_and_its_ending_flag():
    # "e" needs cadre (choice) and logement (its ending): offered only when both are set.
    assert [c["id"] for c in _choices(play("a", "c"))] == ["e", "f"]
    assert [c["id"] for c in _choices(play("b", "c"))] == ["f"]
    assert [c["id"] for c in _choices(play("a", "d"))] == ["f"]


def _choices(state):
    return engine.view(SCENARIO, state, feedback_mode="immediate", max_attempts=2)["current"][
        "choices"
    ]


def test_refused_choices_leave_state_unchanged():
    state = play("a")
    for bad, template in [
        ("zzz", "Unknown choice {choice}."),
        ("a", "Choice {choice} is not offered at this point."),
        (42, "Unknown choice {choice}."),
    ]:
        with pytest.raises(engine.ActionRefused) as refused:
            engine.choose(SCENARIO, state, bad)
        assert refused.value.problem.template == template
    assert state == play("a")
    with pytest.raises(engine.ActionRefused, match="over"):
        engine.choose(SCENARIO, play("a", "c", "e"), "a")


def test_best_path_scores_one_and_per_capacity_maxima():
    result = engine.score(SCENARIO, ["a", "c", "e"])
    assert result.raw == 1.0
    assert result.possible == 7
    assert result.capacities == (
        ("B1.1", 2, 2),
        ("B1.5", 3, 3),
        ("B2.4", 0, 1),
        ("B2.8", 2, 2),
    )
    assert result.missed == (SCENARIO.flag_by_id["mobilite"],)


def test_missed_critical_urgency_caps_the_score():
    result = engine.score(SCENARIO, ["a", "d", "f"])
    assert result.cap == 0.5
    assert result.raw == round(3 / 7, 4)
    assert [f.id for f in result.missed] == ["logement", "mobilite"]


def test_debrief_mode_hides_feedback_until_the_end():
    view = engine.view(SCENARIO, play("a"), feedback_mode="debrief", max_attempts=2)
    assert view["transcript"][0]["feedback"] == ""
    ended = engine.view(SCENARIO, play("b", "d", "f"), feedback_mode="debrief", max_attempts=2)
    assert ended["transcript"][0]["feedback"] == "Trop administratif."
    assert ended["transcript"][0]["better"] == {
        "id": "a",
        "text": "Bienvenue, je vous présente le cadre.",
    }
    assert ended["transcript"][1]["better"]["id"] == "c"
    assert ended["ending"]["id"] == "e_fin"
    assert ended["debrief"]["raw"] == round(1 / 7, 4)


def test_restart_is_limited_by_max_attempts():
    state = engine.restart(SCENARIO, play("a"), max_attempts=2)
    assert state == {"v": 1, "attempt": 2, "path": []}
    with pytest.raises(engine.ActionRefused):
        engine.restart(SCENARIO, state, max_attempts=2)
    state = engine.choose(SCENARIO, state, "a")
    with pytest.raises(engine.ActionRefused, match="No attempts left"):
        engine.restart(SCENARIO, state, max_attempts=2)
    assert engine.restart(SCENARIO, state, max_attempts=0)["attempt"] == 3


def test_broken_or_stale_state_starts_fresh_but_keeps_the_attempt():
    assert engine.checked_state(SCENARIO, {"v": 1, "attempt": 2, "path": ["zz"]}) == {
        "v": 1,
        "attempt": 2,
        "path": [],
    }
    assert engine.checked_state(SCENARIO, "garbage") == engine.new_state()
    assert engine.checked_state(SCENARIO, {}) == engine.new_state()


def test_content_dict_round_trip():
    assert engine.from_dict(json.loads(json.dumps(engine.to_dict(SCENARIO)))) == SCENARIO
