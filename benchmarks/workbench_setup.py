"""What the workbench benchmarks share: the workbench set up in a throwaway folder, its sample
`thumbs` block (their baseline) included, and the helpers that time a request.

Import it first: it configures Django (`django.setup()`) before anything imports a model.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "dev")]
_TMP = tempfile.mkdtemp(prefix="insertion-pro-bench-")
os.environ["EXCLUDE_SAMPLE_XBLOCKS"] = "no"  # the thumbs baseline must be there
os.environ["DJANGO_SETTINGS_MODULE"] = "workbench_settings"
os.environ["INSERTION_PRO_DB"] = os.path.join(_TMP, "workbench.db")
os.environ["INSERTION_PRO_LOG"] = os.path.join(_TMP, "workbench.log")
os.environ["INSERTION_PRO_EVENTS"] = os.path.join(_TMP, "events.log")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def migrated() -> None:
    """The workbench's fresh database, created."""
    call_command("migrate", "--run-syncdb", verbosity=0)


def timed(action, *args, **kwargs):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = action(*args, **kwargs)
    return time.perf_counter() - start, result
