"""The interview simulation block in the workbench runtime, as learners and trainers use it."""

import io
import json
import os
from pathlib import Path

import pytest
from django.utils import translation
from fs.osfs import OSFS
from lxml import etree

import course_content
from tests.blocks.conftest import call, in_lms, in_studio
from tests.scenarios import TWO_STEP, TWO_STEP_EDITED
from xblocks.interview_simulation import InterviewSimulationBlock
from xblocks.interview_simulation.authoring import ScenarioInvalid
from xblocks.interview_simulation.olx import scenario_from_xml


@pytest.fixture
def learner(make_runtime):
    runtime = make_runtime("learner1")
    block = runtime.get_block(runtime.parse_xml_string(TWO_STEP))
    return runtime, block


def state_of(block):
    return json.dumps(block.learner_state, sort_keys=True)


def test_a_full_playthrough_publishes_grade_completion_and_events(learner):
    runtime, block = learner
    for choice in ("a", "c"):
        status, view = call(runtime, block, "choose", {"choice": choice})
        assert status == 200
    assert runtime.recorder.of("grade") == []
    status, view = call(runtime, block, "choose", {"choice": "e"})
    assert status == 200
    assert view["ending"]["id"] == "e_relais"
    assert view["debrief"]["raw"] == 1.0
    assert runtime.recorder.of("grade") == [
        {"value": 1.0, "max_value": 1.0, "only_if_higher": None}
    ]
    assert runtime.recorder.of("completion") == [{"completion": 1.0}]
    choices = runtime.recorder.of("insertion_pro.interview_simulation.choice")
    assert [c["choice"] for c in choices] == ["a", "c", "e"]
    assert choices[1]["phase"] == "diagnostic"
    endings = runtime.recorder.of("insertion_pro.interview_simulation.ending")
    assert endings == [{"attempt": 1, "ending": "e_relais", "raw_score": 1.0}]
    assert block.get_score().raw_earned == 1.0


def test_a_worse_second_attempt_keeps_the_best_grade(learner):
    runtime, block = learner
    for choice in ("a", "c", "e"):
        call(runtime, block, "choose", {"choice": choice})
    assert call(runtime, block, "restart")[1]["attempt"] == 2
    for choice in ("b", "d", "f"):
        call(runtime, block, "choose", {"choice": choice})
    assert len(runtime.recorder.of("grade")) == 1
    assert block.get_score().raw_earned == 1.0
    status, body = call(runtime, block, "restart")
    assert (status, body["error"]) == (400, "No attempts left: you have used all 2.")


def test_resume_gives_back_the_exact_same_view(learner, make_runtime):
    runtime, block = learner
    call(runtime, block, "choose", {"choice": "b"})
    _status, before = call(runtime, block, "choose", {"choice": "c"})
    block.save()
    again = runtime.get_block(block.scope_ids.usage_id)
    assert call(runtime, again, "get_state")[1] == before
    assert before["current"]["id"] == "n3"


BAD_REQUESTS = [
    ("not json", dict(raw=b"{choice:"), "The request is not valid JSON."),
    ("not an object", dict(raw=b"[1, 2]"), "The request must be a JSON object."),
    ("wrong type", dict(body={"choice": 3}), 'Name the choice as a string in "choice".'),
    ("unknown", dict(body={"choice": "zzz"}), "Unknown choice zzz."),
    ("not offered", dict(body={"choice": "e"}), "Unknown choice e."),
    ("too large", dict(raw=b'{"choice": "' + b"x" * 70000 + b'"}'), "larger than 64 KB"),
    ("not utf-8", dict(raw=b"\xff\xfe"), "The request is not valid JSON."),
]


@pytest.mark.parametrize(("case", "request_kwargs", "message"), BAD_REQUESTS)
def test_bad_requests_get_400_and_change_nothing(learner, case, request_kwargs, message):
    runtime, block = learner
    call(runtime, block, "choose", {"choice": "a"})
    before = state_of(block)
    status, body = call(runtime, block, "choose", **request_kwargs)
    assert status == 400, case
    assert message in body["error"]
    assert state_of(block) == before


def test_choice_after_the_end_is_refused(learner):
    runtime, block = learner
    for choice in ("b", "d", "f"):
        call(runtime, block, "choose", {"choice": choice})
    before = state_of(block)
    status, body = call(runtime, block, "choose", {"choice": "a"})
    assert status == 400
    assert "over" in body["error"]
    assert state_of(block) == before
    assert len(runtime.recorder.of("grade")) == 1


