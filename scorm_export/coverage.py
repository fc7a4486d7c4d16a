"""`insertion-pro coverage COURSE`: which unit teaches and which graded component assesses each
capacity of the référentiel, and its crosswalk to the titre professionnel CIP.

A capacity is *taught* by a lesson unit (a unit with a lesson, in an ungraded subsection of a
chapter that is graded elsewhere: a block, not the jury practice) that declares it, and
*assessed* by a graded component (a component of weight above 0 in a graded subsection): a
knowledge check declares its codes (`capacities="…"`), an activity scores the codes of its
content (its type says which, `ActivityType.capacities`). A performance task is a graded
activity (an interview, a network mapping, a workshop design).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import course_content
from scorm_export.activities import activity_types
from scorm_export.model import Activity, Course, Html, Problem
from xblocks.common.i18n import gettext_noop as _

FORMATS = ("text", "csv", "md", "json")


@dataclass
class Row:
    """One capacity: where it is taught and assessed."""

    code: str
    block: int
    label: str
    lessons: list[str] = field(default_factory=list)  # unit display names
    tasks: list[str] = field(default_factory=list)  # graded activities
    checks: list[str] = field(default_factory=list)  # graded knowledge checks
    ccps: tuple[str, ...] = ()
    crosswalk_note: str = ""

    @property
    def assessed(self) -> str:
        return "task" if self.tasks else "check" if self.checks else ""

    @property
    def complete(self) -> bool:
        return bool(self.lessons and self.assessed)


@dataclass(frozen=True)
class Column:
    """A unit or a graded component of the matrix."""

    url_name: str
    display_name: str
    kind: str  # "lesson", "task", "check", "unit" (an evaluation unit)
    chapter: str
    capacities: tuple[str, ...]


def matrix(course: Course) -> tuple[list[Row], list[Column]]:
    crosswalk = course_content.crosswalk()
    rows = {
        c.code: Row(
            c.code,
            c.block,
            c.label,
            ccps=crosswalk[c.code].ccps if c.code in crosswalk else (),
            crosswalk_note=crosswalk[c.code].note if c.code in crosswalk else "",
        )
        for c in course_content.capacities()
    }
    types = activity_types()
    columns: list[Column] = []
    for chapter in course.chapters:
        # A chapter with nothing graded (the jury practice, the self-assessment grid) trains
        # for the certification: it teaches no capacity of its own.
        block = any(s.graded for s in chapter.sequentials)
        for sequential in chapter.sequentials:
            for vertical in sequential.verticals:
                lesson = any(isinstance(i, Html) for i in vertical.items)
                if block and not sequential.graded and lesson:
                    columns.append(
                        Column(
                            vertical.url_name,
                            vertical.display_name,
                            "lesson",
                            chapter.display_name,
                            vertical.capacities,
                        )
                    )
                    for code in vertical.capacities:
                        rows[code].lessons.append(vertical.display_name)
                for item in vertical.items:
                    graded = sequential.graded and getattr(item, "weight", 0) > 0
                    if isinstance(item, Activity):
                        codes = tuple(types[item.block_type].capacities(item.content))
                        kind, target = "task", "tasks"
                    elif isinstance(item, Problem):
                        codes, kind, target = item.capacities, "check", "checks"
                    else:
                        continue
                    if not graded:
                        continue
                    columns.append(
                        Column(item.url_name, item.display_name, kind, chapter.display_name, codes)
                    )
                    for code in codes:
                        getattr(rows[code], target).append(item.display_name)
    return list(rows.values()), columns


def summary(rows: list[Row]) -> dict:
    return {
        "capacities": len(rows),
        "taught": sum(bool(r.lessons) for r in rows),
        "assessed": sum(bool(r.assessed) for r in rows),
        "complete": sum(r.complete for r in rows),
        "by_performance_task": sum(r.assessed == "task" for r in rows),
        "by_knowledge_check_only": sum(r.assessed == "check" for r in rows),
        "missing": [r.code for r in rows if not r.complete],
    }


def render(rows: list[Row], columns: list[Column], form: str, gettext: Callable) -> str:
    facts = summary(rows)
    if form == "json":
        return json.dumps(
            {
                "summary": facts,
                "crosswalk": {
                    "certification": course_content.TP_CIP,
                    "ccps": course_content.TP_CIP_CCPS,
                    "gaps": [list(g) for g in course_content.crosswalk_gaps()],
                },
                "capacities": [
                    {
                        "code": r.code,
                        "block": r.block,
                        "label": r.label,
                        "taught_by": r.lessons,
                        "performance_tasks": r.tasks,
                        "knowledge_checks": r.checks,
                        "assessed_by": r.assessed or None,
                        "tp_cip": list(r.ccps),
                        "tp_cip_note": r.crosswalk_note,
                    }
                    for r in rows
                ],
                "columns": [c.__dict__ | {"capacities": list(c.capacities)} for c in columns],
            },
            ensure_ascii=False,
            indent=2,
        )
    if form == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "label", *(c.url_name for c in columns), "tp_cip"])
        writer.writerow(["", "", *(c.kind for c in columns), ""])
        for r in rows:
            marks = [_mark(c.kind) if r.code in c.capacities else "" for c in columns]
            writer.writerow([r.code, r.label, *marks, " ".join(r.ccps)])
        return out.getvalue().rstrip("\n")
    head = [
        gettext(_("Capacity")),
        gettext(_("Lessons")),
        gettext(_("Performance tasks")),
        gettext(_("Knowledge checks")),
        gettext(_("Titre pro CIP")),
        gettext(_("Status")),
    ]
    table = [
        [
            r.code,
            str(len(r.lessons)),
            str(len(r.tasks)),
            str(len(r.checks)),
            " ".join(r.ccps),
            gettext(_("ok")) if r.complete else gettext(_("MISSING")),
        ]
        for r in rows
    ]
    lines = (
        gettext(
            _(
                "{complete} of {total} capacities taught and assessed by a graded component: "
                "{tasks} by a performance task, {checks} by knowledge checks only."
            )
        ).format(
            complete=facts["complete"],
            total=facts["capacities"],
            tasks=facts["by_performance_task"],
            checks=facts["by_knowledge_check_only"],
        ),
    )
    if form == "md":
        body = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        body += ["| " + " | ".join(row) + " |" for row in table]
        return "\n".join([*body, "", *lines])
    widths = [max(len(x) for x in column) for column in zip(head, *table, strict=True)]
    body = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (head, *table)
    ]
    missing = [
        f"{r.code}: "
        + gettext(
            _("not taught by a lesson")
            if not r.lessons
            else _("not assessed by a graded component")
        )
        for r in rows
        if not r.complete
    ]
    return "\n".join([*body, "", *lines, *missing])


def _mark(kind: str) -> str:
    return {"lesson": "L", "task": "T", "check": "Q"}.get(kind, "x")
