"""Interview simulation: speed and size, each against a baseline measured in the same run.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_interview_simulation.py`). It prints:
- the choice handler's median latency through the workbench (Django, URL routing, the
  runtime, the sqlite database) against the sample `thumbs` block's vote handler;
- the student view render time of the largest course interview against `thumbs`'s;
- the longest learner state over every path of every course interview, against 1 KB.
Not a test: the figures go in the issue note and the README.
"""

from __future__ import annotations

# isort: off
from workbench_setup import migrated, timed  # first: it sets Django up
# isort: on

import json
import os
import statistics

from django.test import Client
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import get_scenarios

import course_content
from xblocks.interview_simulation.olx import scenario_from_xml
from xblocks.interview_simulation.validation import path_stats

PLAYERS = int(os.environ.get("BENCH_PLAYERS", "30"))
RENDERS = int(os.environ.get("BENCH_RENDERS", "200"))
JSON = "application/json"
VOTE = json.dumps({"voteType": "up"})


def usage_ids() -> tuple[dict[str, str], str]:
    scenarios = get_scenarios()
    interviews = {
        key: scenario.usage_id
        for key, scenario in scenarios.items()
        if key.startswith("interview_simulation.")
    }
    thumbs_vertical = WorkbenchRuntime("bench").get_block(scenarios["thumbs.0"].usage_id)
    return interviews, thumbs_vertical.children[0]


def handler_latencies(client: Client, interviews: dict[str, str], thumb: str):
    """Full playthroughs, each choice request followed by one thumbs vote (interleaved)."""
    ours, baseline = [], []
    for player in range(PLAYERS):
        for key, usage in sorted(interviews.items()):
            student = f"bench-{player}-{key}"
            url = f"/handler/{usage}/choose/?student={student}"
            vote_url = f"/handler/{thumb}/vote/?student={student}"
            view = json.loads(
                client.post(
                    f"/handler/{usage}/get_state/?student={student}",
                    "{}",
                    content_type="application/json",
                ).content
            )
            while view["current"]:
                choice = view["current"]["choices"][-1]["id"]
                body = json.dumps({"choice": choice, "at": view["at"]})
                seconds, response = timed(client.post, url, body, content_type=JSON)
                assert response.status_code == 200, response.content
                ours.append(seconds)
                view = json.loads(response.content)
                seconds, response = timed(client.post, vote_url, VOTE, content_type=JSON)
                assert response.status_code == 200, response.content
                baseline.append(seconds)
    return ours, baseline


def render_times(interviews: dict[str, str], thumb: str):
    runtime = WorkbenchRuntime("bench-render")
    largest = max(
        course_content.activity_files("interview_simulation"), key=lambda p: p.stat().st_size
    )
    index = course_content.activity_files("interview_simulation").index(largest)
    block = runtime.get_block(interviews[f"interview_simulation.{index}"])
    thumbs = runtime.get_block(thumb)
    ours, baseline = [], []
    for _ in range(RENDERS):
        ours.append(timed(runtime.render, block, "student_view")[0])
        baseline.append(timed(runtime.render, thumbs, "student_view")[0])
    return largest.stem, ours, baseline


def main() -> None:
    migrated()
    interviews, thumb = usage_ids()
    client = Client()
    ours, baseline = handler_latencies(client, interviews, thumb)
    ours_ms, base_ms = statistics.median(ours) * 1000, statistics.median(baseline) * 1000
    print(f"choice handler, median of {len(ours)} requests: {ours_ms:.2f} ms")
    print(f"thumbs vote handler, median of {len(baseline)} requests: {base_ms:.2f} ms")
    print(f"  ratio choice / thumbs = {ours_ms / base_ms:.2f} (target <= 1.5)")

    name, renders, thumbs_renders = render_times(interviews, thumb)
    view_ms, thumbs_ms = statistics.median(renders) * 1000, statistics.median(thumbs_renders) * 1000
    print(f"student view of {name} (largest), median of {RENDERS}: {view_ms:.2f} ms (target < 20)")
    print(f"thumbs student view, median of {RENDERS}: {thumbs_ms:.2f} ms")
    print(f"  ratio view / thumbs view = {view_ms / thumbs_ms:.2f}")

    for path in course_content.activity_files("interview_simulation"):
        scenario, settings = scenario_from_xml(path.read_bytes())
        stats = path_stats(scenario, settings.max_attempts)
        print(
            f"{path.stem}: {stats.paths} paths, longest learner state {stats.longest_state_bytes}"
            f" bytes = {stats.longest_state_bytes / 1024:.3f} of the 1 KB budget"
        )


if __name__ == "__main__":
    main()