def test_get_is_refused(learner):
    runtime, block = learner
    assert call(runtime, block, "choose", method="GET")[0] == 405


def test_errors_are_translated(learner):
    runtime, block = learner
    with translation.override("fr"):
        status, body = call(runtime, block, "choose", {"choice": "zzz"})
    assert status == 400
    assert body["error"] == "Choix inconnu\u00a0: zzz."


def test_views_never_leak_feedback_or_points_of_choices_not_made(learner):
    runtime, block = learner
    call(runtime, block, "choose", {"choice": "a"})
    data = json.dumps(block.student_view_data(), ensure_ascii=False)
    html = runtime.render(block, "student_view").content
    for secret in ("Trop administratif.", "Urgence repérée.", "Signal manqué.", '"next"', "B1.5"):
        assert secret not in data
        assert secret not in html.split("capacities")[0]
    assert "Cadre posé." in data  # the feedback of the choice made, in immediate mode
    assert InterviewSimulationBlock.supports("multi_device")


def test_rescoring_uses_the_current_content(learner):
    runtime, block = learner
    for choice in ("a", "d", "f"):
        call(runtime, block, "choose", {"choice": choice})
    assert block.get_score().raw_earned == 0.4286
    content = json.loads(block.scenario_json)
    content["flags"][1]["cap"] = None  # the trainer drops the critical item
    block.scenario_json = json.dumps(content)
    block.rescore(only_if_higher=False)
    assert runtime.recorder.of("grade")[-1]["value"] == 0.4286
    content["nodes"][1]["choices"][1]["points"] = [["B2.4", 3]]
    block.scenario_json = json.dumps(content)
    block.rescore(only_if_higher=False)
    assert runtime.recorder.of("grade")[-1]["value"] == round(5 / 7, 4)


def test_invalid_olx_fails_naming_the_block(make_runtime):
    runtime = make_runtime()
    bad = TWO_STEP.replace("<interview_simulation ", '<interview_simulation url_name="karim" ')
    with pytest.raises(ScenarioInvalid, match=r'"karim".*unknown target "n9"'):
        runtime.parse_xml_string(bad.replace('next="n3"', 'next="n9"', 1))
    with pytest.raises(ScenarioInvalid, match=r'"karim".*DOCTYPE'):
        runtime.parse_xml_string('<!DOCTYPE x [<!ENTITY a "b">]>' + bad)


def test_olx_export_round_trips_through_the_runtime(learner, make_runtime, tmp_path):
    runtime, block = learner
    out = tmp_path / "out.xml"
    with out.open("wb") as handle:
        runtime.export_to_xml(block, handle)
    second = runtime.get_block(runtime.parse_xml_string(out.read_bytes()))
    assert second.model() == block.model()
    assert (second.max_attempts, second.feedback_mode) == (2, "immediate")


def test_studio_edits_need_staff(learner):
    runtime, block = learner
    status, body = call(runtime, block, "studio_submit", {"display_name": "x"})
    assert (status, body["error"]) == (403, "Only course staff can edit this activity.")


@pytest.fixture
def trainer(make_runtime):
    runtime = make_runtime("trainer1")
    return runtime, runtime.get_block(runtime.parse_xml_string(TWO_STEP))


def settings(**changes):
    return {
        "display_name": "Nouveau nom",
        "max_attempts": 5,
        "feedback_mode": "debrief",
        "weight": 2,
        "scenario_xml": TWO_STEP_EDITED,
        **changes,
    }


def test_studio_refuses_invalid_content_with_the_validation_messages(trainer):
    runtime, block = trainer
    before = block.scenario_json
    status, body = call(
        runtime,
        block,
        "studio_submit",
        settings(scenario_xml=TWO_STEP_EDITED.replace('"B2.4"', '"B7"')),
    )
    assert status == 400
    assert 'capacity code "B7" is not in the référentiel' in body["error"]
    assert block.scenario_json == before
    for bad in ({"max_attempts": "3"}, {"feedback_mode": "never"}, {"display_name": " "}):
        assert call(runtime, block, "studio_submit", settings(**bad))[0] == 400
    status, body = call(runtime, block, "studio_check", {"scenario_xml": "<interview_simulation"})
    assert status == 200
    assert body["content"] is None
    assert body["problems"][0].startswith("line 1: a tag is not finished")


