"""Meet hostile input as a user's command would: in a child process, bounded, then judged.

Every hostile case runs the real `insertion-pro` command (or server) in a child process under
an address-space limit and a timeout, so that a blow-up or a hang fails the test instead of the
machine. `refusal` judges what a user sees: exit status 1, every line `file[:line]: message`,
no traceback. `snapshot` tells whether an output folder was left as it was.

The cases themselves are data (see `cases.py`): the blocks that come later add theirs to the
same lists and are run through the same tests.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import resource
import select
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The address space a hostile run may take (the project needs about a tenth of it).
MEMORY_LIMIT = 1024 * 1024 * 1024
#: Seconds a hostile run may take before the test calls it a hang.
TIMEOUT = 60
#: A refusal line: `file: message` or `file:line: message`.
REFUSAL_LINE = re.compile(r"^(?P<file>[^\n]+?)(?::(?P<line>\d+))?: (?P<message>\S.*)$")


def limit_memory(limit: int = MEMORY_LIMIT) -> None:
    """In the child, before exec: cap its address space."""
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def command(
    args: Sequence[str],
    *,
    environ: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
    memory: int = MEMORY_LIMIT,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `insertion-pro ARGS` bounded (English unless `environ` says otherwise)."""
    env = {**os.environ, "LANGUAGE": "en", "LC_ALL": "C.UTF-8", **(environ or {})}
    return subprocess.run(
        [sys.executable, "-m", "scorm_export.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=lambda: limit_memory(memory),
        env=env,
        cwd=cwd or ROOT,
        check=False,
    )


def refusal(result: subprocess.CompletedProcess[str], where: str | Path, says: str = "") -> str:
    """Assert a clean refusal naming `where` first; the message of its first line."""
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown, shown
    assert result.returncode == 1, (result.returncode, shown)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, shown
    for line in lines:
        assert REFUSAL_LINE.match(line), line
    first = lines[0]
    assert first.startswith(f"{where}:"), (str(where), first)
    if says:
        assert says in result.stderr, (says, result.stderr)
    return REFUSAL_LINE.match(first)["message"]


def snapshot(folder: Path) -> dict[str, str]:
    """What a folder holds: every entry's relative name and a digest of its bytes."""
    if not folder.exists():
        return {}
    held = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink() or not path.is_file():
            held[name] = "-"
        else:
            held[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return held


def python(
    source: str, *, timeout: float = TIMEOUT, memory: int = MEMORY_LIMIT
) -> subprocess.CompletedProcess[str]:
    """Run Python `source` bounded, in English: for faults injected at a chosen point."""
    env = {**os.environ, "LANGUAGE": "en", "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-c", source],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=lambda: limit_memory(memory),
        env=env,
        cwd=ROOT,
        check=False,
    )


def problems(result: subprocess.CompletedProcess[str], where: str | Path, says: str = "") -> str:
    """Assert that `validate` found the package invalid, its first problem at `where`.

    `validate` prints its findings as its normal output: every stdout line `file[:line]:
    message` but the last, the summary ("N problems in PACKAGE"); exit 1, nothing on stderr,
    no traceback. Returns the message of the first problem."""
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown, shown
    assert result.returncode == 1, (result.returncode, shown)
    assert result.stderr.strip() == "", shown
    *found, summary = [line for line in result.stdout.splitlines() if line.strip()]
    assert found, shown
    for line in found:
        assert REFUSAL_LINE.match(line), line
    assert re.match(r"^\d+ problems? in ", summary), summary
    assert found[0].startswith(f"{where}:"), (str(where), found[0])
    if says:
        assert says in found[0], (says, found[0])
    return REFUSAL_LINE.match(found[0])["message"]


def exported(folder: Path) -> list[Path]:
    """The course's per-block SCORM 1.2 packages, exported by the command into `folder`."""
    args = ["export", "scorm", "course_content", "-o", str(folder), "--per-block"]
    result = command([*args, "--scorm", "1.2"])
    assert result.returncode == 0, result.stdout + result.stderr
    return sorted(folder.glob("*.zip"))


@contextlib.contextmanager
def serving(
    args: Sequence[str], *, memory: int = MEMORY_LIMIT, timeout: float = TIMEOUT
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Start `insertion-pro ARGS` (a server, `preview`) bounded in a child; yield it and the
    URL it announces on its first line of output; stop it on exit."""
    env = {**os.environ, "LANGUAGE": "en", "LC_ALL": "C.UTF-8"}
    server = subprocess.Popen(
        [sys.executable, "-m", "scorm_export.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: limit_memory(memory),
        env=env,
        cwd=ROOT,
    )
    try:
        ready, _, _ = select.select([server.stdout], [], [], timeout)
        line = server.stdout.readline() if ready else ""
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert found, (line, server.poll())
        yield server, found.group(0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()
        server.stderr.close()
