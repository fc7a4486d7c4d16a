"""The workshop design page in the workbench, as a learner on a phone and trainers use it.

Pages are in English (the strings' source), on a 390 × 844 touch screen. The default brief
(workbench scenario "workshop_design.0") allows one attempt and has three rubric criteria. In
the workbench a user whose id starts with "trainer" is course staff; a learner's name in the
staff list is their id.
"""

import pytest

from tests.browser.conftest import AXE
from xblocks.common.resources import public_text
from xblocks.workshop_design import messages

pytestmark = pytest.mark.browser

PACKAGE = "xblocks.workshop_design"
ROOT = ".ip-workshop-design"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


@pytest.fixture
def phone(chromium):
    """A new English phone context: `phone()` opens a page in it; a script error or a dialog
    fails the test."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        locale="en-US",
        extra_http_headers={"Accept-Language": "en"},
        has_touch=True,
    )
    errors, dialogs = [], []

    def new_page():
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        return page

    yield new_page
    context.close()
    assert errors == [] and dialogs == [], (errors, dialogs)


def open_block(page, workbench, student):
    # The workbench may answer before its scenarios are all loaded: a 404 is retried a while.
    for _ in range(60):
        response = page.goto(f"{workbench}/scenario/workshop_design.0/?student={student}")
        if response.status != 404:
            break
        page.wait_for_timeout(500)
    page.wait_for_selector(".ip-wd-root .ip-wd-section")


def idle(page):
    """No request under way or waiting, no save pending."""
    page.wait_for_function(
        """() => {
            const root = document.querySelector('.ip-wd-root');
            const status = document.querySelector('.ip-wd-status');
            return root.getAttribute('aria-busy') === 'false'
                && !(status && status.textContent.includes('Saving'));
        }"""
    )


def violations(page):
    """Serious and critical axe-core violations in the block."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (selector) => {
            const r = await axe.run(document.querySelector(selector));
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }""",
        ROOT,
    )


def no_overflow(page):
    """Nothing in the block wider than the phone but the tables, inside their scroll frames
    (the workbench's own fixed banner is not the block's)."""
    wide = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector + ' *')]
            .filter(e => e.getBoundingClientRect().right + scrollX > 391
                && !(e.parentElement && e.parentElement.closest('.ip-wd-scroll')))
            .map(e => e.tagName + '.' + e.className)""",
        ROOT,
    )
    assert wide == []


def active_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page, selector, key="Tab", limit=400):
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reachable with {key}")


def checks_text(page):
    return page.inner_text(".ip-wd-check-list")


def quick_plan(page, text="Rédiger un CV adapté au métier visé"):
    """A small plan written with the mouse and `fill` (the keyboard path is test (a))."""
    page.fill('[id$="-goal"]', text)
    for _ in range(2):
        page.click('[id$="-obj-add"]')
        page.keyboard.type(text)
    page.click('[id$="-seq-add"]')
    page.keyboard.type(text)
    page.select_option('[id$="-seq-s1-method"]', "jeu_de_role")
    page.fill('[id$="-seq-s1-minutes"]', "60")
    page.check('[id$="-seq-s1-o-o1"]')
    page.fill('[id$="-seq-s1-materials"]', text)
    page.click('[id$="-eval-add"]')
    page.select_option('[id$="-eval-e1-kind"]', "final")
    page.check('[id$="-eval-e1-o-o2"]')
    page.fill('[id$="-eval-e1-text"]', text)
    page.fill('[id$="-report"]', text)
    page.locator('[id$="-report"]').blur()
    idle(page)


def submit_with_clicks(page):
    page.click('[id$="-submit"]')
    page.click('[id$="-confirm-yes"]')
    page.wait_for_selector(".ip-wd-result .ip-wd-awaiting")


def open_grading(page, learner):
    """On a trainer's page: the list loaded, the learner's plan opened from its row."""
    page.wait_for_selector(f'.ip-wd-list button[aria-label="Grade {learner}"]')
    page.click(f'.ip-wd-list button[aria-label="Grade {learner}"]')
    page.wait_for_selector(".ip-wd-grading")


