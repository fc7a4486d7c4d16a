"""The interview simulation's side of the SCORM seam (see xblocks/common/scorm_seam.py).

In a SCO the same view runs on the JavaScript engine. Its state is saved compactly as
`<attempt>.<path>[.<best>.<kept attempt>.<kept path>]`, a path written one base-36 character
per decision (the position of the choice among its node's authored choices), then the best
finished attempt's score in ten-thousandths, with that attempt's number and path so that its
debrief can be shown again. So 15 decisions of a third attempt after a best of 71.43 % at the
first take "3.012010201102100.7143.1.000010201102100".
"""

from __future__ import annotations

import json
from functools import lru_cache

import course_content
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.scorm_seam import ActivityInvalid, ActivityType
from xblocks.interview_simulation import engine, messages
from xblocks.interview_simulation.olx import scenario_from_element, source_lines
from xblocks.interview_simulation.validation import (
    cue_warnings,
    path_stats,
    validate,
    with_lines,
)

PACKAGE = "xblocks.interview_simulation"
MAX_CHOICES_PER_NODE = 36


def load(element) -> tuple[dict, dict]:
    scenario, settings = scenario_from_element(element)
    problems = validate(scenario, course_content.capacity_codes())
    crowded = _('Node "{node}" has more than {count} choices.')
    problems += [
        engine.problem(crowded, node=node.id, count=MAX_CHOICES_PER_NODE)
        for node in scenario.nodes
        if len(node.choices) > MAX_CHOICES_PER_NODE
    ]
    if problems:
        raise ActivityInvalid(with_lines(problems, source_lines(element)))
    return engine.to_dict(scenario), {
        "max_attempts": settings.max_attempts,
        "feedback_mode": settings.feedback_mode,
        "weight": settings.weight,
        "required_mark": settings.required_mark,
    }


def warnings(element) -> list[engine.Problem]:
    """What `check` and Studio warn of in a valid interview: the cues that give answers away."""
    scenario, _settings = scenario_from_element(element)
    return with_lines(cue_warnings(scenario), source_lines(element))


def state_chars(content: dict, settings: dict) -> int:
    stats = _path_stats(json.dumps(content, sort_keys=True), settings["max_attempts"])
    attempts = len(str(max(settings["max_attempts"], 1)))
    one_path = attempts + 1 + stats.most_decisions
    return one_path + len(".10000") + 1 + one_path


@lru_cache(maxsize=32)
def _path_stats(content_json: str, max_attempts: int):
    """Path facts are costly and the same interview goes into several packages: once each."""
    return path_stats(engine.from_dict(json.loads(content_json)), max_attempts)


ACTIVITY = ActivityType(
    block_type="interview_simulation",
    load=load,
    scripts=(
        ("xblocks.common", "public/shuffle.js"),
        (PACKAGE, "public/interview-simulation-engine.js"),
        (PACKAGE, "public/interview-simulation-view.js"),
        (PACKAGE, "public/interview-simulation-scorm.js"),
    ),
    styles=((PACKAGE, "public/interview-simulation.css"),),
    adapter="InterviewSimulationScorm",
    ui=messages.front_end_ui,
    state_chars=state_chars,
    warnings=warnings,
    capacities=lambda content: engine.from_dict(content).capacity_codes,
)