def test_studio_explains_xml_syntax_errors_at_the_line_to_fix(trainer):
    runtime, block = trainer
    lines = TWO_STEP_EDITED.splitlines()
    say = next(i for i, text in enumerate(lines) if "<say>Bonjour.</say>" in text)
    broken = TWO_STEP_EDITED.replace("<say>Bonjour.</say>", "<say>Bonjour.")
    with translation.override("fr"):
        problems = call(runtime, block, "studio_check", {"scenario_xml": broken})[1]["problems"]
        amp = call(
            runtime, block, "studio_check", {"scenario_xml": broken.replace("Bonjour.", "A & B")}
        )
    assert problems == [
        f"ligne {say + 1}\u00a0: la balise <say> ouverte à cette ligne n’est jamais fermée "
        "(une balise </node> arrive avant)."
    ]
    assert "un «\u00a0&\u00a0» seul s’écrit &amp;." in amp[1]["problems"][0]


def test_studio_settings_have_one_source_of_truth(trainer):
    runtime, block = trainer
    before = block.scenario_json
    # The root says 2 attempts, the form 5: refused, naming both.
    status, body = call(runtime, block, "studio_submit", settings(scenario_xml=TWO_STEP))
    assert status == 400
    assert 'max_attempts="2"' in body["error"] and '"5"' in body["error"]
    assert block.scenario_json == before
    # When they agree, the save goes through and the editor shows the XML without them.
    agreeing = settings(
        scenario_xml=TWO_STEP,
        display_name="Test",
        max_attempts=2,
        feedback_mode="immediate",
        weight=1,
    )
    assert call(runtime, block, "studio_submit", agreeing)[0] == 200
    shown = runtime.render(block, "studio_view").content
    assert (
        "max_attempts=&#34;2&#34;" not in shown
        and 'max_attempts="2"' not in shown.split("<textarea")[1]
    )


def test_studio_keeps_the_authors_comments_and_layout(trainer):
    runtime, block = trainer
    assert call(runtime, block, "studio_submit", settings())[0] == 200
    assert block.scenario_source == TWO_STEP_EDITED
    assert "&lt;!-- relu par la formatrice --&gt;" in runtime.render(block, "studio_view").content
    node = etree.Element("x")
    block.add_xml_to_node(node)
    exported = etree.tostring(node, encoding="unicode")
    assert "<!-- relu par la formatrice -->" in exported and 'max_attempts="5"' in exported


def test_studio_saves_a_scenario_as_large_as_check_accepts(trainer):
    runtime, block = trainer
    padding = "<!-- " + "é" * 100_000 + " -->"  # 200 KB of UTF-8, under the 256 KB bound
    big = TWO_STEP_EDITED.replace("<!-- relu par la formatrice -->", padding)
    assert call(runtime, block, "studio_submit", settings(scenario_xml=big))[0] == 200
    assert block.scenario_source == big


def test_studio_saves_valid_content_and_settings(trainer):
    runtime, block = trainer
    new_xml = TWO_STEP_EDITED.replace("Bonjour.", "Bonsoir.")
    assert call(runtime, block, "studio_submit", settings(scenario_xml=new_xml))[0] == 200
    assert block.model().nodes[0].say == "Bonsoir."
    assert (block.display_name, block.max_attempts, block.feedback_mode, block.weight) == (
        "Nouveau nom",
        5,
        "debrief",
        2.0,
    )
    _status, body = call(runtime, block, "studio_check", {"scenario_xml": new_xml})
    assert body["problems"] == []
    assert body["content"]["nodes"][0]["say"] == "Bonsoir."
    assert "Bonsoir." in runtime.render(block, "studio_view").content


def test_a_new_block_has_a_playable_default_scenario(make_runtime):
    runtime = make_runtime()
    block = runtime.get_block(runtime.parse_xml_string("<interview_simulation/>"))
    assert call(runtime, block, "get_state")[1]["current"]["id"] == "n1"


