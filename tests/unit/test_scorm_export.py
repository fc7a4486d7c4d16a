"""The SCORM exporter as an LMS admin runs it: packages, determinism, bad input, atomic output."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from scorm_export import render
from scorm_export.cli import main
from scorm_export.olx_reader import read_course
from scorm_export.validate import validate_package

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course_content"


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    assert main(["export", "scorm", str(COURSE), "-o", str(out)]) == 0
    return out


def test_default_export_is_both_versions_per_block_and_whole(dist):
    names = sorted(p.name for p in dist.iterdir())
    expected = [
        f"aip-{part}-{version}.zip"
        for part in ("bloc1", "bloc2", "bloc3", "bloc4", "complet")
        for version in ("scorm12", "scorm2004")
    ]
    assert names == sorted(expected)


def test_every_package_of_the_course_validates(dist):
    for package in sorted(dist.iterdir()):
        assert validate_package(package) == [], package.name


def test_manifest_is_at_the_root_and_carries_the_mastery_score(dist):
    with zipfile.ZipFile(dist / "aip-bloc1-scorm12.zip") as archive:
        assert archive.namelist()[0] == "imsmanifest.xml"
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        assert "index.html" in archive.namelist()
        assert "imscp_rootv1p1p2.xsd" in archive.namelist()
    mastery = manifest.xpath("//*[local-name()='masteryscore']")
    assert [m.text for m in mastery] == ["60"]
    with zipfile.ZipFile(dist / "aip-complet-scorm2004.zip") as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        names = archive.namelist()
    items = manifest.xpath("//*[local-name()='item']")
    assert len(items) == 4
    assert {f"{chapter}/index.html" for chapter in ("bloc1", "bloc2", "bloc3", "bloc4")} <= set(
        names
    )
    version = manifest.xpath("//*[local-name()='schemaversion']")[0].text
    assert version == "2004 4th Edition"


def test_same_course_gives_byte_identical_packages(dist, tmp_path):
    assert main(["export", "scorm", str(COURSE), "-o", str(tmp_path), "--scorm", "2004"]) == 0
    for package in tmp_path.iterdir():
        assert package.read_bytes() == (dist / package.name).read_bytes(), package.name


def test_options_choose_version_and_kind(tmp_path):
    assert (
        main(["export", "scorm", str(COURSE), "-o", str(tmp_path), "--scorm", "1.2", "--whole"])
        == 0
    )
    assert [p.name for p in tmp_path.iterdir()] == ["aip-complet-scorm12.zip"]


def test_help_and_progress_are_shown():
    done = subprocess.run(
        [sys.executable, "-m", "scorm_export.cli", "export", "scorm", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--per-block" in done.stdout and "--scorm" in done.stdout


def broken_course(tmp_path, relative, old, new):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = course / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return course, path


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        (
            "problem/bloc1_confidentialite.xml",
            '<choice correct="true">',
            '<choice correct="false">',
            "exactly one correct choice",
        ),
        ("vertical/bloc1_cours_urgences.xml", 'url_name="', 'url_name="absent_', "does not exist"),
        (
            "interview_simulation/deld_karim.xml",
            'capacity="B1.1"',
            'capacity="B9.9"',
            'capacity code "B9.9" is not in the référentiel',
        ),
        (
            "chapter/bloc3.xml",
            "<chapter ",
            '<!DOCTYPE c [<!ENTITY x "y">]><chapter ',
            "DOCTYPE and entity declarations are not allowed",
        ),
        ("problem/bloc2_pmsmp.xml", "</problem>", "", "not well formed"),
        ("policies/2026/grading_policy.json", '"Pass": 0.6', '"Pass": "beaucoup"', "GRADE_CUTOFFS"),
    ],
)
def test_broken_course_names_file_and_line_and_writes_nothing(
    tmp_path, capsys, relative, old, new, expected
):
    course, path = broken_course(tmp_path, relative, old, new)
    out = tmp_path / "dist"
    assert main(["export", "scorm", str(course), "-o", str(out)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"{path}:"), error
    assert error.split(":")[1].isdigit()
    assert expected in error
    assert not out.exists() or list(out.iterdir()) == []


def test_state_that_cannot_fit_suspend_data_fails_naming_the_activity(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(render, "SUSPEND_LIMIT", 40)
    assert main(["export", "scorm", str(COURSE), "-o", str(tmp_path / "dist")]) == 1
    error = capsys.readouterr().err
    assert 'interview_simulation "deld_karim"' in error
    assert "suspend_data" in error
    assert not (tmp_path / "dist").exists() or list((tmp_path / "dist").iterdir()) == []


def test_unwritable_output_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert main(["export", "scorm", str(COURSE), "-o", str(blocker / "dist")]) == 1
    assert "cannot write the packages" in capsys.readouterr().err


def test_not_a_course_folder(tmp_path, capsys):
    assert main(["export", "scorm", str(tmp_path), "-o", str(tmp_path / "dist")]) == 1
    assert "course.xml:1: not an OLX course folder" in capsys.readouterr().err


def test_course_model_mirrors_the_olx_tree():
    course = read_course(COURSE)
    assert [c.url_name for c in course.chapters] == ["bloc1", "bloc2", "bloc3", "bloc4"]
    assert course.pass_mark == 0.6
    assert course.advanced_modules == ("interview_simulation",)
    for chapter in course.chapters:
        kinds = {type(item).__name__ for item in chapter.items()}
        assert {"Html", "Problem"} <= kinds
    placed = [i.url_name for c in course.chapters[:2] for i in c.items() if hasattr(i, "content")]
    assert placed == ["deld_karim", "jeune_cej_lena", "rsa_sonia"]
