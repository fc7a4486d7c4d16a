"""The block 3 package, partner network included, in the real Open edX SCORM block.

As `test_openedx_scorm_block.py` does for bloc 1, in a workbench of its own (the `<scorm/>`
blocks hold one package each): the package of each version is imported as a Studio author
would, then played on a phone. The learner does the three checks and a part of the map,
submits it, and the block must hold what the SCO sent: one interaction per placement group,
relation set, question, strategy and situation, at its own index, the block's grade, and
the compact state that resumes the map on a new launch.
"""

from __future__ import annotations

import pytest
from openedx_scorm_shims import SCENARIO_OF_VERSION
from playwright.sync_api import expect

from tests.browser.conftest import running_workbench
from tests.browser.test_openedx_scorm_block import (
    block_fields,
    import_block,
    last_grade,
    launch,
    sco_mode,
    stored_interactions,
    wait_stored,
)
from tests.browser.test_partner_network_sco import JUSTIFICATION, bloc3, idle, work_a_little
from tests.browser.test_scorm_packages import (
    VERSIONS,
    answer,
    go_to,
    page_of,
    phone_context,
    play_interview,
    sco_data,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def own_workbench(tmp_path_factory):
    with running_workbench(tmp_path_factory.mktemp("openedx-scorm-bloc3")) as url:
        yield url


@pytest.fixture(scope="module")
def imported(own_workbench, chromium, tmp_path_factory) -> dict[str, str]:
    return import_block(chromium, own_workbench, tmp_path_factory.mktemp("bloc3"), bloc3)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_submitted_map_is_kept_by_the_openedx_block(version, imported, own_workbench, chromium):
    usage, student = imported[version], f"bloc3-{version}"
    context, errors = phone_context(chromium)
    try:
        run = launch(context, own_workbench, version, student)
        assert run.mode == "lms"
        frame = run.frame
        data = sco_data(frame)
        item = next(i for i in data["items"] if i.get("type") == "partner_network")
        first = 0  # the interactions before the map's: each check, each interview decision
        for check in (i for i in data["items"] if i["kind"] == "problem"):
            go_to(frame, page_of(frame, check))
            answer(frame, check, check["answer"], data["ui"])
            first += 1
        for interview in (i for i in data["items"] if i.get("type") == "interview_simulation"):
            go_to(frame, page_of(frame, interview))
            first += len(play_interview(frame, interview))
        go_to(frame, page_of(frame, item))
        root = frame.locator(f"#{item['dom']}")
        expect(root.locator(".ip-pn-section").first).to_be_visible()
        situation = work_a_little(frame, root, item["content"])
        root.locator('[id$="-submit"]').click()
        expect(root.locator(".ip-pn-result")).to_be_visible()
        idle(frame)
        content = item["content"]
        count = (
            len({d for p in content["partners"] for d in p["domains"]})
            + 1
            + len(content["questions"]["items"])
            + len(content["strategies"]["items"])
            + len(content["situations"]["items"])
        )
        fields = wait_stored(
            own_workbench,
            usage,
            student,
            lambda f: len(stored_interactions(f["scorm_data"])) >= first + count,
            f"the {count} interactions of the map after the checks'",
        )
        ids = stored_interactions(fields["scorm_data"])
        assert sorted(ids) == list(range(first + count)), "each interaction at its own index"
        prefix = f"{item['id']}.a1."
        assert [ids[n] for n in range(first, first + count)][
            -len(content["situations"]["items"]) :
        ] == [f"{prefix}situation.{s['id']}" for s in content["situations"]["items"]]
        # Every graded part is done: the block holds the block's grade, as the SCO shows it.
        shown = frame.evaluate("InsertionProSco.summary()")
        assert shown["completed"]
        fields = wait_stored(
            own_workbench,
            usage,
            student,
            lambda f: f.get("lesson_score") not in (None, 0),
            "the block's grade",
        )
        assert abs(fields["lesson_score"] - shown["score"]) < 0.01
        assert last_grade(own_workbench, usage) is not None
        run.page.close(run_before_unload=True)

        # A new launch resumes the map as submitted, in review.
        page = context.new_page()
        page.goto(f"{own_workbench}/scenario/{SCENARIO_OF_VERSION[version]}/?student={student}")
        frame = page.locator("iframe.scorm-embedded").element_handle().content_frame()
        assert sco_mode(frame) == "lms"
        root = frame.locator(f"#{item['dom']}")
        go_to(frame, page_of(frame, item))
        expect(root.locator(".ip-pn-result")).to_be_visible()
        assert JUSTIFICATION in root.locator(".ip-pn-result").inner_text()
        assert root.locator("script, img").count() == 0
        assert block_fields(own_workbench, usage, student)["scorm_data"]
        assert situation["id"]
    finally:
        context.close()
    assert errors == [], errors
