"""The SCORM exporter as an LMS admin runs it: packages, determinism, bad input, atomic output."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import course_content
from scorm_export import render
from scorm_export.activities import activity_types
from scorm_export.cli import main
from scorm_export.olx_reader import read_course
from scorm_export.validate import validate_package
from xblocks.common.i18n import cli_language

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course_content"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The command speaks the language of its environment: these tests read English."""
    monkeypatch.setenv("LANGUAGE", "en")


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    assert main(["export", "scorm", str(COURSE), "-o", str(out)]) == 0
    return out


def test_default_export_is_both_versions_per_block_and_whole(dist):
    names = sorted(p.name for p in dist.iterdir())
    expected = [
        f"aip-{part}-{version}.zip"
        for part in ("bloc1", "bloc2", "bloc3", "bloc4", "certification", "complet")
        for version in ("scorm12", "scorm2004")
    ]
    assert names == sorted(expected)


def test_every_package_of_the_course_validates(dist):
    for package in sorted(dist.iterdir()):
        assert validate_package(package) == [], package.name


def test_manifest_is_at_the_root_and_carries_the_mastery_score(dist, tmp_path):
    """A mastery score where the score alone decides; none where a component is required
    (the LMS would pass on the score what the required mark fails): each block of the course
    has a required performance task, a copy whose bloc 4 requires none has the score."""
    with zipfile.ZipFile(dist / "aip-bloc4-scorm12.zip") as archive:
        assert archive.namelist()[0] == "imsmanifest.xml"
        assert "index.html" in archive.namelist()
        assert "imscp_rootv1p1p2.xsd" in archive.namelist()
    for name in ("aip-bloc1-scorm12.zip", "aip-bloc2-scorm2004.zip", "aip-bloc3-scorm12.zip"):
        with zipfile.ZipFile(dist / name) as archive:
            text = archive.read("imsmanifest.xml")
        assert b"masteryscore" not in text and b"satisfiedByMeasure" not in text, name
    with zipfile.ZipFile(dist / "aip-bloc4-scorm2004.zip") as archive:
        assert b"satisfiedByMeasure" not in archive.read("imsmanifest.xml")
    course, _path = broken_course(
        tmp_path, "workshop_design/atelier_tre.xml", ' required_mark="0.5"', ""
    )
    incidents = course / "interview_simulation" / "bloc4_incidents_animation.xml"
    text = incidents.read_text(encoding="utf-8")
    incidents.write_text(text.replace(' required_mark="0.5"', "", 1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", "scorm", str(course), "-o", str(out)]) == 0
    with zipfile.ZipFile(out / "aip-bloc4-scorm12.zip") as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    mastery = manifest.xpath("//*[local-name()='masteryscore']")
    assert [m.text for m in mastery] == ["60"]
    with zipfile.ZipFile(out / "aip-complet-scorm2004.zip") as archive:
        text = archive.read("imsmanifest.xml")
    assert text.count(b'satisfiedByMeasure="true"') == 1  # bloc 4: the others require a mark
    with zipfile.ZipFile(dist / "aip-complet-scorm2004.zip") as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        names = archive.namelist()
    items = manifest.xpath("//*[local-name()='item']")
    chapters = ("bloc1", "bloc2", "bloc3", "bloc4", "certification")
    assert len(items) == len(chapters)
    assert {f"{chapter}/index.html" for chapter in chapters} <= set(names)
    version = manifest.xpath("//*[local-name()='schemaversion']")[0].text
    assert version == "2004 4th Edition"


def test_same_course_gives_byte_identical_packages(dist, tmp_path):
    assert main(["export", "scorm", str(COURSE), "-o", str(tmp_path), "--scorm", "2004"]) == 0
    for package in tmp_path.iterdir():
        assert package.read_bytes() == (dist / package.name).read_bytes(), package.name


def test_options_choose_version_and_kind_and_progress_is_shown(tmp_path, capsys):
    assert (
        main(["export", "scorm", str(COURSE), "-o", str(tmp_path), "--scorm", "1.2", "--whole"])
        == 0
    )
    assert [p.name for p in tmp_path.iterdir()] == ["aip-complet-scorm12.zip"]
    assert "[1/1] aip-complet-scorm12.zip" in capsys.readouterr().out


def export_help(**environment: str) -> str:
    """What `insertion-pro export scorm --help` prints, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "scorm_export.cli", "export", "scorm", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **environment},
    ).stdout


def test_help_lists_the_options():
    shown = export_help(LANGUAGE="en")
    assert "--per-block" in shown and "--scorm" in shown


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
        ("problem/bloc2_pmsmp.xml", "</problem>", "", "is never closed"),
        ("problem/bloc2_pmsmp.xml", 'weight="1"', 'weight="nan"', 'weight="nan" is not a number'),
        (
            "vertical/bloc1_cours_urgences.xml",
            '<html url_name="',
            '<html url_name="../../etc/',
            'url_name="../../etc/',
        ),
        (
            "html/bloc1_urgences_ressources.xml",
            'filename="',
            'filename="../../../secret',
            "use only letters, digits",
        ),
        ("policies/2026/grading_policy.json", '"Pass": 0.6', '"Pass": "beaucoup"', "GRADE_CUTOFFS"),
        ("problem/bloc2_pmsmp.xml", 'weight="1"', 'weight="-1"', "must not be negative"),
        ("problem/bloc2_pmsmp.xml", 'weight="1"', 'weight="1e9"', "weight must be a number from 0"),
        ("problem/bloc2_pmsmp.xml", 'weight="1"', 'weight="inf"', 'weight="inf" is not a number'),
        (
            "problem/bloc2_pmsmp.xml",
            'weight="1"',
            'weight="1" required_mark="2"',
            "required_mark must be above 0 and at most 1",
        ),
        (
            "interview_simulation/rsa_sonia.xml",
            'weight="5.0"',
            'weight="100000"',
            'weight="100000" must be between 0 and 100',
        ),
        (
            "interview_simulation/rsa_sonia.xml",
            'required_mark="0.5"',
            'required_mark="1.5"',
            'required_mark="1.5" must be between 0 and 1',
        ),
        (
            "sequential/bloc3_evaluation.xml",
            'format="Bloc 3"',
            'format="Bloc 9"',
            'needs a format="…" naming an assignment type of grading_policy.json',
        ),
        (
            "policies/2026/grading_policy.json",
            '"weight": 0.25}',
            '"weight": -0.25}',
            "each GRADER entry needs a unique type",
        ),
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
    assert 'interview_simulation "bloc1_cap_emploi_nadia"' in error  # bloc 1's heaviest
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


@pytest.mark.parametrize(
    ("relative", "old", "new", "english", "french"),
    [
        (
            "problem/bloc1_confidentialite.xml",
            '<choice correct="true">',
            '<choice correct="false">',
            "exactly one correct choice",
            "exactement une bonne réponse parmi 2 à",
        ),
        (
            "interview_simulation/deld_karim.xml",
            'capacity="B1.1"',
            'capacity="B9.9"',
            'capacity code "B9.9" is not in the référentiel',
            "le code de capacité «\u00a0B9.9\u00a0» ne figure pas dans le référentiel",
        ),
        (
            "chapter/bloc3.xml",
            "<chapter ",
            '<!DOCTYPE c [<!ENTITY x "y">]><chapter ',
            "DOCTYPE and entity declarations are not allowed",
            "Les déclarations DOCTYPE et d’entités ne sont pas autorisées",
        ),
    ],
)
def test_broken_course_message_follows_the_language_of_the_environment(
    monkeypatch, tmp_path, capsys, relative, old, new, english, french
):
    course, path = broken_course(tmp_path, relative, old, new)
    errors = {}
    for language in ("en", "fr"):
        monkeypatch.setenv("LANGUAGE", language)
        assert main(["export", "scorm", str(course), "-o", str(tmp_path / "dist")]) == 1
        errors[language] = capsys.readouterr().err.strip()
    where = errors["en"].split(": ", 1)[0]
    assert where.startswith(f"{path}:") and where.rsplit(":", 1)[1].isdigit(), errors
    assert errors["fr"].startswith(f"{where}: "), errors
    assert english in errors["en"] and english not in errors["fr"]
    assert french in errors["fr"], errors["fr"]


def test_validate_and_check_speak_french(monkeypatch, tmp_path, capsys, dist):
    monkeypatch.setenv("LANGUAGE", "fr")
    broken = tmp_path / "broken.zip"
    shutil.copy(dist / "aip-bloc1-scorm12.zip", broken)
    with zipfile.ZipFile(broken, "a") as archive:
        archive.writestr("notes.txt", "x")
    assert main(["validate", str(broken)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "notes.txt: présent dans le paquet, mais déclaré comme <file> par aucune ressource",
        f"1 problème dans {broken}",
    ]
    assert main(["validate", str(dist / "aip-bloc1-scorm12.zip")]) == 0
    assert "est un paquet SCORM 1.2 valide" in capsys.readouterr().out
    course, path = broken_course(
        tmp_path, "interview_simulation/deld_karim.xml", 'capacity="B1.1"', 'capacity="B9.9"'
    )
    assert main(["check", str(course)]) == 1
    captured = capsys.readouterr()
    assert (
        captured.err.startswith(f"{path}:") and "ne figure pas dans le référentiel" in captured.err
    )
    assert "Activités vérifiées\u00a0:" in captured.out and "problèmes\u00a0: 1," in captured.out


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({"LC_ALL": "POSIX", "LANG": "fr_FR.UTF-8"}, None),
        ({"LANG": "fr_FR.UTF-8"}, "fr_FR"),
        ({"LC_MESSAGES": "fr_CA.UTF-8@euro", "LANG": "en_GB.UTF-8"}, "fr_CA"),
        ({"LANGUAGE": "fr", "LC_ALL": "C.UTF-8"}, "fr"),
        ({"LANGUAGE": "", "LC_ALL": "fr_BE.UTF-8", "LC_MESSAGES": "en"}, "fr_BE"),
        ({"LANGUAGE": "de:fr:en"}, "fr"),
    ],
)
def test_command_language_follows_the_environment(environ, language):
    assert cli_language(environ) == language


def test_course_model_mirrors_the_olx_tree():
    course = read_course(COURSE)
    blocks = ["bloc1", "bloc2", "bloc3", "bloc4"]
    assert [c.url_name for c in course.chapters] == [*blocks, "certification"]
    assert course.pass_mark == 0.6
    assert course.advanced_modules == ("interview_simulation", "partner_network", "workshop_design")
    for chapter in course.chapters[:4]:
        kinds = {type(item).__name__ for item in chapter.items()}
        assert {"Html", "Problem", "Activity"} <= kinds
    placed = [i.url_name for c in course.chapters[:1] for i in c.items() if hasattr(i, "content")]
    assert placed == ["deld_karim", "bloc1_cap_emploi_nadia"]


def test_missing_npm_schema_files_say_what_to_run(monkeypatch, tmp_path, capsys):
    import scorm_export.package as package
    from scorm_export import validate

    monkeypatch.setattr(
        package, "schema_dir", lambda version: validate.schema_dir(version, tmp_path)
    )
    assert main(["export", "scorm", str(COURSE), "-o", str(tmp_path / "dist")]) == 1
    error = capsys.readouterr().err
    assert "SCORM schema files not found" in error and "run make" in error
    assert not (tmp_path / "dist").exists() or list((tmp_path / "dist").iterdir()) == []


def test_activity_missing_from_advanced_modules_is_named_where_used(tmp_path, capsys):
    """Open edX would not show the block: the export says so at the activity's file."""
    course, _policy = broken_course(
        tmp_path,
        "policies/2026/policy.json",
        '"advanced_modules": ["interview_simulation", "partner_network", "workshop_design"]',
        '"advanced_modules": ["partner_network", "workshop_design"]',
    )
    assert main(["export", "scorm", str(course), "-o", str(tmp_path / "dist")]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"{course / 'interview_simulation' / 'deld_karim.xml'}:")
    assert "not in the course's advanced_modules" in error


def test_check_reads_activities_as_the_export_does(tmp_path, capsys):
    course, path = broken_course(
        tmp_path, "interview_simulation/rsa_sonia.xml", 'capacity="B1.1"', 'capacity="B7.7"'
    )
    assert main(["check", str(course)]) == 1
    out = capsys.readouterr()
    line = out.err.strip().splitlines()[0]
    assert line.startswith(f"{path}:") and 'capacity code "B7.7"' in line
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, text in enumerate(lines) if 'capacity="B7.7"' in text)
    choice_line = max(i for i in range(broken) if "<choice " in lines[i]) + 1
    assert int(line.split(":")[1]) == choice_line  # the choice that holds the bad code
    activities = sum(len(course_content.activity_files(t, COURSE)) for t in activity_types())
    assert f"{activities} activities checked, 1 problems," in out.out


def test_help_speaks_the_users_language():
    shown = export_help(LANGUAGE="fr")
    assert "Écrit les paquets SCORM" in shown
    assert "seulement les paquets par bloc" in shown
