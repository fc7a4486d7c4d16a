"""What `check` finds in a course beyond what the export refuses.

The export (`olx_reader.read_course`) already refuses a broken reference, a malformed or
hostile file, an unknown capacity code, a problem without its right answer. On a course it
reads, `course_findings` adds: files no unit uses (orphans), advanced modules not installed,
units and knowledge checks that declare no capacity, knowledge checks without an
explanation or giving their answer away (length, position, no shuffle), lesson HTML that is
unsafe or links to a course file that does not exist, lessons without a date and sources, and
French typography and wording in every text a learner reads.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

from scorm_export import typography
from scorm_export.activities import activity_types
from scorm_export.model import Activity, Course, Html, Problem
from scorm_export.sanitize import DROPPED_WITH_CONTENT
from xblocks.common.files import FileRefused, read_inside
from xblocks.common.i18n import Message
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.xml import MAX_XML_BYTES, XmlRefused, parse

#: The folders of an OLX course whose files a unit must use.
STRUCTURE = ("chapter", "sequential", "vertical", "html", "problem")
#: The course-level pages a learner reads: typography is checked there too.
PAGES = ("about", "tabs", "info")
MAX_PAGE_BYTES = 1024 * 1024
#: Elements whose text is not prose: code, and what never shows.
NOT_PROSE = {"code", "pre", "script", "style", "kbd", "samp"}

#: Elements whose text is an option a learner may choose (an interview's choice, a capa
#: choice, a partner network's option): possibly wrong on purpose.
OPTIONS = {"text", "choice", "option"}
#: The share of multiple-choice questions whose right answer is the longest option: about one
#: in four by chance. Much more, "pick the longest" passes; much less (never), "never pick the
#: longest" narrows every question down.
LONGEST_SHARE = (1 / 8, 1 / 3)
#: A right answer this much longer than every wrong one stands out in its own question.
STANDS_OUT = 1.25


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: Message

    def text(self, gettext: Callable[[str], str]) -> str:
        return f"{self.path}:{self.line}: {self.message.message(gettext)}"


def _finding(path, line, template: str, **params) -> Finding:
    return Finding(str(path), line or 1, Message(template, **params))


def course_findings(root: Path, course: Course, files: set[Path]) -> tuple[list, list]:
    """(errors, warnings) of a course that `read_course` read, each a `Finding`."""
    errors: list[Finding] = []
    warnings: list[Finding] = []
    errors += _orphans(root, files)
    installed = activity_types()
    for module in course.advanced_modules:
        if module not in installed:
            errors.append(
                _finding(
                    root / "policies" / course.run / "policy.json",
                    1,
                    _('advanced_modules names "{module}", which is not installed'),
                    module=module,
                )
            )
    problems: list[Problem] = []
    for chapter in course.chapters:
        for sequential in chapter.sequentials:
            errors += _task_share(sequential)
            for vertical in sequential.verticals:
                if not vertical.capacities:
                    errors.append(
                        _finding(
                            vertical.source.path,
                            vertical.source.line,
                            _('this unit declares no capacity: add capacities="B1.1 …"'),
                        )
                    )
                for item in vertical.items:
                    if isinstance(item, Problem):
                        problems.append(item)
                        errors += _problem_errors(item)
                        warnings += _problem_warnings(item)
                    elif isinstance(item, Html):
                        found, warned = _lesson(root, course, item)
                        errors += found
                        warnings += warned
    errors += _answer_cues(problems)
    for path in _prose_files(root, files):
        errors += _typography(path, root)
    return errors, warnings


def _task_share(sequential) -> list[Finding]:
    """In a graded subsection, the performance tasks carry most of the grade (they are what
    the jury assesses), not the knowledge checks."""
    if not sequential.graded:
        return []
    items = [i for v in sequential.verticals for i in v.items]
    tasks = sum(i.weight for i in items if isinstance(i, Activity))
    checks = sum(i.weight for i in items if isinstance(i, Problem))
    if checks and tasks <= checks:
        return [
            _finding(
                sequential.path,
                sequential.line,
                _(
                    "the performance tasks weigh {tasks} and the knowledge checks {checks}: "
                    "the tasks must carry most of a graded subsection"
                ),
                tasks=f"{tasks:g}",
                checks=f"{checks:g}",
            )
        ]
    return []


def _orphans(root: Path, files: set[Path]) -> list[Finding]:
    used = {_resolved(path) for path in files}
    folders = (*STRUCTURE, *activity_types())
    found = []
    for folder in folders:
        for path in sorted((root / folder).glob("*")):
            if path.suffix in (".xml", ".html") and _resolved(path) not in used:
                found.append(
                    _finding(
                        path,
                        1,
                        _("no unit of the course uses this file: reference it or remove it"),
                    )
                )
    return found


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # a loop of links: the path itself, refused on reading
        return path.absolute()


def _problem_errors(problem: Problem) -> list[Finding]:
    where = (problem.source.path, problem.source.line)
    found = []
    if not problem.capacities:
        found.append(
            _finding(*where, _('this knowledge check declares no capacity: capacities="…"'))
        )
    if not _visible_text(problem.solution):
        found.append(_finding(*where, _("this knowledge check has no explanation (<solution>)")))
    hints = [c.hint for c in problem.choices]
    if not all(hints):
        found.append(
            _finding(*where, _("every option needs its <choicehint>: the learner is told why"))
        )
    return found


def _problem_warnings(problem: Problem) -> list[Finding]:
    where = (problem.source.path, problem.source.line)
    found = []
    lengths = [len(c.text) for c in problem.choices]
    right = [n for n, c in zip(lengths, problem.choices, strict=True) if c.correct]
    wrong = [n for n, c in zip(lengths, problem.choices, strict=True) if not c.correct]
    if wrong and min(right) > STANDS_OUT * max(wrong):
        found.append(
            _finding(
                *where,
                _("the right answer is longer than every wrong one: a learner can guess it"),
            )
        )
    if not problem.checkbox and not problem.shuffle:
        found.append(
            _finding(
                *where,
                _('the options are not shuffled: add shuffle="true" to the <choicegroup>'),
            )
        )
    return found


def _answer_cues(problems: list[Problem]) -> list[Finding]:
    """Across the course: the right answer not mostly the longest, nor mostly in one place."""
    single = [p for p in problems if not p.checkbox and len(p.choices) >= 3]
    if len(single) < 6:
        return []
    found = []
    where = (single[0].source.path, single[0].source.line)
    longest = [
        p
        for p in single
        if max(len(c.text) for c in p.choices) == len(next(c for c in p.choices if c.correct).text)
    ]
    low, high = LONGEST_SHARE
    if len(longest) > high * len(single):
        found.append(
            _finding(
                *where,
                _(
                    "in {count} of {total} multiple-choice questions the right answer is the "
                    "longest option (at most one in three): a learner can pass without reading"
                ),
                count=len(longest),
                total=len(single),
            )
        )
    elif len(single) >= 8 and len(longest) < low * len(single):
        found.append(
            _finding(
                *where,
                _(
                    "in only {count} of {total} multiple-choice questions is the right answer "
                    "the longest option (at least one in eight): a learner who never picks the "
                    "longest narrows every question down"
                ),
                count=len(longest),
                total=len(single),
            )
        )
    # Where the right answer is written matters only where learners see that order.
    fixed = [p for p in single if not p.shuffle]
    places = Counter(
        "last" if i == len(p.choices) - 1 else i
        for p in fixed
        for i, c in enumerate(p.choices)
        if c.correct
    )
    count = places.most_common(1)[0][1] if places else 0
    if len(fixed) >= 6 and (count > len(fixed) / 2 or places["last"] == 0):
        found.append(
            _finding(
                *where,
                _(
                    "the right answers are written mostly in one place or never last "
                    "(first: {first}, last: {last}, of {total}): vary their positions"
                ),
                first=places[0],
                last=places["last"],
                total=len(fixed),
            )
        )
    return found


def _visible_text(fragment: str) -> str:
    if not fragment.strip():
        return ""
    return html.fragment_fromstring(fragment, create_parent="div").text_content().strip()


# --- lessons --------------------------------------------------------------------------------

_EVENT = re.compile(r"on[a-z]+$", re.I)
_UNSAFE_LINK = re.compile(r"\s*(javascript|data|vbscript):", re.I)


def _lesson(root: Path, course: Course, lesson: Html) -> tuple[list, list]:
    path = Path(lesson.path)
    if path.suffix != ".html":
        return [], []
    try:
        raw = read_inside(root, path, MAX_PAGE_BYTES).decode("utf-8")
    except (OSError, FileRefused, UnicodeDecodeError):
        return [], []  # the reader has read it: it cannot fail here but by a race
    tree = html.fragment_fromstring(raw, create_parent="div")
    errors, warnings = [], []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element is tree:
            continue
        line = element.sourceline or 1
        if element.tag in DROPPED_WITH_CONTENT:
            errors.append(
                _finding(path, line, _("<{tag}> is not allowed in a lesson"), tag=element.tag)
            )
        for name, value in element.attrib.items():
            if _EVENT.match(name):
                errors.append(
                    _finding(path, line, _("{name}=… runs a script: not allowed"), name=name)
                )
            elif name in ("href", "src") and _UNSAFE_LINK.match(value):
                errors.append(_finding(path, line, _("a {name} that runs a script"), name=name))
            elif name in ("href", "src"):
                missing = _missing_course_file(root, value)
                if missing:
                    errors.append(
                        _finding(
                            path,
                            line,
                            _("the link {link} names a course file that does not exist"),
                            link=value[:80],
                        )
                    )
    if not tree.find_class("ip-sources") or "Mise à jour" not in tree.text_content():
        errors.append(
            _finding(
                path,
                1,
                _(
                    'the lesson gives no date and no sources: end it with <div class="ip-sources">'
                    "(« Mise à jour : … » and the list of sources)"
                ),
            )
        )
    return errors, warnings


def _missing_course_file(root: Path, link: str) -> bool:
    if not link.startswith("/static/"):
        return False
    name = link[len("/static/") :].split("#")[0].split("?")[0]
    target = (root / "static" / name).resolve()
    inside = (root / "static").resolve() in target.parents
    return not (inside and target.is_file())


# --- typography -----------------------------------------------------------------------------


def _prose_files(root: Path, files: set[Path]) -> Iterator[Path]:
    """Every file of the course a learner reads: those the course uses, and its pages."""
    seen = set()
    for path in sorted(files, key=str):
        if path.suffix in (".xml", ".html") and path not in seen:
            seen.add(path)
            yield path
    for folder in PAGES:
        for path in sorted((root / folder).glob("*.html")):
            if path not in seen:
                seen.add(path)
                yield path


def _typography(path: Path, root: Path) -> list[Finding]:
    try:
        data = read_inside(root, path, max(MAX_XML_BYTES, MAX_PAGE_BYTES))
        if path.suffix == ".html":
            tree = html.fragment_fromstring(data.decode("utf-8"), create_parent="div")
        else:
            tree = parse(data)
    except (OSError, FileRefused, UnicodeDecodeError, XmlRefused, etree.ParserError):
        return [_finding(path, 1, _("cannot read this page"))]
    found = []
    for line, text, tag in prose(tree):
        for offset, template, params in typography.findings(text, tag not in OPTIONS):
            found.append(_finding(path, line + text.count("\n", 0, offset), template, **params))
    return found


def prose(tree) -> Iterator[tuple[int, str, str]]:
    """(line, text, the element it is in) of every text a learner reads in a tree: element
    text and tails, and the attributes that are shown (display_name…); never code nor
    comments."""
    for element in tree.iter():
        line = element.sourceline or 1
        parent = element.getparent()
        around = parent.tag if parent is not None else ""
        if not isinstance(element.tag, str):  # a comment, for authors: only what follows it
            if element.tail:
                yield line, element.tail, around
            continue
        for name, value in element.attrib.items():
            if name not in typography.CODE_ATTRIBUTES and value:
                yield line, value, ""
        if element.text and element.tag not in NOT_PROSE:
            yield line, element.text, element.tag
        if element.tail and around not in NOT_PROSE:
            yield line, element.tail, around
