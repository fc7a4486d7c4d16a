"""The SCO against the LMSs of the real world: late, partial, throwing or forgetful APIs.

Each test hosts a SCO of the exported course in a page with a small stand-in API written to
behave as a given LMS was seen to behave (see the README, "What each LMS receives"), and
checks what the learner sees and what that LMS ends up holding.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import test_scorm_packages as packages
from tests.browser.test_scorm_packages import (
    SLUG,
    VERSIONS,
    answer,
    expect_answered,
    go_to,
    page_of,
    play_interview,
    sco_data,
    shown_page,
    wrong_picks,
)

pytestmark = pytest.mark.browser
built = packages.built  # the course exported once, served by the preview
context = packages.context  # a phone-sized browser context

STAND_IN = """([shape, launch, o]) => {
  // An LMS API of `shape` ("1.2" or "2004"), published as o.publishAs (the shape's own name by
  // default) after o.delay ms (0: before the SCO loads) or o.afterLoad ms after its load event,
  // or never (o.never). o.entry is what cmi.entry answers; o.count "number" makes
  // cmi.interactions._count answer the number held, else "" (as Open edX's block does).
  // o.missing lists methods left out, o.throws the calls that raise (o.throwAfter: how many
  // SetValue calls succeed first). o.held: values the LMS holds before the first launch.
  // What the SCO sets outlives relaunches, as an LMS's record does.
  const s = window.standin = window.standin || {values: Object.assign({}, o.held || {}), calls: []};
  s.calls = [];
  const names = shape === '1.2'
    ? {init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
       finish: 'LMSFinish', error: 'LMSGetLastError', str: 'LMSGetErrorString',
       diag: 'LMSGetDiagnostic', entry: 'cmi.core.entry', own: 'API'}
    : {init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit',
       finish: 'Terminate', error: 'GetLastError', str: 'GetErrorString',
       diag: 'GetDiagnostic', entry: 'cmi.entry', own: 'API_1484_11'};
  const throws = o.throws || [];
  let setCalls = 0;
  const count = () => Object.keys(s.values)
    .filter((k) => /^cmi\\.interactions\\.\\d+\\.id$/.test(k)).length;
  const call = (op, fn) => (...args) => {
    s.calls.push({op: op, args: args.map(String)});
    if (throws.includes(op) && (op !== 'set' || ++setCalls > (o.throwAfter || 0))) {
      throw new Error(op + ' failed');
    }
    return fn(...args);
  };
  const api = {};
  api[names.init] = call('init', () => 'true');
  api[names.get] = call('get', (e) => {
    if (e === names.entry) return o.entry || '';
    if (e === 'cmi.interactions._count') return o.count === 'number' ? String(count()) : '';
    return e in s.values ? s.values[e] : '';
  });
  api[names.set] = call('set', (e, v) => { s.values[e] = String(v); return 'true'; });
  api[names.commit] = call('commit', () => 'true');
  api[names.finish] = call('finish', () => 'true');
  api[names.error] = call('error', () => '0');
  api[names.str] = () => '';
  api[names.diag] = () => '';
  (o.missing || []).forEach((op) => { delete api[names[op]]; });
  delete window.API;
  delete window.API_1484_11;
  const publish = () => { window[o.publishAs || names.own] = api; };
  if (!o.never && !o.delay && o.afterLoad === undefined) publish();
  document.getElementById('standin-frame')?.remove();
  const frame = document.createElement('iframe');
  frame.id = 'standin-frame';
  frame.title = 'SCO';
  frame.style.cssText = 'width: 390px; height: 800px; border: 0';
  frame.src = launch;
  document.body.appendChild(frame);
  if (!o.never && o.delay) setTimeout(publish, o.delay);
  if (!o.never && o.afterLoad !== undefined) {
    frame.addEventListener('load', () => setTimeout(publish, o.afterLoad));
  }
}"""


def launch_path(built, version: str, name: str = "bloc1") -> str:
    package = f"aip-{name}-{SLUG[version]}.zip"
    return f"/pkg/{built.index(package)}/index.html"


def host(context, built):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    page.goto(built.url + "/")
    return page


def launch(page, built, version, shape=None, name="bloc1", **options):
    """(Re)launch the SCO under a stand-in API; its frame once the SCO has started."""
    page.evaluate(STAND_IN, [shape or version, launch_path(built, version, name), options])
    page.wait_for_function(
        """() => { const f = document.getElementById('standin-frame');
                   const sco = f && f.contentWindow && f.contentWindow.InsertionProSco;
                   return sco && sco.started(); }""",
        timeout=15000,
    )
    frame = page.locator("#standin-frame").element_handle().content_frame()
    frame.on("console", lambda message: None)
    return frame


def calls(page, op=None) -> list[dict]:
    found = page.evaluate("window.standin.calls")
    return [c for c in found if op is None or c["op"] == op]


def held(page) -> dict:
    return page.evaluate("window.standin.values")


def recorded(values: dict) -> dict[int, str]:
    """Interaction index -> id, as the LMS holds them."""
    found = {}
    for key, value in values.items():
        parts = key.split(".")
        if len(parts) == 4 and parts[:2] == ["cmi", "interactions"] and parts[3] == "id":
            found[int(parts[2])] = value
    return found


def mode(frame) -> str:
    return frame.evaluate("InsertionProSco.status().mode")


def works_offline(frame):
    """Lessons and checks still work: the page says offline, Next moves on, a check answers."""
    expect(frame.locator("#sco-offline")).to_be_visible()
    expect(frame.locator("#sco-online")).to_be_hidden()
    data = sco_data(frame)
    problem = next(i for i in data["items"] if i["kind"] == "problem")
    before = shown_page(frame)
    frame.locator("#sco-next").click()
    assert shown_page(frame) == before + 1
    go_to(frame, page_of(frame, problem))
    answer(frame, problem, problem["answer"], data["ui"])


STATUS = {"1.2": "cmi.core.lesson_status", "2004": "cmi.success_status"}
RAW = {"1.2": "cmi.core.score.raw", "2004": "cmi.score.raw"}


# --- Finding the API ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when", [{"delay": 30}, {"afterLoad": 0}, {"afterLoad": 900}], ids=["dom-ready", "load", "late"]
)
@pytest.mark.parametrize("version", VERSIONS)
def test_an_api_published_late_is_found(version, when, built, context):
    """As Open edX's SCORM block does: the API appears after the SCO has started loading."""
    page = host(context, built)
    frame = launch(page, built, version, **when)
    assert mode(frame) == "lms"
    expect(frame.locator("#sco-online")).to_be_visible()
    expect(frame.locator("#sco-offline")).to_be_hidden()
    assert len(calls(page, "init")) == 1
    data = sco_data(frame)
    problem = next(i for i in data["items"] if i["kind"] == "problem")
    go_to(frame, page_of(frame, problem))
    answer(frame, problem, problem["answer"], data["ui"])
    assert list(recorded(held(page)).values()) == [f"{problem['id']}.1"]
    assert page.errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_without_any_api_the_page_says_so_and_works(version, built, context):
    page = host(context, built)
    page.evaluate(STAND_IN, [version, launch_path(built, version), {"never": True}])
    frame = page.locator("#standin-frame").element_handle().content_frame()
    frame.wait_for_function("() => !!window.InsertionProSco")
    expect(frame.locator("#sco-connecting")).to_be_visible()
    frame.wait_for_function("() => InsertionProSco.started()", timeout=10000)
    assert mode(frame) == "offline"
    expect(frame.locator("#sco-connecting")).to_be_hidden()
    works_offline(frame)
    assert page.errors == []