def test_olx_import_never_reads_an_external_entity(make_runtime, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    hostile = TWO_STEP.replace("Sans emploi.", "&s;")
    runtime = make_runtime()
    # The runtime's own parser leaves external entities undefined; if it ever resolved them,
    # the block would still refuse the DOCTYPE. Either way the file is never read.
    with pytest.raises((ScenarioInvalid, etree.XMLSyntaxError)) as refused:
        runtime.parse_xml_string(f'<!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>{hostile}')
    assert "TOP-SECRET-42" not in str(refused.value)
    internal = TWO_STEP.replace("Sans emploi.", "&s;")
    with pytest.raises(ScenarioInvalid, match="DOCTYPE"):
        runtime.parse_xml_string(f'<!DOCTYPE x [<!ENTITY s "inline">]>{internal}')


def test_olx_over_the_size_bound_is_refused(make_runtime):
    huge = TWO_STEP.replace("Sans emploi.", "x" * 300_000)
    with pytest.raises(ScenarioInvalid, match="over the limit"):
        make_runtime().parse_xml_string(huge)


# --- who may edit: Studio's permissions, the LMS's read-only content ----------------------


class UsageKey(str):
    """A usage id that knows its course, as Open edX's opaque keys do."""

    context_key = "course-v1:Insertion+AIP+2026"


def test_in_studio_a_course_author_who_is_not_staff_may_edit(make_runtime):
    runtime = make_runtime("author1")  # not staff in the workbench
    block = runtime.get_block(runtime.parse_xml_string(TWO_STEP))
    permissions = in_studio(runtime, can_write=True)
    assert call(runtime, block, "studio_submit", settings())[0] == 200
    assert (block.display_name, block.max_attempts) == ("Nouveau nom", 5)
    assert permissions.asked == [None]  # the workbench's usage ids name no course
    block.scope_ids = block.scope_ids._replace(usage_id=UsageKey(block.scope_ids.usage_id))
    assert call(runtime, block, "studio_check", {"scenario_xml": TWO_STEP})[0] == 200
    assert permissions.asked[-1] == "course-v1:Insertion+AIP+2026"


def test_in_studio_a_user_without_write_access_is_refused_even_if_staff(trainer):
    runtime, block = trainer
    in_studio(runtime, can_write=False)
    before = (block.display_name, block.scenario_json)
    status, body = call(runtime, block, "studio_submit", settings())
    assert (status, body["error"]) == (403, "Only course staff can edit this activity.")
    assert call(runtime, block, "studio_check", {"scenario_xml": TWO_STEP})[0] == 403
    assert (block.display_name, block.scenario_json) == before


def test_without_studio_permissions_staff_may_edit(trainer):
    runtime, block = trainer
    assert runtime.service(block, "studio_user_permissions") is None
    assert call(runtime, block, "studio_submit", settings())[0] == 200


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This activity can only be edited in Studio."),
        ("fr", "Cette activité ne peut être modifiée que dans Studio."),
    ],
)
def test_in_the_lms_an_edit_is_refused_with_403_and_changes_nothing(trainer, language, message):
    runtime, block = trainer
    call(runtime, block, "choose", {"choice": "a"})
    usage_id = block.scope_ids.usage_id
    in_lms(runtime)
    block = runtime.get_block(usage_id)
    before = (block.display_name, block.max_attempts, block.weight, block.scenario_json)
    with translation.override(language):
        status, body = call(runtime, block, "studio_submit", settings())
    assert (status, body["error"]) == (403, message)
    assert (block.display_name, block.max_attempts, block.weight, block.scenario_json) == before
    again = runtime.get_block(usage_id)
    assert (again.display_name, again.max_attempts, again.scenario_json) == before[:2] + before[3:]
    # The learner side still works.
    assert call(runtime, again, "choose", {"choice": "c"})[0] == 200


# --- Open edX course import: pointer tags, comments ---------------------------------------

COURSE = Path(course_content.__file__).resolve().parent


def test_a_pointer_tag_reads_the_scenario_from_the_course_folder(make_runtime):
    runtime = make_runtime()
    runtime.resources_fs = OSFS(str(COURSE))
    block = runtime.get_block(
        runtime.parse_xml_string('<interview_simulation url_name="deld_karim"/>')
    )
    assert block.model().persona.name == "Karim B."
    assert block.display_name.startswith("Entretien d’accueil PLIE\u00a0: Karim")
    expected, _settings = scenario_from_xml(
        (COURSE / "interview_simulation/deld_karim.xml").read_bytes()
    )
    assert block.model() == expected


