"""The partner network's Studio editor in the workbench, as a trainer uses it with the keyboard.

Pages are in English (the strings' source), on a 390 × 844 touch screen. The tests edit the
default network (workbench scenario "partner_network.0") and put back its settings and XML
afterwards (the `studio` fixture). A learner's refusal is tested in tests/blocks.
"""

import re
import time
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.test_partner_network_browser import page_violations

pytestmark = pytest.mark.browser

SCENARIO = "partner_network.0"
TEXTAREA = "textarea[name=network_xml]"
STATUS = ".ip-studio-status"
PREVIEW = ".ip-studio-preview"
FIELDS = ("display_name", "max_attempts", "weight", "show_reference", "required_mark")


@pytest.fixture(scope="module", autouse=True)
def scenario_loaded(workbench):
    """Wait until the workbench serves the scenario. It builds its scenarios on its first
    request and meanwhile answers other requests from the part already built: on a busy
    machine the last block's scenarios are 404 for a while after the server is up."""
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{workbench}/scenario/{SCENARIO}/", timeout=30).close()
            return
        except urllib.error.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture
def phone(chromium):
    """An English phone page failing the test on any script error; dialogs are the test's."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        locale="en-US",
        extra_http_headers={"Accept-Language": "en"},
        has_touch=True,
    )
    page, errors = context.new_page(), []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


def open_studio(page, workbench):
    page.goto(f"{workbench}/scenario/{SCENARIO}/studio_view/?student=trainer1")
    page.wait_for_selector(".ip-studio")


def tab_to(page, selector, limit=60):
    """Press Tab (only) until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reachable with Tab")


def type_into(page, name, text):
    """Replace the value of the form's field `name` as a keyboard does: select all, type."""
    page.focus(f".ip-studio [name={name}]")
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def press(page, action):
    """Reach the button `action` with Tab, press Enter, return the status text it leads to."""
    page.eval_on_selector(STATUS, "status => { status.textContent = ''; }")
    page.focus(TEXTAREA)
    tab_to(page, f'.ip-studio [data-action="{action}"]')
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('{STATUS}').innerText.trim() !== ''")
    return page.inner_text(STATUS)


def line_of(status, message):
    return int(re.search(rf"line (\d+): {re.escape(message)}", status).group(1))


@pytest.fixture
def studio(phone, workbench):
    """The studio page and what its form showed first; saved back as they were afterwards."""
    open_studio(phone, workbench)
    original = {name: phone.input_value(f"[name={name}]") for name in (*FIELDS, "network_xml")}
    yield phone, original
    open_studio(phone, workbench)
    for name, value in original.items():
        if name == "show_reference":
            phone.select_option(f"[name={name}]", value)
        else:
            phone.fill(f"[name={name}]", value)
    assert press(phone, "save").startswith("Saved.")


def test_a_trainer_checks_fixes_and_saves_the_network_by_keyboard(studio, workbench):
    page, original = studio
    xml = original["network_xml"]
    calls = []
    page.on("request", lambda r: calls.append(r.url) if "/handler/" in r.url else None)
    assert press(page, "check") == "The network is valid."
    page.wait_for_selector(f"{PREVIEW} .ip-pn-root .ip-pn-section")
    attempts = original["max_attempts"]
    assert page.inner_text(f"{PREVIEW} .ip-pn-attempt") == f"Attempt 1 of {attempts}"
    # The preview plays on the JS engine: the server only checked the XML.
    assert [url.split("/handler/")[1].split("/")[1] for url in calls] == ["studio_check"]

    # An unknown partner: the problem names it and its line; its button takes the cursor there.
    type_into(page, "network_xml", xml.replace('to="ft"', 'to="nowhere"', 1))
    status = press(page, "check")
    message = 'Relation "r_ft": unknown partner "nowhere".'
    assert status.startswith("Problems to fix before saving:") and message in status
    assert page.is_hidden(PREVIEW)
    line = line_of(status, message)
    assert 'to="nowhere"' in page.input_value(TEXTAREA).splitlines()[line - 1]
    assert page.inner_text(".ip-studio-lines").split()[line - 1] == str(line)
    tab_to(page, f"{STATUS} button.ip-link")
    assert page.get_attribute(f"{STATUS} button.ip-link", "aria-label").startswith(
        f"Go to line {line} — "
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "network_xml"
    assert page.inner_text(".ip-studio-where") == f"Line {line}"
    selected = "(t => t.value.slice(t.selectionStart, t.selectionEnd))(document.activeElement)"
    assert 'to="nowhere"' in page.evaluate(selected)

    # A situation naming a partner it expects: a warning, with its line; it can be saved.
    type_into(page, "network_xml", xml.replace("impayés", "impayés auprès du CCAS", 1))
    status = press(page, "check")
    warning = 'Cue: situation "sit_sonia" names "CCAS", a partner it expects'
    assert status.startswith("The network is valid.") and warning in status
    assert "Warnings (the network can be saved, but check them):" in status
    assert 'id="sit_sonia"' in page.input_value(TEXTAREA).splitlines()[line_of(status, warning) - 1]
    page.wait_for_selector(f"{PREVIEW} .ip-pn-root .ip-pn-section")

    type_into(page, "display_name", "Réseau du Val de Seine (édité)")
    type_into(page, "max_attempts", "5")
    page.focus(".ip-studio [name=show_reference]")
    page.keyboard.press("A")  # "After each submitted attempt", by its first letter
    assert page.input_value("[name=show_reference]") == "always"
    press(page, "check")  # the preview plays with the form's settings, not the saved ones
    page.wait_for_function(
        f"document.querySelector('{PREVIEW} .ip-pn-attempt')?.innerText === 'Attempt 1 of 5'"
    )
    status = press(page, "save")
    assert status.startswith("Saved.") and warning in status

    page.goto(f"{workbench}/scenario/{SCENARIO}/?student=studio-learner")
    page.wait_for_selector(".ip-pn-root .ip-pn-section")
    assert page.inner_text(".ip-pn-title") == "Réseau du Val de Seine (édité)"
    assert page.inner_text(".ip-pn-attempt") == "Attempt 1 of 5"
    open_studio(page, workbench)
    assert page.input_value("[name=max_attempts]") == "5"
    assert page.input_value("[name=show_reference]") == "always"
    assert "auprès du CCAS" in page.input_value(TEXTAREA)


def test_cancel_asks_before_it_discards_changes(studio):
    page, original = studio
    type_into(page, "display_name", "Nom jamais enregistré")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.focus(".ip-studio [name=display_name]")
    tab_to(page, '.ip-studio [data-action="cancel"]')
    page.keyboard.press("Enter")
    assert asked == ["Discard your unsaved changes?"]
    assert page.input_value("[name=display_name]") == "Nom jamais enregistré"
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelector('{STATUS}').innerText.trim() !== ''")
    assert page.inner_text(STATUS) == "Changes cancelled: the form shows what was last saved."
    assert page.input_value("[name=display_name]") == original["display_name"]
    # Nothing left to lose: no question.
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    assert press(page, "cancel").startswith("Changes cancelled")
    assert len(asked) == 1


def test_the_studio_view_and_its_preview_pass_axe_on_a_phone(studio):
    page, _original = studio
    assert axe_violations(page, ".ip-studio") == []
    assert press(page, "check") == "The network is valid."
    page.wait_for_selector(f"{PREVIEW} .ip-pn-root .ip-pn-section")
    # The learner's page as its own tests check it: the map's drawing is checked on its own.
    assert page_violations(page, PREVIEW) == []
