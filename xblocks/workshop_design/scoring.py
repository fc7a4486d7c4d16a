"""Workshop design scores: the automatic checks' part, the trainer's rubric part, the grade
that combines them by the activity's weights, a sub-score per capacity, and one translatable
line per figure that says how it was computed.

Pure. The raw grade is in [0, 1]:
    grade = share × checks + (1 − share) × rubric      (share: `Workshop.checks_share`)
where checks = Σ weight × fraction / Σ weight and rubric = Σ points given / Σ points possible.
Until a trainer grades, only the checks' part is known: the block shows it as provisional and
publishes nothing. Where no trainer grades (a SCORM package), `automatic_only` makes the
checks the whole grade. An activity without rubric is graded by its checks alone, one whose
checks all weigh 0 by its rubric alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from xblocks.common.i18n import Message
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.problems import ActionRefused, capacity_sort_key
from xblocks.workshop_design import checks
from xblocks.workshop_design.model import CHECK_CAPACITIES, MAX_COMMENT, Workshop

REFUSED_GRADING = _("The grading must give a level of each criterion of the rubric.")
REFUSED_LEVEL = _("Criterion {criterion}: {points} is not one of its levels.")
REFUSED_COMMENT = _("Comment on {criterion} is too long: {limit} characters at most.")
REFUSED_COMMENT_TEXT = _("Each comment must be text.")


@dataclass(frozen=True)
class Part:
    """One item of the grade: a check or a criterion, its share of the grade and what it got."""

    kind: str  # check, criterion
    id: str
    fraction: float
    possible: float  # share of the whole grade, in [0, 1]
    capacities: tuple[str, ...]

    @property
    def earned(self) -> float:
        return self.fraction * self.possible


@dataclass(frozen=True)
class Grade:
    raw: float | None  # None until the rubric part is known (a trainer grades)
    checks: float  # the checks' part, on its own, in [0, 1]
    rubric: float | None
    share: float  # the checks' share of the grade
    parts: tuple[Part, ...]
    capacities: tuple[tuple[str, float, float], ...]  # (code, earned, possible), sorted


def checks_score(workshop: Workshop, plan: dict) -> tuple[float, tuple[checks.CheckResult, ...]]:
    results = checks.run(workshop, plan)
    total = sum(spec.weight for spec in workshop.checks)
    if not total:
        return 0.0, results
    earned = sum(spec.weight * r.fraction for spec, r in zip(workshop.checks, results, strict=True))
    return earned / total, results


def clean_grading(workshop: Workshop, data: object) -> dict:
    """A trainer's grading as sent: {"levels": {criterion: points}, "comments": {criterion:
    text}, "overall": text}, checked (ActionRefused names what is wrong)."""
    if not isinstance(data, dict):
        raise ActionRefused(REFUSED_GRADING)
    levels, comments = data.get("levels"), data.get("comments", {})
    overall = data.get("overall", "")
    if not isinstance(levels, dict) or set(levels) != set(workshop.criterion_index):
        raise ActionRefused(REFUSED_GRADING)
    for cid, points in levels.items():
        allowed = {lv.points for lv in workshop.criterion_index[cid].levels}
        if type(points) is not int or points not in allowed:
            raise ActionRefused(REFUSED_LEVEL, criterion=cid, points=str(points)[:20])
    if not isinstance(comments, dict) or not set(comments) <= set(workshop.criterion_index):
        raise ActionRefused(REFUSED_COMMENT_TEXT)
    for cid, text in [*comments.items(), ("overall", overall)]:
        if not isinstance(text, str):
            raise ActionRefused(REFUSED_COMMENT_TEXT)
        if len(text) > MAX_COMMENT:
            raise ActionRefused(REFUSED_COMMENT, criterion=cid, limit=MAX_COMMENT)
    return {
        "levels": {c.id: levels[c.id] for c in workshop.criteria},
        "comments": {
            c.id: comments[c.id] for c in workshop.criteria if comments.get(c.id, "").strip()
        },
        "overall": overall,
    }


def grade(
    workshop: Workshop, plan: dict, levels: dict[str, int] | None, *, automatic_only: bool = False
) -> Grade:
    """The grade of a submitted plan; `levels` the trainer's (None: not graded yet)."""
    checks_part, results = checks_score(workshop, plan)
    weights = sum(spec.weight for spec in workshop.checks)
    has_rubric = bool(workshop.criteria) and not automatic_only
    share = 1.0 if not has_rubric else 0.0 if not weights else workshop.checks_share
    parts = []
    for spec, result in zip(workshop.checks, results, strict=True):
        if weights and spec.weight:
            parts.append(
                Part(
                    "check",
                    spec.id,
                    result.fraction,
                    share * spec.weight / weights,
                    spec.capacities or CHECK_CAPACITIES[spec.id],
                )
            )
    rubric = None
    if has_rubric and levels is not None:
        possible = workshop.rubric_points
        rubric = sum(levels[c.id] for c in workshop.criteria) / possible if possible else 0.0
        for c in workshop.criteria:
            fraction = levels[c.id] / c.max_points if c.max_points else 0.0
            parts.append(
                Part(
                    "criterion",
                    c.id,
                    fraction,
                    (1 - share) * c.max_points / possible if possible else 0.0,
                    c.capacities,
                )
            )
    known = not has_rubric or rubric is not None
    raw = share * checks_part + (1 - share) * (rubric or 0.0) if known else None
    codes: dict[str, list[Part]] = {}
    for part in parts:
        for code in dict.fromkeys(part.capacities):
            codes.setdefault(code, []).append(part)
    capacities = tuple(
        (code, round(sum(p.earned for p in found), 4), round(sum(p.possible for p in found), 4))
        for code, found in sorted(codes.items(), key=lambda e: (capacity_sort_key(e[0]), e[0]))
    )
    return Grade(
        raw=None if raw is None else round(raw, 4),
        checks=round(checks_part, 4),
        rubric=None if rubric is None else round(rubric, 4),
        share=share,
        parts=tuple(parts),
        capacities=capacities,
    )