def test_a_learner_writes_and_submits_a_plan_with_the_keyboard(phone, workbench):
    page = phone()
    open_block(page, workbench, "wd_keyboard")
    assert "6 h (± 30 min), 2 sessions, on site" in page.inner_text(".ip-wd-brief")
    assert page.locator('[id$="-submit"][aria-disabled="true"]').count() == 1
    no_overflow(page)
    before = checks_text(page)

    tab_to(page, '[id$="-goal"]')
    page.keyboard.type("Rédiger un CV adapté au métier visé.")
    for text in ("Identifier ses compétences.", "Rédiger un CV lisible."):
        tab_to(page, '[id$="-obj-add"]')
        page.keyboard.press("Enter")
        assert active_id(page).endswith(f"-obj-o{1 if 'Identifier' in text else 2}")
        page.keyboard.type(text)
    idle(page)
    assert active_id(page).endswith("-obj-o2")  # the focus stays in the field typed in
    assert page.input_value('[id$="-obj-o2"]') == "Rédiger un CV lisible."

    for number, (title, minutes, objective) in enumerate(
        [
            ("Accueil", "30", "o1"),
            ("Des expériences aux compétences", "90", "o1"),
            ("Rédaction du CV", "120", "o2"),
        ],
        1,
    ):
        tab_to(page, '[id$="-seq-add"]')
        page.keyboard.press("Enter")
        assert active_id(page).endswith(f"-seq-s{number}-title")
        page.keyboard.type(title)
        page.keyboard.press("Tab")
        assert active_id(page).endswith(f"-seq-s{number}-method")
        for _ in range(number * 2):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.press("Control+A")
        page.keyboard.type(minutes)
        tab_to(page, f'[id$="-seq-s{number}-o-{objective}"]')
        page.keyboard.press("Space")
    idle(page)
    assert page.locator(".ip-wd-sequence").count() == 3
    assert page.locator(".ip-wd-sequence select").evaluate_all(
        "all => all.every(s => s.value !== '')"
    )
    assert "4 h" in page.inner_text(".ip-wd-minutes-total")

    tab_to(page, '[id$="-eval-add"]')
    page.keyboard.press("Enter")
    assert active_id(page).endswith("-eval-e1-kind")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Le CV rédigé, relu avec une grille.")
    tab_to(page, '[id$="-ans-constraints-lecture"]')
    page.keyboard.type("Consignes lues à voix haute, supports illustrés.")
    tab_to(page, '[id$="-run-checks"]')
    page.keyboard.press("Enter")
    idle(page)
    assert active_id(page).endswith("-run-checks")
    assert page.inner_text(".ip-wd-status") == "Saved"
    after = checks_text(page)
    assert after != before
    assert (
        page.locator('[id$="-alignment"] tbody tr').count() == 2
    )  # the alignment matrix: one row per objective

    tab_to(page, '[id$="-submit"]')
    page.keyboard.press("Enter")
    assert active_id(page).endswith("-confirm-yes")
    assert "last attempt" in page.inner_text(".ip-wd-confirm")
    page.keyboard.press("Enter")
    page.wait_for_selector(".ip-wd-result .ip-wd-awaiting")
    assert "Awaiting grading" in page.inner_text(".ip-wd-result")
    assert page.locator('[id$="-goal"]').count() == 0


def test_b_a_trainer_grades_with_the_keyboard_and_the_learner_sees_it(phone, workbench):
    learner = phone()
    open_block(learner, workbench, "wd_graded")
    quick_plan(learner)
    submit_with_clicks(learner)

    trainer = phone()
    open_block(trainer, workbench, "trainer1")
    trainer.wait_for_selector('.ip-wd-list button[aria-label="Grade wd_graded"]')
    tab_to(trainer, '[id$="-filter-name"]')
    trainer.keyboard.type("wd_graded")
    assert trainer.locator(".ip-wd-list tbody tr").count() == 1
    tab_to(trainer, '.ip-wd-list button[aria-label="Grade wd_graded"]')
    trainer.keyboard.press("Enter")
    trainer.wait_for_selector(".ip-wd-grading")
    assert active_id(trainer).endswith("-screen-heading")
    assert "Graders' notes: Pour les correcteurs seulement." in trainer.inner_text(".ip-wd-grading")
    for criterion, downs, comment in (
        ("objectifs", 2, "Objectifs observables."),
        ("methodes", 1, "Méthodes variées."),
        ("bilan", 0, ""),
    ):
        tab_to(trainer, f'[name$="-crit-{criterion}"]')
        trainer.keyboard.press("Space")
        for _ in range(downs):
            trainer.keyboard.press("ArrowDown")
        trainer.keyboard.press("Tab")
        assert active_id(trainer).endswith(f"-crit-{criterion}-comment")
        trainer.keyboard.type(comment)
    tab_to(trainer, '[id$="-overall"]')
    trainer.keyboard.type("Un bon premier plan.")
    trainer.keyboard.press("Tab")
    assert active_id(trainer).endswith("-save-grading")
    trainer.keyboard.press("Enter")
    trainer.wait_for_selector("text=Grading saved")
    trainer.wait_for_function(
        "() => [...document.querySelectorAll('.ip-wd-list tbody tr')]"
        ".some(r => r.textContent.includes('wd_graded') && r.textContent.includes('Graded'))"
    )
    assert "trainer1" in trainer.inner_text(".ip-wd-history")

    learner.reload()
    learner.wait_for_selector(".ip-wd-result .ip-wd-levels")
    result = learner.inner_text(".ip-wd-result")
    assert "Graded" in result
    assert "Conforme: 2 of 2 points" in result and "Conforme: 2 of 4 points" in result
    assert "Absent: 0 of 2 points" in result
    assert "Objectifs observables." in result and "Méthodes variées." in result
    assert "Un bon premier plan." in result
    assert "%" in learner.inner_text(".ip-wd-result .ip-wd-score")
    assert learner.locator(".ip-wd-result table").count() == 2  # levels, capacities


