"""The built wheel carries what a platform needs, and the catalogs are complete."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("xblocks", "scorm_export")  # where translatable strings are marked


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy, so that the build leaves no egg-info in the checkout.
    source = tmp_path_factory.mktemp("source") / "insertion-pro"
    source.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("requirements", "xblocks", "course_content", "scorm_export"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("insertion_pro-*.whl")
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist()), archive.read(
            next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
        ).decode()


def test_wheel_holds_templates_public_files_translations_and_course(wheel):
    names, _entry_points = wheel
    expected = [
        "xblocks/interview_simulation/templates/student_view.html",
        "xblocks/interview_simulation/templates/studio_view.html",
        "xblocks/interview_simulation/public/interview-simulation-view.js",
        "xblocks/interview_simulation/public/interview-simulation-engine.js",
        "xblocks/interview_simulation/public/interview-simulation.css",
        "xblocks/interview_simulation/public/default-scenario.xml",
        "xblocks/common/public/transport.js",
        "xblocks/translations/fr/LC_MESSAGES/text.mo",
        "xblocks/translations/fr/LC_MESSAGES/text.po",
        "course_content/capacites.tsv",
        "scorm_export/static/sco.js",
        "scorm_export/static/scorm-api.js",
        "scorm_export/templates/sco.html",
        "xblocks/interview_simulation/public/interview-simulation-scorm.js",
    ]
    missing = [name for name in expected if name not in names]
    assert missing == []
    course_files = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "course_content").rglob("*.xml")
    }
    assert course_files and course_files <= names
    assert not any(name.startswith(("tests/", "dev/", "benchmarks/")) for name in names)


def test_wheel_declares_the_block_and_the_command(wheel):
    _names, entry_points = wheel
    assert (
        "interview_simulation = xblocks.interview_simulation:InterviewSimulationBlock"
        in entry_points
    )
    assert "insertion-pro = scorm_export.cli:main" in entry_points


def test_french_catalog_is_complete_and_compiled():
    po = ROOT / "xblocks/translations/fr/LC_MESSAGES/text.po"
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
    pot = subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--keyword=_",
            "--from-code=UTF-8",
            "-o",
            "-",
            *sorted(str(p) for folder in SOURCES for p in (ROOT / folder).rglob("*.py")),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    source_ids = set(_msgids(pot)) - {""}
    catalog_ids = set(_msgids(po.read_text(encoding="utf-8")))
    assert source_ids - catalog_ids == set(), "run `make messages` and translate the new strings"


def _msgids(text: str):
    current = None
    for line in text.splitlines():
        if line.startswith("msgid "):
            current = line[7:-1]
        elif line.startswith('"') and current is not None:
            current += line[1:-1]
        else:
            if current is not None:
                yield current
            current = None
