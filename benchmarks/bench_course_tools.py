"""`check` and `coverage` of the whole course, each against a baseline measured in the same run.

Run with `make bench`. It prints, for the course of `course_content/` and for a generated
course 50 times larger (every chapter copied 50 times under new url_names):
- the time of `check` (everything it does, the activities' own validation included) and of
  `coverage`, each as the whole command runs it, in this process;
- the baseline: parsing every file of the same course with lxml, nothing else (what any tool
  reading the course must do at least);
- how the time grows from the course to the course 50 times larger, as a ratio to 50 (at most
  1 is linear growth).
Not a test: the figures go in the issue note and the README.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from scorm_export.check import check_course  # noqa: E402
from scorm_export.cli import main  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
COPIES = 50
FOLDERS = ("chapter", "sequential", "vertical", "html", "problem")
ACTIVITIES = ("interview_simulation", "partner_network", "workshop_design")


def timed(function, runs: int) -> float:
    """The median wall time of `function()`, its output swallowed."""
    found = []
    for _ in range(runs):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            start = time.perf_counter()
            function()
            found.append(time.perf_counter() - start)
    return statistics.median(found)


def parse_all(course: Path) -> None:
    for path in course.rglob("*"):
        if path.suffix == ".xml":
            etree.parse(str(path))
        elif path.suffix == ".html":
            etree.HTML(path.read_bytes())


def larger(course: Path, work: Path, copies: int) -> Path:
    """The course with every chapter (and all it holds) copied `copies` times."""
    target = work / f"course-x{copies}"
    shutil.copytree(course, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    names = re.compile(r'\b(url_name|filename)="([^"]+)"')
    originals = {
        folder: sorted((target / folder).glob("*.*")) for folder in (*FOLDERS, *ACTIVITIES)
    }
    chapters = []
    for k in range(2, copies + 1):
        for paths in originals.values():
            for path in paths:
                text = path.read_text(encoding="utf-8")
                text = names.sub(lambda m, k=k: f'{m[1]}="{m[2]}_{k}"', text)
                (path.parent / f"{path.stem}_{k}{path.suffix}").write_text(text, encoding="utf-8")
        chapters += [f'  <chapter url_name="{p.stem}_{k}"/>' for p in originals["chapter"]]
    run = target / "course" / "2026.xml"
    text = run.read_text(encoding="utf-8")
    run.write_text(text.replace("</course>", "\n".join(chapters) + "\n</course>"), "utf-8")
    return target


def figures(course: Path, runs: int) -> dict[str, float]:
    return {
        "parse": timed(lambda: parse_all(course), runs),
        "check": timed(lambda: check_course(str(course)), runs),
        "coverage": timed(lambda: main(["coverage", str(course), "--format", "json"]), runs),
    }


def main_bench() -> None:
    with tempfile.TemporaryDirectory() as work:
        small = figures(ROOT / "course_content", RUNS)
        big_course = larger(ROOT / "course_content", Path(work), COPIES)
        big = figures(big_course, max(1, RUNS // 5))
    print("check and coverage of the course (median wall time)")
    for name in ("check", "coverage"):
        print(
            f"  {name:9} course: {small[name] * 1000:7.0f} ms  (target < 2,000 ms)  "
            f"vs parsing every file: {small['parse'] * 1000:.0f} ms, ratio "
            f"{small[name] / small['parse']:.2f}"
        )
    print(f"course {COPIES} times larger")
    for name in ("parse", "check", "coverage"):
        growth = big[name] / small[name]
        print(
            f"  {name:9} {big[name]:7.2f} s, {growth:.1f} times the course's: "
            f"{growth / COPIES:.2f} of linear growth (target <= 1)"
        )


if __name__ == "__main__":
    main_bench()
