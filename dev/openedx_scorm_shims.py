"""Workbench-side shims that let the real Open edX SCORM block run in the xblock-sdk workbench.

`openedx-scorm-xblock` (the `scorm` entry point, class `ScormXBlock`) runs here unchanged: the
browser tests play our exported SCORM packages in it as a second, real LMS runtime. What the
workbench lacks or does differently from edx-platform is made up for here, and only here, by
a Django app (`INSTALLED_APPS` in `workbench_settings.py`) whose `ready()` applies the shims
before any request or scenario loading:

1. Scenarios. The block's own `workbench_scenarios()` uses the tag `openedxscorm`, which no
   entry point registers (its entry point is `scorm`); the workbench loads every block's
   scenarios with `fail_silently=False`, so that one broken scenario would make every page
   of the workbench fail. We give the block our own `<scorm/>` scenarios instead (one block
   per SCORM version, so both packages stay imported side by side).
2. `block.location`. The workbench sets it to a `Mock` for legacy blocks; the block joins
   `location.block_id` into its upload path (its old-style extract folder,
   `scorm/<block_id>`), which fails on a `Mock`. As edx-platform's usage key does, we give it
   a string `block_id`, the block's usage id.

The two other shims are settings (see `workbench_settings.py`): `XBLOCK_SETTINGS` turns the
block's asset proxy off, and `MEDIA_URL`/`MEDIA_ROOT` say where its packages are extracted
and served. Studio's save button calls `runtime.notify`, which only Studio has: tests post
the same form to the block's `studio_submit` handler themselves (`studio_import`).
"""

import contextlib

from django.apps import AppConfig

# (scenario description, XML); the workbench names them "scorm.0", "scorm.1".
SCENARIOS = [
    ("Open edX SCORM block, SCORM 1.2 package", '<scorm display_name="SCORM 1.2"/>'),
    ("Open edX SCORM block, SCORM 2004 package", '<scorm display_name="SCORM 2004"/>'),
]
# The workbench scenario that holds each version's package.
SCENARIO_OF_VERSION = {"1.2": "scorm.0", "2004": "scorm.1"}


def workbench_scenarios():
    return list(SCENARIOS)


def patch_location(original):
    """Wrap the workbench's `_patch_xblock` so that `location.block_id` is a string."""

    def patched(self, block):
        original(self, block)
        # AttributeError: the workbench already logged that this block's attributes are
        # protected.
        with contextlib.suppress(AttributeError):
            block.location.block_id = str(block.scope_ids.usage_id)

    patched.openedx_scorm_shim = True
    return patched


def apply():
    """Apply the shims (once); without the block installed there is nothing to do."""
    try:
        from openedxscorm import ScormXBlock
    except ImportError:
        return
    from workbench.runtime import WorkbenchRuntime

    ScormXBlock.workbench_scenarios = staticmethod(workbench_scenarios)
    if not getattr(WorkbenchRuntime._patch_xblock, "openedx_scorm_shim", False):
        WorkbenchRuntime._patch_xblock = patch_location(WorkbenchRuntime._patch_xblock)


class OpenedxScormShims(AppConfig):
    name = "openedx_scorm_shims"
    label = "openedx_scorm_shims"
    verbose_name = "Open edX SCORM block in the workbench"

    def ready(self):
        apply()
