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


class StorageClock:
    """The time the workbench's field storage takes inside the requests timed: each field a
    handler reads is two SQL queries (`has`, then `get`) and a decode of the field's whole row;
    each one it writes, a read, a decode, an encode and an UPDATE of that row. It is what a
    handler's fields cost it on this runtime, whatever the handler computes."""

    def __init__(self) -> None:
        self.spent, self.calls = 0.0, 0
        from workbench.runtime import WorkbenchDjangoKeyValueStore as store

        for name in ("has", "get", "set"):
            setattr(store, name, self._timed(getattr(store, name)))

    def _timed(self, method):
        def timed_call(store, *args):
            start = time.perf_counter()
            try:
                return method(store, *args)
            finally:
                self.spent += time.perf_counter() - start
                self.calls += 1

        return timed_call

    def during(self, action, *args, **kwargs):
        """(seconds, storage seconds, storage calls, result) of one call."""
        spent, calls = self.spent, self.calls
        seconds, result = timed(action, *args, **kwargs)
        return seconds, self.spent - spent, self.calls - calls, result