# --- Interactions where _count is not implemented --------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_every_decision_is_recorded_where_count_is_empty(version, built, context):
    page = host(context, built)
    frame = launch(page, built, version, count="")
    data = sco_data(frame)
    sent = 0
    for item in data["items"]:
        go_to(frame, page_of(frame, item))
        if item["kind"] == "problem":
            wrong = wrong_picks(item)[0]
            answer(frame, item, wrong, data["ui"])
            answer(frame, item, item["answer"], data["ui"])
            sent += 2
        else:
            path = play_interview(frame, item)
            sent += len(path)
    kept = recorded(held(page))
    assert sorted(kept) == list(range(sent)), "every decision at its own index"
    assert len(set(kept.values())) == sent
    assert frame.evaluate("InsertionProSco.status().sent") == sent

    # A relaunch appends: the SCO's own counter, kept in its state, goes on.
    frame = launch(page, built, version, count="")
    interview = next(i for i in data["items"] if i["kind"] == "activity")
    go_to(frame, page_of(frame, interview))
    # The interview has attempts left: a new one is explicit (a button, then a confirmation).
    root = frame.locator(f"#{interview['dom']}")
    root.locator("[data-action=restart]").click()
    root.locator("[data-action=restart-yes]").click()
    root.locator(".ip-current .ip-choice").first.click()
    expect(root.locator(".ip-body > .ip-transcript > .ip-turn")).to_have_count(1)
    kept = recorded(held(page))
    assert sorted(kept) == list(range(sent + 1))
    assert frame.evaluate("InsertionProSco.status().next") == sent + 1
    assert page.errors == []


