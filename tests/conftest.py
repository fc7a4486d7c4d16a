"""Shared test set-up: the project's workbench settings on a temporary database."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "dev"))
_TMP = tempfile.mkdtemp(prefix="insertion-pro-tests-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench_settings")
os.environ.setdefault("INSERTION_PRO_DB", os.path.join(_TMP, "workbench.db"))
os.environ.setdefault("INSERTION_PRO_LOG", os.path.join(_TMP, "workbench.log"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("INSERTION_PRO_EVENTS", os.path.join(_TMP, "events.log"))
