"""The trainers' commands on the real course and on broken copies: `check`, `coverage`,
`export olx` (each through the real command, as a trainer runs it)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest

import course_content
from scorm_export.olx_reader import read_course
from tests.hostile import harness

COURSE = harness.ROOT / "course_content"


def copy(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return course


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line
    )


# --- check ----------------------------------------------------------------------------------


def test_the_course_passes_check_with_no_error():
    result = harness.command(["check", "course_content"])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"\b0 problems\b", result.stdout), result.stdout
    # Warnings, if any, are apart and said as such.
    assert all(": warning: " in line for line in result.stderr.splitlines() if line.strip())


def first_problem(tmp_path: Path, course: Path) -> tuple[str, str]:
    result = harness.command(["check", str(course)])
    shown = result.stdout + result.stderr
    assert result.returncode == 1, shown
    assert "Traceback" not in shown
    errors = [line for line in result.stderr.splitlines() if line and ": warning: " not in line]
    assert errors, shown
    for line in errors:
        assert harness.REFUSAL_LINE.match(line), line
    return errors[0], result.stderr


def test_an_orphan_file_is_named(tmp_path):
    course = copy(tmp_path)
    shutil.copy(course / "problem" / "bloc1_confidentialite.xml", course / "problem" / "oubli.xml")
    _first, shown = first_problem(tmp_path, course)
    assert f"{course}/problem/oubli.xml:1: no unit of the course uses this file" in shown


def test_a_unit_without_capacities_is_named_at_its_line(tmp_path):
    course = copy(tmp_path)
    path = course / "vertical" / "bloc1_cours_accueil_cadre.xml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r' capacities="[^"]*"', "", text, count=1), encoding="utf-8")
    _first, shown = first_problem(tmp_path, course)
    assert f"{path}:1: this unit declares no capacity" in shown


def test_an_unknown_capacity_code_is_refused_by_check_and_both_exports(tmp_path):
    course = copy(tmp_path)
    path = course / "problem" / "bloc1_confidentialite.xml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r'capacities="', 'capacities="B5.9 ', text, count=1), encoding="utf-8")
    first, _shown = first_problem(tmp_path, course)
    assert first.startswith(f'{path}:1: unknown capacity code "B5.9"'), first
    out = tmp_path / "dist"
    for args in (
        ["export", "olx", str(course), "-o", str(out)],
        ["export", "scorm", str(course), "-o", str(out)],
    ):
        result = harness.command(args)
        harness.refusal(result, path, "unknown capacity code")
        assert not out.exists() or not any(out.iterdir())


def test_a_problem_without_explanation_or_right_answer_is_an_error(tmp_path):
    course = copy(tmp_path)
    path = course / "problem" / "bloc1_confidentialite.xml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"<solution>.*</solution>", "", text, flags=re.S), encoding="utf-8")
    _first, shown = first_problem(tmp_path, course)
    assert f"{path}:1: this knowledge check has no explanation" in shown
    path.write_text(text.replace('correct="true"', 'correct="false"'), encoding="utf-8")
    first, _shown = first_problem(tmp_path, course)
    assert first.startswith(f"{path}:"), first
    assert "exactly one correct choice" in first


def test_typography_is_enforced_at_its_line_and_the_fix_sets_it_right(tmp_path):
    course = copy(tmp_path)
    lesson = course / "html" / "bloc1_accueil_cadre.html"
    text = lesson.read_text("utf-8")
    spoiled = text.replace("</h3>", " : l'accueil ?</h3>", 1)
    lesson.write_text(spoiled, encoding="utf-8")
    _first, shown = first_problem(tmp_path, course)
    line = line_of(lesson, "l'accueil")
    assert f"{lesson}:{line}: use a no-break space (U+00A0) before « : »" in shown
    assert f"{lesson}:{line}: use a curly apostrophe" in shown
    assert f"{lesson}:{line}: use a narrow no-break space (U+202F)" in shown
    result = harness.command(["check", "--fix-typography", str(course)])
    assert result.returncode == 0, result.stderr
    assert " l\u2019accueil\u202f?</h3>" in lesson.read_text("utf-8")
    assert "\u00a0: l\u2019accueil" in lesson.read_text("utf-8")


def test_wording_rules_name_a_retired_scheme_and_the_gender_policy(tmp_path):
    course = copy(tmp_path)
    lesson = course / "html" / "bloc1_accueil_cadre.html"
    replace(lesson, "</h3>", "</h3>\n<p>Orientez vers Pôle emploi et l’assistante sociale.</p>")
    _first, shown = first_problem(tmp_path, course)
    assert "« Pôle emploi » is a retired scheme" in shown
    assert "write « assistant de service social »" in shown


def test_unsafe_lesson_html_and_a_missing_course_file_are_errors(tmp_path):
    course = copy(tmp_path)
    lesson = course / "html" / "bloc1_accueil_cadre.html"
    replace(
        lesson,
        "</h3>",
        '</h3>\n<p onclick="steal()">x</p><script>alert(1)</script>'
        '<p><a href="/static/absent.pdf">fiche</a> <a href="javascript:alert(1)">y</a></p>',
    )
    _first, shown = first_problem(tmp_path, course)
    line = line_of(lesson, "steal()")
    assert f"{lesson}:{line}: onclick=… runs a script" in shown
    assert f"{lesson}:{line}: <script> is not allowed in a lesson" in shown
    assert "/static/absent.pdf names a course file that does not exist" in shown
    assert "a href that runs a script" in shown


def test_a_lesson_without_date_and_sources_is_an_error(tmp_path):
    course = copy(tmp_path)
    lesson = course / "html" / "bloc1_accueil_cadre.html"
    text = lesson.read_text("utf-8")
    lesson.write_text(text.replace('class="ip-sources"', 'class="notes"'), encoding="utf-8")
    _first, shown = first_problem(tmp_path, course)
    assert f"{lesson}:1: the lesson gives no date and no sources" in shown


def test_answers_always_the_longest_are_refused_as_a_cue(tmp_path):
    course = copy(tmp_path)
    for path in sorted((course / "problem").glob("*.xml")):
        text = path.read_text("utf-8")
        if "<multiplechoiceresponse>" in text:
            path.write_text(
                re.sub(
                    r'(<choice correct="true">)([^<]*)',
                    lambda m: (
                        m[1]
                        + m[2]
                        + " (précision ajoutée, bien plus longue que les autres options, en détail)"
                    ),
                    text,
                ),
                encoding="utf-8",
            )
    _first, shown = first_problem(tmp_path, course)
    assert re.search(
        r"in \d+ of \d+ multiple-choice questions the right answer is the longest", shown
    )
    assert "warning: the right answer is longer than every wrong one" in shown


def test_a_module_in_advanced_modules_that_is_not_installed_is_an_error(tmp_path):
    course = copy(tmp_path)
    policy = course / "policies" / "2026" / "policy.json"
    replace(policy, '"workshop_design"]', '"workshop_design", "ghost_block"]')
    _first, shown = first_problem(tmp_path, course)
    assert f'{policy}:1: advanced_modules names "ghost_block", which is not installed' in shown


def test_check_speaks_french_where_the_environment_does(tmp_path):
    course = copy(tmp_path)
    shutil.copy(course / "problem" / "bloc1_confidentialite.xml", course / "problem" / "oubli.xml")
    result = harness.command(["check", str(course)], environ={"LANGUAGE": "fr"})
    assert result.returncode == 1
    assert "aucune unité du cours n’utilise ce fichier" in result.stderr, result.stderr


# --- coverage -------------------------------------------------------------------------------


def test_every_capacity_is_taught_and_assessed_and_most_by_a_performance_task():
    result = harness.command(["coverage", "course_content", "--format", "json"])
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    facts = data["summary"]
    assert facts["capacities"] == 29
    assert facts["complete"] == 29 and facts["missing"] == []
    assert facts["by_performance_task"] >= 20
    codes = [c["code"] for c in data["capacities"]]
    assert codes == [c.code for c in course_content.capacities()]
    for capacity in data["capacities"]:
        assert capacity["taught_by"], capacity["code"]
        assert capacity["tp_cip"], capacity["code"]  # the crosswalk to the titre pro CIP
    assert set(data["crosswalk"]["ccps"]) == {"CCP1", "CCP2", "CCP3"}


def test_coverage_text_csv_and_markdown_say_the_same():
    text = harness.command(["coverage", "course_content"]).stdout
    assert "29 of 29 capacities taught and assessed" in text
    table = harness.command(["coverage", "course_content", "--format", "csv"]).stdout
    rows = list(csv.reader(io.StringIO(table)))
    assert [r[0] for r in rows[2:]] == [c.code for c in course_content.capacities()]
    assert all(any(cell in ("L",) for cell in r[2:-1]) for r in rows[2:])  # a lesson each
    assert all(any(cell in ("T", "Q") for cell in r[2:-1]) for r in rows[2:])  # assessed
    markdown = harness.command(["coverage", "course_content", "--format", "md"]).stdout
    assert markdown.count("\n| B") == 29


def test_coverage_fails_and_names_a_capacity_no_graded_component_assesses(tmp_path):
    course = copy(tmp_path)
    # Take B3.1 out of every lesson unit: it is then no longer taught.
    for path in (course / "vertical").glob("*.xml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"(capacities=\"[^\"]*)\bB3\.1\b ?", r"\1", text), encoding="utf-8")
    result = harness.command(["coverage", str(course)])
    assert result.returncode == 1
    assert "B3.1: not taught by a lesson" in result.stdout


def shape(course) -> object:
    """The course model as data, without where each part was read from."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("path", "source", "line")}
        if isinstance(value, list | tuple):
            return [strip(v) for v in value]
        return value

    return strip(dataclasses.asdict(course))


