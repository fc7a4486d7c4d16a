"""How Open edX grades a course, written once: the SCOs compute a block's grade the same way.

Open edX (edx-platform `lms/djangoapps/grades`, `xmodule/graders.py`) grades in four steps:

1. A graded component earns `raw_earned * weight / raw_possible` of `weight` points (a capa
   problem, an activity block). A component without points counts nothing.
2. A graded subsection's percent is its earned over its possible points, rounded to two
   decimals (numpy's `around`, half to even); 0 when it holds no points.
3. An assignment type averages its subsections' percents, after placeholder zeros up to
   `min_count` and without its `drop_count` lowest.
4. The grade is the sum of each type's average times its weight, shown as a whole percent
   (`round_away_from_zero(percent * 100 + 0.05) / 100`), passed at the grading policy's cutoff.

A competence block (a chapter) is exported as one SCO. Its grade is the same computation
restricted to the block: the types of its graded subsections, their weights scaled to sum to
one. With one assignment type per block, as in our course, that is the type's average: what
Open edX's progress page shows for the block.

One rule Open edX does not have: a component may carry a `required_mark` (0 < mark <= 1). The
block is then passed only when the grade reaches the cutoff AND every required component
reaches its own mark, so that a failed interview cannot be made up by a quiz.

`static/grading.js` is the same code in JavaScript; `tests/vectors/grading/` holds them equal.
The plan is plain JSON, as the SCO page carries it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

#: The largest weight a component may carry: beyond it, a typing slip ("10000") is more
#: likely than a wish, and an absurd weight silently drowns every other component.
MAX_WEIGHT = 100.0


def round_half_even(value: float, decimals: int = 2) -> float:
    """numpy's `around`: scale, round half to even, scale back (Python's `round` on a float)."""
    scale = 10**decimals
    return round(value * scale) / scale


def shown_percent(value: float) -> float:
    """Open edX's course percent: whole percents, nudged up by 0.05 before rounding."""
    return math.floor(value * 100 + 0.05 + 0.5) / 100


def _type_average(percents: list[float], min_count: int, drop_count: int) -> float:
    marks = percents + [0.0] * max(0, min_count - len(percents))
    if drop_count > 0:
        # Open edX drops the last `drop_count` of a stable sort by descending percent.
        order = sorted(range(len(marks)), key=lambda i: -marks[i])
        dropped = set(order[-drop_count:])
        marks = [m for i, m in enumerate(marks) if i not in dropped]
    return sum(marks) / len(marks) if marks else 0.0


def grade(plan: Mapping, scores: Mapping[str, float | None]) -> dict:
    """The block's grade for `scores` (component key -> raw score in [0, 1], None: not yet).

    `plan` is what `plan_for` writes: `types` (the grading policy's assignment types),
    `pass_mark`, and `subsections`, each a `format` and its `components` (`key`, `weight`,
    `required`). Returns `percent` (as Open edX shows it), `passed`, `subsections` (each
    one's percent), `types` (each used type's average and its share of the block) and `unmet`
    (the keys of required components below their mark, in order).
    """
    by_type: dict[str, list[float]] = {}
    subsection_percents = []
    unmet = []
    for subsection in plan["subsections"]:
        earned = possible = 0.0
        for component in subsection["components"]:
            weight = float(component["weight"])
            raw = scores.get(component["key"])
            raw = 0.0 if raw is None else min(max(float(raw), 0.0), 1.0)
            earned += raw * weight
            possible += weight
            required = component.get("required")
            if required is not None and raw < required:
                unmet.append(component["key"])
        percent = round_half_even(earned / possible) if possible > 0 else 0.0
        subsection_percents.append(percent)
        by_type.setdefault(subsection["format"], []).append(percent)
    used = [t for t in plan["types"] if t["type"] in by_type]
    total_weight = sum(float(t["weight"]) for t in used)
    types = []
    total = 0.0
    for kind in used:
        average = _type_average(by_type[kind["type"]], kind["min_count"], kind["drop_count"])
        share = float(kind["weight"]) / total_weight if total_weight > 0 else 0.0
        total += average * share
        types.append({"type": kind["type"], "average": average, "share": share})
    percent = shown_percent(total)
    return {
        "percent": percent,
        "passed": bool(used) and percent >= plan["pass_mark"] and not unmet,
        "subsections": subsection_percents,
        "types": types,
        "unmet": unmet,
    }


def plan_for(course, chapter) -> dict:
    """The grading plan of one block (`grade`'s input), from the course model.

    Only graded subsections count, and in them only components with points (problems,
    activities); the assignment types are those of the grading policy these subsections use.
    """
    subsections = []
    for sequential in chapter.sequentials:
        if not sequential.graded:
            continue
        components = [
            {"key": item.url_name, "weight": item.weight, "required": item.required_mark}
            for vertical in sequential.verticals
            for item in vertical.items
            if hasattr(item, "weight") and item.weight > 0
        ]
        subsections.append({"format": sequential.format, "components": components})
    formats = {s["format"] for s in subsections}
    return {
        "types": [
            {
                "type": t.type,
                "min_count": t.min_count,
                "drop_count": t.drop_count,
                "weight": t.weight,
            }
            for t in course.assignment_types
            if t.type in formats
        ],
        "pass_mark": course.pass_mark,
        "subsections": subsections,
    }


def is_graded(plan: Mapping) -> bool:
    """Whether the block has points to earn: else its SCO reports completion only."""
    return any(s["components"] for s in plan["subsections"]) and any(
        t["weight"] > 0 for t in plan["types"]
    )
