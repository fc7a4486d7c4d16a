"""The workshop design's side of the SCORM seam (see xblocks/common/scorm_seam.py).

There is no trainer inside another LMS: in a SCO the automatic checks give the score (the
grade with `automatic_only`), the learner prints the plan as a document to hand it in, and
each submitted plan reaches the LMS as interactions its graders can read: the plan as text
(`long-fill-in` in SCORM 2004; a summary within 255 characters in 1.2, whose fill-in holds no
more), then one record per automatic check.

The state is compressed (`compact.py`, mirrored by `public/workshop-design-scorm.js`). A plan
is free prose, so no bound is sure to fit SCORM 1.2's 4,096 characters: the activity is
`elastic`. The SCO keeps it `ROOM` characters; the page shows how much of the room the plan
takes, warns as it nears it, and past it keeps the latest plan in the browser (sco.js) while
the LMS keeps the last one that fitted.
"""

from __future__ import annotations

import course_content
from xblocks.common.problems import capacity_sort_key
from xblocks.common.scorm_seam import ActivityInvalid, ActivityType
from xblocks.workshop_design import messages, olx, validation
from xblocks.workshop_design.model import CHECK_CAPACITIES, from_dict, to_dict

PACKAGE = "xblocks.workshop_design"
#: The suspend_data kept for a workshop in a SCO, of SCORM 1.2's 4,096 characters: in the
#: dense form, about 5,600 bytes of deflated plan, some 15,000 characters of French prose.
ROOM = 3200


def load(element) -> tuple[dict, dict]:
    workshop, settings = olx.workshop_from_element(element)
    problems = validation.validate(workshop, course_content.capacity_codes())
    if problems:
        raise ActivityInvalid(validation.with_lines(problems, validation.source_lines(element)))
    return to_dict(workshop), {
        "max_attempts": settings.max_attempts,
        "weight": settings.weight,
        "required_mark": settings.required_mark,
    }


def state_chars(content: dict, settings: dict) -> int:
    return ROOM


def front_end_ui(gettext) -> dict:
    """The page's strings, and the engine's templates (its checks' lines, the score's
    explanation, its refusals), translated."""
    return {**messages.front_end_ui(gettext), "templates": messages.engine_templates(gettext)}


def capacities(content: dict) -> tuple[str, ...]:
    """The codes of its automatic checks and of the trainer's rubric."""
    workshop = from_dict(content)
    codes = {c for spec in workshop.checks for c in spec.capacities or CHECK_CAPACITIES[spec.id]}
    codes |= {c for criterion in workshop.criteria for c in criterion.capacities}
    return tuple(sorted(codes, key=lambda code: (capacity_sort_key(code), code)))


ACTIVITY = ActivityType(
    block_type="workshop_design",
    load=load,
    scripts=(
        ("xblocks.common", "public/shuffle.js"),
        ("xblocks.common", "public/transport.js"),
        (PACKAGE, "public/workshop-design-engine.js"),
        (PACKAGE, "public/workshop-design-view.js"),
        (PACKAGE, "public/workshop-design-scorm.js"),
    ),
    styles=((PACKAGE, "public/workshop-design.css"),),
    adapter="WorkshopDesignScorm",
    ui=front_end_ui,
    state_chars=state_chars,
    elastic=True,
    capacities=capacities,
)
