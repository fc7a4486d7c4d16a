"""Workshop design engine: the plan as the learner writes it, each check's verdict and
feedback, the attempts, stale and refused actions, and the learner's view (no graders' notes,
methods in a per-learner order)."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workshop_design_fixtures import good_plan, small_workshop
from xblocks.common.problems import ActionRefused, ActionStale
from xblocks.workshop_design import checks, engine
from xblocks.workshop_design.model import MAX_SEQUENCES, METHODS, empty_plan

WORKSHOP, SETTINGS = small_workshop()


def act(state, kind, **fields):
    return engine.apply(
        WORKSHOP, state, {"type": kind, "at": engine.position(state), **fields}, max_attempts=2
    )


def results(plan):
    return {r.id: r for r in checks.run(WORKSHOP, engine.clean_plan(WORKSHOP, plan))}


def lines(result):
    return " ".join(line.message() for line in result.lines)


def test_the_worked_example_passes_every_check():
    found = results(good_plan(WORKSHOP))
    assert {k: r.fraction for k, r in found.items()} == {c: 1.0 for c in found}
    assert set(found) == {
        "duration",
        "alignment",
        "verbs",
        "variety",
        "plausible",
        "constraints",
        "required",
    }


def test_an_empty_plan_fails_every_check_but_the_constraints_it_cannot_address():
    found = results(empty_plan())
    assert all(r.fraction == 0 for r in found.values()), {k: r.fraction for k, r in found.items()}
    assert "Write the operational objectives first" in lines(found["alignment"])


def test_duration_within_the_tolerance_full_credit_within_twice_half_then_none():
    plan = good_plan(WORKSHOP)
    for minutes, fraction in (
        (60 + 30, 1.0),
        (60 - 30, 1.0),
        (60 + 45, 0.5),
        (60 - 60, 0.5),
        (60 + 61, 0.0),
    ):
        plan["sequences"][3]["minutes"] = minutes
        assert results(plan)["duration"].fraction == fraction, minutes
    plan["sequences"][3]["minutes"] = 0
    assert "1 h short of the 6 h the brief asks (give or take 30 min)" in lines(
        results(plan)["duration"]
    )


def test_alignment_names_each_objective_left_without_a_sequence_or_an_evaluation():
    plan = good_plan(WORKSHOP)
    plan["evaluations"][1]["objectives"] = ["o1"]  # o2 no longer assessed
    found = results(plan)["alignment"]
    assert found.fraction == 0.5
    assert (
        "Objective 2 (Rédiger un CV lisible pour un métier visé.): no evaluation assesses it."
        in lines(found)
    )
    assert checks.alignment_matrix(plan)[1] == {
        "objective": "o2",
        "sequences": ["s3", "s4"],
        "evaluations": [],
    }


def test_verbs_accept_observable_verbs_and_explain_vague_ones():
    plan = good_plan(WORKSHOP)
    plan["objectives"][0]["text"] = "Comprendre le marché du travail local."
    plan["objectives"][1]["text"] = "Être capable de rédiger un CV."
    found = results(plan)["verbs"]
    assert found.fraction == 0.5
    assert "“comprendre”, which cannot be observed" in lines(found)
    assert checks.first_verb("être capable d'identifier ses atouts") == "identifier"
    assert checks.first_verb("S'inscrire sur le site de France Travail") == "s’inscrire"


def test_a_trainer_extends_the_verb_list_in_olx():
    from dataclasses import replace

    plan = good_plan(WORKSHOP)
    plan["objectives"][0]["text"] = "Mobiliser son réseau personnel."
    assert results(plan)["verbs"].fraction == 0.5
    extended = replace(WORKSHOP, verbs=("mobiliser",))
    assert checks.run(extended, engine.clean_plan(extended, plan))[2].fraction == 1.0


def test_variety_counts_distinct_methods_and_wants_one_where_participants_act():
    plan = good_plan(WORKSHOP)
    for s in plan["sequences"]:
        s["method"] = "expose"
    found = results(plan)["variety"]
    assert found.fraction == pytest.approx(1 / 3)
    plan["sequences"][0]["method"], plan["sequences"][1]["method"] = "demonstration", "temoignage"
    found = results(plan)["variety"]
    assert found.fraction == 0.5  # three methods, none active: capped at half
    assert "No method where the participants act" in lines(found)


def test_plausible_durations_per_method_and_the_sequence_named():
    plan = good_plan(WORKSHOP)
    plan["sequences"][0]["minutes"] = 5  # a round of introductions in five minutes
    found = results(plan)["plausible"]
    assert found.fraction == 0.75
    assert (
        "Sequence 1 (Accueil et attentes): 5 min is too short for this method (10 min to 45 min)."
        in lines(found)
    )


def test_constraints_and_required_elements_name_what_is_missing():
    plan = good_plan(WORKSHOP)
    del plan["constraints"]["garde"]
    plan["evaluations"] = [e for e in plan["evaluations"] if e["kind"] != "satisfaction"]
    plan["indicators"]["presence"] = "trop court"
    found = results(plan)
    assert found["constraints"].fraction == 0.5
    assert "Plusieurs parents seuls" in lines(found["constraints"])
    assert found["required"].fraction == pytest.approx(4 / 6)
    assert "Missing: a satisfaction survey, the indicator “Le taux de présence.”." in lines(
        found["required"]
    )


def test_save_then_submit_then_restart_keeps_the_plan_and_counts_attempts():
    state = act(engine.new_state(), "save", plan=good_plan(WORKSHOP))
    assert state["n"] == 1 and state["p"] == engine.clean_plan(WORKSHOP, good_plan(WORKSHOP))
    assert act(state, "save", plan=good_plan(WORKSHOP)) is state  # nothing changed: no step
    submitted = act(state, "submit")
    assert submitted["f"] == 1
    with pytest.raises(ActionRefused, match="submitted"):
        act(submitted, "save", plan=empty_plan())
    second = act(submitted, "restart")
    assert (second["a"], second["f"], second["p"]) == (2, 0, submitted["p"])
    with pytest.raises(ActionRefused, match="No attempt remains"):
        act(act(second, "submit"), "restart")


def test_stale_and_refused_actions_leave_the_state_as_it_was():
    state = act(engine.new_state(), "save", plan=good_plan(WORKSHOP))
    before = copy.deepcopy(state)
    with pytest.raises(ActionStale):
        engine.apply(WORKSHOP, state, {"type": "submit", "at": {"attempt": 1, "step": 0}})
    with pytest.raises(ActionRefused, match="Write the plan"):
        act(engine.new_state(), "submit")
    with pytest.raises(ActionRefused, match="Submit the plan"):
        act(state, "restart")
    assert state == before


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda p: p.update(extra=1), "no part named extra"),
        (lambda p: p.update(goal=3), "The general objective must be text"),
        (lambda p: p.update(goal="x" * 601), "The general objective is too long: 600"),
        (lambda p: p.update(goal="a\x00b"), "control character"),
        (lambda p: p["objectives"].append({"id": "o1", "text": "Dupliqué"}), "used twice"),
        (lambda p: p["objectives"].append({"id": "<b>", "text": "x"}), "no valid id"),
        (lambda p: p["sequences"][0].update(method="sieste"), "unknown method sieste"),
        (lambda p: p["sequences"][0].update(method=[]), r"unknown method \[\]"),
        (lambda p: p["evaluations"][0].update(kind={}), "unknown kind"),
        (lambda p: p["sequences"][0].update(minutes=30.0), "whole number of minutes"),
        (lambda p: p["sequences"][0].update(minutes=True), "whole number of minutes"),
        (lambda p: p["sequences"][0].update(minutes=481), "whole number of minutes"),
        (
            lambda p: p["sequences"][0].update(objectives=["o9"]),
            "objective the plan does not have: o9",
        ),
        (
            lambda p: p["sequences"][0].update(objectives=["o1", "o1"]),
            "objective the plan does not have",
        ),
        (lambda p: p["sequences"][0].pop("notes"), "must have exactly"),
        (lambda p: p["evaluations"][0].update(kind="quiz"), "unknown kind quiz"),
        (lambda p: p["constraints"].update(bruit="x"), "the brief has no bruit"),
        (lambda p: p.update(sequences=[p["sequences"][0]] * (MAX_SEQUENCES + 1)), "at most 40"),
        (lambda p: p.update(objectives="o1"), "list of at most 10"),
    ],
)
def test_a_bad_plan_is_refused_with_a_message_naming_its_part(change, message):
    plan = good_plan(WORKSHOP)
    change(plan)
    state = engine.new_state()
    with pytest.raises(ActionRefused, match=message):
        act(state, "save", plan=plan)
    assert state == engine.new_state()


def test_the_view_hides_the_graders_notes_and_orders_methods_per_learner():
    state = act(engine.new_state(), "save", plan=good_plan(WORKSHOP))
    view = engine.learner_view(WORKSHOP, state, seed="learner-1|block", max_attempts=2)
    assert "Pour les correcteurs" not in str(view)
    assert [c["id"] for c in view["rubric"]] == ["objectifs", "methodes", "bilan"]
    assert sorted(view["methods"]) == sorted(METHODS)
    orders = {
        tuple(engine.learner_view(WORKSHOP, state, seed=f"learner-{n}|block")["methods"])
        for n in range(8)
    }
    assert len(orders) > 4  # learners see the methods in different orders
    assert (
        view["methods"] == engine.learner_view(WORKSHOP, state, seed="learner-1|block")["methods"]
    )
    assert (view["minutes"], view["can_submit"], view["remaining"]) == (360, True, 1)
    assert all(c["fraction"] == 1.0 for c in view["checks"])


def test_a_stored_state_that_no_longer_fits_is_checked_not_trusted():
    assert engine.checked_state(WORKSHOP, {"v": 1, "a": "x"}) == engine.new_state()
    fine = {"v": 1, "a": 2, "n": 3, "f": 1, "p": good_plan(WORKSHOP)}
    for damage in ({"f": True}, {"v": True}, {"p": [["goal", "x"]]}, {"p": ""}):
        assert engine.checked_state(WORKSHOP, {**fine, **damage}) == engine.new_state(), damage
    assert engine.checked_state(WORKSHOP, fine)["a"] == 2
    with pytest.raises(ActionRefused, match="Unknown action"):
        engine.apply(WORKSHOP, engine.new_state(), ["save"])
    state = act(engine.new_state(), "save", plan=good_plan(WORKSHOP))
    state["p"]["constraints"]["ancienne"] = "Une contrainte que le brief n’a plus."
    checked = engine.checked_state(WORKSHOP, state)
    assert "ancienne" not in checked["p"]["constraints"] and checked["p"]["goal"]


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
_SEQUENCE = st.fixed_dictionaries(
    {
        "title": _TEXT,
        "method": st.sampled_from(("", *METHODS)),
        "minutes": st.integers(0, 480),
        "objectives": st.lists(st.sampled_from(("o1", "o2", "o3")), unique=True, max_size=3),
    }
)


@settings(max_examples=150, deadline=None)
@given(
    objectives=st.lists(_TEXT, max_size=3),
    sequences=st.lists(_SEQUENCE, max_size=8),
    kinds=st.lists(
        st.sampled_from(("", "diagnostic", "formative", "final", "satisfaction")), max_size=5
    ),
)
def test_any_valid_plan_is_checked_within_bounds_and_saving_it_twice_changes_nothing(
    objectives, sequences, kinds
):
    plan = empty_plan()
    plan["objectives"] = [{"id": f"o{n}", "text": t} for n, t in enumerate(objectives, 1)]
    known = {o["id"] for o in plan["objectives"]}
    plan["sequences"] = [
        {
            "id": f"s{n}",
            "materials": "",
            "notes": "",
            "access": "",
            **s,
            "objectives": [o for o in s["objectives"] if o in known],
        }
        for n, s in enumerate(sequences, 1)
    ]
    plan["evaluations"] = [
        {"id": f"e{n}", "kind": k, "objectives": sorted(known)[:1], "text": ""}
        for n, k in enumerate(kinds, 1)
    ]
    state = act(engine.new_state(), "save", plan=plan)
    assert act(state, "save", plan=plan) is state
    for result in checks.run(WORKSHOP, state["p"]):
        assert 0 <= result.fraction <= 1 and result.lines
        assert all(line.message() for line in result.lines)


def test_the_checks_speak_french_with_french_typography():
    from xblocks.common.i18n import catalog

    french = catalog("fr").gettext
    found = results(good_plan(WORKSHOP))
    assert found["duration"].lines[0].message(french) == (
        "Les séquences durent 6 h\u00a0: le cahier des charges demande 6 h, à 30 min près."
    )
    plan = good_plan(WORKSHOP)
    plan["objectives"][0]["text"] = "Comprendre le marché du travail."
    assert "commence par «\u00a0comprendre\u00a0», qui ne s’observe pas" in " ".join(
        line.message(french) for line in results(plan)["verbs"].lines
    )
    with pytest.raises(ActionRefused) as refused:
        act(engine.new_state(), "save", plan={**plan, "goal": 1})
    assert refused.value.problem.message(french) == "L’objectif général doit être un texte."
