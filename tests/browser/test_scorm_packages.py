"""The exported SCORM packages, played in a real LMS runtime (scorm-again) on a phone.

Every test checks what a learner sees and what the LMS receives. scorm-again accepts many
values a stricter LMS would refuse, so every value a SCO sets is also checked here against
the SCORM 1.2 or 2004 data model (`strict_problems`).
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree
from playwright.sync_api import expect

from scorm_export import grading
from scorm_export.olx_reader import read_course
from scorm_export.package import plans, write_packages
from scorm_export.preview import start
from tests.browser.conftest import AXE, ROOT
from xblocks.common.shuffle import order_key, shuffled
from xblocks.interview_simulation import engine, scoring, views

pytestmark = pytest.mark.browser

VERSIONS = ("1.2", "2004")
SLUG = {"1.2": "scorm12", "2004": "scorm2004"}
PHONE = {"width": 390, "height": 844}
TIMEZONE = "Europe/Paris"  # a learner in France: local time is not UTC
CALLS = {
    "1.2": {
        "init": "LMSInitialize",
        "set": "LMSSetValue",
        "commit": "LMSCommit",
        "finish": "LMSFinish",
    },
    "2004": {"init": "Initialize", "set": "SetValue", "commit": "Commit", "finish": "Terminate"},
}
ELEMENTS = {
    "1.2": {
        "status": "cmi.core.lesson_status",
        "completion": "cmi.core.lesson_status",
        "exit": "cmi.core.exit",
        "session": "cmi.core.session_time",
        "location": "cmi.core.lesson_location",
        "entry": "cmi.core.entry",
        "learner": "student_response",
        "time": "time",
        "raw": "cmi.core.score.raw",
        "min": "cmi.core.score.min",
        "max": "cmi.core.score.max",
    },
    "2004": {
        "status": "cmi.success_status",
        "completion": "cmi.completion_status",
        "exit": "cmi.exit",
        "session": "cmi.session_time",
        "location": "cmi.location",
        "entry": "cmi.entry",
        "learner": "learner_response",
        "time": "timestamp",
        "raw": "cmi.score.raw",
        "min": "cmi.score.min",
        "max": "cmi.score.max",
    },
}

# --- What each version's data model lets a SCO set ------------------------------------------


def _element(pattern: str) -> re.Pattern:
    """A data-model element pattern: "." is a dot, "#" an index, "(a|b)" alternatives."""
    return re.compile(pattern.replace(".", r"\.").replace("#", r"\d+"))


WRITABLE = {
    "1.2": [
        _element(p)
        for p in (
            "cmi.core.(lesson_location|lesson_status|exit|session_time)",
            "cmi.core.score.(raw|min|max)",
            "cmi.(suspend_data|comments)",
            "cmi.objectives.#.(id|status)",
            "cmi.objectives.#.score.(raw|min|max)",
            "cmi.student_preference.(audio|language|speed|text)",
            "cmi.interactions.#.(id|time|type|weighting|student_response|result|latency)",
            "cmi.interactions.#.objectives.#.id",
            "cmi.interactions.#.correct_responses.#.pattern",
        )
    ],
    "2004": [
        _element(p)
        for p in (
            "cmi.(location|completion_status|success_status|progress_measure|exit)",
            "cmi.(session_time|suspend_data)",
            "cmi.score.(scaled|raw|min|max)",
            "cmi.comments_from_learner.#.(comment|location|timestamp)",
            "cmi.objectives.#.(id|success_status|completion_status|progress_measure|description)",
            "cmi.objectives.#.score.(scaled|raw|min|max)",
            "cmi.learner_preference.(audio_level|language|delivery_speed|audio_captioning)",
            "cmi.interactions.#.(id|type|timestamp|weighting|learner_response|result|latency"
            "|description)",
            "cmi.interactions.#.objectives.#.id",
            "cmi.interactions.#.correct_responses.#.pattern",
            "adl.nav.request",
        )
    ],
}
VOCABULARY = {
    "1.2": {
        "cmi.core.lesson_status": {"passed", "completed", "failed", "incomplete", "browsed"},
        "cmi.core.exit": {"time-out", "suspend", "logout", ""},
    },
    "2004": {
        "cmi.completion_status": {"completed", "incomplete", "not attempted", "unknown"},
        "cmi.success_status": {"passed", "failed", "unknown"},
        "cmi.exit": {"time-out", "suspend", "logout", "normal", ""},
    },
}
INTERACTION_TYPES = {
    "1.2": {
        "true-false",
        "choice",
        "fill-in",
        "matching",
        "performance",
        "sequencing",
        "likert",
        "numeric",
    },
    "2004": {
        "true-false",
        "choice",
        "fill-in",
        "long-fill-in",
        "matching",
        "performance",
        "sequencing",
        "likert",
        "numeric",
        "other",
    },
}
RESULTS = {
    "1.2": {"correct", "wrong", "unanticipated", "neutral"},
    "2004": {"correct", "incorrect", "unanticipated", "neutral"},
}
SIZES = {
    "1.2": {"cmi.suspend_data": 4096, "cmi.core.lesson_location": 255},
    "2004": {"cmi.suspend_data": 64000, "cmi.location": 1000},
}
DECIMAL = re.compile(r"-?\d{1,10}(\.\d+)?")
TIME_12 = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?")
TIMESPAN_12 = re.compile(r"\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?")
TIMESTAMP_2004 = re.compile(
    r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(\.\d{1,2}(Z|[+-]\d{2}(:\d{2})?)?)?"
)
DURATION_2004 = re.compile(r"P(?=.)(\d+Y)?(\d+M)?(\d+D)?(T(?=.)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?")
SHORT_ID = re.compile(r"[A-Za-z0-9_.\-]{1,250}")
CHOICE_12 = re.compile(r"[0-9a-z](,[0-9a-z])*")


def strict_problems(version: str, calls: list[dict]) -> list[str]:
    """What a strict LMS of `version` would refuse among the values set in `calls`."""
    problems = []
    setter = CALLS[version]["set"]
    el = ELEMENTS[version]
    score = {}
    kinds: dict[str, str] = {}  # each interaction's type, which decides what its response is
    for call in calls:
        if call["call"] != setter:
            continue
        element, value = call["element"], call["value"]

        def bad(reason, element=element, value=value):
            problems.append(f"{element} = {value[:60]!r}: {reason}")

        if not any(p.fullmatch(element) for p in WRITABLE[version]):
            bad("not a writable element of the SCORM data model")
            continue
        if element in VOCABULARY[version] and value not in VOCABULARY[version][element]:
            bad("not in the vocabulary")
        limit = SIZES[version].get(element)
        if limit is not None and len(value) > limit:
            bad(f"{len(value)} characters, over {limit}")
        if element in (el["raw"], el["min"], el["max"], "cmi.score.scaled", "cmi.progress_measure"):
            if not DECIMAL.fullmatch(value):
                bad("not a decimal")
                continue
            score[element] = float(value)
            if version == "1.2" and not 0 <= score[element] <= 100:
                bad("outside 0..100")
            if element == "cmi.score.scaled" and not -1 <= score[element] <= 1:
                bad("outside -1..1")
            if element == "cmi.progress_measure" and not 0 <= score[element] <= 1:
                bad("outside 0..1")
            if element == el["raw"] and (
                score.get(el["min"]) is None or score.get(el["max"]) is None
            ):
                bad("score raw without min and max set first")
            elif (
                element == el["raw"] and not score[el["min"]] <= score[element] <= score[el["max"]]
            ):
                bad("score raw outside min..max")
        timespan = TIMESPAN_12 if version == "1.2" else DURATION_2004
        if element == el["session"] and not timespan.fullmatch(value):
            bad("not a SCORM timespan for this version")
        if element.startswith("cmi.interactions."):
            index, field = element.split(".", 3)[2:]
            kind = kinds.get(index, "choice")
            if field == "type":
                kinds[index] = value
            if field == "id" and (
                not value
                or re.search(r"\s", value)
                or len(value) > (255 if version == "1.2" else 4000)
            ):
                bad("not an identifier")
            elif field == "type" and value not in INTERACTION_TYPES[version]:
                bad("not an interaction type")
            elif field == "result" and not (value in RESULTS[version] or DECIMAL.fullmatch(value)):
                bad("not an interaction result of this version")
            elif field == "weighting" and not DECIMAL.fullmatch(value):
                bad("not a decimal")
            elif field == "time" and not TIME_12.fullmatch(value):
                bad("not a CMITime HH:MM:SS")
            elif field == "timestamp" and not TIMESTAMP_2004.fullmatch(value):
                bad("not an ISO 8601 timestamp")
            elif (
                field == "student_response" and kind == "choice" and not CHOICE_12.fullmatch(value)
            ):
                bad("not a 1.2 choice response (0-9a-z, comma separated)")
            elif field == "student_response" and kind == "fill-in" and len(value) > 255:
                bad(f"{len(value)} characters, over CMIString255")
            elif (
                field == "learner_response"
                and kind == "choice"
                and value  # a choice of nothing is an empty set
                and not all(SHORT_ID.fullmatch(part) for part in value.split("[,]"))
            ):
                bad("not short identifiers")
            elif field == "learner_response" and kind == "long-fill-in" and len(value) > 4000:
                bad(f"{len(value)} characters, over 4,000")
            elif (
                field == "learner_response"
                and kind == "fill-in"
                and any(len(part) > 250 for part in value.split("[,]"))
            ):
                bad("an answer over 250 characters")
            elif field == "description" and len(value) > 250:
                bad(f"{len(value)} characters, over 250")
    return problems


def test_strict_problems_catches_bad_values():
    good = [
        {"call": "LMSSetValue", "element": "cmi.core.score.min", "value": "0"},
        {"call": "LMSSetValue", "element": "cmi.core.score.max", "value": "100"},
        {"call": "LMSSetValue", "element": "cmi.core.score.raw", "value": "62.5"},
        {"call": "LMSSetValue", "element": "cmi.interactions.0.result", "value": "wrong"},
        {"call": "LMSSetValue", "element": "cmi.interactions.0.time", "value": "09:05:00"},
        {"call": "LMSSetValue", "element": "cmi.core.session_time", "value": "0000:01:02.50"},
        {"call": "LMSSetValue", "element": "cmi.suspend_data", "value": "x" * 4096},
    ]
    assert strict_problems("1.2", good) == []
    bad = [
        {"call": "LMSSetValue", "element": "cmi.interactions.0.result", "value": "incorrect"},
        {"call": "LMSSetValue", "element": "cmi.suspend_data", "value": "x" * 5000},
        {"call": "LMSSetValue", "element": "cmi.core.score.raw", "value": "62.5"},
        {"call": "LMSSetValue", "element": "cmi.interactions.0.time", "value": "2026-01-01T09:05"},
        {"call": "LMSSetValue", "element": "cmi.core.session_time", "value": "PT1M2S"},
        {"call": "LMSSetValue", "element": "cmi.completion_status", "value": "completed"},
    ]
    found = strict_problems("1.2", bad)
    assert len(found) == len(bad), found
    assert "not an interaction result" in found[0] and "5000 characters" in found[1]
    bad_2004 = [
        {"call": "SetValue", "element": "cmi.interactions.0.result", "value": "wrong"},
        {"call": "SetValue", "element": "cmi.score.scaled", "value": "1.5"},
        {"call": "SetValue", "element": "cmi.session_time", "value": "00:01:02"},
        {"call": "SetValue", "element": "cmi.interactions.0.learner_response", "value": "a b"},
        {"call": "SetValue", "element": "cmi.exit", "value": "finished"},
    ]
    assert len(strict_problems("2004", bad_2004)) == len(bad_2004)
    assert (
        strict_problems(
            "2004", [{"call": "SetValue", "element": "cmi.session_time", "value": "PT0H1M2.5S"}]
        )
        == []
    )


# --- Fixtures and helpers ------------------------------------------------------------------


class Built:
    """The course exported once, and the preview LMS serving every package."""

    def __init__(self, folder: Path) -> None:
        self.course = read_course(ROOT / "course_content")
        self.paths = write_packages(
            self.course, folder, plans(self.course, VERSIONS, per_block=True, whole=True)
        )
        self.server, self.url = start(self.paths)
        policy = json.loads(
            (ROOT / "course_content/policies" / self.course.run / "grading_policy.json").read_text(
                encoding="utf-8"
            )
        )
        self.mastery = policy["GRADE_CUTOFFS"]["Pass"]

    def index(self, name: str) -> int:
        return [p.name for p in self.paths].index(name)

    def lms(self, name: str) -> str:
        return f"{self.url}/lms/{self.index(name)}/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    built = Built(tmp_path_factory.mktemp("scorm"))
    yield built
    built.server.shutdown()
    built.server.server_close()


def phone_context(browser):
    """A fresh phone-sized browser of a learner in France, and the errors it meets."""
    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", timezone_id=TIMEZONE, has_touch=True
    )
    errors = []

    def watch(page):
        page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
        page.on(
            "response",
            lambda r: (
                r.status >= 400
                and not r.url.endswith("/favicon.ico")
                and errors.append(f"{r.status} {r.url}")
            ),
        )

    context.on("page", watch)
    return context, errors


@pytest.fixture
def context(chromium):
    """A phone-sized browser of a learner in France; any script or load error fails the test."""
    context, errors = phone_context(chromium)
    yield context
    context.close()
    assert errors == [], errors


def sco_frame(page):
    """The SCO in the LMS page, once it has started (initialized, reported, committed)."""
    page.wait_for_function("() => (window.lmsLog || []).some(e => /Commit$/.test(e.call))")
    frame = page.locator("#lms-frame").element_handle().content_frame()
    frame.wait_for_function("() => window.InsertionProSco && InsertionProSco.started()")
    return frame


WATCH_API = """() => {
    // What the SCO calls from now on, with what the API answered ("true" or "false").
    const api = window.lmsApi;
    window.apiCalls = [];
    ['LMSSetValue', 'LMSCommit', 'LMSFinish', 'SetValue', 'Commit', 'Terminate'].forEach(name => {
        if (typeof api[name] !== 'function') return;
        const original = api[name].bind(api);
        api[name] = (...args) => {
            const result = String(original(...args));
            window.apiCalls.push({call: name, element: args.length > 1 ? String(args[0]) : '',
                                  result: result, error: String(api.lastErrorCode)});
            return result;
        };
    });
}"""


def open_lms(context, built, name):
    """The LMS page of package `name` with its SCO started; calls to the API are watched."""
    page = context.new_page()
    page.goto(built.lms(name))
    frame = sco_frame(page)
    page.evaluate(WATCH_API)
    return page, frame


def api_calls(page) -> list[dict]:
    return page.evaluate("window.apiCalls")


def refused(page) -> list[dict]:
    """The calls the LMS answered "false" to since the SCO started."""
    return [c for c in api_calls(page) if c["result"] != "true"]


def lms_log(page) -> list[dict]:
    return page.evaluate("window.lmsLog")


def sets(log, version) -> list[tuple[str, str]]:
    return [(c["element"], c["value"]) for c in log if c["call"] == CALLS[version]["set"]]


def last(log, version, element):
    values = [v for e, v in sets(log, version) if e == element]
    return values[-1] if values else None


def interactions(log, version) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for element, value in sets(log, version):
        match = re.fullmatch(r"cmi\.interactions\.(\d+)\.(\w+)", element)
        if match:
            found.setdefault(int(match[1]), {})[match[2]] = value
    return found


def sco_data(frame) -> dict:
    return json.loads(frame.locator("#sco-data").text_content())


def shown_page(frame) -> int:
    return frame.evaluate(
        "Array.prototype.findIndex.call(document.querySelectorAll('.sco-page'), p => !p.hidden)"
    )


def no_horizontal_scroll(frame):
    width = frame.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " window.innerWidth]"
    )
    assert width[2] <= PHONE["width"], width
    assert width[0] <= width[1] + 1, f"horizontal scroll in the SCO: {width}"


def page_of(frame, item) -> int:
    return frame.evaluate(
        """(dom) => Array.prototype.indexOf.call(document.querySelectorAll('.sco-page'),
            document.getElementById(dom).closest('.sco-page'))""",
        item["dom"],
    )


def go_to(frame, target):
    """Reach page `target` with the SCO's own Next/Previous buttons."""
    for _ in range(50):
        current = shown_page(frame)
        if current == target:
            return
        frame.locator("#sco-next" if current < target else "#sco-prev").click()
    raise AssertionError(f"page {target} not reached")


