"""The workshop design block in the workbench runtime: a learner writes, checks and submits a
plan; trainers list, grade and regrade it; the learner reads the result; and what must be
refused is refused."""

import json
import threading

import pytest
import webob

from tests.workshop_design_fixtures import SMALL_XML, good_plan
from xblocks.workshop_design import queue
from xblocks.workshop_design.block import WorkshopDesignBlock
from xblocks.workshop_design.model import empty_plan

EVENTS = "insertion_pro.workshop_design"
TOP = {"objectifs": 2, "methodes": 4, "bilan": 2}
LEARNER_ACTIONS = ("save_plan", "submit", "restart")


def make(make_runtime, user="learner1", xml=SMALL_XML):
    runtime = make_runtime(user)
    return runtime, runtime.get_block(runtime.parse_xml_string(xml))


def as_user(make_runtime, block, user):
    runtime = make_runtime(user)
    return runtime, runtime.get_block(block.scope_ids.usage_id)


@pytest.fixture
def learner(make_runtime):
    return make(make_runtime)


def call(runtime, block, handler, body=None, raw=None):
    body = dict(body or {})
    if handler in LEARNER_ACTIONS and raw is None and "at" not in body:
        body["at"] = block.view_state()["at"]
    data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = webob.Request.blank("/", method="POST", body=data)
    request.content_type = "application/json"
    response = runtime.handle(block, handler, request)
    return response.status_code, json.loads(response.body.decode("utf-8"))


def submit_good_plan(runtime, block, change=None):
    plan = good_plan(block.model())
    if change:
        change(plan)
    assert call(runtime, block, "save_plan", {"plan": plan})[0] == 200
    status, view = call(runtime, block, "submit")
    assert status == 200, view
    return view


def grade(runtime, block, learner, levels=TOP, version=0, attempt=1, **extra):
    body = {"learner": learner, "attempt": attempt, "version": version, "levels": levels, **extra}
    return call(runtime, block, "grade", body)


def test_a_learner_saves_sees_the_checks_and_submits_then_awaits_grading(learner):
    runtime, block = learner
    status, saved = call(runtime, block, "save_plan", {"plan": good_plan(block.model())})
    assert status == 200
    assert set(saved) == {
        "at",
        "attempt",
        "submitted",
        "can_submit",
        "minutes",
        "checks",
        "alignment",
    }
    assert saved["minutes"] == 360 and all(c["outcome"] == "right" for c in saved["checks"])
    view = submit_good_plan(runtime, block)
    assert view["submitted"] and view["result"]["status"] == "awaiting"
    assert view["result"]["explanations"]["score"].startswith("Awaiting grading")
    assert view["can_restart"] is False  # not before the plan is graded
    assert runtime.recorder.of("grade") == []
    assert runtime.recorder.of(f"{EVENTS}.submitted") == [
        {"attempt": 1, "checks": 1.0, "minutes": 360}
    ]
    assert runtime.recorder.of("completion") == [{"completion": 1.0}]
    status, refused = call(runtime, block, "restart")
    assert status == 400 and "awaiting grading" in refused["error"]