# --- Resume whatever cmi.entry says -----------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_resumes_from_its_own_data_when_the_lms_says_ab_initio(version, built, context):
    page = host(context, built)
    frame = launch(page, built, version, entry="ab-initio")
    data = sco_data(frame)
    problem = next(i for i in data["items"] if i["kind"] == "problem")
    target = page_of(frame, problem)
    go_to(frame, target)
    answer(frame, problem, problem["answer"], data["ui"])
    frame.evaluate("InsertionProSco.finish()")
    frame = launch(page, built, version, entry="ab-initio")
    assert shown_page(frame) == target
    expect_answered(frame, problem, problem["answer"], data["ui"])
    assert page.errors == []


# --- Broken APIs: missing methods, throws ---------------------------------------------------


@pytest.mark.parametrize(
    "version, shape, missing",
    [("2004", "1.2", []), ("1.2", "1.2", ["finish"]), ("2004", "2004", ["commit"])],
    ids=["1.2 object as API_1484_11", "no LMSFinish", "no Commit"],
)
def test_an_api_lacking_methods_leaves_the_page_working_offline(
    version, shape, missing, built, context
):
    page = host(context, built)
    publish = "API_1484_11" if version == "2004" else "API"
    frame = launch(page, built, version, shape=shape, missing=missing, publishAs=publish)
    assert mode(frame) == "offline"
    assert "has no" in frame.evaluate("InsertionProSco.status().problem")
    assert calls(page) == [], "a half API is not used at all"
    works_offline(frame)
    assert page.errors == []


@pytest.mark.parametrize("op", ["init", "get", "set", "commit"])
@pytest.mark.parametrize("version", VERSIONS)
def test_a_throwing_api_leaves_the_page_working_offline(version, op, built, context):
    page = host(context, built)
    frame = launch(page, built, version, throws=[op])
    assert mode(frame) == "offline"
    assert "threw" in frame.evaluate("InsertionProSco.status().problem")
    works_offline(frame)
    frame.evaluate("InsertionProSco.finish(); InsertionProSco.finish()")
    finishes = len(calls(page, "finish"))
    assert finishes == (0 if op == "init" else 1), "the LMS session is ended at most once"
    assert page.errors == []


# --- After completion: review mode, nothing lowered --------------------------------------------


