"""`export` publishes its packages as a set: after a full disk, a kill or an invalid package,
the output folder holds the complete old set or the complete new set, and the next run leaves
no temporary file behind."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile import harness

COURSE = harness.ROOT / "course_content"
EXPORT = ["export", "scorm", "--per-block", "--scorm", "1.2"]


@pytest.fixture
def folders(tmp_path):
    """A course, its packages already in `dist/` (the old set) and an edited course."""
    old, new = tmp_path / "old-course", tmp_path / "course"
    for folder in (old, new):
        shutil.copytree(COURSE, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    chapter = new / "chapter/bloc1.xml"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace("les publics", "les publics (révisé)"),
        encoding="utf-8",
    )
    out = tmp_path / "dist"
    out.mkdir()
    (out / "LISEZMOI.txt").write_text("Paquets du cours", encoding="utf-8")
    assert harness.command([*EXPORT, str(old), "-o", str(out)]).returncode == 0
    old_set = harness.snapshot(out)
    reference = tmp_path / "reference"
    assert harness.command([*EXPORT, str(new), "-o", str(reference)]).returncode == 0
    new_set = {**old_set, **harness.snapshot(reference)}
    assert new_set != old_set
    shutil.rmtree(reference)
    return new, out, old_set, new_set


def leftovers(out: Path) -> list[str]:
    beside = [p.name for p in out.parent.iterdir() if ".insertion-pro-" in p.name]
    inside = [p.name for p in out.iterdir() if p.name.endswith(".part")]
    return beside + inside


def export_with(course: Path, out: Path, patch: str) -> subprocess.CompletedProcess[str]:
    """The export in a child process, with `patch` applied to scorm_export.package first."""
    source = (
        "import os, sys\n"
        "from scorm_export import package\n"
        f"{patch}\n"
        "from scorm_export.cli import main\n"
        f"sys.exit(main({[*EXPORT, str(course), '-o', str(out)]!r}))\n"
    )
    return harness.python(source)


@pytest.mark.parametrize("failing_write", [1, 2, 4])
def test_a_full_disk_leaves_the_old_set_and_no_temporary_file(folders, failing_write):
    course, out, old_set, _new_set = folders
    patch = (
        "import errno\n"
        "real, calls = package._write_file, []\n"
        "def full(path, data):\n"
        "    calls.append(path)\n"
        f"    if len(calls) >= {failing_write}:\n"
        "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))\n"
        "    real(path, data)\n"
        "package._write_file = full\n"
    )
    result = export_with(course, out, patch)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "No space left on device" in result.stderr
    assert harness.REFUSAL_LINE.match(result.stderr.strip())
    assert harness.snapshot(out) == old_set
    assert leftovers(out) == []


def test_killed_before_the_swap_leaves_the_old_set_and_the_next_run_cleans_up(folders):
    course, out, old_set, new_set = folders
    result = export_with(course, out, "package._exchange = lambda a, b: os._exit(9)")
    assert result.returncode == 9
    assert harness.snapshot(out) == old_set
    assert leftovers(out), "the kill should leave the staged set beside the folder"
    assert harness.command([*EXPORT, str(course), "-o", str(out)]).returncode == 0
    assert harness.snapshot(out) == new_set
    assert leftovers(out) == []


def test_killed_right_after_the_swap_leaves_the_new_set(folders):
    course, out, _old_set, new_set = folders
    patch = (
        "real = package._exchange\n"
        "def swap_and_die(a, b):\n"
        "    real(a, b)\n"
        "    os._exit(9)\n"
        "package._exchange = swap_and_die\n"
    )
    assert export_with(course, out, patch).returncode == 9
    assert harness.snapshot(out) == new_set
    assert harness.command([*EXPORT, str(course), "-o", str(out)]).returncode == 0
    assert leftovers(out) == []


def test_killed_at_any_moment_the_folder_holds_one_whole_set(folders):
    course, out, old_set, new_set = folders
    started = time.monotonic()
    assert harness.command([*EXPORT, str(course), "-o", str(out)]).returncode == 0
    duration = time.monotonic() - started
    # Back to the old set, then kill runs at moments spread over a whole run.
    shutil.rmtree(out)
    out.mkdir()
    (out / "LISEZMOI.txt").write_text("Paquets du cours", encoding="utf-8")
    old_course = out.parent / "old-course"
    assert harness.command([*EXPORT, str(old_course), "-o", str(out)]).returncode == 0
    seen = set()
    for step in range(10):
        child = subprocess.Popen(
            [sys.executable, "-m", "scorm_export.cli", *EXPORT, str(course), "-o", str(out)],
            cwd=harness.ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=harness.limit_memory,
        )
        time.sleep(duration * (0.3 + 0.08 * step))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=harness.TIMEOUT)
        held = harness.snapshot(out)
        assert held in (old_set, new_set), step
        seen.add("new" if held == new_set else "old")
        if held == new_set:  # back to the old set for the next kill
            assert harness.command([*EXPORT, str(old_course), "-o", str(out)]).returncode == 0
    assert harness.command([*EXPORT, str(course), "-o", str(out)]).returncode == 0
    assert harness.snapshot(out) == new_set
    assert leftovers(out) == []


def test_a_package_that_fails_validation_is_not_written(folders):
    """Should the exporter ever build an invalid package (here, a title over 1.2's limit of
    200 characters with the fitting undone), it says so and writes none of the set."""
    course, out, old_set, _new_set = folders
    chapter = course / "chapter/bloc1.xml"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            "les publics", "les publics " + "très long " * 25
        ),
        encoding="utf-8",
    )
    result = export_with(course, out, "from scorm_export import manifest\nmanifest.fit_title = str")
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{out / 'aip-bloc1-scorm12.zip'}:"), lines
    assert "not valid SCORM" in lines[0]
    assert any("maxLength" in line for line in lines[1:]), lines
    assert harness.snapshot(out) == old_set
    assert leftovers(out) == []


def test_a_folder_that_cannot_be_swapped_gets_each_package_replaced_whole(folders):
    """An output folder with a sub-folder cannot be swapped in one step: the packages are then
    replaced one by one, each atomically, and the sub-folder is kept."""
    course, out, _old_set, new_set = folders
    (out / "archives").mkdir()
    (out / "archives/2025.zip").write_bytes(b"old")
    (out / ".aip-bloc1-scorm12.zip.x1y2.part").write_bytes(b"left by a killed run")
    assert harness.command([*EXPORT, str(course), "-o", str(out)]).returncode == 0
    held = harness.snapshot(out)
    assert {k: v for k, v in held.items() if not k.startswith("archives")} == new_set
    assert (out / "archives/2025.zip").read_bytes() == b"old"
    assert leftovers(out) == []