def toc_to(frame, target):
    """Reach page `target` through the SCO's table of contents (folded until opened)."""
    frame.locator(".sco-toc summary").click()
    frame.locator(".sco-toc a").nth(target).click()
    expect(frame.locator(".sco-toc")).not_to_have_attribute("open", "")
    expect(frame.locator(".sco-page").nth(target)).to_be_visible()
    expect(frame.locator(".sco-toc a").nth(target)).to_have_attribute("aria-current", "page")


def ticked(item, pick) -> list[int]:
    """The options a pick selects: its index, or for checkboxes the boxes of its mask."""
    if item["checkbox"]:
        return [i for i in range(len(item["hints"])) if pick & (1 << i)]
    return [pick]


def wrong_picks(item) -> list[int]:
    """Wrong answers: every other option, or for checkboxes each right mask with one box
    changed."""
    if item["checkbox"]:
        masks = (item["answer"] ^ (1 << i) for i in range(len(item["hints"])))
        return [m for m in masks if m]
    return [c for c in range(len(item["hints"])) if c != item["answer"]]


def answer(frame, item, choice, ui):
    form = frame.locator(f"#{item['dom']}")
    for box in range(len(item["hints"])):
        control = form.locator(f"#{item['dom']}-{box}")
        wanted = box in ticked(item, choice)
        change = control.is_checked() != wanted if item["checkbox"] else wanted
        if change:
            form.locator(f"label[for='{item['dom']}-{box}']").click()
    form.locator("button[type=submit]").click()
    right = choice == item["answer"]
    expect(form.locator(".sco-feedback")).to_contain_text(ui["correct" if right else "incorrect"])


