"""`insertion-pro check COURSE`: validate every activity file of an OLX course folder."""

from __future__ import annotations

import sys
from pathlib import Path

import course_content
from xblocks.common.xml import XmlRefused, parse
from xblocks.interview_simulation.engine import Problem
from xblocks.interview_simulation.olx import scenario_from_xml
from xblocks.interview_simulation.validation import validate


def check_file(path: Path) -> list[str]:
    """The problems of one scenario file, each as `file:line: message`."""
    try:
        data = path.read_bytes()
        scenario, _settings = scenario_from_xml(data)
    except XmlRefused as refused:
        return [f"{path}:{refused.line or 1}: {refused.message()}"]
    except OSError as error:
        return [f"{path}:1: cannot read the file: {error.strerror}"]
    lines = {el.get("id"): el.sourceline for el in parse(data).iter() if el.get("id")}
    problems = validate(scenario, course_content.capacity_codes())
    return [f"{path}:{_line(p, lines)}: {p.message()}" for p in problems]


def _line(problem: Problem, lines: dict[str, int]) -> int:
    """The line of the most precise element a problem names (choice, node, ending, flag)."""
    params = dict(problem.params)
    for key in ("choice", "node", "ending", "id"):
        if params.get(key) in lines:
            return lines[params[key]]
    return 1


def check_course(course: str) -> int:
    root = Path(course)
    if not root.is_dir():
        print(f"{course}:1: not a course folder", file=sys.stderr)
        return 1
    files = sorted((root / "interview_simulation").glob("*.xml"))
    problems = [line for path in files for line in check_file(path)]
    for line in problems:
        print(line, file=sys.stderr)
    print(f"{len(files)} activities checked, {len(problems)} problems.")
    return 1 if problems else 0
