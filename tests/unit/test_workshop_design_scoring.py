"""Workshop design grades: the checks' and the rubric's parts combined by the activity's share,
worked out by hand; the trainer's grading checked; sub-scores per capacity and the lines that
explain them; properties over any grading (hypothesis)."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workshop_design_fixtures import good_plan, small_workshop
from xblocks.common.problems import ActionRefused
from xblocks.workshop_design import engine, scoring
from xblocks.workshop_design.model import empty_plan

WORKSHOP, _SETTINGS = small_workshop()
TOP = {"objectifs": 2, "methodes": 4, "bilan": 2}


def plan_of(plan):
    return engine.clean_plan(WORKSHOP, plan)


def test_awaiting_grading_the_checks_part_is_known_and_no_grade_is():
    result = scoring.grade(WORKSHOP, plan_of(good_plan(WORKSHOP)), None)
    assert (result.raw, result.checks, result.rubric, result.share) == (None, 1.0, None, 0.4)
    line = scoring.explanations(WORKSHOP, result)["score"].message()
    assert line == (
        "Awaiting grading: the automatic checks give 100%; they count for 40% of the grade, "
        "the trainer's rubric for the rest."
    )


def test_the_grade_combines_checks_and_rubric_by_the_share():
    plan = good_plan(WORKSHOP)
    plan["sequences"][2]["minutes"] = 120  # 300 of the 360 min asked, tolerance 30: half credit
    result = scoring.grade(WORKSHOP, plan_of(plan), {"objectifs": 2, "methodes": 2, "bilan": 0})
    checks = (2 * 0.5 + 3 + 1 + 1 + 1 + 2 + 2) / 12
    rubric = 4 / 8
    assert result.checks == round(checks, 4) and result.rubric == 0.5
    assert result.raw == round(0.4 * checks + 0.6 * rubric, 4)
    assert scoring.explanations(WORKSHOP, result)["score"].message() == (
        f"Grade {round(result.raw * 100)}% = 40% × automatic checks {round(checks * 100)}% "
        "+ 60% × trainer's rubric 50%."
    )


def test_capacities_add_up_each_part_once():
    result = scoring.grade(
        WORKSHOP, plan_of(good_plan(WORKSHOP)), {"objectifs": 2, "methodes": 0, "bilan": 2}
    )
    capacities = {code: (earned, possible) for code, earned, possible in result.capacities}
    # B4.6: the variety check (0.4 × 1/12) and the methods criterion (0.6 × 4/8), which got 0.
    assert capacities["B4.6"] == (round(0.4 / 12, 4), round(0.4 / 12 + 0.3, 4))
    assert sum(p.possible for p in result.parts) == pytest.approx(1.0)
    line = scoring.explanations(WORKSHOP, result)["capacities"]["B4.6"].message()
    assert line == "B4.6: 10% of the 33% of the grade that gives evidence of it."


def test_where_no_trainer_grades_the_checks_are_the_whole_grade():
    plan = plan_of(good_plan(WORKSHOP))
    result = scoring.grade(WORKSHOP, plan, None, automatic_only=True)
    assert (result.raw, result.share, result.rubric) == (1.0, 1.0, None)
    assert all(p.kind == "check" for p in result.parts)
    no_checks = replace(WORKSHOP, checks=tuple(replace(c, weight=0) for c in WORKSHOP.checks))
    graded = scoring.grade(no_checks, plan, {"objectifs": 1, "methodes": 4, "bilan": 2})
    assert (graded.share, graded.raw) == (0.0, 0.875)


@pytest.mark.parametrize(
    "grading, message",
    [
        (None, "a level of each criterion"),
        ({"levels": {"objectifs": 2}}, "a level of each criterion"),
        ({"levels": {**TOP, "methodes": 3}}, "methodes: 3 is not one of its levels"),
        ({"levels": {**TOP, "bilan": 2.0}}, "bilan: 2.0 is not one of its levels"),
        ({"levels": {**TOP, "bilan": True}}, "is not one of its levels"),
        ({"levels": TOP, "comments": {"inconnu": "x"}}, "must be text"),
        ({"levels": TOP, "comments": {"bilan": 3}}, "must be text"),
        ({"levels": TOP, "overall": "x" * 2001}, "too long: 2000"),
    ],
)
def test_a_bad_grading_is_refused_with_its_reason(grading, message):
    with pytest.raises(ActionRefused, match=message):
        scoring.clean_grading(WORKSHOP, grading)


def test_a_grading_keeps_only_what_was_written():
    clean = scoring.clean_grading(
        WORKSHOP,
        {"levels": TOP, "comments": {"bilan": "  ", "objectifs": "Clair."}, "overall": "Bien."},
    )
    assert clean == {"levels": TOP, "comments": {"objectifs": "Clair."}, "overall": "Bien."}


_LEVELS = st.fixed_dictionaries(
    {
        "objectifs": st.sampled_from((0, 1, 2)),
        "methodes": st.sampled_from((0, 2, 4)),
        "bilan": st.sampled_from((0, 2)),
    }
)


@settings(max_examples=200, deadline=None)
@given(
    levels=_LEVELS,
    better=_LEVELS,
    cut=st.integers(0, 4),
    share=st.sampled_from((0.0, 0.25, 0.4, 1.0)),
)
def test_any_grade_is_in_range_and_more_points_never_grade_lower(levels, better, cut, share):
    workshop = replace(WORKSHOP, checks_share=share)
    plan = good_plan(WORKSHOP)
    plan["sequences"] = plan["sequences"][:cut]
    plan = plan_of(plan) if plan["sequences"] or plan["objectives"] else empty_plan()
    result = scoring.grade(workshop, plan, levels)
    assert 0 <= result.raw <= 1
    assert all(0 <= earned <= possible + 1e-9 for _c, earned, possible in result.capacities)
    higher = {k: max(levels[k], better[k]) for k in levels}
    assert scoring.grade(workshop, plan, higher).raw >= result.raw
    top = scoring.grade(workshop, plan, TOP).raw
    assert top == pytest.approx(share * result.checks + (1 - share), abs=1e-4)


def test_the_queue_stores_records_compressed_and_refuses_a_bomb():
    import base64
    import zlib

    from xblocks.workshop_design import queue

    record = {"learner": {"attempt": 1, "plan": {"goal": "x" * 10_000}, "gradings": []}}
    text = queue.dumps(record)
    assert text.startswith("z1:") and len(text) < 1_000 and queue.loads(text) == record
    bomb = "z1:" + base64.b64encode(zlib.compress(b"[" * (queue.MAX_SHARD_BYTES + 10))).decode()
    assert queue.loads(bomb) == {}
    assert queue.loads("z1:not base 64!") == {} and queue.loads("{damaged") == {}
    assert queue.loads('{"learner": 1}') == {"learner": 1}  # an uncompressed record still reads