def test_a_pointer_to_no_file_is_a_new_block(make_runtime):
    runtime = make_runtime()
    runtime.resources_fs = OSFS(str(COURSE))
    block = runtime.get_block(
        runtime.parse_xml_string('<interview_simulation url_name="nouveau"/>')
    )
    assert block.scenario_json == ""
    assert call(runtime, block, "get_state")[1]["current"]["id"] == "n1"


def test_a_hostile_or_invalid_pointed_file_is_refused_naming_block_file_and_line(
    make_runtime, tmp_path
):
    folder = tmp_path / "interview_simulation"
    folder.mkdir()
    (folder / "hostile.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY s SYSTEM "file:///etc/passwd">]>\n'
        + TWO_STEP.replace("Sans emploi.", "&s;"),
        encoding="utf-8",
    )
    (folder / "broken.xml").write_text(
        TWO_STEP.replace("<say>Bonjour.</say>", "<say>Bonjour.</say><oops/>"), encoding="utf-8"
    )
    (folder / "huge.xml").write_text(TWO_STEP.replace("Sans emploi.", "x" * 300_000))
    os.mkfifo(folder / "fifo.xml")  # would block a plain reader forever
    (tmp_path.parent / "secret.xml").write_text(TWO_STEP, encoding="utf-8")
    (folder / "outside.xml").symlink_to(tmp_path.parent / "secret.xml")
    runtime = make_runtime()
    runtime.resources_fs = OSFS(str(tmp_path))
    cases = [
        ("hostile", r'"hostile": interview_simulation/hostile\.xml, line 2: DOCTYPE'),
        ("broken", r'"broken": interview_simulation/broken\.xml, line \d+: <node> cannot contain'),
        ("huge", r'"huge": interview_simulation/huge\.xml: \d+ bytes, over the limit'),
        ("fifo", r'"fifo": interview_simulation/fifo\.xml: not a regular file'),
        ("outside", r'"outside": interview_simulation/outside\.xml: a link to a file outside'),
        ("..:..:etc:passwd", r"cannot name a file of the course"),
    ]
    for url_name, expected in cases:
        with pytest.raises(ScenarioInvalid, match=expected):
            runtime.parse_xml_string(f'<interview_simulation url_name="{url_name}"/>')


def test_comments_in_a_scenario_are_ignored_on_import(make_runtime):
    commented = (
        TWO_STEP.replace('<node id="n1"', '<!-- accueil -->\n  <node id="n1"', 1)
        .replace("<say>Bonjour.</say>", "<!-- à revoir --><say>Bon<!-- x -->jour.</say><?pi x?>")
        .replace("<text>Votre", "<!-- administratif --><text>Votre")
    )
    runtime = make_runtime()
    block = runtime.get_block(runtime.parse_xml_string(commented))
    plain = runtime.get_block(runtime.parse_xml_string(TWO_STEP))
    assert block.model() == plain.model()
    empty = runtime.get_block(
        runtime.parse_xml_string("<interview_simulation><!-- à écrire --></interview_simulation>")
    )
    assert empty.scenario_json == ""  # a new block, playing the default scenario


# --- Repeated actions, kept attempts, content that changes under learners ---------------------


def test_a_stale_action_gets_409_and_changes_nothing(learner):
    runtime, block = learner
    status, view = call(runtime, block, "choose", {"choice": "a"})
    first = {"attempt": 1, "step": 0}
    before = state_of(block)
    status, body = call(runtime, block, "choose", {"choice": "c", "at": first})
    assert status == 409 and "out of date" in body["error"]
    assert state_of(block) == before
    for bad in ({"attempt": "1", "step": 1}, [1, 1], None, {"attempt": 1}):
        assert call(runtime, block, "choose", {"choice": "c", "at": bad})[0] == 400
    assert call(runtime, block, "choose", {"choice": "c", "at": view["at"]})[0] == 200


def test_after_the_last_attempt_the_view_shows_the_kept_attempt(learner):
    runtime, block = learner
    for choice in ("a", "c", "e"):
        call(runtime, block, "choose", {"choice": choice})
    call(runtime, block, "restart")
    for choice in ("b", "d"):
        call(runtime, block, "choose", {"choice": choice})
    _status, view = call(runtime, block, "choose", {"choice": "f"})
    assert (view["attempt"], view["shown_attempt"], view["last_raw"]) == (2, 1, 0.1429)
    assert view["debrief"]["raw"] == 1.0 and view["ending"]["id"] == "e_relais"
    assert view["kept"] == {"attempt": 1, "raw": 1.0} and view["can_restart"] is False
    assert block.get_score().raw_earned == 1.0


