"""SCORM export: speed and size, each against a baseline measured in the same run.

Run with `make bench`. It prints:
- the time to export the whole course (every package, both versions) against `zip -9 -r` of
  the same output files;
- the size of the whole-course packages against the 1 MB budget;
- how long a SCO takes to become interactive in Chromium against a blank page from the same
  local server;
- the peak memory of `validate` on hostile zips (a manifest inflating to 1 GiB, one lying
  about its size, 2,000 schema files) against `validate` of a real package.
Not a test: the figures go in the issue note and the README.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scorm_export.olx_reader import read_course  # noqa: E402
from scorm_export.package import VERSIONS, plans, write_packages  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 (one browser set-up)

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
LOADS = int(os.environ.get("BENCH_LOADS", "15"))


def export_once(out: Path) -> float:
    start_time = time.perf_counter()
    course = read_course(ROOT / "course_content")
    write_packages(course, out, plans(course, VERSIONS, per_block=True, whole=True))
    return time.perf_counter() - start_time


def zip_once(folders: list[Path], out: Path) -> float:
    start_time = time.perf_counter()
    for folder in folders:
        target = out / f"{folder.name}.zip"
        target.unlink(missing_ok=True)
        subprocess.run(["zip", "-9", "-r", "-q", "-X", str(target), "."], cwd=folder, check=True)
    return time.perf_counter() - start_time


def export_figures(work: Path) -> list[Path]:
    exports, zips = [], []
    dist = work / "dist"
    for _ in range(RUNS):
        exports.append(export_once(dist))
    folders = []
    for package in sorted(dist.glob("*.zip")):
        folder = work / "unpacked" / package.stem
        with zipfile.ZipFile(package) as archive:
            archive.extractall(folder)
        folders.append(folder)
    for _ in range(RUNS):
        zips.append(zip_once(folders, work))
    ours, baseline = statistics.median(exports), statistics.median(zips)
    print(f"export of {len(folders)} packages, median of {RUNS}: {ours * 1000:.0f} ms")
    print(f"zip -9 -r of the same files, median of {RUNS}: {baseline * 1000:.0f} ms")
    print(f"  ratio export / zip = {ours / baseline:.2f} (target <= 3)")
    for package in sorted(dist.glob("*complet*.zip")):
        size = package.stat().st_size
        print(f"{package.name}: {size / 1024:.0f} KiB = {size / 1_000_000:.3f} of the 1 MB budget")
    return sorted(dist.glob("*-bloc2-scorm12.zip"))


def serve_folder(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        return


# A SCORM 1.2 API present from the start, as most LMSs give it: the SCO starts at once (with
# no API it would wait for the page's load and 2 s more before going on offline).
LMS_API = """window.API = {
  LMSInitialize: () => 'true', LMSFinish: () => 'true', LMSCommit: () => 'true',
  LMSGetValue: () => '', LMSSetValue: () => 'true', LMSGetLastError: () => '0',
  LMSGetErrorString: () => '', LMSGetDiagnostic: () => ''};"""
STARTED = "window.InsertionProSco && InsertionProSco.started()"


def interactive_figures(package: Path, work: Path) -> None:
    """The SCO (its LMS API ready) and a blank page, from one local server, in Chromium."""
    from playwright.sync_api import sync_playwright

    site = work / "site"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(site / "sco")
    (site / "blank.html").write_text("<!DOCTYPE html><title>blank</title>", encoding="utf-8")
    server, url = serve_folder(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            blank, sco = [], []
            for _ in range(LOADS):
                for times, path, ready in (
                    (blank, "/blank.html", "document.readyState === 'complete'"),
                    (sco, "/sco/index.html", STARTED),
                ):
                    context = browser.new_context()
                    if times is sco:
                        context.add_init_script(LMS_API)
                    page = context.new_page()
                    begin = time.perf_counter()
                    page.goto(url + path)
                    page.wait_for_function(ready)
                    times.append(time.perf_counter() - begin)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    ours, baseline = statistics.median(sco), statistics.median(blank)
    print(f"SCO of {package.name} interactive, median of {LOADS}: {ours * 1000:.0f} ms")
    print(f"blank page from the same server, median of {LOADS}: {baseline * 1000:.0f} ms")
    print(f"  ratio SCO / blank page = {ours / baseline:.2f} (target < 2)")


def peak_memory(args: list[str]) -> tuple[float, int]:
    """Peak resident memory (MB) of `insertion-pro ARGS` in a child of its own, and its status."""
    probe = (
        "import resource, subprocess, sys\n"
        "status = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, status)\n"
    )
    command = [sys.executable, "-m", "scorm_export.cli", *args]
    output = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, cwd=ROOT
    ).stdout.split()
    return int(output[0]) / 1024, int(output[1])


def hostile_figures(package: Path, work: Path) -> None:
    from tests.hostile.test_zips import ZIP_CASES, Entry

    with zipfile.ZipFile(package) as archive:
        base = [Entry(i.filename, archive.read(i)) for i in archive.infolist()]
    baseline, status = peak_memory(["validate", str(package)])
    assert status == 0
    print(f"validate of {package.name}: peak {baseline:.0f} MB")
    cases = ("manifest-inflates-to-1gib", "manifest-lies-about-its-size", "schema-flood")
    for case in (c for c in ZIP_CASES if c.id in cases):
        folder = work / case.id
        folder.mkdir()
        hostile = case.build(folder, base)
        size = hostile.stat().st_size
        peak, status = peak_memory(["validate", str(hostile)])
        assert status == 1
        print(
            f"validate of {case.id} ({size / 1_000_000:.1f} MB zip): refused, peak {peak:.0f} MB"
            f", ratio {peak / baseline:.2f} of the real package's (target < 1.5)"
        )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="insertion-pro-bench-") as folder:
        work = Path(folder)
        (package,) = export_figures(work)
        hostile_figures(package, work)
        interactive_figures(package, work)


if __name__ == "__main__":
    main()
