"""The engine as a learner meets it: choices, refusals, scoring, what the view reveals."""

import json

import pytest

from tests.scenarios import two_step
from xblocks.interview_simulation import engine, scoring, views

SCENARIO, SETTINGS = two_step()


def play(*path):
    state = engine.new_state()
    for choice in path:
        state = engine.choose(SCENARIO, state, choice)
    return state


def test_first_node_offers_its_choices_without_answers():
    view = views.view(SCENARIO, engine.new_state(), feedback_mode="immediate", max_attempts=2)
    assert view["phase"] == "accueil"
    assert sorted(c["text"] for c in view["current"]["choices"]) == [
        "Bienvenue, je vous présente le cadre.",
        "Votre numéro de dossier ?",
    ]
    # The page names choices by tokens drawn for the learner, never by the author's ids.
    assert {c["id"] for c in view["current"]["choices"]}.isdisjoint({"a", "b"})
    assert "Cadre posé." not in json.dumps(view, ensure_ascii=False)


def test_conditional_choice_needs_its_flag_and_its_ending_flag():
    # "e" needs cadre (choice) and logement (its ending): offered only when both are set.
    assert sorted(_choices(play("a", "c"))) == ["e", "f"]
    assert _choices(play("b", "c")) == ["f"]
    assert _choices(play("a", "d")) == ["f"]


def _choices(state, seed=""):
    """The ids of the choices shown, in their order (the page itself only has tokens)."""
    view = views.view(SCENARIO, state, feedback_mode="immediate", max_attempts=2, seed=seed)
    return [views.chosen_id(SCENARIO, state, seed, c["id"]) for c in view["current"]["choices"]]


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


def test_best_path_scores_one_and_each_capacity_against_the_best_path():
    result = scoring.score(SCENARIO, ["a", "c", "e"])
    assert result.raw == 1.0
    assert result.possible == 7
    # B2.4 is earned only off the best path: the best path earns 0 on it, not "1 at most".
    assert result.capacities == (
        ("B1.1", 2, 2),
        ("B1.5", 3, 3),
        ("B2.4", 0, 0),
        ("B2.8", 2, 2),
    )
    assert result.missed == (SCENARIO.flag_by_id["mobilite"],)


def test_a_cap_is_stated_only_when_it_lowered_the_score():
    below = scoring.score(SCENARIO, ["a", "d", "f"])  # 3/7 = 43 %, under the 50 % cap
    assert (below.raw, below.uncapped, below.cap, below.cap_flags) == (0.4286, 0.4286, None, ())
    assert [f.id for f in below.missed] == ["logement", "mobilite"]
    scenario = engine.from_dict(
        {
            **engine.to_dict(SCENARIO),
            "flags": [
                {"id": "cadre", "kind": "milestone", "label": "Cadre posé", "cap": None},
                {"id": "logement", "kind": "urgency", "label": "Menace d'expulsion", "cap": 0.25},
                {"id": "mobilite", "kind": "barrier", "label": "Pas de véhicule", "cap": None},
            ],
        }
    )
    capped = scoring.score(scenario, ["a", "d", "f"])
    assert (capped.raw, capped.uncapped, capped.cap) == (0.25, 0.4286, 0.25)
    assert [f.id for f in capped.cap_flags] == ["logement"]


def test_the_better_choice_is_judged_on_what_stays_reachable():
    # At n2, "d" (1 point, the urgency left) is worse than "c" (3 points and the urgency);
    # at n3 after "b" (no cadre), "e" is not offered: nothing better than "f" remains.
    ended = views.view(SCENARIO, play("b", "d", "f"), feedback_mode="debrief", max_attempts=2)
    reviews = {entry["id"]: entry for entry in ended["transcript"]}
    assert reviews["n2"]["better"] == {"text": "Une lettre ? Dites-m'en plus."}
    assert reviews["n2"]["outcome"] == "partial"
    assert reviews["n3"]["better"] is None and reviews["n3"]["outcome"] == "neutral"
    # The urgency could have been caught at n2, where "c" sets it.
    assert [f["id"] for f in reviews["n2"]["catch"]] == ["logement"]


def test_order_is_shuffled_per_learner_and_attempt_and_stable_for_each():
    state = engine.new_state()
    orders = {seed: _choices(state, seed) for seed in (f"learner{i}|block" for i in range(40))}
    assert {tuple(order) for order in orders.values()} == {("a", "b"), ("b", "a")}
    assert _choices(state, "learner3|block") == orders["learner3|block"]
    # The page names choices by their place in the order shown: the same names for every
    # learner, so they tell nothing the screen does not.
    for seed in ("learner1|block", "learner2|block"):
        view = views.view(SCENARIO, state, feedback_mode="immediate", max_attempts=2, seed=seed)
        assert [c["id"] for c in view["current"]["choices"]] == ["0", "1"]
    with pytest.raises(engine.ActionRefused):
        views.chosen_id(SCENARIO, state, "learner1|block", "a")  # an author's id is refused


def test_a_pinned_node_keeps_its_authored_order():
    content = engine.to_dict(SCENARIO)
    content["nodes"][0]["shuffle"] = False
    pinned = engine.from_dict(content)
    for i in range(20):
        view = views.view(
            pinned, engine.new_state(), feedback_mode="immediate", max_attempts=2, seed=f"l{i}"
        )
        assert [c["text"] for c in view["current"]["choices"]] == [
            c.text for c in pinned.nodes[0].choices
        ]


def test_a_stale_action_is_refused_as_stale():
    state = play("a")
    with pytest.raises(engine.ActionStale):
        engine.choose(SCENARIO, state, "c", {"attempt": 1, "step": 0})
    assert engine.choose(SCENARIO, state, "c", {"attempt": 1, "step": 1})["path"] == ["a", "c"]


def test_debrief_mode_hides_feedback_until_the_end():
    view = views.view(SCENARIO, play("a"), feedback_mode="debrief", max_attempts=2)
    assert view["transcript"][0]["feedback"] == ""
    ended = views.view(SCENARIO, play("b", "d", "f"), feedback_mode="debrief", max_attempts=2)
    assert ended["transcript"][0]["feedback"] == "Trop administratif."
    assert ended["transcript"][0]["better"] == {"text": "Bienvenue, je vous présente le cadre."}
    assert ended["transcript"][1]["better"] == {"text": "Une lettre ? Dites-m'en plus."}
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