def play_block(frame) -> None:
    data = sco_data(frame)
    for item in data["items"]:
        go_to(frame, page_of(frame, item))
        if item["kind"] == "problem":
            answer(frame, item, item["answer"], data["ui"])
        else:
            play_interview(frame, item)


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_after_completion_opens_in_review_mode(version, built, context):
    page = host(context, built)
    frame = launch(page, built, version, count="number")
    data = sco_data(frame)
    expect(frame.locator("#sco-review")).to_be_hidden()
    play_block(frame)
    score_line = frame.locator("#sco-score").text_content()
    frame.evaluate("InsertionProSco.finish()")
    record = held(page)
    status, raw = record[STATUS[version]], record[RAW[version]]
    assert status in ("passed", "failed")
    count = len(recorded(record))

    frame = launch(page, built, version, count="number")
    expect(frame.locator("#sco-review")).to_be_visible()
    expect(frame.locator("#sco-score")).to_have_text(score_line)
    for item in data["items"]:
        go_to(frame, page_of(frame, item))
        if item["kind"] == "problem":
            expect_answered(frame, item, item["answer"], data["ui"])
        else:
            expect(frame.locator(f"#{item['dom']} .ip-debrief")).to_be_visible()
    frame.evaluate("InsertionProSco.finish()")
    after = held(page)
    assert after[STATUS[version]] == status and after[RAW[version]] == raw
    assert len(recorded(after)) == count, "reading again records nothing"
    assert page.errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_what_the_lms_holds_is_never_lowered(version, built, context):
    """An LMS that gave no data back but holds a pass: a fresh start does not undo it."""
    holds = (
        {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "80"}
        if version == "1.2"
        else {
            "cmi.completion_status": "completed",
            "cmi.success_status": "passed",
            "cmi.score.raw": "80",
            "cmi.score.scaled": "0.8",
        }
    )
    page = host(context, built)
    frame = launch(page, built, version, held=holds)
    expect(frame.locator("#sco-review")).to_be_visible()
    data = sco_data(frame)
    problem = next(i for i in data["items"] if i["kind"] == "problem")
    go_to(frame, page_of(frame, problem))
    wrong = wrong_picks(problem)[0]
    answer(frame, problem, wrong, data["ui"])
    frame.evaluate("InsertionProSco.finish()")
    after = held(page)
    for element, value in holds.items():
        assert after[element] == value, element
    sets = [c["args"][0] for c in calls(page, "set")]
    assert RAW[version] not in sets, "a lower score is never sent"
    assert page.errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_hostile_saved_state_is_trimmed_never_obeyed(version, built, context):
    """suspend_data naming pages and items the content lacks, prototype keys, choices out of
    range: the SCO starts clean where it must and never saves the junk back."""
    page = host(context, built)
    frame = launch(page, built, version)  # first, to learn the items' keys
    data = sco_data(frame)
    problems = [i for i in data["items"] if i["kind"] == "problem"]
    interview = next(i for i in data["items"] if i["kind"] == "activity")
    junk = "|".join(
        [
            "3",
            "zz",  # page 1295
            "f" * 200,  # 800 pages seen
            "-5",  # interaction index
            "__proto__:1x",
            "constructor:9z",
            "hasOwnProperty:1",
            ":3",
            "unknown_item:" + "x" * 300,
            f"{problems[0]['key']}:1z",  # choice 35 of 4
            f"{problems[1]['key']}:0{problems[1]['answer']}",  # zero attempts
            f"{interview['key']}:9.zzzz",
        ]
    )
    page.evaluate("(junk) => { window.standin.values['cmi.suspend_data'] = junk; }", junk)
    frame = launch(page, built, version)
    assert shown_page(frame) == 0
    summary = frame.evaluate("InsertionProSco.summary()")
    assert summary["completed"] is False and summary["progress"] == 0
    for problem in problems[:2]:
        go_to(frame, page_of(frame, problem))
        expect(frame.locator(f"#{problem['dom']} button[type=submit]")).to_be_enabled()
    saved = frame.evaluate("InsertionProSco.suspendData()")
    for word in ("__proto__", "constructor", "hasOwnProperty", "unknown_item", "|:"):
        assert word not in saved
    assert len(saved) < 100, saved
    assert frame.evaluate("InsertionProSco.status().next") == 0
    # The interview's junk is refused too: it starts at its first node.
    go_to(frame, page_of(frame, interview))
    expect(frame.locator(f"#{interview['dom']} .ip-current .ip-choice").first).to_be_enabled()
    assert frame.evaluate("({}).constructor === Object && !('1x' in {})")
    assert page.errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_block_without_a_performance_task_says_so(version, built, context):
    page = host(context, built)
    frame = launch(page, built, version, name="bloc3")
    ui = sco_data(frame)["ui"]
    expect(frame.locator("#sco-no-task")).to_have_text(ui["no_task"])
    expect(frame.locator("#sco-verdict")).to_have_text(ui["pending"].format(mark=60))
    frame = launch(page, built, version, name="bloc1")
    expect(frame.locator("#sco-no-task")).to_be_hidden()
    assert page.errors == []


@pytest.mark.parametrize("junk", ["5", '"x"', "true", "[]", "{"])
def test_offline_a_corrupt_browser_record_is_ignored(junk, built, context):
    page = host(context, built)
    page.evaluate(STAND_IN, ["1.2", launch_path(built, "1.2"), {"never": True}])
    frame = page.locator("#standin-frame").element_handle().content_frame()
    frame.wait_for_function("() => !!window.InsertionProSco")
    key = sco_data(frame)["storage_key"]
    page.evaluate("([key, junk]) => localStorage.setItem(key, junk)", [key, junk])
    page.evaluate(STAND_IN, ["1.2", launch_path(built, "1.2"), {"never": True}])
    frame = page.locator("#standin-frame").element_handle().content_frame()
    frame.wait_for_function("() => window.InsertionProSco && InsertionProSco.started()")
    works_offline(frame)
    kept = page.evaluate("(key) => JSON.parse(localStorage.getItem(key))", key)
    assert kept["cmi.suspend_data"].startswith("3|"), "progress is kept again"
    assert page.errors == []