def expect_answered(frame, item, choice, ui):
    """The check shows the answer given, its feedback, the explanation, and no more input."""
    form = frame.locator(f"#{item['dom']}")
    for box in range(len(item["hints"])):
        control = form.locator(f"#{item['dom']}-{box}")
        if box in ticked(item, choice):
            expect(control).to_be_checked()
        else:
            expect(control).not_to_be_checked()
    right = choice == item["answer"]
    expect(form.locator(".sco-feedback")).to_contain_text(ui["correct" if right else "incorrect"])
    expect(form.locator(".sco-solution")).to_be_visible()
    for control in form.locator("input, button").all():
        expect(control).to_be_disabled()


def live_turns(frame, item):
    return frame.locator(f"#{item['dom']} .ip-body > .ip-transcript > .ip-turn")


LEARNER_ID = """() => {
  const lms = window.parent;
  const api = lms.API_1484_11 || lms.API;
  if (!api) return '';
  if (api.GetValue) return String(api.GetValue('cmi.learner_id'));
  return String(api.LMSGetValue('cmi.core.student_id'));
}"""


def play_interview(frame, item, steps=None, path=(), attempt=1) -> list[str]:
    """Click the first choice shown, `steps` times or to the end; the path of choice ids.

    `path` is where the interview already stands (a resumed session). The buttons must come in
    the order the Python engine draws for this learner (the LMS's learner id), block and
    attempt, so the path is known independently of the page's JavaScript engine.
    """
    scenario = engine.from_dict(item["content"])
    root = frame.locator(f"#{item['dom']}")
    seed = f"{frame.evaluate(LEARNER_ID)}|{item['id']}"
    path = list(path)
    taken = 0
    while steps is None or taken < steps:
        walked = engine.walk(scenario, path)
        if walked.ending_id is not None:
            break
        node = scenario.node_by_id[walked.node_id]
        key = order_key(seed, attempt, node.id)
        shown = views.shown_choices(scenario, node, walked.flags, key)
        first = root.locator(".ip-current .ip-choice").first
        expect(first).to_be_enabled()
        texts = root.locator(".ip-current .ip-choice").all_text_contents()
        assert [t.strip() for t in texts] == [c.text.strip() for c in shown]
        first.click()
        path.append(shown[0].id)
        taken += 1
        if engine.walk(scenario, path).ending_id is None:
            expect(live_turns(frame, item)).to_have_count(len(path))
        else:
            expect(root.locator(".ip-debrief")).to_be_visible()
        assert len(path) < 100, "the interview never ends"
    return path


