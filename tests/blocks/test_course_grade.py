"""A learner's grade for a block: what Open edX computes from the workbench, and the SCO.

The interviews are played in the workbench runtime and their published grades weighted as
edx-platform weights them; the knowledge checks are scored as capa scores them. The grade
Open edX would show for the block is worked out here step by step, and must equal what the
SCO's own code (`scorm_export/static/grading.js`, run in Node) computes from the same answers.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest
from fs.osfs import OSFS

import course_content
from scorm_export.grading import plan_for
from scorm_export.model import Activity, Problem
from scorm_export.olx_reader import read_course
from tests.blocks.conftest import call
from xblocks.interview_simulation import engine

COURSE = Path(course_content.__file__).resolve().parent
GRADING_JS = Path(__file__).resolve().parents[2] / "scorm_export/static/grading.js"


def play(runtime, block, pick) -> None:
    """Play the interview to an ending, `pick(choices)` choosing among the authored choices."""
    scenario = block.model()
    for _ in range(100):
        walked = engine.walk(scenario, block.resumed_state()[0]["path"])
        if walked.ending_id is not None:
            return
        node = scenario.node_by_id[walked.node_id]
        offered = engine.offered(scenario, node, walked.flags)  # in the authored order
        assert call(runtime, block, "choose", {"choice": pick(offered).id})[0] == 200
    raise AssertionError("the interview never ends")


def sco_grade(plan: dict, scores: dict) -> dict:
    script = (
        f"require({json.dumps(str(GRADING_JS))});"
        "const [plan, scores] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(globalThis.InsertionProGrading.grade(plan, scores)));"
    )
    done = subprocess.run(
        ["node", "-e", script],
        input=json.dumps([plan, scores]),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def open_edx_percent(earned: float, possible: float) -> float:
    """One graded subsection, one assignment type: edx-platform's two roundings."""
    subsection = round(earned / possible * 100) / 100  # numpy around(…, 2), half to even
    return math.floor(subsection * 100 + 0.05 + 0.5) / 100  # CourseGrade._compute_percent


FIRST, LAST = (lambda offered: offered[0]), (lambda offered: offered[-1])
SECOND = lambda offered: offered[min(1, len(offered) - 1)]  # noqa: E731
# How the n-th of `count` interviews is played (the authored order lists the best choice first).
STRATEGIES = {
    "all well": lambda n, count: FIRST,
    "all badly": lambda n, count: LAST,
    "second choices": lambda n, count: SECOND,
    "the last one failed": lambda n, count: LAST if n == count - 1 else FIRST,
}
# Whether the n-th knowledge check is answered right.
CHECKS = {
    "all right": lambda n: 1,
    "every other right": lambda n: (n + 1) % 2,
    "all wrong": lambda n: 0,
}


@pytest.mark.parametrize("checks", list(CHECKS))
@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_bloc2_grade_is_the_same_in_open_edx_and_in_the_sco(make_runtime, strategy, checks):
    course = read_course(COURSE)
    chapter = next(c for c in course.chapters if c.url_name == "bloc2")
    plan = plan_for(course, chapter)
    graded = [
        item
        for sequential in chapter.sequentials
        if sequential.graded
        for vertical in sequential.verticals
        for item in vertical.items
        if isinstance(item, Problem | Activity)
    ]
    problems = [i for i in graded if isinstance(i, Problem)]
    interviews = [i for i in graded if isinstance(i, Activity)]
    assert len(problems) >= 10 and len(interviews) >= 4

    earned = possible = 0.0
    scores: dict[str, float] = {}
    for n, problem in enumerate(problems):
        right = CHECKS[checks](n)
        earned += right * problem.weight  # capa: raw 1 of 1 point, weighted
        possible += problem.weight
        scores[problem.url_name] = float(right)
    unmet = []
    for n, interview in enumerate(interviews):
        runtime = make_runtime(f"learner-{strategy}-{n}")
        runtime.resources_fs = OSFS(str(COURSE))
        block = runtime.get_block(
            runtime.parse_xml_string(f'<interview_simulation url_name="{interview.url_name}"/>')
        )
        play(runtime, block, STRATEGIES[strategy](n, len(interviews)))
        grade = runtime.recorder.of("grade")[-1]
        # edx-platform's weighted_score: raw_earned * weight / raw_possible of weight.
        earned += grade["value"] * block.weight / grade["max_value"]
        possible += block.weight
        scores[interview.url_name] = grade["value"] / grade["max_value"]
        if scores[interview.url_name] < block.required_mark:
            unmet.append(interview.url_name)

    expected = open_edx_percent(earned, possible)
    # The interviews carry two thirds of the block or more.
    assert sum(i.weight for i in interviews) / possible >= 2 / 3
    result = sco_grade(plan, scores)
    assert result["percent"] == expected
    assert result["unmet"] == unmet
    assert result["passed"] == (expected >= course.pass_mark and not unmet)
    if strategy == "the last one failed" and checks == "all right":
        # Above the pass mark, yet a failed interview fails the block: no compensation.
        assert expected >= course.pass_mark and unmet == [interviews[-1].url_name]
        assert result["passed"] is False
