"""The partner network page in the workbench, as a learner on a phone and a trainer use it.

Pages are in English (the strings' source), on a 390 × 844 touch screen. The default network
(workbench scenario "partner_network.0") allows 3 attempts and shows the reference after the
last one. In the workbench a user whose id starts with "trainer" is course staff.
"""

import xml.etree.ElementTree as ET

import pytest

from tests.browser.conftest import AXE, axe_violations
from xblocks.common.resources import public_text
from xblocks.partner_network import olx

pytestmark = pytest.mark.browser

NETWORK = olx.network_from_xml(public_text("xblocks.partner_network", "default-network.xml"))[0]
ROOT = ".ip-partner-network"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


@pytest.fixture
def phone(chromium):
    """A new English phone context: `phone()` opens a page in it (two pages share a learner)."""
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


def page_violations(page, selector=ROOT):
    """Serious and critical axe-core violations in `selector` but in the map's drawing: that
    is another component (partner-network-map.js), checked by `test_the_drawing_passes_axe`."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (selector) => {
            const r = await axe.run({include: [[selector]], exclude: [['.pn-map']]});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }""",
        selector,
    )


def open_network(page, workbench, student):
    # The workbench may answer before its scenarios are all loaded (its first "/" outlasts the
    # readiness probe's timeout, in conftest.running_workbench): a 404 is retried a while.
    for _ in range(60):
        response = page.goto(f"{workbench}/scenario/partner_network.0/?student={student}")
        if response.status != 404:
            break
        page.wait_for_timeout(500)
    page.wait_for_selector(".ip-pn-root .ip-pn-section")


def idle(page):
    """Every change saved: no request under way, none waiting."""
    page.wait_for_function(
        """() => {
            const root = document.querySelector('.ip-pn-root');
            const status = document.querySelector('.ip-pn-status');
            return root.getAttribute('aria-busy') === 'false'
                && !(status && status.textContent.includes('Saving'));
        }"""
    )


def active_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page, selector, key="Tab", limit=400):
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reachable with {key}")


def tick_in_order(page, inputs, wanted):
    """Tab to each of `inputs` (a selector) whose label is in `wanted`, in the page's order,
    and tick it with Space; the focus stays on it."""
    found = page.eval_on_selector_all(
        inputs, "all => all.map(i => [i.id, i.closest('label').textContent])"
    )
    for input_id, text in found:
        if text in wanted:
            tab_to(page, f"#{input_id}")
            page.keyboard.press("Space")
            assert active_id(page) == input_id


def choose_option(page, text):
    """On a focused select or radio group, press arrow keys until `text` is chosen: down, then
    up once the end is reached (a radio group wraps around, a select stops)."""
    chosen = None
    for key in ["ArrowDown"] * 15 + ["ArrowUp"] * 15:
        before, chosen = (
            chosen,
            page.evaluate(
                """() => { const e = document.activeElement;
                return e.tagName === 'SELECT' ? e.selectedOptions[0].textContent
                    : e.closest('label').textContent; }"""
            ),
        )
        if chosen == text:
            return
        if key == "ArrowDown" and chosen == before:
            continue  # the end of a select: the ups follow
        page.keyboard.press(key)
    raise AssertionError(f"{text} not found by arrow keys")


def relate_by_keyboard(page, source, target, type_label, two_way):
    """Fill "Add a relation" from the button used last (or the list's heading) with the keys
    alone, and add it."""
    if page.evaluate("document.activeElement.id").endswith("-rel-add"):
        tab_to(page, '[id$="-rel-from"]', "Shift+Tab")
    else:
        tab_to(page, '[id$="-rel-from"]')
    choose_option(page, source)
    page.keyboard.press("Tab")
    choose_option(page, target)
    page.keyboard.press("Tab")
    choose_option(page, type_label)
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.checked") != two_way:
        page.keyboard.press("Space")
    tab_to(page, '[id$="-rel-add"]')
    page.keyboard.press("Enter")
    idle(page)
    assert active_id(page).endswith("-rel-add")  # the focus stays on the button used


def names():
    found = {NETWORK.structure.id: NETWORK.structure.name}
    return found | {p.id: p.name for p in NETWORK.partners}


def right_texts(choices):
    return [o.text for o in choices.options if o.correct]