def choice_position(scenario, choice_id) -> int:
    for node in scenario.nodes:
        for position, choice in enumerate(node.choices):
            if choice.id == choice_id:
                return position
    raise KeyError(choice_id)


def stamp_error(version, value, start, end) -> float:
    """How far (seconds) an interaction time lies outside the [start, end] of the session.

    1.2's CMITime is the learner's clock time; a 2004 timestamp without a zone designator is
    local time too (ISO 8601), with one it is exact.
    """
    zone = ZoneInfo(TIMEZONE)
    if version == "1.2":
        clock = datetime.strptime(value[:8], "%H:%M:%S").time()
        moment = datetime.combine(start.astimezone(zone).date(), clock, zone)
        if moment < start - timedelta(hours=12):
            moment += timedelta(days=1)
    else:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
    if moment < start:
        return (start - moment).total_seconds()
    return max(0.0, (moment - end).total_seconds())


def axe_in_frame(frame) -> list[str]:
    """Serious and critical axe-core violations in the SCO's document."""
    if not frame.evaluate("!!window.axe"):
        frame.add_script_tag(path=str(AXE))
    return frame.evaluate(
        """async () => {
            const r = await axe.run(document);
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }"""
    )


def bloc1(version):
    return f"aip-bloc1-{SLUG[version]}.zip"


# --- 1. A full playthrough on a phone ------------------------------------------------------


