"""`insertion-pro check COURSE`: validate every activity file of an OLX course folder."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import course_content
from xblocks.common.i18n import cli_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.xml import XmlRefused, parse
from xblocks.interview_simulation.engine import Problem
from xblocks.interview_simulation.olx import scenario_from_xml
from xblocks.interview_simulation.validation import validate


def check_file(path: Path, gettext: Callable[[str], str] = str) -> list[str]:
    """The problems of one scenario file, each as `file:line: message` in gettext's language."""
    try:
        data = path.read_bytes()
        scenario, _settings = scenario_from_xml(data)
    except XmlRefused as refused:
        return [f"{path}:{refused.line or 1}: {refused.message(gettext)}"]
    except OSError as error:
        message = gettext(_("cannot read the file: {error}")).format(error=error.strerror)
        return [f"{path}:1: {message}"]
    lines = {el.get("id"): el.sourceline for el in parse(data).iter() if el.get("id")}
    problems = validate(scenario, course_content.capacity_codes())
    return [f"{path}:{_line(p, lines)}: {p.message(gettext)}" for p in problems]


def _line(problem: Problem, lines: dict[str, int]) -> int:
    """The line of the most precise element a problem names (choice, node, ending, flag)."""
    params = dict(problem.params)
    for key in ("choice", "node", "ending", "id"):
        if params.get(key) in lines:
            return lines[params[key]]
    return 1


def check_course(course: str) -> int:
    gettext = cli_gettext()
    root = Path(course)
    if not root.is_dir():
        message = gettext(_("not a course folder"))
        print(f"{course}:1: {message}", file=sys.stderr)
        return 1
    files = sorted((root / "interview_simulation").glob("*.xml"))
    problems = [line for path in files for line in check_file(path, gettext)]
    for line in problems:
        print(line, file=sys.stderr)
    summary = gettext(_("{files} activities checked, {problems} problems."))
    print(summary.format(files=len(files), problems=len(problems)))
    return 1 if problems else 0
