"""The partner network block in the workbench runtime, as learners, staff and trainers use it."""

import json
import threading

import pytest
import webob
from django.utils import translation

from tests.blocks.conftest import in_lms, in_studio
from tests.partner_network_fixtures import SMALL_MAP, perfect_actions
from xblocks.partner_network import engine
from xblocks.partner_network.block import PartnerNetworkBlock

EVENTS = "insertion_pro.partner_network"


def make(make_runtime, user="learner1", xml=SMALL_MAP):
    runtime = make_runtime(user)
    return runtime, runtime.get_block(runtime.parse_xml_string(xml))


@pytest.fixture
def learner(make_runtime):
    return make(make_runtime)


def call(runtime, block, handler, body=None, raw=None, at=True):
    """POST to a handler as the page would, with the position of the view it shows."""
    body = dict(body or {})
    if at and raw is None and "at" not in body and handler in ("act", "submit", "restart"):
        body["at"] = block.view_state()["at"]
    data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = webob.Request.blank("/", method="POST", body=data)
    request.content_type = "application/json"
    response = runtime.handle(block, handler, request)
    return response.status_code, json.loads(response.body.decode("utf-8"))


def state_of(block):
    return json.dumps(block.learner_state, sort_keys=True)


def play_perfect(runtime, block):
    network = block.model()
    for action in perfect_actions(network, block.order_seed()):
        if action["type"] == "answer":  # tokens are drawn for this attempt
            attempt = block.view_state()["attempt"]
            index = network.list_index[(action["question"], action["part"])]
            order = engine.shown_options(network, index, block.order_seed(), attempt)
            choices = network.choice_lists[index][2]
            action["options"] = [
                str(place) for place, i in enumerate(order) if choices.options[i].correct
            ]
        status, body = call(runtime, block, "act", action)
        assert status == 200, body


def test_actions_change_the_state_and_publish_events(learner):
    runtime, block = learner
    status, view = call(
        runtime, block, "act", {"type": "place", "partner": "ft", "domains": ["emploi"]}
    )
    assert status == 200
    assert view["map"]["placed"] == [{"partner": "ft", "domains": ["emploi"]}]
    relate = {"type": "relate", "from": "plie", "to": "ft", "relation": "orientation"}
    assert call(runtime, block, "act", relate)[0] == 200
    decision = {"type": "decide", "situation": "sit_nadia", "partners": ["ccas"], "first": "ccas"}
    assert call(runtime, block, "act", decision)[0] == 200
    status, view = call(runtime, block, "act", {"type": "undo"})
    assert status == 200 and view["situations"][0]["chosen"] == []
    assert runtime.recorder.of(f"{EVENTS}.placed") == [
        {"attempt": 1, "partner": "ft", "domains": ["emploi"]}
    ]
    assert runtime.recorder.of(f"{EVENTS}.related")[0]["to"] == "ft"
    assert runtime.recorder.of(f"{EVENTS}.decided")[0]["first"] == "ccas"
    assert runtime.recorder.of("grade") == []
    again = runtime.get_block(block.scope_ids.usage_id)
    assert call(runtime, again, "get_state")[1]["at"] == view["at"]


BAD = [
    ("not json", dict(raw=b"{type:"), "The request is not valid JSON."),
    ("no position", dict(body={"type": "undo", "at": None}), "Say where the action was made"),
    ("unknown action", dict(body={"type": "fly"}), "Unknown action fly."),
    ("unknown partner", dict(body={"type": "place", "partner": "zz", "domains": []}), "zz"),
    (
        "unknown domain",
        dict(body={"type": "place", "partner": "ft", "domains": ["cuisine"]}),
        "Unknown domain cuisine.",
    ),
    (
        "duplicate relation",
        dict(body={"type": "relate", "from": "ft", "to": "plie", "relation": "convention"}),
        "There is already a relation between",
    ),
    (
        "justification too long",
        dict(body={"type": "justify", "situation": "sit_nadia", "text": "x" * 301}),
        "301 characters long, over the limit of 300",
    ),
    ("too large", dict(raw=b'{"type": "' + b"x" * 70000 + b'"}'), "larger than 64 KB"),
]


@pytest.mark.parametrize(("case", "kwargs", "message"), BAD)
def test_bad_requests_get_400_and_change_nothing(learner, case, kwargs, message):
    runtime, block = learner
    relate = {"type": "relate", "from": "plie", "to": "ft", "relation": "orientation"}
    assert call(runtime, block, "act", relate)[0] == 200
    before = state_of(block)
    status, body = call(runtime, block, "act", **kwargs)
    assert status == 400, case
    assert message in body["error"]
    assert state_of(block) == before


def test_refusals_are_translated(learner):
    runtime, block = learner
    with translation.override("fr"):
        status, body = call(
            runtime, block, "act", {"type": "place", "partner": "zz", "domains": []}
        )
    assert status == 400 and body["error"] != "Unknown partner zz." and "zz" in body["error"]


