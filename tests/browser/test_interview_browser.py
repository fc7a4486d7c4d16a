"""The interview simulation in the workbench, as a learner on a phone would use it."""

import pytest

import course_content
from tests.browser.conftest import axe_violations
from xblocks.interview_simulation.olx import scenario_from_xml

pytestmark = pytest.mark.browser

# The workbench names each course interview "interview_simulation.<n>", in file-name order.
SCENARIOS = [
    f"interview_simulation.{n}"
    for n, _path in enumerate(course_content.activity_files("interview_simulation"))
]
#: The workbench scenario of each course interview, by file name.
SCENARIO_OF = {
    path.stem: f"interview_simulation.{n}"
    for n, path in enumerate(course_content.activity_files("interview_simulation"))
}
KARIM, LENA, SONIA = (SCENARIO_OF[n] for n in ("deld_karim", "jeune_cej_lena", "rsa_sonia"))


def open_scenario(page, workbench, scenario, student):
    page.goto(f"{workbench}/scenario/{scenario}/?student={student}")
    page.wait_for_selector(".ip-choice, .ip-debrief")


def focused_class(page):
    return page.evaluate("document.activeElement && document.activeElement.className")


def tab_to_first_choice(page):
    for _ in range(80):
        page.keyboard.press("Tab")
        if "ip-choice" in focused_class(page):
            return
    raise AssertionError("no choice reachable with Tab")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_full_playthrough_by_keyboard_alone(page, workbench, scenario):
    open_scenario(page, workbench, scenario, f"kb-{scenario}")
    tab_to_first_choice(page)
    turns = 0
    while "ip-choice" in focused_class(page):
        said = page.inner_text(".ip-say-current")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(said) => !document.querySelector('.ip-say-current') ||"
            " document.querySelector('.ip-say-current').innerText !== said"
            " || document.querySelectorAll('.ip-turn').length > 0",
            arg=said,
        )
        page.wait_for_function(
            "document.querySelector('.ip-interview .ip-root').getAttribute('aria-busy') === 'false'"
        )
        turns += 1
        if page.query_selector(".ip-current"):
            # The new line of the person is announced to screen readers.
            assert page.inner_text(".ip-sr-only[aria-live]").strip() != ""
    assert turns >= 12
    # The debrief takes focus, shows the score, the capacity table and its chart.
    assert page.evaluate("document.activeElement.id").endswith("-debrief")
    assert "%" in page.inner_text(".ip-score")
    path = course_content.activity_files("interview_simulation")[SCENARIOS.index(scenario)]
    codes = scenario_from_xml(path.read_bytes())[0].capacity_codes  # one row and bar each
    assert page.locator(".ip-capacities tbody tr").count() == len(codes) >= 3
    assert page.locator("svg.ip-chart rect.ip-chart-bar").count() == len(codes)
    assert page.locator(".ip-debrief .ip-turn").count() == turns
    assert axe_violations(page) == []


def test_student_view_has_no_serious_accessibility_violation(page, workbench):
    open_scenario(page, workbench, KARIM, "axe")
    assert axe_violations(page) == []


def test_reload_resumes_exactly_where_the_learner_was(page, workbench):
    open_scenario(page, workbench, SCENARIOS[-1], "resume")
    for _ in range(3):
        page.click(".ip-choice >> nth=0")
        page.wait_for_function(
            "document.querySelectorAll('.ip-current .ip-choice:not([disabled])').length > 0"
        )
    before = page.inner_text(".ip-body")
    page.reload()
    page.wait_for_selector(".ip-choice")
    assert page.inner_text(".ip-body") == before
    assert page.locator(".ip-transcript > .ip-turn").count() == 3


def test_english_interface_when_the_browser_asks_for_it(chromium, workbench):
    context = chromium.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    page.goto(f"{workbench}/scenario/{KARIM}/?student=english")
    page.wait_for_selector(".ip-choice")
    assert page.inner_text(".ip-choices-title") == "What do you say?"
    context.close()


def test_french_interface_by_default(page, workbench):
    open_scenario(page, workbench, KARIM, "french")
    assert page.inner_text(".ip-choices-title") == "Que répondez-vous\u00a0?"
