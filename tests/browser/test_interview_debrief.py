"""The feedback and the debrief as a learner reads them on a phone, and their print view."""

import re

import pytest

from tests.browser.conftest import axe_violations, play_to_debrief
from tests.browser.test_interview_browser import KARIM, LENA, SONIA, open_scenario

pytestmark = pytest.mark.browser

OUTCOMES = (
    "Utile\u00a0: ce choix a rapporté des points.",
    "En partie utile\u00a0: un meilleur choix était possible ici.",
    "Quelque chose a été manqué\u00a0: un meilleur choix était possible ici.",
    "Neutre\u00a0: aucun choix ne rapportait plus ici.",
)
IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
  return r.top > -2 && r.bottom < window.innerHeight; }"""  # sub-pixel scrolling


def play_to_the_end(page, immediate=True):
    """First choice shown each time, checking the immediate feedback after every choice."""
    seen = set()

    def feedback_in_words_and_in_view(page):
        outcome = page.locator(".ip-body > .ip-transcript > .ip-turn").last.locator(".ip-outcome")
        assert outcome.inner_text() in OUTCOMES  # in words, not by colour alone
        seen.add(outcome.inner_text())
        assert outcome.evaluate(IN_VIEW), "the feedback of the choice just made is in view"

    play_to_debrief(page, after_each=feedback_in_words_and_in_view if immediate else None)
    return seen


def test_on_a_phone_the_feedback_is_in_words_in_view_and_the_end_page_reads_once(page, workbench):
    open_scenario(page, workbench, KARIM, "debrief-phone")  # immediate feedback
    seen = play_to_the_end(page)
    assert len(seen) >= 2
    # The conversation is shown once, inside the debrief; long sections fold on a phone.
    assert page.locator(".ip-body > .ip-transcript").count() == 0
    assert page.locator(".ip-transcript").count() == 1
    folds = page.locator(".ip-debrief details.ip-fold")
    assert folds.count() == 2
    assert all(not d.evaluate("d => d.open") for d in folds.all())
    summary = folds.last.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert folds.last.evaluate("d => d.open")
    assert page.locator(".ip-debrief .ip-turn .ip-outcome").count() >= 12
    assert axe_violations(page) == []


def test_a_double_tap_answers_one_question_only(page, workbench):
    open_scenario(page, workbench, KARIM, "double-tap")
    page.tap(".ip-current .ip-choice >> nth=-1")
    page.wait_for_selector(".ip-body > .ip-transcript > .ip-turn")
    page.tap(".ip-current .ip-choice >> nth=-1")  # the second tap of a double tap
    page.wait_for_timeout(800)
    assert page.locator(".ip-body > .ip-transcript > .ip-turn").count() == 1
    page.tap(".ip-current .ip-choice >> nth=-1")  # a deliberate tap, once the page settled
    page.wait_for_function(
        "document.querySelectorAll('.ip-body > .ip-transcript > .ip-turn').length === 2"
    )


def test_the_score_is_explained_and_a_cap_stated_only_when_it_applied(page, workbench):
    open_scenario(page, workbench, LENA, "debrief-score")
    play_to_the_end(page)
    score = int(re.search(r"(\d+)", page.inner_text(".ip-score")).group(1))
    explained = page.inner_text(".ip-explained")
    earned, possible, uncapped = map(
        int,
        re.search(
            r"vos points \((\d+)\).*meilleur parcours \((\d+)\)\s*: (\d+)", explained
        ).groups(),
    )
    assert uncapped == round(100 * earned / possible)
    capped = page.locator(".ip-capped")
    order = page.eval_on_selector_all(
        ".ip-debrief > p", "ps => ps.map(p => p.className).filter(c => c.startsWith('ip-'))"
    )
    if capped.count():
        # The score, then why it was capped, then what it would have been without the cap.
        assert order.index("ip-score") < order.index("ip-capped") < order.index("ip-explained")
        cap = int(re.search(r"Plafonné à (\d+)", capped.inner_text()).group(1))
        assert score == cap < uncapped
        assert "point critique a été manqué" in capped.inner_text()
    else:
        assert score == uncapped
    # Each capacity: the learner's points against the best path's.
    headers = page.locator(".ip-capacities thead th").all_text_contents()  # folded on a phone
    assert headers[1:] == ["Vos points", "Ceux du meilleur parcours"]


def test_the_debrief_prints_with_every_section_open_and_no_buttons(page, workbench):
    open_scenario(page, workbench, SONIA, "debrief-print")
    play_to_the_end(page, immediate=False)  # this interview gives its feedback at the end
    page.evaluate(
        "window.print = () => { window.__opened = [...document.querySelectorAll("
        "'details.ip-fold')].map(d => d.open); }"
    )
    page.get_by_role("button", name="Imprimer le bilan").click()
    assert page.evaluate("window.__opened") == [True, True]
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert (
        page.evaluate("[...document.querySelectorAll('details.ip-fold')].some(d => d.open)")
        is False
    )
    page.emulate_media(media="print")
    assert page.locator(".ip-actions").evaluate("el => getComputedStyle(el).display") == "none"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_on_a_wide_screen_the_sections_are_open(chromium, workbench):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    open_scenario(page, workbench, KARIM, "debrief-wide")
    play_to_the_end(page)
    assert page.evaluate("[...document.querySelectorAll('details.ip-fold')].every(d => d.open)")
    context.close()


def test_the_debrief_says_whether_the_mark_the_block_requires_is_reached(page, workbench):
    """The course's interviews are required at 50 % for their block: the learner is told."""
    open_scenario(page, workbench, LENA, "debrief-required")
    play_to_the_end(page)
    score = int(re.search(r"(\d+)", page.inner_text(".ip-score")).group(1))
    required = page.inner_text(".ip-required")
    assert "doit atteindre 50\u00a0%" in required
    assert f"({score}\u00a0%)" in required
    reached = "ne l’atteint pas encore" not in required
    assert reached == (score >= 50), required
