"""Hostile course folders: each case spoils one copy of `course_content/` in one way.

A case names the file that the refusal must start with (relative to the course folder) and a
phrase of the (English) message. `build(course)` does the damage. The blocks that come later
add their own hostile activity files to `COURSE_CASES` with one line each, through `edit`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CourseCase:
    id: str
    build: Callable[[Path], None]
    #: The file the first refusal line names, relative to the course folder; None for a
    #: course that is odd but fine: exported, every package valid.
    where: str | None
    #: A phrase of the English message; for a course accepted, a text no package may hold.
    says: str


def both(*builds: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(course: Path) -> None:
        for step in builds:
            step(course)

    return build


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first `old` of a course file by `new` (the case fails if `old` is absent)."""

    def build(course: Path) -> None:
        path = course / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return build


def write(relative: str, data: str | bytes) -> Callable[[Path], None]:
    def build(course: Path) -> None:
        path = course / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    return build


def replace(relative: str, make: Callable[[Path], object]) -> Callable[[Path], None]:
    """Put something else where a course file was (a link, a FIFO, a sparse file...)."""

    def build(course: Path) -> None:
        path = course / relative
        path.unlink()
        make(path)

    return build


def sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)

    return make


def link_outside(path: Path) -> None:
    """A link to a secret next to the course folder (the test writes it)."""
    path.symlink_to(path.parents[len(path.relative_to(_course_of(path)).parts)] / "secret.txt")


def _course_of(path: Path) -> Path:
    return next(p for p in path.parents if (p / "course.xml").exists())


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


LESSON = "html/bloc1_urgences_ressources.html"
NETWORK = "partner_network/reseau_rouen.xml"
POLICY = "policies/2026/policy.json"
GRADING = "policies/2026/grading_policy.json"
COURSE_RUN = "course/2026.xml"

