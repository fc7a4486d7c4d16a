"""Hostile course folders through `check` and `export`: a clean refusal, bounded, nothing written.

Each case (see `cases.py`) is run through the real command in a child process, under the
harness's address-space limit and timeout.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from scorm_export.olx_reader import read_course
from scorm_export.validate import validate_package
from tests.hostile import harness
from tests.hostile.cases import COURSE_CASES

COURSE = harness.ROOT / "course_content"
SECRET = "AWS_SECRET=hunter2"


def hostile_course(tmp_path: Path, case) -> Path:
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    course = tmp_path / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    case.build(course)
    return course


REFUSED = [case for case in COURSE_CASES if case.where is not None]
ACCEPTED = [case for case in COURSE_CASES if case.where is None]


@pytest.mark.parametrize("case", REFUSED, ids=lambda case: case.id)
def test_hostile_course_is_refused_cleanly_and_writes_nothing(tmp_path, case):
    course = hostile_course(tmp_path, case)
    out = tmp_path / "dist"
    out.mkdir()
    (out / "aip-old.zip").write_bytes(b"the packages of the last export")
    before = harness.snapshot(out)
    for args in (
        ["check", str(course)],
        ["coverage", str(course)],
        ["export", "scorm", str(course), "-o", str(out)],
        ["export", "olx", str(course), "-o", str(out)],
    ):
        result = harness.command(args)
        harness.refusal(result, course / case.where, case.says)
        assert SECRET not in result.stdout + result.stderr
        assert harness.snapshot(out) == before, args


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda case: case.id)
def test_odd_course_is_exported_as_valid_packages(tmp_path, case):
    course = hostile_course(tmp_path, case)
    out = tmp_path / "dist"
    assert harness.command(["check", str(course)]).returncode == 0
    result = harness.command(["export", "scorm", str(course), "-o", str(out)])
    assert result.returncode == 0, result.stderr
    packages = sorted(out.glob("*.zip"))
    # One package per chapter and one of the whole course, in both versions.
    assert len(packages) == 2 * (len(read_course(course).chapters) + 1), packages
    for package in packages:
        assert validate_package(package) == [], package
        with zipfile.ZipFile(package) as archive:
            held = b"".join(archive.read(name) for name in archive.namelist())
        assert not case.says or case.says.encode() not in held


def test_a_refusal_speaks_french_where_the_environment_does(tmp_path):
    case = next(c for c in COURSE_CASES if c.id == "policy entry is a list")
    course = hostile_course(tmp_path, case)
    result = harness.command(["check", str(course)], environ={"LANGUAGE": "fr"})
    message = harness.refusal(result, course / case.where)
    assert "objet JSON" in message, message
