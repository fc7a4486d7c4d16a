"""The Studio editor, the refusals and the error display, as authors and learners notice them."""

import json
import re
import uuid
from xml.sax.saxutils import escape

import pytest

import course_content
from tests.browser.conftest import axe_violations, play_to_debrief
from tests.browser.test_interview_browser import KARIM, SCENARIOS
from tests.scenarios import TWO_STEP_EDITED

pytestmark = pytest.mark.browser

# The workbench cannot add blocks: the tests edit the last course interview and put back its
# original content afterwards (see the `original_xml` fixture).
EDITED = SCENARIOS[-1]
PLAYED = KARIM
TEXTAREA = "textarea[name=scenario_xml]"
STATUS = ".ip-studio-status"
PREVIEW = ".ip-studio-preview"
MARKUP = '<img src=x onerror="window.__xss=1"><b>gras</b>'
SCRIPT = "<script>window.__xss=2</script></textarea><img src=y onerror=window.__xss=3>"


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def open_studio(page, workbench, student="trainer1"):
    page.goto(f"{workbench}/scenario/{EDITED}/studio_view/?student={student}")
    page.wait_for_selector(".ip-studio")


def open_student(page, workbench, scenario, student):
    page.goto(f"{workbench}/scenario/{scenario}/?student={student}")
    page.wait_for_selector(".ip-choice, .ip-debrief")


def press(page, action):
    """Click the Studio button `action` and return the status text it leads to."""
    page.eval_on_selector(STATUS, "status => { status.textContent = ''; }")
    page.click(f'.ip-studio [data-action="{action}"]')
    page.wait_for_function(f"document.querySelector('{STATUS}').innerText.trim() !== ''")
    return page.inner_text(STATUS).replace("\xa0", " ")


def edit(page, old, new):
    xml = page.input_value(TEXTAREA)
    assert old in xml
    page.fill(TEXTAREA, xml.replace(old, new, 1))


def first_say(xml):
    return re.search(r"<say>(.*?)</say>", xml).group(1)


def wait_idle(page, root):
    page.wait_for_function(
        "(root) => document.querySelector(root + ' .ip-root').ariaBusy === 'false'", arg=root
    )


def handler_calls(page):
    calls = []
    page.on("request", lambda r: calls.append(r.url) if "/handler/" in r.url else None)
    return calls


@pytest.fixture
def original_xml(page, workbench):
    """The edited interview's scenario XML; saved back as a trainer after the test."""
    open_studio(page, workbench)
    original = page.input_value(TEXTAREA)
    yield original
    open_studio(page, workbench)
    page.fill(TEXTAREA, original)
    assert press(page, "save").startswith("Enregistré.")
    open_studio(page, workbench)
    assert page.input_value(TEXTAREA) == original


