"""The seam through which every activity block is exported to SCORM.

An activity block plugs in by declaring an entry point in the group
`insertion_pro.scorm_activities` that names an `ActivityType` (its types live in
`xblocks/common/scorm_seam.py`, below both the blocks and the exporter). The exporter's core
never names a block: it reads the activity's OLX with `load`, embeds `scripts` and `styles` in
the SCO, checks that `state_chars` fits the suspend_data budget, and the SCO runtime calls the
JavaScript adapter registered under `adapter` (see `scorm_export/static/sco.js` for the
JavaScript side of the contract: mount, encode, decode, interactions).
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from xblocks.common.scorm_seam import GROUP, ActivityInvalid, ActivityType

__all__ = ["GROUP", "ActivityInvalid", "ActivityType", "activity_types"]


@cache
def activity_types() -> dict[str, ActivityType]:
    """Every activity type installed, by block type."""
    found = {}
    for entry in entry_points(group=GROUP):
        kind = entry.load()
        found[kind.block_type] = kind
    return found
