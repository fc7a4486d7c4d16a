"""Our SCORM packages in the real Open edX SCORM block, the second LMS runtime of the suite.

`openedx-scorm-xblock` runs unchanged in the workbench (its shims: `dev/openedx_scorm_shims.py`
and `dev/workbench_settings.py`). For SCORM 1.2 and 2004, the package of bloc 1 is imported as
a Studio author would (the block's `studio_submit` handler, the zip posted as multipart), then
played on a phone in Chromium as a learner: launched, left midway, relaunched, played to the
end. What the block stored is read back from its fields, as the workbench's key-value store
holds them (`block_fields`), and checked as a learner or an admin would see it: status, score,
one interaction per decision at its own index, the suspend data.

The block publishes `window.API`/`API_1484_11` in a DOM-ready callback, after its iframe has
started loading the SCO, and answers "" to `cmi.interactions._count` and to `cmi.entry`; its
`scorm_get_student_state` handler needs edx-platform's `StudentModule` (403 in the workbench),
hence the key-value store.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sqlite3
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from openedx_scorm_shims import SCENARIO_OF_VERSION
from playwright.sync_api import expect

from scorm_export.olx_reader import read_course
from scorm_export.package import plans, write_packages
from tests.browser.conftest import ROOT
from tests.browser.test_scorm_packages import (
    SLUG,
    VERSIONS,
    answer,
    bloc1,
    expect_answered,
    go_to,
    live_turns,
    openedx_launch,
    page_of,
    phone_context,
    play_interview,
    sco_data,
    shown_page,
    strict_problems,
)

pytestmark = pytest.mark.browser

LAUNCHES = 5  # fresh launches per version in the launch test (15 in the benchmark)
# The fields of the Studio form (static/html/studio.html), as its save button posts them.
STUDIO_FORM = (
    "display_name",
    "has_score",
    "enable_navigation_menu",
    "enable_fullscreen_button",
    "weight",
    "width",
    "height",
    "navigation_menu_width",
    "popup_on_launch",
)
INTERACTION_ID = re.compile(r"cmi\.interactions\.(\d+)\.id")
STORE_TIMEOUT = 15  # seconds for the block's background requests to reach its store


# --- Packages and import -------------------------------------------------------------------


def export_block(folder: Path, name=None) -> dict[str, Path]:
    """The per-block package of a block (`name(version)` its file name; bloc 1 by default),
    for each version, as `insertion-pro export` writes it."""
    course = read_course(ROOT / "course_content")
    wanted = {(name or bloc1)(version): version for version in VERSIONS}
    chosen = [p for p in plans(course, VERSIONS, per_block=True, whole=False) if p.name in wanted]
    paths = write_packages(course, folder, chosen)
    return {wanted[path.name]: path for path in paths}


def import_block(browser, workbench: str, folder: Path, name) -> dict[str, str]:
    """A block's package of each version imported into the version's `<scorm/>` block, as a
    Studio author would: {version: usage id}."""
    found = {}
    for version, package in export_block(folder, name).items():
        usage, reply = studio_import(browser, workbench, version, package)
        assert reply == {"result": "success", "errors": []}
        found[version] = usage
    return found


def studio_import(browser, workbench: str, version: str, package: Path) -> tuple[str, dict]:
    """Upload `package` into the version's `<scorm/>` block as a Studio author: the editor's
    form, as shown, with the zip, posted to `studio_submit` (the save button itself needs
    Studio's `runtime.notify`). Returns (usage id, the handler's answer)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(
            f"{workbench}/scenario/{SCENARIO_OF_VERSION[version]}/studio_view/?student=author"
        )
        usage = page.locator("[data-block-type=scorm][data-usage]").first.get_attribute(
            "data-usage"
        )
        form = {name: page.locator(f"[name={name}]").input_value() for name in STUDIO_FORM}
        form.update(has_score="1", weight="1")  # "Scored", weight 1, as the README says
        token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
        response = context.request.post(
            f"{workbench}/handler/{usage}/studio_submit/?student=author",
            multipart={
                **form,
                "file": {
                    "name": package.name,
                    "mimeType": "application/zip",
                    "buffer": package.read_bytes(),
                },
            },
            headers={"X-CSRFToken": token},
        )
        assert response.status == 200, response.text()[:500]
        return usage, response.json()
    finally:
        context.close()


