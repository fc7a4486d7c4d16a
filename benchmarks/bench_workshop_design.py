"""Workshop design: speed and size, each against a baseline measured in the same run.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_workshop_design.py`). It prints:
- the save (the page's autosave) and submit handlers' median latency through the workbench
  (Django, URL routing, the runtime, the sqlite database, the action lock, the checks, the
  grading queue), on the course's TRE brief with its worked example as the plan, against the
  sample `thumbs` block's vote handler, and the share of each that is the workbench's field
  storage;
- in Chromium, the time the staff list of 500 submissions takes to render, against the same
  page with an empty list;
- the compact learner state of a typical plan (the course's worked examples) against 2 KB.
Not a test: the figures go in the issue note and the README.
"""

from __future__ import annotations

# isort: off
from workbench_setup import StorageClock, migrated  # first: it sets Django up
# isort: on

import json
import os
import statistics

from django.test import Client
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import get_scenarios

import course_content

PLAYERS = int(os.environ.get("BENCH_PLAYERS", "60"))
JSON = "application/json"
VOTE = json.dumps({"voteType": "up"})


def post(client: Client, url: str, body: dict) -> dict:
    response = client.post(url, json.dumps(body), content_type=JSON)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def usages() -> tuple[str, str, dict]:
    """The TRE brief's usage in the workbench, a thumbs block's, and the brief's example."""
    from xblocks.workshop_design import olx

    scenarios = get_scenarios()
    files = course_content.activity_files("workshop_design")
    path = next(p for p in files if p.stem == "atelier_tre")
    usage = scenarios[f"workshop_design.{files.index(path) + 1}"].usage_id
    thumbs = WorkbenchRuntime("bench").get_block(scenarios["thumbs.0"].usage_id)
    example = olx.workshop_from_xml(path.read_bytes())[0].example
    return usage, thumbs.children[0], example


def latencies(client: Client, usage: str, thumb: str, plan: dict, clock: StorageClock) -> dict:
    """Each learner saves the plan in three steps (as the autosave would, its objectives, then
    its sequences, then the rest), then submits; each save and each submit is followed by a
    thumbs vote, interleaved, so that both see the same machine. (seconds, storage seconds,
    storage calls) per request."""
    found = {"save": [], "submit": [], "thumbs": []}
    steps = [
        {**plan, "sequences": [], "evaluations": []},
        {**plan, "evaluations": []},
        plan,
    ]
    for player in range(PLAYERS):
        student = f"bench-{player}"
        url = f"/handler/{usage}/{{}}/?student={student}"
        at = post(client, url.format("get_state"), {})["at"]
        for number, step in enumerate(steps):
            *figures, response = clock.during(
                client.post,
                url.format("save_plan"),
                json.dumps({"plan": step, "at": at}),
                content_type=JSON,
            )
            assert response.status_code == 200, response.content
            at = json.loads(response.content)["at"]
            if number:  # the first save also creates the learner's row: as thumbs' first vote
                found["save"].append(figures)
        *figures, response = clock.during(
            client.post, url.format("submit"), json.dumps({"at": at}), content_type=JSON
        )
        assert response.status_code == 200, response.content
        found["submit"].append(figures)
        for _ in range(3):
            *figures, response = clock.during(
                client.post, f"/handler/{thumb}/vote/?student={student}", VOTE, content_type=JSON
            )
            assert response.status_code == 200, response.content
            found["thumbs"].append(figures)
    return found


def medians(rows: list) -> list[float]:
    return [statistics.median(row[i] for row in rows) for i in range(3)]