def _edit_content(block, change):
    content = json.loads(block.scenario_json)
    change(content)
    block.scenario_json = json.dumps(content, ensure_ascii=False)
    block.save()


def test_a_finished_attempt_keeps_its_debrief_when_the_content_changes(learner):
    runtime, block = learner
    for choice in ("a", "c", "e"):
        call(runtime, block, "choose", {"choice": choice})
    _status, before = call(runtime, block, "get_state")

    def drop_choice_c(content):  # the author removes the choice this attempt took
        content["nodes"][1]["choices"] = content["nodes"][1]["choices"][1:]
        content["endings"][0]["requires"] = []

    _edit_content(block, drop_choice_c)
    _status, after = call(runtime, block, "get_state")
    assert after["ending"] == before["ending"] and after["debrief"] == before["debrief"]
    assert after["transcript"] == before["transcript"] and after["notice"] is None
    assert after["attempt"] == 1 and after["can_restart"] is True
    status, body = call(runtime, block, "choose", {"choice": "f"})
    assert status == 400 and "over" in body["error"]
    status, view = call(runtime, block, "restart")
    assert status == 200 and view["attempt"] == 2 and view["current"]["id"] == "n1"
    assert block.get_score().raw_earned == 1.0


def test_an_unfinished_attempt_that_no_longer_replays_restarts_with_a_notice(learner):
    runtime, block = learner
    call(runtime, block, "choose", {"choice": "a"})
    call(runtime, block, "choose", {"choice": "c"})

    def rename_c(content):
        content["nodes"][1]["choices"][0]["id"] = "c2"

    _edit_content(block, rename_c)
    _status, view = call(runtime, block, "get_state")
    assert view["notice"] == "content_changed"
    assert (view["attempt"], view["transcript"], view["current"]["id"]) == (1, [], "n1")
    status, view = call(runtime, block, "choose", {"choice": "a"})
    assert status == 200 and view["attempt"] == 1 and view["notice"] is None
    assert len(runtime.recorder.of("grade")) == 0


def test_studio_check_reports_cues_as_warnings_and_settings_that_disagree(trainer):
    runtime, block = trainer
    status, body = call(runtime, block, "studio_check", {"scenario_xml": TWO_STEP_EDITED})
    assert status == 200 and body["problems"] == [] and body["content"] is not None
    # In each of its three nodes the best choice is the longest and the worst the shortest:
    # cues of the whole scenario, so without a line.
    assert len(body["warnings"]) == 2
    assert body["warnings"][0].startswith("Cue: the best choice is the longest in 3 of 3 nodes")
    assert body["warnings"][1].startswith("Cue: the worst choice is the shortest in 3 of 3 nodes")
    form = {"display_name": "Test", "max_attempts": 4, "feedback_mode": "immediate", "weight": 1}
    status, body = call(
        runtime, block, "studio_check", {"scenario_xml": TWO_STEP, "settings": form}
    )
    assert body["content"] is None
    assert body["problems"][0].startswith("line 2: ") and 'max_attempts="2"' in body["problems"][0]


def test_ids_and_unknown_values_are_named_with_the_line_and_what_is_allowed(trainer):
    runtime, block = trainer
    lines = TWO_STEP_EDITED.splitlines()
    flag_line = next(i for i, t in enumerate(lines) if 'id="logement"' in t) + 1
    bad = TWO_STEP_EDITED.replace('"logement"', '"logement été"').replace(
        'kind="barrier"', 'kind="frein"'
    )
    problems = call(runtime, block, "studio_check", {"scenario_xml": bad})[1]["problems"]
    assert (
        f'line {flag_line}: The id "logement été" (flag) may hold only ASCII letters'
        in (problems[0])
    )
    kind = next(p for p in problems if "unknown kind" in p)
    assert "(expected one of urgency, barrier, milestone)" in kind


def test_a_state_reset_by_staff_is_not_held_back_by_older_marks(learner):
    runtime, block = learner
    for choice in ("a", "c", "e"):
        assert call(runtime, block, "choose", {"choice": choice})[0] == 200
    block.learner_state = {}  # staff reset the learner's state
    block.save()
    status, view = call(runtime, block, "choose", {"choice": "a"})
    assert status == 200 and view["at"] == {"attempt": 1, "step": 1}