def test_studio_checks_refuses_invalid_and_saves_valid_content(page, workbench, original_xml):
    learner = unique("studio-viewer")
    say = first_say(original_xml)
    assert '<node id="n1"' in original_xml and say in page.input_value(TEXTAREA)

    edit(page, 'next="n2"', 'next="nulle-part"')
    status = press(page, "check")
    assert "Problèmes à corriger" in status
    assert "Nœud « n1 », choix « c1a » : cible inconnue « nulle-part »." in status
    assert page.is_hidden(PREVIEW)
    # The message names the line of the choice; the editor numbers its lines and goes there.
    line = int(re.search(r"ligne (\d+) : Nœud « n1 »", status).group(1))
    assert '<choice id="c1a"' in page.input_value(TEXTAREA).splitlines()[line - 1]
    assert page.inner_text(".ip-studio-lines").split()[line - 1] == str(line)
    page.click(f"{STATUS} button.ip-link >> nth=0")
    assert page.inner_text(".ip-studio-where") == f"Ligne {line}"
    # Cancel asks before it throws edits away, then puts back what was saved.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click('.ip-studio [data-action="cancel"]')
    assert asked == ["Abandonner vos modifications non enregistrées\u00a0?"]
    assert page.input_value(TEXTAREA) != original_xml  # kept: the trainer said no
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('.ip-studio [data-action="cancel"]')
    assert page.input_value(TEXTAREA) == original_xml
    # A valid scenario whose best choices are the longest: a warning, and it can be saved.
    page.fill(TEXTAREA, TWO_STEP_EDITED)
    status = press(page, "check")
    assert status.startswith("Le scénario est valide.") and "Avertissements" in status
    assert "le meilleur choix est le plus long dans 3 nœuds sur 3" in status
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('.ip-studio [data-action="cancel"]')

    page.fill(TEXTAREA, original_xml.replace('capacity="B1.1"', 'capacity="B9.9"', 1))
    status = press(page, "check")
    assert "« c1a »" in status and "B9.9" in status
    status = press(page, "save")
    assert "Non enregistré" in status and "B9.9" in status
    open_student(page, workbench, EDITED, learner)
    assert page.inner_text(".ip-say-current").endswith(say)

    open_studio(page, workbench)
    edit(page, 'name="Sonia K."', 'name="Sonia Testée"')
    edit(page, say, "Bonjour, je viens pour la réplique modifiée.")
    assert press(page, "check").startswith("Le scénario est valide.")
    assert page.is_visible(PREVIEW)
    assert "Sonia Testée" in page.inner_text(f"{PREVIEW} .ip-persona-name")
    assert "réplique modifiée" in page.inner_text(f"{PREVIEW} .ip-say-current")
    calls = handler_calls(page)
    page.click(f"{PREVIEW} .ip-choice >> nth=0")
    page.wait_for_selector(f"{PREVIEW} .ip-body > .ip-transcript > .ip-turn")
    assert "réplique modifiée" not in page.inner_text(f"{PREVIEW} .ip-say-current")
    assert calls == []  # the preview plays in the page; the server knows nothing of it

    assert press(page, "save").startswith("Enregistré.")
    open_student(page, workbench, EDITED, learner)
    assert "réplique modifiée" in page.inner_text(".ip-say-current")
    assert "Sonia Testée" in page.inner_text(".ip-persona-name")


def test_studio_refuses_a_learner_and_changes_nothing(page, workbench, original_xml):
    open_studio(page, workbench, unique("learner"))
    edit(page, first_say(original_xml), "Réplique écrite par un apprenant.")
    refusal = "Seule l’équipe pédagogique peut modifier cette activité."
    assert refusal in press(page, "save")
    assert refusal in press(page, "check")
    assert page.is_hidden(PREVIEW)
    open_studio(page, workbench)
    assert page.input_value(TEXTAREA) == original_xml
    open_student(page, workbench, EDITED, unique("learner"))
    assert "apprenant" not in page.inner_text(".ip-say-current")


def write_hostile(page, xml, text):
    """Put `text` (escaped in the XML, so it is content, not markup) in a line and a choice."""
    edit(page, first_say(xml), escape(text))
    choice = re.search(r'<choice id="c1a"[^>]*>\s*<text>(.*?)</text>', xml).group(1)
    edit(page, choice, "Choix : " + escape(text))


def assert_shown_as_text(page, root, text):
    page.wait_for_selector(f"{root} .ip-say-current")
    assert text in page.inner_text(f"{root} .ip-say-current")
    page.locator(f"{root} .ip-choice", has_text="Choix :").click()  # wherever it is shuffled to
    page.wait_for_selector(f"{root} .ip-body > .ip-transcript > .ip-turn")
    assert text in page.inner_text(f"{root} .ip-body > .ip-transcript .ip-answer")
    assert page.locator(f"{root} img, {root} b, {root} script").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_hostile_dialogue_is_shown_as_text_in_the_preview(page, workbench, original_xml):
    write_hostile(page, original_xml, MARKUP + SCRIPT)
    assert press(page, "check").startswith("Le scénario est valide.")
    assert_shown_as_text(page, PREVIEW, MARKUP + SCRIPT)
    assert press(page, "save").startswith("Enregistré.")
    open_studio(page, workbench)  # the saved text comes back in the textarea, still as text
    assert escape(MARKUP + SCRIPT) in page.input_value(TEXTAREA)
    assert page.evaluate("typeof window.__xss") == "undefined"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(MARKUP, id="markup"),
        pytest.param(MARKUP + SCRIPT, id="script"),
    ],
)
def test_hostile_dialogue_is_shown_as_text_in_the_student_view(
    page, chromium, workbench, original_xml, text
):
    write_hostile(page, original_xml, text)
    assert press(page, "save").startswith("Enregistré.")
    # Its own page, so that a script breaking out of its element fails this test only.
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    learner, errors = context.new_page(), []
    learner.on("pageerror", lambda error: errors.append(str(error)))
    try:
        learner.goto(f"{workbench}/scenario/{EDITED}/?student={unique('xss')}")
        assert learner.evaluate("typeof window.__xss") == "undefined"
        assert errors == []
        assert_shown_as_text(learner, ".ip-interview", text)
    finally:
        context.close()