@pytest.mark.parametrize("answers", ["mixed", "all wrong"])
@pytest.mark.parametrize("version", VERSIONS)
def test_full_playthrough_on_a_phone(version, answers, built, context):
    """Every page, every check, the whole interview; then what the LMS holds at the end.

    "mixed": right at once, wrong then right, wrong until no attempt is left (in turn);
    "all wrong": every check failed, so that the block is failed whatever the interview.
    """
    page, frame = open_lms(context, built, bloc1(version))
    data = sco_data(frame)
    ui = data["ui"]
    el = ELEMENTS[version]
    assert data["version"] == version
    assert data["mastery"] == built.mastery
    problems = [i for i in data["items"] if i["kind"] == "problem"]
    activities = [i for i in data["items"] if i["kind"] == "activity"]
    assert len(problems) >= 3 and len(activities) >= 1
    total_pages = frame.locator(".sco-page").count()

    plan = {}
    for n, item in enumerate(problems):
        wrong = wrong_picks(item)
        if answers == "mixed" and n % 3 == 0:
            plan[item["key"]] = [item["answer"]]
        elif answers == "mixed" and n % 3 == 1:
            plan[item["key"]] = [wrong[0], item["answer"]]
        else:
            assert item["max_attempts"] > 0
            plan[item["key"]] = [wrong[a % len(wrong)] for a in range(item["max_attempts"])]
    by_page = {}
    for item in data["items"]:
        by_page.setdefault(page_of(frame, item), []).append(item)

    paths = {}
    started = datetime.now(ZoneInfo(TIMEZONE)).replace(microsecond=0)
    for target in range(total_pages):
        go_to(frame, target)
        expect(frame.locator("#sco-position")).to_have_text(
            ui["position"].format(n=target + 1, total=total_pages)
        )
        expect(frame.locator(".sco-page").nth(target)).to_be_visible()
        expect(frame.locator(".sco-toc a").nth(target)).to_have_attribute("aria-current", "page")
        no_horizontal_scroll(frame)
        for item in by_page.get(target, []):
            if item["kind"] == "problem":
                for choice in plan[item["key"]]:
                    answer(frame, item, choice, ui)
                expect_answered(frame, item, plan[item["key"]][-1], ui)
            else:
                paths[item["key"]] = play_interview(frame, item)
            no_horizontal_scroll(frame)
    expect(frame.locator("#sco-next")).to_be_disabled()

    # The expected score, from the item weights and the answers given.
    earned = {item["key"]: float(plan[item["key"]][-1] == item["answer"]) for item in problems}
    for interview in activities:
        scenario = engine.from_dict(interview["content"])
        earned[interview["key"]] = scoring.score(scenario, paths[interview["key"]]).raw
        expect(frame.locator(f"#{interview['dom']} .ip-score")).to_contain_text(
            f"{round(earned[interview['key']] * 100)}"
        )
    # The block's grade as Open edX computes it (weights, subsection, assignment type), with
    # the interview's required mark.
    grade = grading.grade(data["grading"], earned)
    expected, passed = grade["percent"], grade["passed"]
    # The interview is played blind (the first choice shown), so "mixed" may pass or fail; the
    # LMS must hold whichever the weights give. "all wrong" fails whatever the interview.
    assert answers == "mixed" or not passed, f"{answers} answers give {expected:.2%}"
    expect(frame.locator("#sco-score")).to_contain_text(f"{round(expected * 100)} %")
    expect(frame.locator("#sco-score")).to_contain_text(ui["completed"])
    mark = round(data["grading"]["pass_mark"] * 100)
    if passed:
        verdict = ui["passed"].format(mark=mark)
    elif grade["unmet"]:
        names = {item["key"]: item["display_name"] for item in data["items"]}
        verdict = ui["failed_required_many" if len(grade["unmet"]) > 1 else "failed_required"]
        verdict = verdict.format(
            names=", ".join(ui["quoted"].format(name=names[k]) for k in grade["unmet"])
        )
    else:
        verdict = ui["failed"].format(mark=mark)
    expect(frame.locator("#sco-verdict")).to_have_text(verdict)
    frame.locator(".sco-how summary").click()
    expect(frame.locator("#sco-breakdown li")).to_have_count(len(problems) + len(activities))
    expect(frame.locator("#sco-breakdown li").last).to_contain_text(
        data["items"][-1]["display_name"]
    )

    ended = datetime.now(ZoneInfo(TIMEZONE)) + timedelta(seconds=1)

    # The end of the session, twice: the second call must not reach the LMS.
    frame.evaluate("InsertionProSco.finish(); InsertionProSco.finish()")
    log = lms_log(page)
    assert strict_problems(version, log) == []
    assert refused(page) == []
    calls = CALLS[version]
    assert log[0]["call"] == calls["init"]
    assert [c["call"] for c in log].count(calls["init"]) == 1
    assert [c["call"] for c in log].count(calls["finish"]) == 1
    assert [c["call"] for c in api_calls(page)].count(calls["finish"]) == 1
    assert log[-1]["call"] == calls["finish"]
    assert api_calls(page)[-1]["call"] == calls["finish"]

    # Score, then status.
    assert float(last(log, version, el["min"])) == 0
    assert float(last(log, version, el["max"])) == 100
    assert float(last(log, version, el["raw"])) == pytest.approx(expected * 100, abs=0.01)
    if version == "2004":
        assert float(last(log, version, "cmi.score.scaled")) == pytest.approx(expected, abs=1e-4)
        assert last(log, version, el["completion"]) == "completed"
        assert float(last(log, version, "cmi.progress_measure")) == 1
    assert last(log, version, el["status"]) == ("passed" if passed else "failed")
    setting = sets(log, version)
    final_status = max(i for i, (e, v) in enumerate(setting) if e == el["status"])
    scored = [i for i, (e, _v) in enumerate(setting) if e == el["raw"]]
    # No score while incomplete (an LMS would judge it against the mastery score); the score
    # comes with completion, set just before the status that says passed or failed.
    statuses = [(i, v) for i, (e, v) in enumerate(setting) if e == el["status"]]
    assert scored
    assert all(v not in ("passed", "failed") for i, v in statuses if i < scored[0])
    assert next(v for i, v in statuses if i > scored[0]) in ("passed", "failed")
    assert setting[max(i for i in scored if i < final_status)][1] == last(log, version, el["raw"])

    # Exit: always "suspend", so that the LMS keeps the data a relaunch opens in review mode.
    exits = [v for e, v in setting if e == el["exit"]]
    assert exits and set(exits) == {"suspend"}

    # Session time: once, at the very end.
    sessions = [i for i, (e, _v) in enumerate(setting) if e == el["session"]]
    assert len(sessions) == 1 and sessions[0] == len(setting) - 1

    # One interaction per decision.
    found = interactions(log, version)
    path = [choice for interview in activities for choice in paths[interview["key"]]]
    decisions = sum(len(plan[p["key"]]) for p in problems) + len(path)
    assert sorted(found) == list(range(decisions))
    assert len({i["id"] for i in found.values()}) == decisions
    assert all(i["type"] == "choice" for i in found.values())
    late = [
        i[el["time"]]
        for i in found.values()
        if stamp_error(version, i[el["time"]], started, ended) > 2
    ]
    assert late == [], f"interaction times not when they happened ({started}..{ended})"
    wrong_word = "wrong" if version == "1.2" else "incorrect"
    expected_results = [
        "correct" if c == p["answer"] else wrong_word for p in problems for c in plan[p["key"]]
    ]
    records = [found[n] for n in range(decisions)]
    assert [r["result"] for r in records[: len(expected_results)]] == expected_results
    if version == "1.2":
        chosen = [
            ",".join("0123456789"[i] for i in ticked(p, c))
            for p in problems
            for c in plan[p["key"]]
        ]
        assert [r[el["learner"]] for r in records[: len(chosen)]] == chosen
        positions = [
            "0123456789abcdefghijklmnopqrstuvwxyz"[
                choice_position(engine.from_dict(interview["content"]), c)
            ]
            for interview in activities
            for c in paths[interview["key"]]
        ]
        assert [r[el["learner"]] for r in records[len(chosen) :]] == positions
    else:
        assert [r[el["learner"]] for r in records[len(expected_results) :]] == path
        assert all(r.get("description") for r in records)

    saved = page.evaluate("window.lmsSaved")
    assert saved["resume"] is True
    assert len(saved["values"]["cmi.suspend_data"]) <= 4096