def test_a_trainer_lists_grades_and_regrades_and_the_learner_sees_each_result(
    make_runtime, learner
):
    runtime, block = learner
    submit_good_plan(runtime, block)
    staff, staff_block = as_user(make_runtime, block, "trainer1")
    status, listed = call(staff, staff_block, "submissions")
    assert status == 200
    (row,) = listed["submissions"]
    assert (row["name"], row["status"], row["checks"], row["raw"], row["version"]) == (
        "learner1",
        "awaiting",
        1.0,
        None,
        0,
    )
    status, screen = call(staff, staff_block, "submission", {"learner": row["learner"]})
    assert status == 200 and screen["plan"]["goal"].startswith("Rédiger un CV")
    assert screen["rubric"][1]["notes"] == "Pour les correcteurs seulement."

    status, graded = grade(
        staff,
        staff_block,
        row["learner"],
        {"objectifs": 1, "methodes": 2, "bilan": 2},
        comments={"objectifs": "Le second objectif <b>manque</b> de précision."},
        overall="Bon travail.",
    )
    assert status == 200 and graded["status"] == "graded" and graded["version"] == 1
    expected = round(0.4 * 1.0 + 0.6 * (5 / 8), 4)
    assert graded["result"]["grade"]["raw"] == expected
    assert staff.recorder.of("grade") == [
        {"value": expected, "max_value": 1.0, "user_id": "learner1"}
    ]
    assert staff.recorder.of(f"{EVENTS}.graded")[0]["regrade"] is False

    again = runtime.get_block(block.scope_ids.usage_id)
    view = call(runtime, again, "get_state")[1]
    assert view["result"]["status"] == "graded" and view["result"]["levels"]["objectifs"] == 1
    assert (
        view["result"]["comments"]["objectifs"] == "Le second objectif <b>manque</b> de précision."
    )
    assert view["kept"] == {"attempt": 1, "raw": expected}
    assert again.get_score().raw_earned == expected and view["can_restart"] is True

    status, regraded = grade(staff, staff_block, row["learner"], TOP, version=1)
    assert status == 200 and regraded["status"] == "regraded"
    assert [g["levels"]["objectifs"] for g in regraded["gradings"]] == [1, 2]  # history kept
    assert staff.recorder.of("grade")[-1]["value"] == 1.0
    assert call(staff, staff_block, "submissions")[1]["submissions"][0]["status"] == "regraded"


def test_two_trainers_grading_at_once_the_second_is_told_and_nothing_is_lost(make_runtime, learner):
    runtime, block = learner
    submit_good_plan(runtime, block)
    first, first_block = as_user(make_runtime, block, "trainer1")
    second, second_block = as_user(make_runtime, block, "trainer2")
    key = call(first, first_block, "submissions")[1]["submissions"][0]["learner"]
    assert grade(first, first_block, key, TOP)[0] == 200
    status, body = grade(second, second_block, key, {"objectifs": 0, "methodes": 0, "bilan": 0})
    assert status == 409 and "Another trainer graded this plan meanwhile" in body["error"]
    screen = call(second, second_block, "submission", {"learner": key})[1]
    assert len(screen["gradings"]) == 1 and screen["gradings"][0]["levels"] == TOP
    assert second.recorder.of("grade") == []


def test_parallel_gradings_make_one_grading(make_runtime, learner):
    runtime, block = learner
    submit_good_plan(runtime, block)
    trainers = [as_user(make_runtime, block, f"trainer{n}") for n in range(4)]
    key = call(*trainers[0], "submissions")[1]["submissions"][0]["learner"]
    statuses = []

    def run(pair):
        statuses.append(grade(*pair, key, TOP)[0])

    threads = [threading.Thread(target=run, args=(pair,)) for pair in trainers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409, 409, 409]
    screen = call(*trainers[0], "submission", {"learner": key})[1]
    assert len(screen["gradings"]) == 1


def test_the_best_graded_attempt_is_kept_and_a_new_attempt_starts_from_the_last_plan(
    make_runtime, learner
):
    runtime, block = learner
    submit_good_plan(runtime, block)
    staff, staff_block = as_user(make_runtime, block, "trainer1")
    key = call(staff, staff_block, "submissions")[1]["submissions"][0]["learner"]
    assert grade(staff, staff_block, key, TOP)[0] == 200
    status, view = call(runtime, block, "restart")
    assert status == 200 and (view["attempt"], view["submitted"]) == (2, False)
    assert view["plan"]["goal"].startswith("Rédiger") and view["result"] is None
    assert call(runtime, block, "submit")[0] == 200
    assert (
        grade(staff, staff_block, key, {"objectifs": 0, "methodes": 0, "bilan": 0}, attempt=2)[0]
        == 200
    )
    view = call(runtime, runtime.get_block(block.scope_ids.usage_id), "get_state")[1]
    assert view["result"]["grade"]["raw"] == 0.4 and view["kept"] == {"attempt": 1, "raw": 1.0}
    assert staff.recorder.of("grade")[-1]["value"] == 1.0  # the best attempt's, published again
    assert call(runtime, block, "restart")[0] == 400  # two attempts: none remains