def test_a_refused_choice_is_shown_and_can_be_retried_by_keyboard(page, workbench):
    open_student(page, workbench, PLAYED, unique("error"))
    said = page.inner_text(".ip-say-current")
    refusal = {"status": 400, "content_type": "application/json"}
    page.route(
        re.compile(r"/handler/.*/choose/"),
        lambda route: route.fulfill(**refusal, body=json.dumps({"error": "Choix indisponible"})),
    )
    page.click(".ip-choice >> nth=0")
    alert = page.wait_for_selector(".ip-interview [role=alert]")
    assert "Choix indisponible" in alert.inner_text()
    focused = "document.activeElement.closest('[role=alert]') && document.activeElement.innerText"
    assert page.evaluate(focused) == "Réessayer"
    assert page.locator(".ip-transcript > .ip-turn").count() == 0
    assert page.inner_text(".ip-say-current") == said

    page.unroute(re.compile(r"/handler/.*/choose/"))
    page.keyboard.press("Enter")
    page.wait_for_selector(".ip-body > .ip-transcript > .ip-turn")
    assert page.locator("[role=alert]").count() == 0
    assert page.inner_text(".ip-say-current") != said


def test_restart_asks_first_and_the_last_page_shows_the_kept_attempt(page, workbench):
    played = next(iter(course_content.activity_files("interview_simulation")))
    assert 'max_attempts="3"' in played.read_text(encoding="utf-8")
    open_student(page, workbench, PLAYED, unique("attempts"))
    restart = page.locator('.ip-debrief [data-action="restart"]')
    scores = []
    for attempt in (1, 2):
        assert page.inner_text(".ip-header .ip-attempt") == f"Tentative {attempt} sur 3"
        play_to_debrief(page)
        scores.append(int(re.search(r"(\d+)", page.inner_text(".ip-score")).group(1)))
        assert (
            restart.inner_text()
            == f"Recommencer l’entretien (tentatives restantes\xa0: {3 - attempt})"
        )
        restart.click()
        # Nothing is spent yet: the learner is asked, and told what will remain.
        confirm = page.locator(".ip-confirm")
        assert f"Ce sera la tentative {attempt + 1}" in confirm.inner_text()
        if attempt == 1:
            page.get_by_role("button", name="Non, rester sur ce bilan").click()
            assert page.locator(".ip-confirm").count() == 0 and restart.is_visible()
            assert page.inner_text(".ip-header .ip-attempt") == "Tentative 1 sur 3"
            restart.click()
        page.get_by_role("button", name="Oui, recommencer").click()
        page.wait_for_selector(".ip-current .ip-choice")
    assert page.inner_text(".ip-header .ip-attempt") == "Tentative 3 sur 3"
    # The third attempt goes badly on purpose: always the last choice shown.
    play_to_debrief(page, nth=-1)
    debrief = page.inner_text(".ip-debrief")
    assert "Vous avez utilisé toutes vos tentatives." in debrief and restart.count() == 0
    # The score shown is the kept one, what the platform holds: never below an earlier attempt.
    shown = int(re.search(r"(\d+)", page.inner_text(".ip-score")).group(1))
    assert shown >= max(scores)
    page.reload()  # the server keeps the count, not the page
    page.wait_for_selector(".ip-debrief")
    assert "Vous avez utilisé toutes vos tentatives." in page.inner_text(".ip-debrief")
    assert restart.count() == 0 and page.inner_text(".ip-debrief") == debrief


def test_studio_form_and_preview_have_no_serious_accessibility_violation(page, workbench):
    open_studio(page, workbench)
    assert axe_violations(page, ".ip-studio") == []
    assert press(page, "check").startswith("Le scénario est valide.")
    page.click(f"{PREVIEW} .ip-choice >> nth=0")
    page.wait_for_selector(f"{PREVIEW} .ip-body > .ip-transcript > .ip-turn")
    wait_idle(page, PREVIEW)
    assert axe_violations(page, PREVIEW) == []