def test_a_script_in_a_justification_is_text_everywhere(make_runtime):
    runtime, block = make(make_runtime)
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    body = {"type": "justify", "situation": "sit_nadia", "text": hostile}
    status, view = call(runtime, block, "act", body)
    assert status == 200 and view["situations"][0]["justification"] == hostile
    decision = {"type": "decide", "situation": "sit_nadia", "partners": ["ccas"], "first": "ccas"}
    call(runtime, block, "act", decision)
    html = runtime.render(block, "student_view").content
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert call(runtime, block, "submit")[0] == 200
    staff = make_runtime("trainer1")
    staff_block = staff.get_block(block.scope_ids.usage_id)
    status, listed = call(staff, staff_block, "submissions")
    assert status == 200 and listed["dropped"] == 0
    mine = [row for row in listed["submissions"] if row["learner"] == "learner1"]
    assert mine[0]["justifications"][0]["text"] == hostile  # JSON text, for the page to escape


def test_submissions_are_for_staff_only(learner):
    runtime, block = learner
    status, body = call(runtime, block, "submissions")
    assert (status, body["error"]) == (403, "Only course staff can see learners' submissions.")


def test_a_stale_action_gets_409_and_changes_nothing(learner):
    runtime, block = learner
    first = block.view_state()["at"]
    place = {"type": "place", "partner": "ft", "domains": ["emploi"]}
    assert call(runtime, block, "act", place)[0] == 200
    before = state_of(block)
    status, body = call(runtime, block, "act", {**place, "domains": ["social"], "at": first})
    assert status == 409 and "out of date" in body["error"]
    assert state_of(block) == before


def test_a_parallel_double_submit_grades_once(make_runtime):
    runtime, block = make(make_runtime)
    call(runtime, block, "act", {"type": "place", "partner": "ft", "domains": ["emploi"]})
    at = block.view_state()["at"]
    usage = block.scope_ids.usage_id
    results = []

    def submit():
        own = make_runtime("learner1")
        own.recorder = runtime.recorder
        own.publish = runtime.publish
        results.append(call(own, own.get_block(usage), "submit", {"at": at})[0])

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 409]
    assert len(runtime.recorder.of("grade")) == 1
    assert len(runtime.recorder.of(f"{EVENTS}.submitted")) == 1


def test_the_best_attempt_is_kept_and_the_grade_never_goes_down(learner):
    runtime, block = learner
    play_perfect(runtime, block)
    status, view = call(runtime, block, "submit")
    assert status == 200 and view["result"]["raw"] == 1.0
    assert view["reference"] is None  # show_reference="after_last", an attempt remains
    assert runtime.recorder.of("grade") == [
        {"value": 1.0, "max_value": 1.0, "only_if_higher": None}
    ]
    assert runtime.recorder.of("completion") == [{"completion": 1.0}]
    status, view = call(runtime, block, "restart")
    assert status == 200 and view["attempt"] == 2 and view["map"]["placed"] == []
    call(runtime, block, "act", {"type": "place", "partner": "ft", "domains": ["sante"]})
    status, view = call(runtime, block, "submit")
    assert view["result"]["raw"] == 0.0 and view["kept"]["attempt"] == 1
    assert view["reference"]["placements"]["ft"] == ["emploi", "formation"]  # last attempt
    assert len(runtime.recorder.of("grade")) == 1 and block.get_score().raw_earned == 1.0
    status, body = call(runtime, block, "restart")
    assert (status, body["error"]) == (400, "No attempts left: you have used all 2.")


def test_rescoring_uses_the_current_content(learner):
    runtime, block = learner
    call(runtime, block, "act", {"type": "place", "partner": "ft", "domains": ["emploi"]})
    call(runtime, block, "submit")
    before = block.get_score().raw_earned
    content = json.loads(block.network_json)
    content["partners"][0]["domains"] = ["emploi"]  # the trainer corrects the reference
    block.network_json = json.dumps(content)
    block.rescore(only_if_higher=False)
    rescored = runtime.recorder.of("grade")[-1]["value"]
    assert rescored > before
    # What the platform now holds is kept (the mixin publishes a rescore but never stores
    # it): a later attempt is measured against it, and no grade below it is published.
    assert block.get_score().raw_earned == rescored
    call(runtime, block, "restart")
    call(runtime, block, "act", {"type": "place", "partner": "ft", "domains": ["emploi"]})
    call(runtime, block, "submit")
    assert all(g["value"] >= rescored for g in runtime.recorder.of("grade")[-1:])
    assert block.get_score().raw_earned == rescored