COURSE_CASES: list[CourseCase] = [
    # Files that are not what they claim to be.
    CourseCase("lesson links outside", replace(LESSON, link_outside), LESSON, "outside the course"),
    CourseCase(
        "lesson links to /dev/zero",
        replace(LESSON, lambda p: p.symlink_to("/dev/zero")),
        LESSON,
        "outside the course",
    ),
    CourseCase("policy links outside", replace(POLICY, link_outside), POLICY, "outside the course"),
    CourseCase(
        "interview is a fifo",
        replace("interview_simulation/deld_karim.xml", os.mkfifo),
        "interview_simulation/deld_karim.xml",
        "not a regular file",
    ),
    CourseCase(
        "sparse 1 GB interview",
        replace("interview_simulation/deld_karim.xml", sparse(1 << 30)),
        "interview_simulation/deld_karim.xml",
        "over the limit",
    ),
    CourseCase(
        "partner network is a fifo", replace(NETWORK, os.mkfifo), NETWORK, "not a regular file"
    ),
    CourseCase(
        "sparse 1 GB partner network", replace(NETWORK, sparse(1 << 30)), NETWORK, "over the limit"
    ),
    CourseCase("partner network links outside", replace(NETWORK, link_outside), NETWORK, "outside"),
    CourseCase(
        "partner network declares an entity",
        edit(
            NETWORK,
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY big "aaaa">]>',
        ),
        NETWORK,
        "DOCTYPE and entity declarations are not allowed",
    ),
    CourseCase(
        "partner network relation to a partner that does not exist",
        edit(NETWORK, 'from="plie" to=', 'from="nowhere" to='),
        NETWORK,
        '"nowhere"',
    ),
    CourseCase("200 MB lesson", replace(LESSON, sparse(200 << 20)), LESSON, "over the limit"),
    CourseCase(
        "1 GB problem",
        replace("problem/bloc2_pmsmp.xml", sparse(1 << 30)),
        "problem/bloc2_pmsmp.xml",
        "over the limit",
    ),
    # Courses that are well-formed files but not a course the exporter can trust.
    CourseCase(
        "org with a space",
        edit("course.xml", 'org="InsertionPro"', 'org="Insertion Pro"'),
        "course.xml",
        'org="Insertion Pro"',
    ),
    CourseCase(
        "course number with a slash",
        edit("course.xml", 'course="AIP"', 'course="AIP/../x"'),
        "course.xml",
        'course="AIP/../x"',
    ),
    CourseCase(
        "inline chapter with an odd url_name",
        edit(
            COURSE_RUN,
            '<chapter url_name="bloc4"/>',
            '<chapter url_name="bloc 4" display_name="Bloc 4">'
            '<sequential url_name="bloc4_cours"/></chapter>',
        ),
        COURSE_RUN,
        'url_name="bloc 4"',
    ),
    CourseCase(
        "inline chapter without url_name",
        edit(
            COURSE_RUN,
            '<chapter url_name="bloc4"/>',
            '<chapter display_name="Bloc 4"><sequential url_name="bloc4_cours"/></chapter>',
        ),
        COURSE_RUN,
        "<chapter> has no url_name",
    ),
    CourseCase(
        "policy entry is a list",
        write(POLICY, '{"course/2026": ["language", "fr"]}'),
        POLICY,
        '"course/2026" must be a JSON object',
    ),
    CourseCase(
        "language is a number",
        both(
            edit(COURSE_RUN, ' language="fr"', ""),
            edit(POLICY, '"language": "fr"', '"language": 5'),
        ),
        POLICY,
        "language",
    ),
    CourseCase(
        "language is a path",
        edit(COURSE_RUN, 'language="fr"', 'language="../../tmp/x"'),
        COURSE_RUN,
        'language="../../tmp/x"',
    ),
    CourseCase(
        "language without a catalog",
        edit(COURSE_RUN, 'language="fr"', 'language="tlh"'),
        COURSE_RUN,
        'language="tlh"',
    ),
    CourseCase(
        "GRADE_CUTOFFS is a list",
        edit(GRADING, '"GRADE_CUTOFFS": {"Pass": 0.6}', '"GRADE_CUTOFFS": [0.6]'),
        GRADING,
        "GRADE_CUTOFFS",
    ),
    CourseCase(
        "GRADER entry is a list",
        edit(GRADING, '{"type": "Bloc 1"', '["Bloc 1"], {"type": "Bloc 1"'),
        GRADING,
        "GRADER",
    ),
    CourseCase(
        "deeply nested policy",
        write(POLICY, '{"course/2026": ' + deep_json(100_000) + "}"),
        POLICY,
        "nested",
    ),
    CourseCase(
        "deeply nested grading policy",
        write(GRADING, '{"GRADER": ' + deep_json(100_000) + "}"),
        GRADING,
        "nested",
    ),
    CourseCase(
        "policy is not UTF-8",
        write(POLICY, b'{"course/2026": {"display_name": "\xe9t\xe9"}}'),
        POLICY,
        "UTF-8",
    ),
    CourseCase(
        "lesson is a whole HTML document",
        write(
            LESSON,
            "<!DOCTYPE html><html><head><title>x</title></head><body><p>Bonjour</p>"
            '<div class="ip-sources"><p>Mise à jour\u00a0: 2026.</p></div></body></html>',
        ),
        None,
        "<title>x",
    ),
    CourseCase(
        "org starting with a digit",
        edit("course.xml", 'org="InsertionPro"', 'org="1nsertionPro"'),
        None,
        "",
    ),
    CourseCase(
        "duplicate chapter",
        edit(COURSE_RUN, '<chapter url_name="bloc4"/>', '<chapter url_name="bloc3"/>'),
        COURSE_RUN,
        '"bloc3"',
    ),
    CourseCase(
        "duplicate problem url_name",
        edit(
            "vertical/bloc1_cours_urgences.xml",
            '<html url_name="',
            '<problem url_name="bloc2_pmsmp"/><html url_name="',
        ),
        "vertical/bloc2_evaluation_connaissances.xml",
        "is used twice: first at ",
    ),
    CourseCase(
        "chapter title beyond SCORM's limit",
        edit(
            "chapter/bloc1.xml",
            'display_name="Accueillir et informer les publics"',
            'display_name="' + "Accueillir et informer les publics " * 20 + '"',
        ),
        None,
        "",
    ),
    CourseCase(
        "course title beyond SCORM's limit",
        edit(
            COURSE_RUN,
            'display_name="Accompagnateur en insertion professionnelle"',
            'display_name="' + "Accompagnateur " * 40 + '"',
        ),
        None,
        "",
    ),
]
