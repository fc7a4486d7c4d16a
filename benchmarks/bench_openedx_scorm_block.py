"""Our SCORM packages in the real Open edX SCORM block: launches online, interactions kept, resume.

Run with `make bench`. For SCORM 1.2 and 2004, bloc 1's package is imported into the
`openedx-scorm-xblock` block of a fresh workbench (as in tests/browser/test_openedx_scorm_block.py)
and played in Chromium on a phone. It prints, for each version:
- launches online / launches: fresh pages (each in a new browser context) whose SCO found the
  block's API, and the median time until the SCO had settled (online or offline);
- interactions kept / sent: one learner plays every check and the whole interview once (leaving
  midway and coming back); the `cmi.interactions.N.id` the block stored, at the index the SCO
  sent, against the decisions the SCO sent;
- resume: whether that learner, back after leaving midway, found the same page and answers.
Not a test: the figures go in the issue note and the README.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from importlib.metadata import version as installed_version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "dev")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench_settings")

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, running_workbench  # noqa: E402
from tests.browser.test_openedx_scorm_block import (  # noqa: E402 (the test's own steps)
    export_block,
    launch,
    leave,
    phone_context,
    play_midway,
    play_to_end,
    sent,
    stored_interactions,
    studio_import,
    wait_stored,
)
from tests.browser.test_scorm_packages import (  # noqa: E402
    SLUG,
    VERSIONS,
    live_turns,
    page_of,
    shown_page,
)

LAUNCHES = int(os.environ.get("BENCH_OPENEDX_LAUNCHES", "15"))
LEARNERS = 5  # learners tried in turn until one's first launch is online


def launches_online(browser, workbench, version) -> tuple[int, float]:
    modes, times = [], []
    for n in range(LAUNCHES):
        context, _errors = phone_context(browser)
        try:
            begin = time.perf_counter()
            modes.append(launch(context, workbench, version, f"bench-{SLUG[version]}-{n}").mode)
            times.append(time.perf_counter() - begin)
        finally:
            context.close()
    return modes.count("lms"), statistics.median(times)


def one_learner(browser, workbench, version, usage, student) -> dict:
    """Leave midway, come back, play to the end: what the block kept."""
    found = {"online": False, "resume": None, "sent": None, "kept": None, "stored": None}
    context, _errors = phone_context(browser)
    try:
        run = launch(context, workbench, version, student)
        if run.mode != "lms":
            return found
        found["online"] = True
        _problem, interview, path = play_midway(run.frame)
        where = shown_page(run.frame)
        turns = live_turns(run.frame, interview).all_text_contents()
        suspend = run.frame.evaluate("InsertionProSco.suspendData()")
        ids = sent(run)
        wait_stored(
            workbench,
            usage,
            student,
            lambda f: f["scorm_data"].get("cmi.suspend_data") == suspend,
            "the suspend_data",
        )
        leave(run, "close")

        run = launch(context, workbench, version, student)
        found["resume"] = (
            run.mode == "lms"
            and shown_page(run.frame) == where == page_of(run.frame, interview)
            and live_turns(run.frame, interview).all_text_contents() == turns
            and run.frame.evaluate("InsertionProSco.suspendData()") == suspend
        )
        if run.mode != "lms":
            return found
        play_to_end(run.frame, path)
        ids += sent(run)
        suspend = run.frame.evaluate("InsertionProSco.suspendData()")
        fields = wait_stored(
            workbench,
            usage,
            student,
            lambda f: (
                f["success_status"] in ("passed", "failed")
                and f["scorm_data"].get("cmi.suspend_data") == suspend
            ),
            "the final status",
        )
        leave(run, "close")
        stored = stored_interactions(fields["scorm_data"])
        found["sent"] = len(ids)
        found["stored"] = len(stored)
        found["kept"] = sum(1 for n, (_i, value) in enumerate(ids) if stored.get(n) == value)
        return found
    finally:
        context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    block = installed_version("openedx-scorm-xblock")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        packages = export_block(work / "dist")
        with running_workbench(work) as workbench, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            for version in VERSIONS:
                usage, reply = studio_import(browser, workbench, version, packages[version])
                print(f"openedx-scorm-xblock {block}, SCORM {version}, {packages[version].name}:")
                if reply.get("errors"):
                    print(f"  import refused: {reply['errors']}")
                    continue
                online, median = launches_online(browser, workbench, version)
                print(f"  launches online / launches: {online} / {LAUNCHES}")
                print(f"  median time to a settled SCO: {median * 1000:.0f} ms")
                for attempt in range(1, LEARNERS + 1):
                    student = f"bench-learner-{SLUG[version]}-{attempt}"
                    try:
                        found = one_learner(browser, workbench, version, usage, student)
                    except AssertionError as error:
                        print(f"  learner {attempt}: stopped, {str(error).splitlines()[0]}")
                        continue
                    if found["online"]:
                        break
                    print(f"  learner {attempt}: first launch offline, next learner")
                else:
                    print("  interactions and resume: not measured (no launch online)")
                    continue
                resume = {True: "yes", False: "no", None: "not measured"}[found["resume"]]
                print(f"  resume after leaving midway: {resume}")
                if found["sent"] is None:
                    print("  interactions kept / sent: not measured (relaunch offline)")
                else:
                    print(
                        f"  interactions kept / sent: {found['kept']} / {found['sent']}"
                        f" (the block holds {found['stored']} cmi.interactions.N.id)"
                    )
            browser.close()


if __name__ == "__main__":
    main()