# --- What the block stored -----------------------------------------------------------------


def block_fields(workbench, usage: str, student: str | None = None) -> dict:
    """The block's fields as the workbench's key-value store holds them for `student`, each
    at the block's own default when unset: content, settings and (with `student`) the
    learner's state."""
    from openedxscorm import ScormXBlock
    from xblock.fields import BlockScope, UserScope

    definition = usage.rsplit(".u", 1)[0]  # the workbench's ids: <scenario>.<tag>.d0(.u0)
    with sqlite3.connect(f"file:{workbench.db}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT scope, scope_id, user_id, state FROM workbench_xblockstate"
            " WHERE scope IN ('definition', 'usage') AND scope_id IN (?, ?)",
            (usage, definition),
        ).fetchall()
    # Fields of no learner are kept with an empty user id.
    stored = {(scope_id, user or None): json.loads(state) for _scope, scope_id, user, state in rows}
    fields = {}
    for name, field in ScormXBlock.fields.items():
        if not hasattr(field.scope, "block"):  # parent and children
            continue
        if field.scope.block == BlockScope.DEFINITION:
            key = (definition, None)
        elif field.scope.block == BlockScope.USAGE and field.scope.user == UserScope.NONE:
            key = (usage, None)
        elif field.scope.block == BlockScope.USAGE and field.scope.user == UserScope.ONE:
            if student is None:
                continue
            key = (usage, student)
        else:
            continue
        row = stored.get(key, {})
        fields[name] = row.get(name, field.default)
    return fields


def wait_stored(workbench, usage: str, student: str, test, what: str) -> dict:
    """The learner's fields once `test(fields)` holds: the block sends the SCO's values in the
    background, one request after the other."""
    deadline = time.monotonic() + STORE_TIMEOUT
    while True:
        fields = block_fields(workbench, usage, student)
        if test(fields):
            return fields
        if time.monotonic() > deadline:
            kept = {k: v for k, v in fields.items() if k != "scorm_data"}
            raise AssertionError(f"the block never stored {what}: {kept}")
        time.sleep(0.05)


def stored_interactions(scorm_data: dict) -> dict[int, str]:
    """`cmi.interactions.N.id` as the block keeps them: {N: id}."""
    found = {}
    for element, value in scorm_data.items():
        match = INTERACTION_ID.fullmatch(element)
        if match:
            found[int(match[1])] = value
    return found


def last_grade(workbench, usage: str) -> dict | None:
    """The last grade the block published (the workbench logs it on the next line)."""
    lines = workbench.events.read_text(encoding="utf-8").splitlines()
    marker = f"XBlock event grade for scorm (usage_id={usage}):"
    found = [lines[n + 1] for n, line in enumerate(lines[:-1]) if line == marker]
    return ast.literal_eval(found[-1]) if found else None


# --- A learner in the block ----------------------------------------------------------------


def sco_mode(frame) -> str:
    """ "lms" or "offline", once the SCO has settled: its `InsertionProSco.status().mode` where
    it has one (waiting while it is "connecting"), else whether its offline note shows."""
    frame.wait_for_function("() => !!window.InsertionProSco")
    if frame.evaluate("typeof InsertionProSco.status === 'function'"):
        frame.wait_for_function("() => InsertionProSco.status().mode !== 'connecting'")
        return frame.evaluate("InsertionProSco.status().mode")
    return "offline" if frame.locator("#sco-offline").is_visible() else "lms"


def sco_status(frame) -> dict | None:
    return frame.evaluate("window.InsertionProSco.status ? InsertionProSco.status() : null")


