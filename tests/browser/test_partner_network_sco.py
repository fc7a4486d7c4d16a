"""The partner network inside the block 3 SCO, played in scorm-again on a phone.

The same learner page as in Open edX runs on the JS engine. What the LMS receives is checked
against the SCORM data model of each version (`strict_problems`): one interaction per domain
(placement group), the relation set, each question and strategy, and each situation (its
justification as the learner's response, cut to the version's limit); the compact state
resumes exactly, a justification's "|", "~" and "%" included.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_scorm_packages import (
    ELEMENTS,
    VERSIONS,
    WATCH_API,
    built,  # noqa: F401 - a fixture
    context,  # noqa: F401 - a fixture
    go_to,
    interactions,
    last,
    lms_log,
    open_lms,
    page_of,
    refused,
    sco_data,
    sco_frame,
    strict_problems,
)
from xblocks.partner_network import engine

pytestmark = pytest.mark.browser

JUSTIFICATION = "Le logement d’abord | puis ~ 100 % l’emploi <script>alert(1)</script>"


def bloc3(version: str) -> str:
    return f"aip-bloc3-{'scorm12' if version == '1.2' else 'scorm2004'}.zip"


def network_item(frame) -> dict:
    return next(i for i in sco_data(frame)["items"] if i.get("type") == "partner_network")


def idle(frame):
    frame.wait_for_function(
        """() => [...document.querySelectorAll('.ip-pn-root')].every(
            r => r.getAttribute('aria-busy') === 'false')"""
    )


def work_a_little(frame, root, content):
    """Three partners placed, one relation drawn, a question answered, a situation decided and
    justified: by taps, as on a phone."""
    partners = content["partners"][:3]
    for partner in partners:
        box = root.locator(f'[id$="-place-{partner["id"]}"] input[value="{partner["domains"][0]}"]')
        box.check()
        idle(frame)
    relation = content["map"]["relations"][0]
    types = {t["id"]: t["label"] for t in content["relation_types"]}
    names = {content["structure"]["id"]: content["structure"]["name"]}
    names |= {p["id"]: p["name"] for p in content["partners"]}
    root.locator('[id$="-rel-from"]').select_option(label=names[relation["source"]])
    root.locator('[id$="-rel-to"]').select_option(label=names[relation["target"]])
    root.locator('[id$="-rel-type"]').select_option(label=types[relation["type"]])
    root.locator('[id$="-rel-add"]').click()
    idle(frame)
    question = content["questions"]["items"][0]["id"]
    root.locator(f'[id$="-q-{question}"] input').first.check()
    idle(frame)
    situation = content["situations"]["items"][0]
    chosen = [m["partner"] for m in situation["mobilise"]]
    for partner in chosen:
        label = names[partner]
        root.locator(f'[id$="-sit-{situation["id"]}-partners"] label', has_text=label).click()
        idle(frame)
    root.locator(f'[id$="-sit-{situation["id"]}-first"]').select_option(label=names[chosen[0]])
    idle(frame)
    text = root.locator(f'[id$="-sit-{situation["id"]}-text"]')
    text.fill(JUSTIFICATION)
    text.blur()
    idle(frame)
    return situation


@pytest.mark.parametrize("version", VERSIONS)
def test_a_submitted_map_reaches_the_lms_and_resumes(version, built, context):  # noqa: F811
    page, frame = open_lms(context, built, bloc3(version))
    item = network_item(frame)
    content = item["content"]
    go_to(frame, page_of(frame, item))
    root = frame.locator(f"#{item['dom']}")
    expect(root.locator(".ip-pn-section").first).to_be_visible()
    limit = item["settings"]["justification_limit"]
    assert f"sur {limit} caractères" in root.text_content()
    situation = work_a_little(frame, root, content)

    # Resumed before submitting: what was done is there again, the text included.
    suspend = frame.evaluate("InsertionProSco.suspendData()")
    assert item["key"] + ":" in suspend and "%2" in suspend and "%1" in suspend
    page.close(run_before_unload=True)
    page = context.new_page()
    page.goto(built.lms(bloc3(version)))
    frame = sco_frame(page)
    page.evaluate(WATCH_API)
    root = frame.locator(f"#{item['dom']}")
    go_to(frame, page_of(frame, item))
    expect(root.locator(f'[id$="-sit-{situation["id"]}-text"]')).to_have_value(JUSTIFICATION)
    assert root.locator(".ip-pn-domains input:checked").count() == 3
    assert root.locator(".ip-pn-relation").count() == 1
    assert root.locator("script, img").count() == 0

    root.locator('[id$="-submit"]').click()
    expect(root.locator(".ip-pn-result")).to_be_visible()
    assert JUSTIFICATION in root.locator(".ip-pn-result").inner_text()
    log = lms_log(page)
    assert strict_problems(version, log) == []
    assert refused(page) == []
    found = list(interactions(log, version).values())
    ids = [i["id"] for i in found]
    prefix = f"{item['id']}.a1."
    domains = {d for p in content["partners"] for d in p["domains"]}
    questions = content["questions"]["items"]
    strategies = content["strategies"]["items"]
    situations = content["situations"]["items"]
    expected = (
        [f"{prefix}domain.{d}" for d in engine.DOMAINS if d in domains]
        + [f"{prefix}relations"]
        + [f"{prefix}question.{q['id']}" for q in questions]
        + [f"{prefix}strategy.{s['id']}" for s in strategies]
        + [f"{prefix}situation.{s['id']}" for s in situations]
    )
    assert ids == expected
    learner = ELEMENTS[version]["learner"]
    said = found[ids.index(f"{prefix}situation.{situation['id']}")]
    cut = 250 if version == "1.2" else 4000
    # "</" would end the page script some LMSs write their values into: a zero-width space
    # goes between (Open edX's SCORM block, on the next launch).
    assert said[learner] == JUSTIFICATION.replace("</", "<\u200b/")[:cut]
    assert "<" not in frame.evaluate("InsertionProSco.suspendData()")
    assert said["type"] == ("fill-in" if version == "1.2" else "long-fill-in")
    assert 0 < float(said["result"]) <= 1
    untouched = found[ids.index(f"{prefix}situation.{situations[-1]['id']}")]
    assert float(untouched["result"]) == 0
    # The block's grade waits for its three checks; the breakdown already counts the map.
    assert last(log, version, ELEMENTS[version]["raw"]) is None
    summary = frame.evaluate("InsertionProSco.summary()")
    graded = [i for i in sco_data(frame)["items"] if i["graded"] and i["weight"] > 0]
    done = 1 / len(graded)  # the map only
    assert summary["graded"] and not summary["completed"]
    assert summary["progress"] == pytest.approx(done, abs=1e-4)
    share = round(100 * item["weight"] / sum(i["weight"] for i in graded))
    line = frame.locator("#sco-breakdown li", has_text=item["display_name"]).text_content()
    assert f"compte pour {share}" in line and "pas encore fait" not in line
