"""Meet hostile input as a user's command would: in a child process, bounded, then judged.

Every hostile case runs the real `insertion-pro` command (or server) in a child process under
an address-space limit and a timeout, so that a blow-up or a hang fails the test instead of the
machine. `refusal` judges what a user sees: exit status 1, every line `file[:line]: message`,
no traceback. `snapshot` tells whether an output folder was left as it was.

The cases themselves are data (see `cases.py`): the blocks that come later add theirs to the
same lists and are run through the same tests.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import subprocess
import sys
from collections.abc import Sequence
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