def test_keyboard_playthrough_on_a_phone(phone, workbench):
    page = phone()
    open_network(page, workbench, "keyboard")
    header = page.inner_text(".ip-pn-header")
    assert "Attempt 1 of 3" in header and "What you will do" in header
    assert page.locator(".ip-pn-tasks li").count() == 4
    assert page.locator(".ip-pn-territory table th[scope=row]").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Every partner placed in its reference domains from the list, with Space.
    labels = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll("
        "'.ip-pn-domains input')].map(i => [i.value, i.closest('label').textContent]))"
    )
    for partner in NETWORK.partners:
        wanted = {labels[d] for d in partner.domains}
        tick_in_order(page, f'[id$="-place-{partner.id}"] input', wanted)
    idle(page)
    placed = sum(len(p.domains) for p in NETWORK.partners)
    assert page.locator(".ip-pn-domains input:checked").count() == placed

    # Relations from the form; a wrong one removed with its button.
    label = {t.id: t.label for t in NETWORK.relation_types}
    name = names()
    relate_by_keyboard(page, name["plie"], name["csapa"], label["convention"], False)
    tab_to(page, ".ip-pn-relation button")
    page.keyboard.press("Enter")
    idle(page)
    assert page.locator(".ip-pn-relation").count() == 0
    assert active_id(page).endswith("-relations-heading")
    for relation in NETWORK.map.relations[:3]:
        relate_by_keyboard(
            page,
            name[relation.source],
            name[relation.target],
            label[relation.type],
            relation.direction == "two_way",
        )
    assert page.locator(".ip-pn-relation").count() == 3
    assert "Relation from PLIE du Val de Seine to Atelier du Fil vert" in page.inner_text(
        ".ip-pn-relations"
    )

    # Questions and strategies: arrows in a radio group, Space on checkboxes.
    lists = [(q.id, "", q.choices) for q in NETWORK.questions.items]
    lists += [(s.id, part, c) for s in NETWORK.strategies.items for part, c in s.lists()]
    for question, part, choices in lists:
        group = f"-q-{question}" if not part else f"-st-{question}-{part}"
        if choices.select == "one":
            tab_to(page, f'[id$="{group}"] input')
            choose_option(page, right_texts(choices)[0])
        else:
            tick_in_order(page, f'[id$="{group}"] input', set(right_texts(choices)))
    idle(page)
    assert page.locator(".ip-pn-questions input:checked").count() == 3

    # Situations: partners, the one to mobilise first, a justification.
    for situation in NETWORK.situations.items:
        wanted = {name[m.partner] for m in situation.mobilise}
        tick_in_order(page, f'[id$="-sit-{situation.id}-partners"] input', wanted)
        urgent = [m.partner for m in situation.mobilise if m.urgent]
        tab_to(page, f'[id$="-sit-{situation.id}-first"]')
        if urgent:
            choose_option(page, name[urgent[0]])
        page.keyboard.press("Tab")
        page.keyboard.type("Le logement d'abord, puis l'emploi.")
    page.keyboard.press("Tab")  # leaving the field saves it
    idle(page)
    assert page.locator(".ip-pn-text-status").first.inner_text() == "Saved"
    assert "35 of 300 characters" in page.inner_text(".ip-pn-situations")
    assert page_violations(page) == []  # the map, its list and the situations, all filled

    # Submitting attempt 1 of 3 asks nothing; the result takes focus.
    tab_to(page, '[id$="-submit"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(".ip-pn-result")
    assert active_id(page).endswith("-result-heading")
    assert "Attempt 1 of 3: submitted" in page.inner_text(".ip-pn-header")
    assert page.inner_text(".ip-pn-score").startswith("Your score: ")
    assert "over the points of every item" in page.inner_text(".ip-pn-explained")
    assert page.locator(".ip-pn-result table tbody tr").count() == 6  # B2.8, B3.1 to B3.4, B3.6
    feedback = page.inner_text(".ip-pn-feedback >> nth=0")
    assert "Right:" in feedback
    assert page.locator(".ip-pn-outcome-missed").count() >= 1  # two reference relations missed
    assert page_violations(page) == []


def test_a_script_justification_is_text_for_the_learner_and_the_staff(phone, workbench):
    page = phone()
    open_network(page, workbench, "hostile")
    page.fill('[id$="-sit-sit_sonia-text"]', HOSTILE)
    page.keyboard.press("Tab")
    idle(page)
    page.reload()
    page.wait_for_selector(".ip-pn-section")
    assert page.input_value('[id$="-sit-sit_sonia-text"]') == HOSTILE
    page.click('[id$="-submit"]')
    page.wait_for_selector(".ip-pn-result")
    assert HOSTILE in page.inner_text(".ip-pn-result")
    assert page.locator(f"{ROOT} img, {ROOT} script").count() == 0

    staff = phone()
    open_network(staff, workbench, "trainer1")
    staff.click('[id$="-load-submissions"]')
    staff.wait_for_selector(".ip-pn-staff table")
    row = staff.locator(".ip-pn-staff tbody tr", has_text="hostile")
    assert HOSTILE in row.inner_text() and "Sonia, 41 ans" in row.inner_text()
    assert staff.locator(".ip-pn-staff img, .ip-pn-staff script").count() == 0
    assert page_violations(staff, ".ip-pn-staff") == []


def test_a_stale_tab_reloads_says_so_and_loses_nothing(phone, workbench):
    first, second = phone(), phone()
    open_network(first, workbench, "two-tabs")
    open_network(second, workbench, "two-tabs")
    first.check('[id$="-place-ft-emploi"]')
    idle(first)
    # The second tab still shows the old state: its justification is refused as stale.
    second.fill('[id$="-sit-sit_yanis-text"]', "La mobilité d'abord.")
    second.keyboard.press("Tab")
    second.wait_for_selector(".ip-pn-notice")
    assert "out of date" in second.inner_text(".ip-pn-notice")
    idle(second)
    assert second.is_checked('[id$="-place-ft-emploi"]')  # the first tab's change is shown
    assert second.inner_text('[id$="-sit-sit_yanis-text-status"]') == "Saved"  # typed text kept
    second.reload()
    second.wait_for_selector(".ip-pn-section")
    assert second.is_checked('[id$="-place-ft-emploi"]')
    assert second.input_value('[id$="-sit-sit_yanis-text"]') == "La mobilité d'abord."


def submit_with(page, checkbox):
    page.check(checkbox)
    idle(page)
    page.click('[id$="-submit"]')


def test_attempts_double_click_last_attempt_download_and_print(phone, workbench, tmp_path):
    page = phone()
    open_network(page, workbench, "attempts")
    # A double click on Submit submits one attempt.
    page.check('[id$="-place-ft-emploi"]')
    page.check('[id$="-place-ft-formation"]')
    idle(page)
    page.dblclick('[id$="-submit"]')
    page.wait_for_selector(".ip-pn-result")
    idle(page)
    assert "Attempt 1 of 3: submitted" in page.inner_text(".ip-pn-header")
    assert page.inner_text('[id$="-restart"]') == "Start a new attempt (attempts left: 2)"
    assert page.locator(".ip-pn-alert p").count() == 0

    # A new attempt is confirmed in a dialog; Escape cancels it.
    page.click('[id$="-restart"]')
    page.wait_for_selector(".ip-pn-dialog[open]")
    page.keyboard.press("Escape")
    assert page.locator(".ip-pn-dialog").count() == 0 and active_id(page).endswith("-restart")
    page.click('[id$="-restart"]')
    page.click(".ip-pn-dialog [data-answer=yes]")
    page.wait_for_selector(".ip-pn-map")
    assert active_id(page).endswith("-attempt")
    assert page.locator(".ip-pn-domains input:checked").count() == 0

    # A worse attempt 2: the result says attempt 1 counts.
    submit_with(page, '[id$="-place-ft-sante"]')
    page.wait_for_selector(".ip-pn-kept")
    assert "attempt 1" in page.inner_text(".ip-pn-kept")

    # The last attempt: its submit is confirmed, in a dialog that keeps the focus.
    page.click('[id$="-restart"]')
    page.click(".ip-pn-dialog [data-answer=yes]")
    page.wait_for_selector(".ip-pn-map")
    assert "last attempt" in page.inner_text(".ip-pn-header")
    submit_with(page, '[id$="-place-ft-emploi"]')
    page.wait_for_selector(".ip-pn-dialog[open]")
    assert "last attempt" in page.inner_text(".ip-pn-dialog")
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")
    assert page.locator(".ip-pn-result").count() == 0
    page.click('[id$="-submit"]')
    page.click(".ip-pn-dialog [data-answer=yes]")
    page.wait_for_selector(".ip-pn-result")
    assert "You have used all your attempts." in page.inner_text(".ip-pn-result")
    assert page.locator('[id$="-restart"]').count() == 0
    # The reference is shown after the last attempt: drawn, and as text.
    assert page.locator(".ip-pn-reference li").count() == len(NETWORK.map.relations)
    assert page.locator(".ip-pn-canvas svg").count() == 2
    assert "Expected" in page.inner_text(".ip-pn-result")
    assert page_violations(page) == []

    # The learner's map downloads as an SVG file.
    with page.expect_download() as download:
        page.click('[id$="-download"]')
    assert download.value.suggested_filename == "partner-network-3.svg"  # its display name
    path = tmp_path / "map.svg"
    download.value.save_as(path)
    svg = ET.parse(path).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "France Travail, agence du Val de Seine" in "".join(svg.itertext())

    # Printing opens every fold and shows no button.
    assert page.locator(f"{ROOT} details:not([open])").count() > 0  # phone: folds start closed
    page.emulate_media(media="print")
    page.wait_for_function("!document.querySelector('.ip-partner-network details:not([open])')")
    assert page.locator(f"{ROOT} button:visible").count() == 0
    assert page.locator(".ip-pn-card dd:visible").count() > 0
    page.emulate_media(media="screen")
    page.wait_for_function("!!document.querySelector('.ip-partner-network details:not([open])')")


def test_the_drawing_passes_axe(phone, workbench):
    """The map's drawing empty (its frame scrolls sideways on a phone, with no partner in it to
    focus), then with every partner placed, long names included."""
    page = phone()
    open_network(page, workbench, "axe-drawing")
    assert axe_violations(page, ".ip-pn-map .pn-map") == []
    for partner in NETWORK.partners:
        page.check(f'[id$="-place-{partner.id}-{partner.domains[0]}"]')
    idle(page)
    assert axe_violations(page, ".ip-pn-map .pn-map") == []