def test_a_failure_after_the_choice_leaves_no_mark_ahead_of_the_saved_state(learner):
    runtime, block = learner
    call(runtime, block, "choose", {"choice": "a"})
    publish, failures = runtime.publish, []

    def failing(block_, event_type, data):
        if not failures:
            failures.append(event_type)
            raise RuntimeError("event bus down")
        return publish(block_, event_type, data)

    runtime.publish = failing
    usage = block.scope_ids.usage_id
    with pytest.raises(RuntimeError):
        call(runtime, block, "choose", {"choice": "c"})
    again = runtime.get_block(usage)
    assert again.view_state()["at"] == {"attempt": 1, "step": 1}  # nothing was saved
    assert call(runtime, again, "choose", {"choice": "c"})[0] == 200  # and nothing refuses


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"choice": "\\ud800"}', "not valid text"),
        (b'{"choice": "a", "at": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "larger than"),
        (b'{"choice": "a", "at": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", "nested too deeply"),
    ],
)
def test_odd_json_gets_a_400_never_a_500(learner, raw, message):
    runtime, block = learner
    before = state_of(block)
    status, body = call(runtime, block, "choose", raw=raw)
    assert status == 400 and message in body["error"]
    assert state_of(block) == before


def test_a_lone_surrogate_in_studio_is_refused_cleanly(trainer):
    runtime, block = trainer
    raw = json.dumps({"scenario_xml": "<interview_simulation>\ud800"}).encode()
    assert call(runtime, block, "studio_check", raw=raw)[0] == 400
    form = json.dumps(
        {
            "scenario_xml": TWO_STEP,
            "settings": {
                "display_name": "T\ud800",
                "max_attempts": 2,
                "feedback_mode": "immediate",
                "weight": 1,
            },
        }
    ).encode()
    assert call(runtime, block, "studio_check", raw=form)[0] == 400


def test_a_learner_graded_before_attempts_were_kept_still_sees_and_keeps_the_grade(learner):
    runtime, block = learner
    # As the previous release stored it: the graded path only, and a worse last attempt.
    block.scored_path = ["a", "c", "e"]
    block.score_raw = 1.0
    block.learner_state = {"v": 1, "attempt": 2, "path": ["b", "d", "f"]}
    block.save()
    _status, view = call(runtime, block, "get_state")
    assert view["debrief"]["raw"] == 1.0 and view["kept"]["raw"] == 1.0
    assert view["last_raw"] == 0.1429 and view["can_restart"] is False
    block.rescore(only_if_higher=False)
    assert runtime.recorder.of("grade")[-1]["value"] == 1.0


def test_a_stale_tab_after_a_content_change_is_told_it_is_stale(learner):
    runtime, block = learner
    for choice in ("a", "c", "e"):
        call(runtime, block, "choose", {"choice": choice})
    old_tab = {"attempt": 1, "step": 2}  # a tab left open before the end
    _edit_content(block, lambda content: content["nodes"][0].update(say="Bonjour à vous."))
    status, body = call(runtime, block, "choose", {"choice": "e", "at": old_tab})
    assert status == 409 and "out of date" in body["error"]


def test_the_required_mark_travels_through_olx_studio_and_the_learner_view(make_runtime, trainer):
    """The course's interviews carry the mark their block requires; Studio edits it; the
    learner's page is told it, to say whether the attempt that counts reaches it."""
    runtime = make_runtime()
    runtime.resources_fs = OSFS(str(COURSE))
    block = runtime.get_block(
        runtime.parse_xml_string('<interview_simulation url_name="deld_karim"/>')
    )
    assert (block.weight, block.required_mark) == (11.0, 0.5)
    exported = io.BytesIO()
    runtime.export_to_xml(block, exported)
    again = runtime.get_block(runtime.parse_xml_string(exported.getvalue()))
    assert (again.weight, again.required_mark) == (11.0, 0.5)
    assert '\\"required_mark\\": 0.5' in runtime.render(block, "student_view").content

    runtime, block = trainer
    assert call(runtime, block, "studio_submit", settings(required_mark=0.4))[0] == 200
    assert block.required_mark == 0.4
    assert call(runtime, block, "studio_submit", settings(required_mark=None))[0] == 200
    assert block.required_mark is None
    status, body = call(runtime, block, "studio_submit", settings(required_mark=1.5))
    assert status == 400 and "required_mark" in body["error"]
    assert block.required_mark is None