# --- 3. Closing mid-way keeps what was done ------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_closing_midway_resumes_exactly(version, built, context):
    el = ELEMENTS[version]
    page, frame = open_lms(context, built, bloc1(version))
    data = sco_data(frame)
    ui = data["ui"]
    problem = next(i for i in data["items"] if i["kind"] == "problem")
    interview = next(i for i in data["items"] if i["kind"] == "activity")
    go_to(frame, page_of(frame, problem))
    answer(frame, problem, problem["answer"], ui)
    interview_page = page_of(frame, interview)
    go_to(frame, interview_page)
    path = play_interview(frame, interview, steps=3)
    before = {
        "turns": live_turns(frame, interview).all_text_contents(),
        "current": frame.locator(f"#{interview['dom']} .ip-say-current").text_content(),
        "summary": frame.evaluate("InsertionProSco.summary()"),
        "suspend": frame.evaluate("InsertionProSco.suspendData()"),
        "feedback": frame.locator(f"#{problem['dom']} .sco-feedback").text_content(),
    }
    assert len(before["turns"]) == 3
    first_log = lms_log(page)
    assert strict_problems(version, first_log) == []
    assert refused(page) == []

    # The learner closes the tab: pagehide ends the session, the LMS keeps the data.
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    page = context.new_page()
    page.goto(built.url + "/")  # same origin as the LMS page: read what it kept
    key = f"insertion-pro-lms:{bloc1(version)}"
    page.wait_for_function(
        "([key, session]) => (localStorage.getItem(key) || '').includes(session)",
        arg=[key, el["session"]],
    )
    saved = json.loads(page.evaluate("(key) => localStorage.getItem(key)", key))
    assert saved["resume"] is True
    assert saved["values"][el["exit"]] == "suspend"
    assert saved["values"]["cmi.suspend_data"] == before["suspend"]
    assert 0 < len(saved["values"][el["location"]]) <= SIZES[version][el["location"]]
    assert len(before["suspend"]) < 200, before["suspend"]

    page.goto(built.lms(bloc1(version)))

    frame = sco_frame(page)
    page.evaluate(WATCH_API)
    assert (
        page.evaluate(
            "(e) => String(window.lmsApi.cmi.core ? window.lmsApi.LMSGetValue(e)"
            " : window.lmsApi.GetValue(e))",
            el["entry"],
        )
        == "resume"
    )
    assert shown_page(frame) == interview_page
    expect(frame.locator(".sco-page").nth(interview_page)).to_be_visible()
    expect(live_turns(frame, interview)).to_have_text(before["turns"])
    expect(frame.locator(f"#{interview['dom']} .ip-say-current")).to_have_text(before["current"])
    assert frame.evaluate("InsertionProSco.summary()") == before["summary"]
    assert frame.evaluate("InsertionProSco.suspendData()") == before["suspend"]

    log = lms_log(page)
    assert strict_problems(version, log) == []
    assert log[0]["call"] == CALLS[version]["init"]
    assert last(log, version, "cmi.suspend_data") == before["suspend"]
    assert last(log, version, el["exit"]) == "suspend"
    assert last(log, version, el["raw"]) is None, "no score before the block is complete"
    assert last(log, version, el["completion"]) == "incomplete"
    assert interactions(log, version) == {}, "nothing was decided in the second session"

    # The answered check, seen again; then the resumed interview goes on at its fourth turn.
    toc_to(frame, page_of(frame, problem))
    expect_answered(frame, problem, problem["answer"], ui)
    expect(frame.locator(f"#{problem['dom']} .sco-feedback")).to_have_text(before["feedback"])
    toc_to(frame, interview_page)
    assert len(play_interview(frame, interview, steps=1, path=path)) == 4
    expect(live_turns(frame, interview)).to_have_count(4)
    ids = {i["id"] for i in interactions(first_log, version).values()}
    found = interactions(lms_log(page), version)
    # Appended after the first session's interactions, never over them.
    assert list(found) == [len(ids)] and found[len(ids)]["id"] not in ids
    assert strict_problems(version, lms_log(page)) == []
    assert refused(page) == []


