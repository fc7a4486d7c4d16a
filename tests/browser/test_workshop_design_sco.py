"""The workshop design inside the block 4 SCO, played in scorm-again on a phone, in French.

The learner's page of the block runs on the JS engine, scored by the automatic checks alone
(no trainer in another LMS). A plan written by the learner resumes exactly from its compressed
state (markup typed in showing as text); a submitted plan reaches the LMS as its text (2004's
`long-fill-in`, 1.2's summary within 255 characters) and one record per check, all valid for a
strict LMS. The course's worked example, seeded as an LMS record, resumes within 1.2's 4,096
characters; a plan grown past what the LMS keeps is kept in the browser, the learner told,
and the LMS's record is left as it was.
"""

from __future__ import annotations

import json
import random
import string

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT
from tests.browser.test_scorm_packages import (
    ELEMENTS,
    VERSIONS,
    WATCH_API,
    axe_in_frame,
    built,  # noqa: F401 - a fixture
    context,  # noqa: F401 - a fixture
    go_to,
    interactions,
    last,
    lms_log,
    no_horizontal_scroll,
    open_lms,
    page_of,
    refused,
    sco_data,
    sco_frame,
    strict_problems,
)
from xblocks.workshop_design import compact, engine, olx

pytestmark = pytest.mark.browser

GOAL = (
    "Préparer un entretien d’embauche | 100 % ~ "
    "<script>alert(1)</script><img src=x onerror=alert(1)>"
)
TEXT = "Rédiger un CV adapté au métier visé"


def bloc4(version: str) -> str:
    return f"aip-bloc4-{'scorm12' if version == '1.2' else 'scorm2004'}.zip"


def workshop_item(frame) -> dict:
    return next(i for i in sco_data(frame)["items"] if i.get("type") == "workshop_design")


def idle(frame):
    """The page has no request under way, and its last change is written for the LMS."""
    frame.wait_for_function(
        """() => [...document.querySelectorAll('.ip-wd-root')].every(
            r => r.getAttribute('aria-busy') === 'false')"""
    )
    frame.wait_for_timeout(150)  # the compression of the last change, a few milliseconds


def small_plan(root, frame):
    root.locator('[id$="-goal"]').fill(GOAL)
    root.locator('[id$="-obj-add"]').click()
    root.page.keyboard.type(TEXT)
    root.locator('[id$="-seq-add"]').click()
    root.page.keyboard.type(TEXT)
    root.locator('[id$="-seq-s1-method"]').select_option("jeu_de_role")
    root.locator('[id$="-seq-s1-minutes"]').fill("60")
    root.locator('[id$="-seq-s1-o-o1"]').check()
    root.locator('[id$="-eval-add"]').click()
    root.locator('[id$="-eval-e1-kind"]').select_option("final")
    root.locator('[id$="-eval-e1-o-o1"]').check()
    root.locator('[id$="-eval-e1-text"]').fill(TEXT)
    root.locator('[id$="-report"]').fill(TEXT)
    root.locator('[id$="-report"]').blur()
    idle(frame)


def at_workshop(context, built, name):  # noqa: F811 - the fixtures, passed on
    """The SCO of package `name` opened in the LMS, on the workshop's page."""
    page, frame = open_lms(context, built, name)
    item = workshop_item(frame)
    go_to(frame, page_of(frame, item))
    return page, frame, item, frame.locator(f"#{item['dom']}")


def relaunch(context, built, name, page):  # noqa: F811 - the fixtures, passed on
    page.close(run_before_unload=True)
    page = context.new_page()
    page.goto(built.lms(name))
    frame = sco_frame(page)
    page.evaluate(WATCH_API)
    return page, frame