def grade_dict(result: Grade) -> dict:
    """The grade as JSON (the shared vectors, the block's record)."""
    return {
        "raw": result.raw,
        "checks": result.checks,
        "rubric": result.rubric,
        "share": result.share,
        "capacities": [{"code": c, "earned": e, "possible": p} for c, e, p in result.capacities],
        "parts": [
            {
                "kind": p.kind,
                "id": p.id,
                "fraction": round(p.fraction, 4),
                "possible": round(p.possible, 4),
            }
            for p in result.parts
        ],
    }


def _percent(ratio: float) -> int:
    return round(ratio * 100)


def explanations(workshop: Workshop, result: Grade) -> dict:
    """One line for the grade, one per part of it, one per capacity."""
    if result.raw is None:
        score = Message(
            _(
                "Awaiting grading: the automatic checks give {checks}%; they count for "
                "{share}% of the grade, the trainer's rubric for the rest."
            ),
            checks=_percent(result.checks),
            share=_percent(result.share),
        )
    elif result.share == 1:
        score = Message(
            _("Grade {grade}%: the automatic checks, weighted as the activity sets them."),
            grade=_percent(result.raw),
        )
    elif result.share == 0:
        score = Message(
            _("Grade {grade}%: the trainer's rubric, {rubric}% of its points."),
            grade=_percent(result.raw),
            rubric=_percent(result.rubric or 0),
        )
    else:
        score = Message(
            _(
                "Grade {grade}% = {share}% × automatic checks {checks}% + {rest}% × "
                "trainer's rubric {rubric}%."
            ),
            grade=_percent(result.raw),
            share=_percent(result.share),
            checks=_percent(result.checks),
            rest=_percent(1 - result.share),
            rubric=_percent(result.rubric or 0),
        )
    capacities = {
        code: Message(
            _("{code}: {percent}% of the {possible}% of the grade that gives evidence of it."),
            code=code,
            percent=_percent(earned / possible) if possible else 0,
            possible=_percent(possible),
        )
        for code, earned, possible in result.capacities
    }
    return {"score": score, "capacities": capacities}