# --- 5. Launched as Open edX's SCORM block launches it -------------------------------------


def openedx_launch(archive: zipfile.ZipFile) -> tuple[etree._Element, str]:
    """(resource, API name) as openedx-scorm-xblock finds them: the first <resource> with an
    href is launched; schemaversion "1.2" means the SCORM 1.2 `API`, anything else 2004's."""
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    resource = next(
        e for e in manifest.iter() if etree.QName(e).localname == "resource" and e.get("href")
    )
    schema = next(
        (e.text or "" for e in manifest.iter() if etree.QName(e).localname == "schemaversion"),
        "",
    )
    return resource, "API" if schema.strip() == "1.2" else "API_1484_11"


def test_packages_launch_as_openedx_does(built, context):
    page = context.new_page()
    # One package per chapter and one of the whole course, in both versions.
    assert len(built.paths) == 2 * (len(built.course.chapters) + 1)
    for path in built.paths:
        with zipfile.ZipFile(path) as archive:
            resource, api = openedx_launch(archive)
            href = resource.get("href")
            kind = {etree.QName(k).localname.lower(): v for k, v in resource.attrib.items()}
            assert kind["scormtype"] == "sco", path.name
            assert href in archive.namelist()
            assert href.rsplit("/", 1)[-1] == "index.html"
            assert b'id="sco-data"' in archive.read(href)
        version = "1.2" if api == "API" else "2004"
        assert SLUG[version] in path.name
        index = built.index(path.name)
        page.goto(f"{built.url}/lms/{index}/")
        frame = sco_frame(page)
        assert frame.url.endswith(f"/pkg/{index}/{href}")
        other = "API_1484_11" if api == "API" else "API"
        assert page.evaluate(f"[typeof window.{api}, typeof window.{other}]") == [
            "object",
            "undefined",
        ]
        log = lms_log(page)
        assert log[0]["call"] == CALLS[version]["init"], path.name
        assert last(log, version, ELEMENTS[version]["completion"]) == "incomplete", path.name
        assert strict_problems(version, log) == [], path.name
        assert not frame.locator("#sco-offline").is_visible()


# --- 6. Opened outside any LMS -------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_outside_any_lms_keeps_answers_in_the_browser(version, built, context, tmp_path):
    with zipfile.ZipFile(built.paths[built.index(bloc1(version))]) as archive:
        archive.extractall(tmp_path)
    page = context.new_page()
    page.goto((tmp_path / "index.html").as_uri())
    page.wait_for_function("() => window.InsertionProSco && InsertionProSco.started()")
    assert page.evaluate("[typeof window.API, typeof window.API_1484_11]") == ["undefined"] * 2
    expect(page.locator("#sco-offline")).to_be_visible()
    no_horizontal_scroll(page.main_frame)
    data = sco_data(page.main_frame)
    problem = next(i for i in data["items"] if i["kind"] == "problem")
    target = page_of(page.main_frame, problem)
    go_to(page.main_frame, target)
    wrong = next(c for c in range(len(problem["hints"])) if c != problem["answer"])
    answer(page.main_frame, problem, wrong, data["ui"])
    answer(page.main_frame, problem, problem["answer"], data["ui"])
    page.reload()
    page.wait_for_function("() => window.InsertionProSco && InsertionProSco.started()")
    expect(page.locator("#sco-offline")).to_be_visible()
    assert shown_page(page.main_frame) == target
    expect_answered(page.main_frame, problem, problem["answer"], data["ui"])
    expect(page.locator(f"#{problem['dom']} .sco-attempts")).to_have_text(
        data["ui"]["attempts"].format(used=2, max=problem["max_attempts"])
    )


# --- 7. Accessibility inside the SCO -------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_sco_has_no_serious_accessibility_violation(version, built, context):
    page, frame = open_lms(context, built, bloc1(version))
    data = sco_data(frame)
    assert axe_in_frame(frame) == [], "first page"
    problem = next(i for i in data["items"] if i["kind"] == "problem")
    go_to(frame, page_of(frame, problem))
    answer(frame, problem, problem["answer"], data["ui"])
    assert axe_in_frame(frame) == [], "knowledge check, answered"
    interview = next(i for i in data["items"] if i["kind"] == "activity")
    go_to(frame, page_of(frame, interview))
    play_interview(frame, interview)
    expect(frame.locator(f"#{interview['dom']} .ip-debrief")).to_be_visible()
    assert axe_in_frame(frame) == [], "interview debrief"
    assert strict_problems(version, lms_log(page)) == []
    assert refused(page) == []