WATCH_SENT = """(api) => {
    // Every interaction id the SCO sends to the block's API from now on: [index, id].
    const setter = api === 'API' ? 'LMSSetValue' : 'SetValue';
    const target = window[api], original = target[setter];
    window.sentInteractions = [];
    target[setter] = function (element, value) {
        const match = /^cmi\\.interactions\\.(\\d+)\\.id$/.exec(String(element));
        if (match) window.sentInteractions.push([Number(match[1]), String(value)]);
        return original.apply(this, arguments);
    };
}"""


@dataclass
class Launch:
    page: object
    frame: object
    mode: str


def launch(context, workbench: str, version: str, student: str) -> Launch:
    """The block's learner view in a new page of `context`; the SCO in its iframe, settled;
    the interactions it sends are watched (`sent`)."""
    page = context.new_page()
    page.goto(f"{workbench}/scenario/{SCENARIO_OF_VERSION[version]}/?student={student}")
    frame = page.locator("iframe.scorm-embedded").element_handle().content_frame()
    mode = sco_mode(frame)
    page.evaluate(WATCH_SENT, "API" if version == "1.2" else "API_1484_11")
    return Launch(page, frame, mode)


def sent(run: Launch) -> list[list]:
    return run.page.evaluate("window.sentInteractions")


def assert_online(run: Launch, count: int):
    assert run.mode == "lms", (
        f"launch {count} came up {run.mode}: the SCO did not find the block's API, which the "
        "block creates once its page is ready, after the iframe started loading"
    )
    expect(run.frame.locator("#sco-offline")).to_be_hidden()


def leave(run: Launch, how: str):
    """The learner closes the tab, or goes to another page of the platform."""
    if how == "close":
        run.page.close(run_before_unload=True)
    else:
        run.page.goto(run.page.url.split("/scenario/")[0] + "/")


def play_midway(frame) -> tuple[dict, dict, list[str]]:
    """One knowledge check answered right, three interview choices: (check, interview, path)."""
    data = sco_data(frame)
    problem = next(i for i in data["items"] if i["kind"] == "problem")
    interview = next(i for i in data["items"] if i["kind"] == "activity")
    go_to(frame, page_of(frame, problem))
    answer(frame, problem, problem["answer"], data["ui"])
    go_to(frame, page_of(frame, interview))
    return problem, interview, play_interview(frame, interview, steps=3)


def play_to_end(frame, path: list[str], started: dict) -> tuple[list[str], int]:
    """Every page in turn, each check not yet done answered right, the interview `started`
    played on from `path` to its end and every other one from its start; the whole path of
    the interview started, and the count of the other interviews' decisions."""
    data = sco_data(frame)
    whole, others = path, 0
    by_page = {}
    for item in data["items"]:
        by_page.setdefault(page_of(frame, item), []).append(item)
    for target in range(frame.locator(".sco-page").count()):
        go_to(frame, target)
        for item in by_page.get(target, []):
            if item["kind"] == "activity" and item["key"] == started["key"]:
                whole = play_interview(frame, item, path=path)
            elif item["kind"] == "activity":
                others += len(play_interview(frame, item))
            elif frame.locator(f"#{item['dom']} button[type=submit]").is_enabled():
                answer(frame, item, item["answer"], data["ui"])
    return whole, others


# --- Fixtures ------------------------------------------------------------------------------


@dataclass
class Imported:
    version: str
    package: Path
    usage: str
    answer: dict


@pytest.fixture(scope="module")
def imported(workbench, chromium, tmp_path_factory) -> dict[str, Imported]:
    """Bloc 1's package of each version, imported into its `<scorm/>` block."""
    packages = export_block(tmp_path_factory.mktemp("openedx-scorm"))
    found = {}
    for version, package in packages.items():
        usage, reply = studio_import(chromium, workbench, version, package)
        found[version] = Imported(version, package, usage, reply)
    return found


@pytest.fixture
def learner(chromium):
    """A phone-sized learner browser; any script error or failed request fails the test."""
    context, errors = phone_context(chromium)
    yield context
    context.close()
    assert errors == [], errors