@pytest.mark.parametrize(
    "handler, body, status, message",
    [
        ("submissions", {}, 403, "Only course staff"),
        ("submission", {"learner": "x"}, 403, "Only course staff"),
        (
            "grade",
            {"learner": "x", "attempt": 1, "version": 0, "levels": TOP},
            403,
            "Only course staff",
        ),
    ],
)
def test_staff_handlers_refuse_learners(learner, handler, body, status, message):
    runtime, block = learner
    submit_good_plan(runtime, block)
    before = [getattr(block, f"plans_{n}") for n in range(queue.SHARDS)]
    answered, found = call(runtime, block, handler, body)
    assert (answered, message in found["error"]) == (status, True)
    assert [getattr(block, f"plans_{n}") for n in range(queue.SHARDS)] == before


@pytest.mark.parametrize(
    "body, status, message",
    [
        ({"learner": 3, "attempt": 1, "version": 0, "levels": TOP}, 400, "Name the learner"),
        (
            {"learner": "nobody", "attempt": 1, "version": 0, "levels": TOP},
            400,
            "no submitted plan",
        ),
        ({"attempt": "1", "version": 0, "levels": TOP}, 400, "whole numbers"),
        (
            {"attempt": 1, "version": 0, "levels": {"objectifs": 9}},
            400,
            "a level of each criterion",
        ),
        ({"attempt": 2, "version": 0, "levels": TOP}, 409, "meanwhile"),
        ({"attempt": 1, "version": 0, "levels": TOP, "overall": "x" * 2001}, 400, "too long"),
    ],
)
def test_a_bad_grading_is_refused_and_changes_nothing(make_runtime, learner, body, status, message):
    runtime, block = learner
    submit_good_plan(runtime, block)
    staff, staff_block = as_user(make_runtime, block, "trainer1")
    key = call(staff, staff_block, "submissions")[1]["submissions"][0]["learner"]
    body = {"learner": key, **body}
    field = f"plans_{queue.shard_of(key)}"
    before = getattr(staff_block, field)
    answered, found = call(staff, staff_block, "grade", body)
    assert (answered, message in found["error"]) == (status, True), found
    assert getattr(staff_block, field) == before and staff.recorder.of("grade") == []


def test_stale_and_bad_learner_actions_change_nothing(learner):
    runtime, block = learner
    assert call(runtime, block, "save_plan", {"plan": good_plan(block.model())})[0] == 200
    before = json.dumps(block.learner_state, sort_keys=True)
    assert call(runtime, block, "submit", {"at": {"attempt": 1, "step": 0}})[0] == 409
    assert call(runtime, block, "save_plan", {"plan": {**empty_plan(), "goal": 5}})[0] == 400
    assert call(runtime, block, "save_plan", {"plan": empty_plan(), "at": "now"})[0] == 400
    assert call(runtime, block, "save_plan", raw=b"{not json")[0] == 400
    assert json.dumps(block.learner_state, sort_keys=True) == before


def test_a_full_record_refuses_the_submit_and_keeps_the_draft(learner, monkeypatch):
    runtime, block = learner
    monkeypatch.setattr(queue, "MAX_SHARD_BYTES", 100)
    assert call(runtime, block, "save_plan", {"plan": good_plan(block.model())})[0] == 200
    status, body = call(runtime, block, "submit")
    assert status == 409 and "record is full" in body["error"]
    view = call(runtime, block, "get_state")[1]
    assert view["submitted"] is False and view["plan"]["goal"]
    assert all(getattr(block, f"plans_{n}") == "" for n in range(queue.SHARDS))