def focused(frame) -> str:
    return frame.evaluate(
        "(() => { const e = document.activeElement; return e ? e.tagName + '#' + e.id + '.' +"
        " e.className + ':' + (e.textContent || '').trim().slice(0, 40) : ''; })()"
    )


def tab_until(page, frame, test, limit=120):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if test(focused(frame)):
            return
    raise AssertionError(f"not reached by Tab; focus is on {focused(frame)}")


@pytest.mark.parametrize("version", VERSIONS)
def test_keyboard_alone_reaches_a_check_and_the_interview(version, built, context):
    """Table of contents, a knowledge check and an interview choice, with the keyboard only."""
    page, frame = open_lms(context, built, bloc1(version))
    data = sco_data(frame)
    check = next(item for item in data["items"] if item["kind"] == "problem")
    interview = next(item for item in data["items"] if item["kind"] == "activity")
    # Open the table of contents from its summary and follow the link to the check's page.
    frame.locator("body").focus()
    tab_until(page, frame, lambda f: f.startswith("SUMMARY") and data["ui"]["contents"] in f)
    page.keyboard.press("Enter")
    target = page_of(frame, check)
    link_text = frame.locator(".sco-toc a").nth(target).text_content().strip()
    tab_until(page, frame, lambda f: f.startswith("A#") and link_text[:30] in f)
    page.keyboard.press("Enter")
    assert shown_page(frame) == target
    assert focused(frame).startswith("H2#")  # the new page's title takes focus
    # Choose the right answer with the arrow keys and check it with Enter.
    tab_until(page, frame, lambda f: f.startswith(f"INPUT#{check['dom']}-"))
    for _ in range(check["answer"]):
        page.keyboard.press("ArrowDown")
    tab_until(page, frame, lambda f: f.startswith("BUTTON#.sco-button"))
    page.keyboard.press("Enter")
    expect(frame.locator(f"#{check['dom']} .sco-feedback")).to_contain_text(data["ui"]["correct"])
    # On to the interview's page with the pager, then a choice with Enter.
    while shown_page(frame) != page_of(frame, interview):
        tab_until(page, frame, lambda f: f.startswith("BUTTON#sco-next"))
        page.keyboard.press("Enter")
    tab_until(page, frame, lambda f: "ip-choice" in f)
    page.keyboard.press("Enter")
    expect(live_turns(frame, interview)).to_have_count(1)
    assert "ip-choice" in focused(frame)  # focus moves on to the next choices


# --- Knowledge checks: options in the learner's own order, checkboxes ----------------------


def package_with_checkboxes(built, version) -> str:
    for chapter in built.course.chapters:
        items = [i for i in chapter.items() if getattr(i, "checkbox", False)]
        if items:
            return f"aip-{chapter.url_name}-{SLUG[version]}.zip"
    raise AssertionError("the course has no checkbox problem")


@pytest.mark.parametrize("version", VERSIONS)
def test_options_come_in_the_learners_own_order_and_checkboxes_score_whole(version, built, context):
    page, frame = open_lms(context, built, package_with_checkboxes(built, version))
    data = sco_data(frame)
    ui = data["ui"]
    learner = frame.evaluate(LEARNER_ID)
    problems = [i for i in data["items"] if i["kind"] == "problem"]
    for item in problems:
        shown = frame.locator(f"#{item['dom']} .sco-choice input")
        order = [int(v) for v in shown.evaluate_all("els => els.map(e => e.value)")]
        if item["shuffle"]:
            # The same order as the Python engine draws for this learner and this check.
            assert order == shuffled(
                list(range(len(item["hints"]))), order_key(learner, item["id"])
            )
        else:
            assert order == list(range(len(item["hints"])))
    assert any(i["shuffle"] for i in problems)

    box = next(i for i in problems if i["checkbox"])
    go_to(frame, page_of(frame, box))
    form = frame.locator(f"#{box['dom']}")
    expect(form.locator("legend")).to_contain_text(ui["several"])
    form.locator("button[type=submit]").click()  # nothing ticked: nothing counted
    expect(form.locator(".sco-feedback")).to_have_text(ui["tick_first"])
    right = ticked(box, box["answer"])
    # Only some of the right boxes: not quite, and told which one was missed.
    partial = box["answer"] & ~(1 << right[0])
    if partial:
        answer(frame, box, partial, ui)
        expect(form.locator(".sco-feedback")).to_contain_text(box["unselected_hints"][right[0]])
    answer(frame, box, box["answer"], ui)
    expect_answered(frame, box, box["answer"], ui)
    frame.evaluate("InsertionProSco.finish()")
    log = lms_log(page)
    assert strict_problems(version, log) == []
    records = [r for r in interactions(log, version).values() if r["id"].startswith(box["id"])]
    learner_field = ELEMENTS[version]["learner"]
    expected = ",".join(map(str, right)) if version == "1.2" else "[,]".join(f"c{i}" for i in right)
    assert records[-1][learner_field] == expected
    # Relaunched: the boxes ticked, the explanation shown, nothing more to do.
    page.close()
    page, frame = open_lms(context, built, package_with_checkboxes(built, version))
    go_to(frame, page_of(frame, box))
    expect_answered(frame, box, box["answer"], ui)