# --- 1. Import -----------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_studio_import_and_learner_launch(version, imported, workbench, learner):
    """The block takes the package (version, launch page, no warning) and serves it."""
    block = imported[version]
    assert block.answer == {"result": "success", "errors": []}
    with zipfile.ZipFile(block.package) as archive:
        resource, api = openedx_launch(archive)
    fields = block_fields(workbench, block.usage)
    digest = hashlib.sha1(block.package.read_bytes()).hexdigest()
    assert fields["scorm_version"] == ("SCORM_12" if version == "1.2" else "SCORM_2004")
    assert fields["index_page_path"] == resource.get("href")
    assert fields["package_meta"]["sha1"] == digest
    assert fields["package_meta"]["size"] == block.package.stat().st_size
    assert fields["package_meta"]["name"] == block.package.name
    assert fields["package_warnings"] == [], "the block thinks the SCO reports no completion"
    assert fields["has_score"] is True and fields["weight"] == 1
    folder = hashlib.sha1(block.usage.encode()).hexdigest()
    assert (workbench.media / "scorm" / folder / digest / resource.get("href")).is_file()

    page = learner.new_page()
    page.goto(f"{workbench}/scenario/{SCENARIO_OF_VERSION[version]}/?student=importer")
    iframe = page.locator("iframe.scorm-embedded")
    assert iframe.get_attribute("src") == f"/media/scorm/{folder}/{digest}/{resource.get('href')}"
    other = "API_1484_11" if api == "API" else "API"
    assert page.evaluate(f"[typeof window.{api}, typeof window.{other}]") == [
        "object",
        "undefined",
    ]
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function("() => !!window.InsertionProSco")
    assert sco_data(frame)["version"] == version
    expect(frame.locator(".sco-page").first).to_be_visible()


# --- 2. Every launch online ----------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_every_launch_comes_up_online(version, imported, workbench, chromium):
    modes = []
    for n in range(LAUNCHES):
        context, errors = phone_context(chromium)
        try:
            modes.append(launch(context, workbench, version, f"launch-{SLUG[version]}-{n}").mode)
        finally:
            context.close()
        assert errors == [], errors
    online = modes.count("lms")
    assert online == LAUNCHES, (
        f"{online} of {LAUNCHES} launches online ({modes}): the SCO looked for the API before "
        "the block created it"
    )


# --- 3. Leaving midway, relaunching, finishing; what the block keeps -----------------------