def test_c_markup_typed_in_shows_as_text_everywhere(phone, workbench):
    page = phone()
    open_block(page, workbench, "wd_hostile")
    quick_plan(page, HOSTILE)
    page.fill('[id$="-ans-constraints-lecture"]', HOSTILE)
    page.locator('[id$="-ans-constraints-lecture"]').blur()
    idle(page)
    page.click('[id$="-doc-toggle"]')
    doc = page.inner_text(".ip-wd-doc")
    assert doc.count(HOSTILE) >= 5
    assert HOSTILE in page.inner_text('[id$="-alignment"]')  # the alignment matrix names it
    submit_with_clicks(page)
    page.reload()
    page.wait_for_selector(".ip-wd-result")
    page.click('[id$="-doc-toggle"]')
    assert HOSTILE in page.inner_text(".ip-wd-doc")

    trainer = phone()
    open_block(trainer, workbench, "trainer1")
    open_grading(trainer, "wd_hostile")
    assert trainer.inner_text(".ip-wd-screen .ip-wd-doc").count(HOSTILE) >= 5
    for each in (page, trainer):
        assert each.locator(f"{ROOT} img, {ROOT} script").count() == 0


def test_d_no_serious_axe_violation_on_a_phone(phone, workbench):
    page = phone()
    open_block(page, workbench, "wd_axe")
    assert violations(page) == []  # the empty editor
    quick_plan(page)
    no_overflow(page)
    assert violations(page) == []  # the editor written, the checks
    page.click('[id$="-doc-toggle"]')
    page.wait_for_selector(".ip-wd-doc")
    no_overflow(page)
    assert violations(page) == []  # the document
    page.click('[id$="-submit"]')
    assert violations(page) == []  # the confirmation
    page.click('[id$="-confirm-yes"]')
    page.wait_for_selector(".ip-wd-result .ip-wd-awaiting")
    assert violations(page) == []  # awaiting grading

    trainer = phone()
    open_block(trainer, workbench, "trainer1")
    trainer.wait_for_selector('.ip-wd-list button[aria-label="Grade wd_axe"]')
    assert violations(trainer) == []  # the list
    open_grading(trainer, "wd_axe")
    no_overflow(trainer)
    assert violations(trainer) == []  # the grading screen
    for criterion in ("objectifs", "methodes", "bilan"):
        trainer.check(f'[id$="-crit-{criterion}-2"]')
    trainer.click('[id$="-save-grading"]')
    trainer.wait_for_selector("text=Grading saved")
    page.reload()
    page.wait_for_selector(".ip-wd-result .ip-wd-levels")
    no_overflow(page)
    assert violations(page) == []  # the result


