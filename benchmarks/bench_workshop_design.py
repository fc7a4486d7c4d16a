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
    from xblocks.workshop_design import olx

    for path in course_content.activity_files("workshop_design"):
        example = olx.workshop_from_xml(path.read_bytes())[0].example
        text = json.dumps(example, ensure_ascii=False, separators=(",", ":"))
        print(f"{path.stem}: the worked example's plan as JSON, {len(text)} characters")


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


if __name__ == "__main__":
    main()
