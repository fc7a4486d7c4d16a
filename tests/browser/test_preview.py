"""The preview LMS as an LMS menu: every SCO of a package reached, one record per SCO.

The whole-course packages hold four SCOs (one per competence block); the LMS page offers them
as a menu, launches the first one, and keeps what each one sent apart from the others.
"""

from __future__ import annotations

import json
import zipfile

import pytest
from lxml import etree
from playwright.sync_api import expect

from scorm_export.preview import start
from tests.browser import test_scorm_packages as packages
from tests.browser.test_scorm_packages import (
    ELEMENTS,
    SLUG,
    VERSIONS,
    WATCH_API,
    answer,
    axe_in_frame,
    bloc1,
    expect_answered,
    go_to,
    interactions,
    last,
    lms_log,
    no_horizontal_scroll,
    page_of,
    refused,
    sco_data,
    sco_frame,
    shown_page,
    strict_problems,
)

pytestmark = pytest.mark.browser

# The fixtures of the package tests, shared: the packages exported once, a phone in France.
built = packages.built
context = packages.context

RELAUNCHED = """() => window.lmsLog !== window.previousLog
    && window.lmsLog.some(e => /Commit$/.test(e.call))"""


def whole(version) -> str:
    return f"aip-complet-{SLUG[version]}.zip"


def manifest_items(built, name) -> list[dict]:
    """The items of the package's organization: identifier, title and the href launched."""
    with zipfile.ZipFile(built.paths[built.index(name)]) as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    resources = {r.get("identifier"): r for r in manifest.xpath("//*[local-name()='resource']")}
    found = []
    for item in manifest.xpath("//*[local-name()='item'][@identifierref]"):
        resource = resources[item.get("identifierref")]
        scorm_type = next(v for k, v in resource.attrib.items() if k.lower().endswith("scormtype"))
        assert scorm_type == "sco"
        found.append(
            {
                "id": item.get("identifier"),
                "title": item.xpath("string(*[local-name()='title'])").strip(),
                "href": resource.get("href"),
                "key": f"insertion-pro-lms:{name}:{item.get('identifier')}",
            }
        )
    return found


def relaunch(page, action):
    """Run `action` (a click, a key press), then wait for the SCO it launches to start."""
    page.evaluate("window.previousLog = window.lmsLog")
    action()
    page.wait_for_function(RELAUNCHED)
    frame = sco_frame(page)
    page.evaluate(WATCH_API)
    return frame


def entry(page, n):
    return page.locator(f"#lms-menu [data-lms-item='{n}']")


def choose(page, n):
    """Launch the `n`th SCO from the LMS menu."""
    return relaunch(page, lambda: entry(page, n).click())


def expect_current(page, items, n):
    for other in range(len(items)):
        if other == n:
            expect(entry(page, other)).to_have_attribute("aria-current", "page")
        else:
            expect(entry(page, other)).not_to_have_attribute("aria-current", "page")
    expect(page.locator("#lms-frame")).to_have_attribute("title", items[n]["title"])


def record(page, key) -> dict | None:
    return json.loads(page.evaluate("(key) => localStorage.getItem(key) || 'null'", key))


def recorded_interactions(saved) -> set[str]:
    """The ids of the interactions in a record kept by the LMS."""
    values = saved["values"] if saved else {}
    return {v for k, v in values.items() if k.startswith("cmi.interactions.") and k.endswith(".id")}


def rows(page) -> list[str]:
    return page.locator("#lms-interactions tr").all_text_contents()


def get_value(page, element) -> str:
    return page.evaluate(
        "(e) => String(window.lmsApi.LMSGetValue ? window.lmsApi.LMSGetValue(e)"
        " : window.lmsApi.GetValue(e))",
        element,
    )


def problems_of(frame) -> list[dict]:
    return [i for i in sco_data(frame)["items"] if i["kind"] == "problem"]


