"""The block 4 package, workshop design included, in the real Open edX SCORM block.

As `test_partner_network_openedx_scorm.py` does for block 3, in a workbench of its own: each
version's package is imported as a Studio author would, then played on a phone. The learner
answers the three checks, writes a plan (markup typed in) and submits it; the block must hold
what the SCO sent (the plan and each check's record, at their own indexes), the block's grade
as the SCO shows it, and the compressed state that resumes the plan, scored, on a new launch.
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
from tests.browser.test_scorm_packages import (
    VERSIONS,
    answer,
    go_to,
    page_of,
    phone_context,
    play_interview,
    sco_data,
)
from tests.browser.test_workshop_design_sco import GOAL, bloc4, idle, small_plan

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def own_workbench(tmp_path_factory):
    with running_workbench(tmp_path_factory.mktemp("openedx-scorm-bloc4")) as url:
        yield url


@pytest.fixture(scope="module")
def imported(own_workbench, chromium, tmp_path_factory) -> dict[str, str]:
    return import_block(chromium, own_workbench, tmp_path_factory.mktemp("bloc4"), bloc4)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_submitted_plan_is_kept_by_the_openedx_block(version, imported, own_workbench, chromium):
    usage, student = imported[version], f"bloc4-{version}"
    context, errors = phone_context(chromium)
    try:
        run = launch(context, own_workbench, version, student)
        assert run.mode == "lms"
        frame = run.frame
        data = sco_data(frame)
        item = next(i for i in data["items"] if i.get("type") == "workshop_design")
        problems = [i for i in data["items"] if i["kind"] == "problem"]
        for check in problems:
            go_to(frame, page_of(frame, check))
            answer(frame, check, check["answer"], data["ui"])
        first = len(problems)  # the interactions before the plan's, interview decisions too
        for interview in (i for i in data["items"] if i.get("type") == "interview_simulation"):
            go_to(frame, page_of(frame, interview))
            first += len(play_interview(frame, interview))
        go_to(frame, page_of(frame, item))
        root = frame.locator(f"#{item['dom']}")
        small_plan(root, frame)
        root.locator('[id$="-submit"]').click()
        root.locator('[id$="-confirm-yes"]').click()
        expect(root.locator(".ip-wd-result")).to_contain_text("contrôles automatiques")
        idle(frame)
        count = 1 + len(item["content"]["checks"])
        fields = wait_stored(
            own_workbench,
            usage,
            student,
            lambda f: len(stored_interactions(f["scorm_data"])) >= first + count,
            f"the {count} interactions of the plan after the checks'",
        )
        ids = stored_interactions(fields["scorm_data"])
        assert sorted(ids) == list(range(first + count)), "each interaction at its own index"
        assert ids[first] == f"{item['id']}.a1.plan"
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

        # A new launch resumes the plan as submitted, scored, in review.
        page = context.new_page()
        page.goto(f"{own_workbench}/scenario/{SCENARIO_OF_VERSION[version]}/?student={student}")
        frame = page.locator("iframe.scorm-embedded").element_handle().content_frame()
        assert sco_mode(frame) == "lms"
        root = frame.locator(f"#{item['dom']}")
        go_to(frame, page_of(frame, item))
        expect(root.locator(".ip-wd-result")).to_contain_text("contrôles automatiques")
        root.locator("button", has_text="Ouvrir le projet comme document").click()
        expect(root.locator(".ip-wd-doc")).to_contain_text(GOAL)
        assert root.locator("script, img").count() == 0
        expect(frame.locator("#sco-review")).to_be_visible()
        assert block_fields(own_workbench, usage, student)["scorm_data"]
    finally:
        context.close()
    assert errors == [], errors
