"""Browser tests: the real workbench server, driven through Debian's Chromium."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Workbench(str):
    """The workbench's URL, with the file where it logs the events blocks publish, and its
    database and media folder (where the Open edX SCORM block extracts packages)."""

    def __new__(cls, url: str, events: Path, db: Path | None = None, media: Path | None = None):
        value = super().__new__(cls, url)
        value.events = events
        value.db = db
        value.media = media
        return value


def _limit_memory(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@contextmanager
def running_workbench(folder: Path, memory: int | None = None):
    """A workbench server on a free loopback port, its database, logs and media in `folder`
    (a fresh database is created there); yields its `Workbench` URL, stops it on exit.
    `memory` caps the server's address space (bytes), for the hostile-input suite."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "dev"),
        "DJANGO_SETTINGS_MODULE": "workbench_settings",
        "INSERTION_PRO_DB": str(folder / "workbench.db"),
        "INSERTION_PRO_LOG": str(folder / "workbench.log"),
        "INSERTION_PRO_EVENTS": str(folder / "events.log"),
        "INSERTION_PRO_MEDIA": str(folder / "media"),
    }
    django = [sys.executable, "-m", "django"]
    subprocess.run(
        [*django, "migrate", "--run-syncdb", "--verbosity", "0"], env=env, check=True, cwd=ROOT
    )
    port = free_port()
    log = (folder / "server.out").open("wb")
    server = subprocess.Popen(
        [*django, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=None if memory is None else (lambda: _limit_memory(memory)),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            # The first request loads every scenario (the course's activities among them):
            # wait for it, or a test may meet a workbench still half-loaded.
            urllib.request.urlopen(url + "/", timeout=60).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError((folder / "server.out").read_text(errors="replace")) from None
            time.sleep(0.2)
    try:
        yield Workbench(url, folder / "events.log", folder / "workbench.db", folder / "media")
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def workbench(tmp_path_factory):
    """A workbench on a free loopback port, with its own fresh database and media folder;
    yields its URL."""
    with running_workbench(tmp_path_factory.mktemp("workbench")) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A phone-sized page in French, failing the test on any script error."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-FR", has_touch=True
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


def play_to_debrief(page, nth=0, after_each=None):
    """Click the `nth` choice shown (-1: the last) until the debrief; `after_each(page)` runs
    after every choice that does not end the interview."""
    while page.locator(".ip-debrief").count() == 0:
        turns = page.locator(".ip-body > .ip-transcript > .ip-turn").count()
        page.click(f".ip-current .ip-choice >> nth={nth}")
        page.wait_for_function(
            "(turns) => document.querySelector('.ip-debrief') || (document.querySelectorAll("
            "'.ip-body > .ip-transcript > .ip-turn').length > turns"
            " && !document.querySelector('.ip-choice[disabled]'))",
            arg=turns,
        )
        if after_each and page.locator(".ip-debrief").count() == 0:
            after_each(page)


def axe_violations(page, selector=".ip-interview"):
    """Serious and critical axe-core violations inside `selector`."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (selector) => {
            const r = await axe.run(document.querySelector(selector));
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }""",
        selector,
    )
    return result
