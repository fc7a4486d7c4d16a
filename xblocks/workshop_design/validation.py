"""Validation of workshop designs: every problem names the brief's item, the check or the
criterion at fault (and, with `with_lines`, the line of the file); the worked example is held
to the checks it teaches.

Every problem's values include the element's `tag` and, where it has one, its `id`: that is
how `with_lines` finds the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from lxml import etree

from xblocks.common.i18n import gettext_noop as _
from xblocks.common.problems import ActionRefused, Problem, problem
from xblocks.workshop_design import checks, engine
from xblocks.workshop_design.model import (
    CHECKS,
    COMMISSIONER_KINDS,
    CONSTRAINT_KINDS,
    MAX_CONSTRAINTS,
    MAX_CRITERIA,
    MAX_DELIVERABLES,
    MAX_INDICATORS,
    MAX_LEVELS,
    MAX_OUTCOMES,
    MAX_VERBS,
    MODES,
    Workshop,
)

_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_VERB = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")

BAD_ID = _('<{tag}> id "{id}" may hold only ASCII letters, digits, "_" and "-".')
DUPLICATE = _('<{tag}> id "{id}" is used twice.')
TOO_MANY = _("There are {count} <{tag}> elements, over the limit of {limit}.")
UNKNOWN_VALUE = _('<{tag}>{where}: unknown {name} "{value}" (expected one of {allowed}).')
EMPTY_TEXT = _("<{tag}>{where} has no text.")
PUBLIC_SIZE = _("<public>: size_min {low} is over size_max {high}.")
TOLERANCE = _(
    "<duration>: the tolerance ({tolerance} minutes) must be below the duration ({minutes})."
)
NOTHING_GRADES = _("The activity grades nothing: give it checks with a weight, or a rubric.")
LEVEL_COUNT = _('<criterion> "{id}" has {count} levels: give it from 2 to {limit}.')
LEVEL_POINTS = _('<criterion> "{id}": its levels must go up in points, each with its own number.')
NO_CAPACITY = _('<criterion> "{id}" has no capacity: give it capacities="…".')
BAD_CAPACITY = _('<{tag}> "{id}": capacity code "{code}" is not in the référentiel.')
BAD_VERB = _('<verbs>: "{verb}" is not one verb in lower case.')
EXAMPLE_INVALID = _("<example>: {problem}")
EXAMPLE_FAILS = _('<example>: the worked example fails the "{check}" check ({percent}%): {why}')


def _ids(items, tag: str) -> list[Problem]:
    found, seen = [], set()
    for item in items:
        if not _ID.fullmatch(item.id):
            found.append(problem(BAD_ID, tag=tag, id=item.id[:64]))
        elif item.id in seen:
            found.append(problem(DUPLICATE, tag=tag, id=item.id))
        seen.add(item.id)
    return found


def _count(items, tag: str, limit: int) -> list[Problem]:
    return [problem(TOO_MANY, tag=tag, count=len(items), limit=limit)] if len(items) > limit else []


def _known(
    value: str, allowed: Iterable[str], tag: str, name: str, item_id: str = ""
) -> list[Problem]:
    allowed = tuple(allowed)
    if value in allowed:
        return []
    where = f' "{item_id}"' if item_id else ""
    return [
        problem(
            UNKNOWN_VALUE,
            tag=tag,
            id=item_id,
            where=where,
            name=name,
            value=value[:40],
            allowed=", ".join(allowed),
        )
    ]


def _texts(items, tag: str) -> list[Problem]:
    return [problem(EMPTY_TEXT, tag=tag, id=i.id, where=f' "{i.id}"') for i in items if not i.text]


def _check_brief(workshop: Workshop) -> list[Problem]:
    brief = workshop.brief
    public = brief.public
    found = _known(brief.commissioner.kind, COMMISSIONER_KINDS, "commissioner", "kind")
    found += _known(brief.mode, MODES, "duration", "mode")
    for tag, items, limit in (
        ("constraint", public.constraints, MAX_CONSTRAINTS),
        ("outcome", brief.outcomes, MAX_OUTCOMES),
        ("deliverable", brief.deliverables, MAX_DELIVERABLES),
        ("indicator", brief.indicators, MAX_INDICATORS),
    ):
        found += _ids(items, tag) + _count(items, tag, limit) + _texts(items, tag)
    for c in public.constraints:
        found += _known(c.kind, CONSTRAINT_KINDS, "constraint", "kind", c.id)
    if public.size_min > public.size_max:
        found.append(problem(PUBLIC_SIZE, tag="public", low=public.size_min, high=public.size_max))
    if brief.tolerance >= brief.minutes:
        found.append(
            problem(TOLERANCE, tag="duration", tolerance=brief.tolerance, minutes=brief.minutes)
        )
    for tag, value in (
        ("commissioner", brief.commissioner.name),
        ("need", brief.need),
        ("profile", public.profile),
    ):
        if not value:
            found.append(problem(EMPTY_TEXT, tag=tag, where=""))
    return found


def _check_grading(workshop: Workshop, codes: set[str]) -> list[Problem]:
    found = _ids(workshop.checks, "check")
    for spec in workshop.checks:
        found += _known(spec.id, CHECKS, "check", "id", spec.id)
        found += [
            problem(BAD_CAPACITY, tag="check", id=spec.id, code=c)
            for c in spec.capacities
            if c not in codes
        ]
    found += _ids(workshop.criteria, "criterion") + _count(
        workshop.criteria, "criterion", MAX_CRITERIA
    )
    for c in workshop.criteria:
        if not 2 <= len(c.levels) <= MAX_LEVELS:
            found.append(
                problem(
                    LEVEL_COUNT, tag="criterion", id=c.id, count=len(c.levels), limit=MAX_LEVELS
                )
            )
        points = [level.points for level in c.levels]
        if points != sorted(set(points)):
            found.append(problem(LEVEL_POINTS, tag="criterion", id=c.id))
        if not c.capacities:
            found.append(problem(NO_CAPACITY, tag="criterion", id=c.id))
        found += [
            problem(BAD_CAPACITY, tag="criterion", id=c.id, code=code)
            for code in c.capacities
            if code not in codes
        ]
        if not c.prompt:
            found.append(problem(EMPTY_TEXT, tag="prompt", id=c.id, where=f' "{c.id}"'))
    weighted = any(spec.weight for spec in workshop.checks)
    if not weighted and not any(c.max_points for c in workshop.criteria):
        found.append(problem(NOTHING_GRADES, tag="workshop_design"))
    found += _count(workshop.verbs, "verbs", MAX_VERBS)
    for verb in workshop.verbs:
        if not _VERB.fullmatch(verb) or verb != verb.lower():
            found.append(problem(BAD_VERB, tag="verbs", verb=verb[:40]))
    return found


def _check_example(workshop: Workshop, gettext=str) -> list[Problem]:
    if workshop.example is None:
        return []
    try:
        plan = engine.clean_plan(workshop, workshop.example)
    except ActionRefused as refused:
        return [problem(EXAMPLE_INVALID, tag="example", problem=refused.problem.message(gettext))]
    found = []
    for result in checks.run(workshop, plan):
        if result.fraction < 1:
            why = " ".join(line.message(gettext) for line in result.lines)
            found.append(
                problem(
                    EXAMPLE_FAILS,
                    tag="example",
                    check=result.id,
                    percent=round(result.fraction * 100),
                    why=why,
                )
            )
    return found


def validate(workshop: Workshop, capacity_codes: Iterable[str]) -> list[Problem]:
    """All the problems of an activity, in reading order; an empty list means valid."""
    codes = set(capacity_codes)
    return _check_brief(workshop) + _check_grading(workshop, codes) + _check_example(workshop)


def source_lines(root: etree._Element) -> dict[tuple[str, str], list[int]]:
    """The lines of every element, by (tag, id) ("" for an element without id)."""
    lines: dict[tuple[str, str], list[int]] = {}
    for element in root.iter():
        if isinstance(element.tag, str):
            lines.setdefault((element.tag, element.get("id", "")), []).append(element.sourceline)
    return lines


def with_lines(problems: Iterable[Problem], lines: dict) -> list[Problem]:
    """The problems, each with the line of the file to fix where one is known (a duplicate id
    where it is written the second time)."""
    located = []
    for found in problems:
        params = dict(found.params)
        places = lines.get((params.get("tag", ""), params.get("id", ""))) or lines.get(
            (params.get("tag", ""), "")
        )
        if not places:
            places = lines.get(("workshop_design", ""), [None])
        line = places[1] if found.template == DUPLICATE and len(places) > 1 else places[0]
        located.append(replace(found, line=found.line or line))
    return located