def test_student_view_data_holds_no_reference(learner):
    runtime, block = learner
    call(runtime, block, "act", {"type": "place", "partner": "ft", "domains": ["emploi"]})
    data = json.dumps(block.student_view_data(), ensure_ascii=False)
    for secret in ('"correct"', '"urgent"', '"mobilise"', '"cap"', "Le logement d'abord", "B3.1"):
        assert secret not in data
    assert '"formation"' not in json.dumps(block.student_view_data()["view"]["partners"])
    assert PartnerNetworkBlock.supports("multi_device")
    html = runtime.render(block, "student_view").content
    assert "Réseau du PLIE" in html and "<noscript>" in html


def test_a_learner_posting_to_studio_gets_403(learner):
    runtime, block = learner
    status, body = call(runtime, block, "studio_submit", {"display_name": "x"})
    assert (status, body["error"]) == (403, "Only course staff can edit this activity.")
    in_studio(runtime, can_write=False)
    assert call(runtime, block, "studio_check", {"network_xml": SMALL_MAP})[0] == 403


def studio_form(**changes):
    return {
        "display_name": "Nouveau réseau",
        "max_attempts": 4,
        "weight": 2,
        "show_reference": "always",
        "required_mark": None,
        "network_xml": SMALL_MAP,
        **changes,
    }


def test_studio_checks_and_saves_the_network(make_runtime):
    runtime, block = make(make_runtime, "author1")
    in_studio(runtime, can_write=True)
    bad = SMALL_MAP.replace('to="siao"', 'to="nowhere"')
    status, body = call(runtime, block, "studio_check", {"network_xml": bad})
    assert status == 200 and body["content"] is None
    assert 'unknown partner "nowhere"' in body["problems"][0]["message"]
    assert body["problems"][0]["line"]
    status, body = call(runtime, block, "studio_submit", studio_form(network_xml=bad))
    assert status == 400 and "nowhere" in body["error"]
    edited = SMALL_MAP.replace("Nadia, 38 ans", "Nadia, 39 ans")
    assert call(runtime, block, "studio_submit", studio_form(network_xml=edited))[0] == 200
    assert (block.display_name, block.max_attempts, block.show_reference) == (
        "Nouveau réseau",
        4,
        "always",
    )
    assert block.model().situation_items[0].title == "Nadia, 39 ans"


def test_in_the_lms_a_studio_edit_is_refused_and_changes_nothing(make_runtime):
    runtime, block = make(make_runtime, "trainer1")
    in_lms(runtime)
    block = runtime.get_block(block.scope_ids.usage_id)
    before = block.network_json
    status, _body = call(runtime, block, "studio_submit", studio_form())
    assert status == 403 and block.network_json == before


def test_a_new_block_plays_the_default_network(make_runtime):
    _runtime, block = make(make_runtime, xml="<partner_network/>")
    view = block.view_state()
    assert len(view["partners"]) == 7 and view["map"] and view["questions"]
    assert view["strategies"] and view["situations"]


def test_olx_export_round_trips_through_the_runtime(learner, tmp_path):
    runtime, block = learner
    out = tmp_path / "out.xml"
    with out.open("wb") as handle:
        runtime.export_to_xml(block, handle)
    second = runtime.get_block(runtime.parse_xml_string(out.read_bytes()))
    assert second.model() == block.model()
    assert (second.max_attempts, second.weight) == (2, 1.0)


def test_staff_read_every_learner_from_the_shared_record_newest_first(make_runtime):
    """Submissions reach staff through `Scope.user_state_summary`, as in the LMS (read-only
    content, no access to other learners' state): never through the runtime's own store."""
    _runtime, block = make(make_runtime, "learner1")
    usage = block.scope_ids.usage_id
    for name in ("learner1", "learner2"):
        runtime = make_runtime(name)
        in_lms(runtime)
        mine = runtime.get_block(usage)
        call(runtime, mine, "act", {"type": "place", "partner": "ft", "domains": ["emploi"]})
        assert call(runtime, mine, "submit")[0] == 200
    staff = make_runtime("trainer1")
    in_lms(staff)
    status, listed = call(staff, staff.get_block(usage), "submissions")
    assert status == 200
    assert [row["learner"] for row in listed["submissions"]] == ["learner2", "learner1"]
    assert all(row["attempt"] == 1 and row["raw_score"] > 0 for row in listed["submissions"])


def test_a_lost_entry_comes_back_when_its_learner_returns(make_runtime):
    runtime, block = make(make_runtime, "learner1")
    call(runtime, block, "act", {"type": "place", "partner": "ft", "domains": ["emploi"]})
    call(runtime, block, "submit")
    block.submissions_json = ""  # as a runtime's stale copy of the record would leave it
    block.save()
    staff = make_runtime("trainer1")
    usage = block.scope_ids.usage_id
    assert call(staff, staff.get_block(usage), "submissions")[1]["submissions"] == []
    # The learner's page starts from the student view, without asking get_state.
    runtime.render(runtime.get_block(usage), "student_view")
    listed = call(staff, staff.get_block(usage), "submissions")[1]["submissions"]
    assert [row["learner"] for row in listed] == ["learner1"]