# --- export olx ------------------------------------------------------------------------------


def test_the_studio_archive_has_one_course_root_and_reads_back_whole(tmp_path):
    out = tmp_path / "dist"
    result = harness.command(["export", "olx", "course_content", "-o", str(out)])
    assert result.returncode == 0, result.stderr
    (archive,) = out.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        assert {n.split("/")[0] for n in names} == {"course"}
        assert all(not m.issym() and not m.islnk() for m in tar.getmembers())
        tar.extractall(tmp_path / "studio", filter="data")
    assert "course/course.xml" in names and "course/policies/2026/policy.json" in names
    assert not any(n.endswith((".py", ".tsv")) for n in names)
    again = read_course(tmp_path / "studio" / "course")
    assert shape(again) == shape(read_course(COURSE))
    # The same course gives the same bytes.
    other = harness.command(["export", "olx", "course_content", "-o", str(tmp_path / "again")])
    assert other.returncode == 0
    assert (tmp_path / "again" / archive.name).read_bytes() == archive.read_bytes()


def test_a_broken_reference_writes_no_archive(tmp_path):
    course = copy(tmp_path)
    sequential = course / "sequential" / "bloc2_cours.xml"
    replace(sequential, 'url_name="', 'url_name="absent_')
    out = tmp_path / "dist"
    result = harness.command(["export", "olx", str(course), "-o", str(out)])
    harness.refusal(result, sequential, "does not exist")
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("command", ["check", "coverage", "export"])
def test_every_command_has_help(command):
    result = harness.command([command, "--help"])
    assert result.returncode == 0
    assert "usage: insertion-pro" in result.stdout


def test_the_typography_fix_never_follows_a_link_left_beside_a_file_and_keeps_urls(tmp_path):
    course = copy(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("not the course's", encoding="utf-8")
    lesson = course / "html" / "bloc1_accueil_cadre.html"
    for name in (f".{lesson.name}.fixing", f".{lesson.name}.part"):
        (lesson.parent / name).symlink_to(outside)
    replace(lesson, "</h3>", "</h3>\n<p>Voir https://www.service-public.fr/?lang=fr ici ?</p>")
    assert harness.command(["check", "--fix-typography", str(course)]).returncode == 0
    assert outside.read_text(encoding="utf-8") == "not the course's"
    assert not lesson.is_symlink()
    text = lesson.read_text(encoding="utf-8")
    assert "https://www.service-public.fr/?lang=fr ici\u202f?" in text


def test_the_archive_is_never_written_inside_the_course(tmp_path):
    course = copy(tmp_path)
    result = harness.command(["export", "olx", str(course), "-o", str(course / "static")])
    harness.refusal(result, course / "static", "inside the course folder")
    assert not (course / "static").exists()