def answer_in(page, frame, problem, version):
    """Answer `problem` right; the interaction reaches the LMS and its table gets one row."""
    before = len(rows(page))
    go_to(frame, page_of(frame, problem))
    answer(frame, problem, problem["answer"], sco_data(frame)["ui"])
    expect(page.locator("#lms-interactions tr")).to_have_count(before + 1)
    assert refused(page) == []
    assert strict_problems(version, lms_log(page)) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_whole_course_package(version, built, context):
    name = whole(version)
    el = ELEMENTS[version]
    items = manifest_items(built, name)
    count = len(built.course.chapters)
    assert len(items) == count == 5  # four blocks and the jury practice
    assert all(item["href"].endswith("/index.html") for item in items)

    page = context.new_page()
    page.goto(built.lms(name))
    frame = sco_frame(page)
    page.evaluate(WATCH_API)
    expect(page.locator("#lms-menu button")).to_have_text([item["title"] for item in items])
    expect_current(page, items, 0)
    no_horizontal_scroll(page.main_frame)

    # Every SCO starts from the menu, as a first launch; bloc 1 is left on a later page.
    started = {}
    for n, item in enumerate(items):
        if n:
            frame = choose(page, n)
        expect_current(page, items, n)
        assert frame.url.endswith(f"/pkg/{built.index(name)}/{item['href']}")
        log = lms_log(page)
        assert log[0]["call"] == ("LMSInitialize" if version == "1.2" else "Initialize")
        assert last(log, version, el["completion"]) == "incomplete"
        assert get_value(page, el["entry"]) == "ab-initio"
        assert strict_problems(version, log) == []
        started[n] = sco_data(frame)["storage_key"]
        if n == 0:
            bloc1_page = page_of(frame, problems_of(frame)[0])
            go_to(frame, bloc1_page)
            no_horizontal_scroll(frame)
        if n == 2:
            bloc3 = problems_of(frame)
            assert len(bloc3) >= 3
            answer_in(page, frame, bloc3[0], version)
            found = interactions(lms_log(page), version)
            assert len(found) == 1 and found[0]["result"] == "correct"
            assert last(lms_log(page), version, el["raw"]) is None, "no score before completion"
    assert len(set(started.values())) == count, "a SCO of its own for each chapter"

    # Each SCO has its own record: the interaction of bloc 3 is in bloc 3's record only.
    kept = {n: record(page, item["key"]) for n, item in enumerate(items)}
    assert all(kept[n] is not None for n in range(3)), "every SCO left has been kept"
    assert all(kept[n]["resume"] for n in range(3))
    assert len(recorded_interactions(kept[2])) == 1
    assert [len(recorded_interactions(kept[n])) for n in range(count) if n != 2] == [0] * (
        count - 1
    )
    assert record(page, f"insertion-pro-lms:{name}") is None

    # Back to bloc 1: it resumes where it was left, with nothing of bloc 3.
    frame = choose(page, 0)
    expect_current(page, items, 0)
    assert get_value(page, el["entry"]) == "resume"
    assert shown_page(frame) == bloc1_page
    assert sco_data(frame)["storage_key"] == started[0]
    assert rows(page) == []
    assert page.evaluate("window.lmsSaved")["values"] == kept[0]["values"]
    assert get_value(page, "cmi.interactions._count") == "0"

    # Bloc 3 again: its interaction is given back; a new answer is appended after it.
    frame = choose(page, 2)
    assert get_value(page, el["entry"]) == "resume"
    assert get_value(page, "cmi.interactions._count") == "1"
    expect(page.locator("#lms-interactions tr")).to_have_count(1)
    first = rows(page)
    bloc3 = problems_of(frame)
    expect_answered(frame, bloc3[0], bloc3[0]["answer"], sco_data(frame)["ui"])
    answer_in(page, frame, bloc3[1], version)
    assert rows(page)[:1] == first
    assert list(interactions(lms_log(page), version)) == [1]

    # Relaunch keeps the interactions table; one more answer is appended, nothing overwritten.
    before = rows(page)
    frame = relaunch(page, lambda: page.click("#lms-relaunch"))
    expect_current(page, items, 2)
    expect(page.locator("#lms-interactions tr")).to_have_count(len(before))
    assert rows(page) == before
    assert get_value(page, "cmi.interactions._count") == str(len(before))
    assert interactions(lms_log(page), version) == {}
    answer_in(page, frame, bloc3[2], version)
    assert rows(page)[: len(before)] == before
    assert len(rows(page)) == len(before) + 1
    assert list(interactions(lms_log(page), version)) == [len(before)]

    # Forgetting bloc 3's record starts bloc 3 afresh and leaves the others alone.
    others = [record(page, item["key"]) for n, item in enumerate(items) if n != 2]
    frame = relaunch(page, lambda: page.click("#lms-reset"))
    expect_current(page, items, 2)
    assert get_value(page, el["entry"]) == "ab-initio"
    assert get_value(page, "cmi.interactions._count") == "0"
    assert rows(page) == []
    assert recorded_interactions(page.evaluate("window.lmsSaved")) == set()
    assert [record(page, item["key"]) for n, item in enumerate(items) if n != 2] == others
    saved = record(page, items[2]["key"])
    assert saved is not None and recorded_interactions(saved) == set()


@pytest.mark.parametrize("version", VERSIONS)
def test_lms_menu_on_a_phone_is_accessible(version, built, context):
    name = whole(version)
    items = manifest_items(built, name)
    page = context.new_page()
    page.goto(built.lms(name))
    sco_frame(page)
    expect(page.locator("#lms-menu")).to_have_attribute("aria-label", "Course menu")
    assert axe_in_frame(page.main_frame) == [], "LMS page with its menu"
    no_horizontal_scroll(page.main_frame)

    # Keyboard only: Tab to the second entry, Enter launches it; focus stays on the menu.
    page.locator("body").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-lms-item')") == "1":
            break
    else:
        raise AssertionError("the menu is not reached with Tab")
    frame = relaunch(page, lambda: page.keyboard.press("Enter"))
    expect_current(page, items, 1)
    assert frame.url.endswith(items[1]["href"])
    assert page.evaluate("document.activeElement.getAttribute('data-lms-item')") == "1"
    assert axe_in_frame(page.main_frame) == [], "after a SCO was chosen"


def test_one_sco_package_has_no_menu(built, context):
    page = context.new_page()
    page.goto(built.lms(bloc1("2004")))
    sco_frame(page)
    expect(page.locator("#lms-menu")).to_have_count(0)
    title = manifest_items(built, bloc1("2004"))[0]["title"]
    expect(page.locator("#lms-frame")).to_have_attribute("title", title)


def test_lms_page_speaks_the_command_language(built, context):
    server, url = start([built.paths[built.index(whole("1.2"))]], language="fr")
    try:
        page = context.new_page()
        page.goto(url + "/lms/0/")
        sco_frame(page)
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator("#lms-relaunch")).to_have_text("Relancer")
        expect(page.locator("#lms-menu")).to_have_attribute("aria-label", "Menu du cours")
        page.goto(url + "/")
        expect(page.locator("h1")).to_have_text("Paquets SCORM")
    finally:
        server.shutdown()
        server.server_close()