@pytest.mark.parametrize("version", VERSIONS)
def test_a_plan_resumes_then_reaches_the_lms_scored_by_its_checks(version, built, context):  # noqa: F811
    page, frame = open_lms(context, built, bloc4(version))
    item = workshop_item(frame)
    go_to(frame, page_of(frame, item))
    root = frame.locator(f"#{item['dom']}")
    small_plan(root, frame)
    room = root.locator(".ip-wd-room")
    expect(room).to_contain_text("utilisé")
    suspend = frame.evaluate("InsertionProSco.suspendData()")
    value = suspend.split(item["key"] + ":")[1].split("|")[0]
    assert value.startswith("WA"), "a small plan is kept in plain ASCII"
    assert all(0x21 <= ord(c) <= 0x7D for c in value) and "<" not in suspend

    page, frame = relaunch(context, built, bloc4(version), page)
    go_to(frame, page_of(frame, item))
    root = frame.locator(f"#{item['dom']}")
    expect(root.locator('[id$="-goal"]')).to_have_value(GOAL)
    expect(root.locator('[id$="-seq-s1-method"]')).to_have_value("jeu_de_role")
    assert root.locator("script, img").count() == 0

    root.locator('[id$="-submit"]').click()
    root.locator('[id$="-confirm-yes"]').click()
    result = root.locator(".ip-wd-result")
    expect(result).to_contain_text("Noté par les contrôles automatiques")
    expect(result).to_contain_text("imprimez")
    idle(frame)
    log = lms_log(page)
    assert strict_problems(version, log) == []
    assert refused(page) == []
    found = list(interactions(log, version).values())
    prefix = f"{item['id']}.a1."
    checks = [c["id"] for c in item["content"]["checks"]]
    assert [i["id"] for i in found] == [prefix + "plan"] + [f"{prefix}check.{c}" for c in checks]
    learner = ELEMENTS[version]["learner"]
    plan = found[0]
    if version == "1.2":
        assert plan["type"] == "fill-in" and len(plan[learner]) <= 255
        assert "1 objectif" in plan[learner] and "1 séquence" in plan[learner]
    else:
        assert plan["type"] == "long-fill-in"
        assert TEXT in plan[learner] and "Jeu de rôle" in plan[learner]
    # The learner's text as typed, but "</", which would end a page script some LMSs write
    # their values into (Open edX's SCORM block), has a zero-width space inside.
    assert "</" not in plan[learner] and "alert(1)<\u200b/script>" in plan[learner]
    summary = frame.evaluate("InsertionProSco.summary()")
    assert 0 < float(plan["result"]) <= 1
    line = frame.locator("#sco-breakdown li", has_text=item["display_name"]).text_content()
    assert "pas encore fait" not in line and f"{round(float(plan['result']) * 100)}\xa0%" in line
    assert not summary["completed"], "the knowledge checks are still to do"


def example_record(version, frame, item) -> str:
    """The LMS record of a learner who wrote the course's worked example, unsubmitted."""
    source = (ROOT / "course_content/workshop_design/atelier_tre.xml").read_bytes()
    workshop, _settings = olx.workshop_from_xml(source)
    state = {"v": 1, "a": 1, "n": 0, "f": 0, "p": engine.clean_plan(workshop, workshop.example)}
    page = page_of(frame, item)
    limit = 4096 if version == "1.2" else 64000
    head = f"3|{page:x}|{(1 << (page + 1)) - 1:x}|0|{item['key']}:"
    return head + compact.encode(workshop, state, room=limit - len(head))


def seeded(context, built, name, page, version, suspend: str):  # noqa: F811
    """A new launch of the SCO over what the LMS then holds: a suspended session with
    `suspend` (the record is written before the LMS page reads it)."""
    key = page.evaluate(
        "JSON.parse(document.getElementById('lms-config').textContent).items[0].key"
    )
    page.close(run_before_unload=True)
    exit_ = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    record = {"values": {"cmi.suspend_data": suspend, exit_: "suspend"}, "resume": True}
    page = context.new_page()
    stored = json.dumps(json.dumps(record))
    page.add_init_script(f"localStorage.setItem({json.dumps(key)}, {stored})")
    page.goto(built.lms(name))
    frame = sco_frame(page)
    page.evaluate(WATCH_API)
    return page, frame