def sizes() -> None:
    """The compact state (compact.py, as a SCO saves it) of the worked examples, what a 2 KB
    state holds at their rate, and a plan with every field at its bound."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.unit.test_workshop_design_scorm import every_field_at_its_bound
    from xblocks.workshop_design import compact, engine, olx

    def deflated(workshop, plan) -> int:
        state = {"v": 1, "a": 1, "n": 0, "f": 0, "p": engine.clean_plan(workshop, plan)}
        doc = compact.document(workshop, state, None, None)
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        return len(compact._deflate(text.encode("utf-8")))

    for path in course_content.activity_files("workshop_design"):
        workshop = olx.workshop_from_xml(path.read_bytes())[0]
        example = engine.clean_plan(workshop, workshop.example)
        state = {"v": 1, "a": 1, "n": 0, "f": 0, "p": example}
        text = json.dumps(example, ensure_ascii=False, separators=(",", ":"))
        size = deflated(workshop, example)
        plain = compact.encode(workshop, state)
        dense = compact.encode(workshop, state, room=1)
        print(
            f"{path.stem}: worked example, {len(text)} characters of JSON, "
            f"{len(example['sequences'])} sequences: deflated {size} bytes, ratio to 2 KB = "
            f"{size / 2048:.2f} (target <= 1); ASCII form {len(plain)} characters, dense form "
            f"{len(dense)} (ratio to SCORM 1.2's 4,096: {len(dense) / 4096:.2f})"
        )
        prose = sum(len(t) for t in compact.document(workshop, state, None, None)[5:8])
        prose += sum(
            len(t)
            for part in compact.document(workshop, state, None, None)[8:]
            for entry in part
            for t in (entry if isinstance(entry, list) else [entry])
            if isinstance(t, str)
        )
        print(
            f"  {prose} characters of prose, {size / prose:.2f} bytes each deflated: 2 KB "
            f"holds a plan of about {round(2048 / (size / prose), -2):.0f} characters"
        )
        full = engine.clean_plan(workshop, every_field_at_its_bound(workshop))
        state = {"v": 1, "a": 999, "n": 0, "f": 1, "p": full}
        chars = len(json.dumps(full, ensure_ascii=False, separators=(",", ":")))
        plain = compact.encode(workshop, state, 1.0, 999)
        print(
            f"  every field at its bound ({chars} characters of JSON): ASCII form "
            f"{len(plain)} characters, ratio to SCORM 2004's 64,000 = {len(plain) / 64000:.2f}"
        )


STAFF_LIST = """(count) => new Promise((resolve) => {
    const rows = Array.from({length: count}, (_, i) => ({
        learner: 'k' + i, name: 'learner ' + i, attempt: 1,
        status: ['awaiting', 'graded', 'regraded'][i % 3], checks: 0.5,
        raw: i % 3 ? 0.7 : null, submitted: '2026-12-02T10:00:00+00:00',
        graded: null, by: null, version: i % 3}));
    document.querySelector('.ip-wd-root').textContent = '';
    let started = 0;
    const transport = {call: () => {
        started = performance.now();
        return Promise.resolve({submissions: rows});
    }};
    const view = new WorkshopDesignView(document.querySelector('.ip-wd-root'),
        {transport, ui: window.UI, staff: true, id: 'wd-list-' + count + '-' + Math.random()});
    view.staffNode = view.nodes.staff = view.staffSection();
    document.querySelector('.ip-wd-body').appendChild(view.staffNode);
    view.loadSubmissions(() => {
        document.body.getBoundingClientRect();
        resolve(performance.now() - started);
    });
})"""


def staff_list(runs: int = 9) -> None:
    """In Chromium, on a phone viewport: the staff list of 500 submissions, from the answer
    to its layout, against the same list empty."""
    from playwright.sync_api import sync_playwright

    from xblocks.common.resources import public_text
    from xblocks.workshop_design import messages

    package = "xblocks.workshop_design"
    ui = json.dumps(messages.front_end_ui(str))
    figures = {0: [], 500: []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        for _ in range(runs):
            for count in figures:
                page = browser.new_page(viewport={"width": 390, "height": 844})
                page.set_content(
                    '<section class="ip-workshop-design"><div class="ip-wd-root"></div></section>'
                )
                page.add_style_tag(content=public_text(package, "workshop-design.css"))
                page.add_script_tag(content=f"window.UI = {ui};")
                page.add_script_tag(content=public_text(package, "workshop-design-view.js"))
                figures[count].append(page.evaluate(STAFF_LIST, count))
                page.close()
        browser.close()
    empty, full = (statistics.median(figures[n]) for n in (0, 500))
    print(
        f"staff list of 500 submissions, median of {runs}: {full:.1f} ms; empty list "
        f"{empty:.1f} ms; ratio {full / max(empty, 0.1):.1f} (target: under 1,000 ms)"
    )


def main() -> None:
    migrated()
    usage, thumb, plan = usages()
    found = latencies(Client(), usage, thumb, plan, StorageClock())
    base_s, base_store, base_calls = medians(found["thumbs"])
    print(f"thumbs vote handler, median of {len(found['thumbs'])} requests: {base_s * 1000:.2f} ms")
    for name in ("save", "submit"):
        seconds, store, calls = medians(found[name])
        print(
            f"{name} handler, median of {len(found[name])} requests: {seconds * 1000:.2f} ms\n"
            f"  ratio {name} / thumbs = {seconds / base_s:.2f} (target <= 1.5); the workbench's "
            f"field storage: {store * 1000:.2f} ms in {calls:.0f} calls (thumbs: "
            f"{base_store * 1000:.2f} ms in {base_calls:.0f})"
        )
    sizes()
    staff_list()


if __name__ == "__main__":
    main()