def test_olx_round_trip_keeps_the_authors_text(learner):
    runtime, block = learner
    from lxml import etree

    node = etree.Element("x")
    block.add_xml_to_node(node)
    assert node.get("max_attempts") == "2" and node.get("weight") == "4"
    again = runtime.get_block(runtime.parse_xml_string(etree.tostring(node, encoding="unicode")))
    assert again.model() == block.model()


def test_a_new_block_has_the_default_brief(make_runtime):
    _runtime, block = make(make_runtime, xml="<workshop_design/>")
    assert isinstance(block, WorkshopDesignBlock)
    assert block.model().brief.title and block.view_state()["rubric"]


def test_the_mobile_apps_data_has_no_graders_notes(learner):
    _runtime, block = learner
    data = block.student_view_data()
    assert data["view"]["rubric"] and "Pour les correcteurs" not in json.dumps(data)


def studio_form(**changes):
    from tests.workshop_design_fixtures import SMALL_XML as xml

    return {
        "display_name": "Atelier CV",
        "max_attempts": 2,
        "weight": 4.0,
        "required_mark": None,
        "workshop_xml": xml,
        **changes,
    }


def test_studio_checks_and_saves_the_brief_for_authors_only(make_runtime):
    from tests.blocks.conftest import in_studio

    runtime, block = make(make_runtime)
    in_studio(runtime, can_write=False)
    assert call(runtime, block, "studio_submit", studio_form())[0] == 403
    in_studio(runtime, can_write=True)
    bad = SMALL_XML.replace('kind="childcare"', 'kind="crèche"')
    status, checked = call(runtime, block, "studio_check", {"workshop_xml": bad})
    assert status == 200 and checked["content"] is None
    assert checked["problems"][0]["message"].startswith("line ")
    assert 'unknown kind "crèche"' in checked["problems"][0]["message"]
    status, body = call(runtime, block, "studio_submit", studio_form(workshop_xml=bad))
    assert status == 400 and "The brief has problems" in body["error"]
    edited = SMALL_XML.replace("Atelier CV pour demandeurs", "Atelier CV revu pour demandeurs")
    edited = edited.replace("<brief ", "<!-- gardé -->\n  <brief ", 1)
    assert (
        call(runtime, block, "studio_submit", studio_form(workshop_xml=edited, weight=5))[0] == 200
    )
    assert block.model().brief.title.startswith("Atelier CV revu") and block.weight == 5.0
    assert "<!-- gardé -->" in block.workshop_source
    status, checked = call(runtime, block, "studio_check", {"workshop_xml": edited})
    assert status == 200 and checked["problems"] == [] and checked["content"]["brief"]


def test_a_grading_on_an_earlier_rubric_is_shown_as_given(make_runtime, learner):
    from tests.blocks.conftest import in_studio

    runtime, block = learner
    submit_good_plan(runtime, block)
    staff, staff_block = as_user(make_runtime, block, "trainer1")
    key = call(staff, staff_block, "submissions")[1]["submissions"][0]["learner"]
    assert grade(staff, staff_block, key, TOP)[0] == 200
    in_studio(staff, can_write=True)
    fewer = SMALL_XML.replace('<criterion id="bilan"', '<criterion id="synthese"')
    body = {
        "display_name": "Atelier CV",
        "max_attempts": 2,
        "weight": 4.0,
        "required_mark": None,
        "workshop_xml": fewer,
    }
    assert call(staff, staff_block, "studio_submit", body)[0] == 200
    view = call(runtime, runtime.get_block(block.scope_ids.usage_id), "get_state")[1]
    assert view["result"]["grade"]["raw"] == 1.0
    assert "rubric the activity had then" in view["result"]["explanations"]["score"]
    assert call(staff, staff_block, "submission", {"learner": key})[0] == 200