def test_b_the_worked_example_fits_scorm_12_and_a_longer_plan_stays_in_the_browser(
    built,  # noqa: F811
    context,  # noqa: F811
):
    name = bloc4("1.2")
    page, frame = open_lms(context, built, name)
    item = workshop_item(frame)
    record = example_record("1.2", frame, item)
    assert len(record) <= 4096, len(record)
    assert record.split(":", 1)[1].startswith("WU")
    page, frame = seeded(context, built, name, page, "1.2", record)
    root = frame.locator(f"#{item['dom']}")
    source = (ROOT / "course_content/workshop_design/atelier_tre.xml").read_bytes()
    example = olx.workshop_from_xml(source)[0].example
    expect(root.locator('[id$="-goal"]')).to_have_value(example["goal"])
    final = len(example["sequences"])
    expect(root.locator(f'[id$="-seq-s{final}-title"]')).to_have_value(
        example["sequences"][-1]["title"]
    )
    expect(root.locator(".ip-wd-room")).to_contain_text("utilisé")

    # Two long texts no compression shortens: past the room, kept in this browser only.
    noise = "".join(random.Random(4).choices(string.ascii_lowercase, k=1990))
    root.locator('[id$="-logistics"]').fill(noise)
    root.locator('[id$="-report"]').fill(noise[::-1])
    root.locator('[id$="-report"]').blur()
    idle(frame)
    expect(root.locator(".ip-wd-room")).to_contain_text("ne tient plus")
    expect(frame.locator("#sco-beyond")).to_be_visible()
    held = json.loads(page.evaluate("JSON.stringify(window.lmsSaved || null)") or "null")
    kept_suspend = (held or {}).get("values", {}).get("cmi.suspend_data", record)
    assert noise not in kept_suspend and len(kept_suspend) <= 4096
    # The rest of the SCO is still kept: here, the page the learner goes to.
    go_to(frame, 0)
    sent = last(lms_log(page), "1.2", "cmi.suspend_data")
    assert sent.startswith("3|0|") and len(sent) <= 4096
    workshop = olx.workshop_from_xml(source)[0]
    lms_plan = compact.decode(workshop, sent.split(item["key"] + ":")[1].split("|")[0])[0]["p"]
    assert lms_plan["goal"] == example["goal"], "the plan as it last fitted"
    assert lms_plan["report"] != noise[::-1], "not the change past the room"
    go_to(frame, page_of(frame, item))

    page, frame = relaunch(context, built, name, page)
    root = frame.locator(f"#{item['dom']}")
    expect(root.locator('[id$="-report"]')).to_have_value(noise[::-1])
    expect(frame.locator("#sco-beyond")).to_be_visible()

    # Shortened again: the LMS keeps it, the page says no more.
    root.locator('[id$="-logistics"]').fill(example["logistics"])
    root.locator('[id$="-report"]').fill(example["report"])
    root.locator('[id$="-report"]').blur()
    idle(frame)
    expect(frame.locator("#sco-beyond")).to_be_hidden()
    expect(root.locator(".ip-wd-room")).not_to_contain_text("ne tient plus")
    assert strict_problems("1.2", lms_log(page)) == []


def test_c_on_a_phone_axe_finds_nothing_serious_and_review_shows_the_plan(built, context):  # noqa: F811
    """Before and after submitting, the document open: nothing serious for axe on a phone; a
    relaunch after the last attempt opens the SCO in review mode on the scored plan."""
    name = bloc4("2004")
    page, frame, item, root = at_workshop(context, built, name)
    small_plan(root, frame)
    assert axe_in_frame(frame) == []
    no_horizontal_scroll(frame)
    for attempt in (1, 2):
        root.locator('[id$="-submit"]').click()
        root.locator('[id$="-confirm-yes"]').click()
        expect(root.locator(".ip-wd-result")).to_contain_text(f"tentative {attempt}")
        idle(frame)
        if attempt == 1:
            root.locator('[id$="-restart"]').click()
            expect(root.locator('[id$="-goal"]')).to_have_value(GOAL)
    root.locator("button", has_text="Ouvrir le projet comme document").click()
    expect(root.locator(".ip-wd-doc")).to_contain_text(TEXT)
    assert axe_in_frame(frame) == []
    no_horizontal_scroll(frame)
    assert root.locator('[id$="-restart"]').count() == 0, "two attempts: none left"

    page, frame = relaunch(context, built, name, page)
    root = frame.locator(f"#{item['dom']}")
    go_to(frame, page_of(frame, item))
    expect(root.locator(".ip-wd-result")).to_contain_text("Noté par les contrôles automatiques")
    expect(root.locator(".ip-wd-result")).to_contain_text("tentative 2")
    assert root.locator("script, img").count() == 0
    line = frame.locator("#sco-breakdown li", has_text=item["display_name"]).text_content()
    assert "pas encore fait" not in line


def test_d_a_browser_without_compression_still_keeps_the_plan(built, context):  # noqa: F811
    """No CompressionStream (an older browser): the plan is kept uncompressed and resumes; a
    compressed state it cannot read stays in the LMS as it was until the learner writes."""
    context.add_init_script("delete window.CompressionStream; delete window.DecompressionStream;")
    name = bloc4("2004")
    page, frame, item, root = at_workshop(context, built, name)
    small_plan(root, frame)
    value = frame.evaluate("InsertionProSco.suspendData()").split(item["key"] + ":")[1]
    assert value.startswith("WR")
    page, frame = relaunch(context, built, name, page)
    go_to(frame, page_of(frame, item))
    root = frame.locator(f"#{item['dom']}")
    expect(root.locator('[id$="-goal"]')).to_have_value(GOAL)

    record = example_record("2004", frame, item)
    page, frame = seeded(context, built, name, page, "2004", record)
    root = frame.locator(f"#{item['dom']}")
    expect(root.locator('[id$="-goal"]')).to_have_value("")
    kept = frame.evaluate("InsertionProSco.suspendData()")
    assert kept.split(item["key"] + ":")[1].split("|")[0] == record.split(":", 1)[1]
