"""The real course in the workbench (`make run`): its outline at /course/ lists every unit in
course order, each a link to the unit played by the workbench's runtime."""

from scorm_export.olx_reader import read_course
from tests.browser.conftest import axe_violations
from tests.hostile import harness

COURSE = read_course(harness.ROOT / "course_content")
UNITS = [
    (chapter, sequential, vertical)
    for chapter in COURSE.chapters
    for sequential in chapter.sequentials
    for vertical in sequential.verticals
]


def test_the_outline_lists_every_unit_in_course_order(page, workbench):
    page.goto(f"{workbench}/course/")
    links = page.locator("main a")
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        v.display_name for _c, _s, v in UNITS
    ]
    chapters = page.locator("main h2").all_inner_texts()
    assert chapters == [c.display_name for c in COURSE.chapters]
    assert axe_violations(page, "main") == []
    # Keyboard alone: the first unit's link is reached by Tab and opened by Enter.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == UNITS[0][2].display_name
    page.keyboard.press("Enter")
    page.wait_for_url("**/scenario/course.000/")
    assert UNITS[0][2].items[0].display_name.split("’")[0] in page.inner_text("body")


def test_a_unit_with_an_activity_plays_the_real_block(page, workbench):
    index = next(
        i
        for i, (_c, _s, v) in enumerate(UNITS)
        if any(getattr(item, "block_type", "") == "interview_simulation" for item in v.items)
    )
    page.goto(f"{workbench}/scenario/course.{index:03d}/")
    page.wait_for_selector(".ip-current .ip-choice")
    assert page.locator(".ip-current .ip-choice").count() >= 2


def test_a_unit_of_knowledge_checks_shows_each_question(page, workbench):
    index, vertical = next(
        (i, v)
        for i, (_c, s, v) in enumerate(UNITS)
        if s.graded and any(hasattr(item, "choices") for item in v.items)
    )
    page.goto(f"{workbench}/scenario/course.{index:03d}/")
    questions = page.locator(".ip-capa-preview")
    assert questions.count() == sum(hasattr(item, "choices") for item in vertical.items)
    first = next(item for item in vertical.items if hasattr(item, "choices"))
    assert first.question in questions.first.inner_text()