@pytest.mark.parametrize(("version", "how"), [("1.2", "close"), ("2004", "navigate")])
def test_leave_midway_resume_and_block_keeps_the_results(
    version, how, imported, workbench, learner
):
    usage = imported[version].usage
    student = f"midway-{SLUG[version]}"
    launches = []

    # First session: one knowledge check, three interview choices, then the learner leaves.
    run = launch(learner, workbench, version, student)
    launches.append(run.mode)
    assert_online(run, len(launches))
    frame = run.frame
    data = sco_data(frame)
    ui = data["ui"]
    problem, interview, path = play_midway(frame)
    interview_page = page_of(frame, interview)
    before = {
        "turns": live_turns(frame, interview).all_text_contents(),
        "summary": frame.evaluate("InsertionProSco.summary()"),
        "suspend": frame.evaluate("InsertionProSco.suspendData()"),
    }
    sent_ids = sent(run)
    assert len(sent_ids) == 1 + len(path), sent_ids
    status = sco_status(frame)
    if status:
        assert status["sent"] == len(sent_ids) and status["next"] == len(sent_ids), status
    # A learner leaves a moment later: the block has sent what the SCO set in the background.
    wait_stored(
        workbench,
        usage,
        student,
        lambda f: f["scorm_data"].get("cmi.suspend_data") == before["suspend"],
        "the SCO's suspend_data",
    )
    leave(run, how)

    # Second session: where the learner was, with the same answers; then to the end.
    run = launch(learner, workbench, version, student)
    launches.append(run.mode)
    assert_online(run, len(launches))
    frame = run.frame
    assert shown_page(frame) == interview_page, "not back on the page the learner left"
    expect(live_turns(frame, interview)).to_have_text(before["turns"])
    assert frame.evaluate("InsertionProSco.summary()") == before["summary"]
    assert frame.evaluate("InsertionProSco.suspendData()") == before["suspend"]
    status = sco_status(frame)
    if status:
        assert status["next"] == len(sent_ids), f"next interaction index after resume: {status}"
    go_to(frame, page_of(frame, problem))
    expect_answered(frame, problem, problem["answer"], ui)

    path, others = play_to_end(frame, path, interview)
    go_to(frame, page_of(frame, interview))
    expect(frame.locator(f"#{interview['dom']} .ip-debrief")).to_be_visible()
    summary = frame.evaluate("InsertionProSco.summary()")
    assert summary["completed"], summary
    expect(frame.locator("#sco-score")).to_contain_text(f"{round(summary['score'] * 100)} %")
    expect(frame.locator("#sco-score")).to_contain_text(ui["completed"])
    sent_ids += sent(run)
    decisions = sum(1 for i in data["items"] if i["kind"] == "problem") + len(path) + others
    assert len(sent_ids) == decisions, "one interaction per decision"
    suspend = frame.evaluate("InsertionProSco.suspendData()")
    outcome = "passed" if summary["passed"] else "failed"
    fields = wait_stored(
        workbench,
        usage,
        student,
        lambda f: (
            f["success_status"] == outcome and f["scorm_data"].get("cmi.suspend_data") == suspend
        ),
        f"success status {outcome} and the last suspend_data",
    )
    leave(run, how)

    # What the learner and the admin see: status, score, grade. The block maps 1.2's
    # lesson_status "passed" to completed and "failed" to its success status only (its
    # completion stays "incomplete"), and grades a failed learner 0: its rules, not ours.
    assert fields["success_status"] == outcome
    if version == "2004" or outcome == "passed":
        assert fields["lesson_status"] == "completed"
    assert fields["lesson_score"] == pytest.approx(summary["score"], abs=1e-4), (
        "lesson_score (0..1) is not the score the SCO shows"
    )
    grade = last_grade(workbench, usage)
    assert grade is not None, "no grade published"
    assert grade["max_value"] == 1
    assert grade["value"] == pytest.approx(summary["score"] if outcome == "passed" else 0, abs=1e-4)
    scorm_data = fields["scorm_data"]
    assert scorm_data["cmi.suspend_data"] == suspend, "suspend_data not kept"
    calls = [{"call": "SetValue", "element": k, "value": v} for k, v in scorm_data.items()]
    if version == "1.2":
        calls = [{**c, "call": "LMSSetValue"} for c in calls]
    calls = [c for c in calls if not c["element"].startswith(("cmi.core.student", "cmi.learner"))]
    assert strict_problems(version, calls) == []

    # Every interaction the SCO sent, at its own index, none overwritten.
    expected = {n: interaction for n, (_index, interaction) in enumerate(sent_ids)}
    stored = stored_interactions(scorm_data)
    assert len(stored) == len(sent_ids), (
        f"the block keeps {len(stored)} of the {len(sent_ids)} interactions sent, at indexes "
        f"{sorted(stored)}; the SCO sent them at indexes {[i for i, _ in sent_ids]}"
    )
    assert stored == expected

    # Back once more: the block shows its grade, the SCO its result.
    run = launch(learner, workbench, version, student)
    launches.append(run.mode)
    assert_online(run, len(launches))
    expect(run.frame.locator("#sco-score")).to_contain_text(f"{round(summary['score'] * 100)} %")
    shown_grade = float(run.page.locator(".scorm-xblock .grade").inner_text().replace(",", "."))
    assert shown_grade == pytest.approx(grade["value"], abs=0.05)
    assert launches.count("lms") == len(launches), launches