def test_e_a_second_trainer_is_told_and_keeps_their_grading(phone, workbench):
    learner = phone()
    open_block(learner, workbench, "wd_twice")
    quick_plan(learner)
    submit_with_clicks(learner)

    first, second = phone(), phone()
    for trainer in (first, second):
        open_block(trainer, workbench, "trainer1")
        open_grading(trainer, "wd_twice")
    for criterion in ("objectifs", "methodes", "bilan"):
        first.check(f'[id$="-crit-{criterion}-0"]')
        second.check(f'[id$="-crit-{criterion}-2"]')
    second.fill('[id$="-crit-methodes-comment"]', "Mon commentaire à garder.")
    second.fill('[id$="-overall"]', "Mon avis d’ensemble.")
    first.click('[id$="-save-grading"]')
    first.wait_for_selector("text=Grading saved")

    second.click('[id$="-save-grading"]')
    second.wait_for_selector("text=Another trainer graded this plan meanwhile")
    assert "trainer1" in second.inner_text(".ip-wd-history")  # the grading made meanwhile
    assert second.input_value('[id$="-crit-methodes-comment"]') == "Mon commentaire à garder."
    assert second.input_value('[id$="-overall"]') == "Mon avis d’ensemble."
    for criterion in ("objectifs", "methodes", "bilan"):
        assert second.is_checked(f'[id$="-crit-{criterion}-2"]')
    second.click('[id$="-save-grading"]')  # saved this time, as a regrade
    second.wait_for_selector("text=Grading saved")
    assert second.locator(".ip-wd-history tbody tr").count() >= 2


def test_f_a_stale_page_is_reloaded_says_so_and_keeps_what_it_was_writing(phone, workbench):
    first, second = phone(), phone()
    for page in (first, second):
        open_block(page, workbench, "wd_stale")
    first.fill('[id$="-goal"]', "Écrit dans le premier onglet.")
    first.locator('[id$="-goal"]').blur()
    idle(first)
    second.fill('[id$="-goal"]', "Écrit dans le second onglet.")
    second.locator('[id$="-goal"]').blur()
    second.wait_for_selector(".ip-wd-alert >> text=This page is out of date")
    idle(second)
    assert second.input_value('[id$="-goal"]') == "Écrit dans le premier onglet."
    # What the second tab was writing is not lost: it can be put back, with the keyboard.
    assert "The version you were writing is kept" in second.inner_text(".ip-wd-alert")
    second.focus(".ip-wd-alert button")
    assert second.inner_text(".ip-wd-alert button") == "Put my version back"
    second.keyboard.press("Enter")
    idle(second)
    assert second.input_value('[id$="-goal"]') == "Écrit dans le second onglet."
    assert second.inner_text(".ip-wd-status") == "Saved"
    first.reload()
    first.wait_for_selector(".ip-wd-root .ip-wd-section")
    assert first.input_value('[id$="-goal"]') == "Écrit dans le second onglet."
    second.fill('[id$="-goal"]', "Écrit après le rechargement.")
    second.locator('[id$="-goal"]').blur()
    idle(second)
    assert second.inner_text(".ip-wd-status") == "Saved"


def test_g_five_hundred_submissions_list_and_filter(phone):
    """The staff list alone, on a transport that answers 500 rows: built at once, filtered."""
    page = phone()
    page.set_content('<section class="ip-workshop-design"><div class="ip-wd-root"></div></section>')
    page.add_style_tag(content=public_text(PACKAGE, "workshop-design.css"))
    page.add_script_tag(content=public_text(PACKAGE, "workshop-design-view.js"))
    ui = messages.front_end_ui(str)
    elapsed = page.evaluate(
        """(ui) => new Promise((resolve) => {
            const rows = Array.from({length: 500}, (_, i) => ({
                learner: 'k' + i, name: 'learner ' + i, attempt: 1,
                status: ['awaiting', 'graded', 'regraded'][i % 3], checks: 0.5,
                raw: i % 3 ? 0.7 : null, submitted: '2026-12-02T10:00:00+00:00',
                graded: null, by: null, version: i % 3}));
            let started = 0;
            const transport = {call: (action) => {
                started = performance.now();
                return Promise.resolve({submissions: rows});
            }};
            const view = new WorkshopDesignView(document.querySelector('.ip-wd-root'),
                {transport, ui, staff: true, id: 'wd-list'});
            view.staffNode = view.nodes.staff = view.staffSection();
            document.querySelector('.ip-wd-body').appendChild(view.staffNode);
            view.loadSubmissions(() => {
                document.body.getBoundingClientRect();
                resolve(performance.now() - started);
            });
        })""",
        ui,
    )
    # How fast: benchmarks/bench_workshop_design.py (a benchmark, not a timed test).
    assert page.locator(".ip-wd-list tbody tr").count() == 500 and elapsed > 0
    page.select_option('[id$="-filter-status"]', "awaiting")
    assert page.locator(".ip-wd-list tbody tr").count() == 167
    page.fill('[id$="-filter-name"]', "learner 49")
    assert page.locator(".ip-wd-list tbody tr").count() == 3  # 492, 495, 498: awaiting
