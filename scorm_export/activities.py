"""The seam through which every activity block is exported to SCORM.

An activity block plugs in by declaring an entry point in the group
`insertion_pro.scorm_activities` that names an `ActivityType`. The exporter's core never
names a block: it reads the activity's OLX with `load`, embeds `scripts` and `styles` in the
SCO, checks that `state_chars` fits the suspend_data budget, and the SCO runtime calls the
JavaScript adapter registered under `adapter` (see `scorm_export/static/sco.js` for the
JavaScript side of the contract: mount, encode, decode, interactions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points

from lxml import etree

GROUP = "insertion_pro.scorm_activities"


class ActivityInvalid(ValueError):
    """Activity content the exporter refuses: its problems, each with `.message(gettext)`."""

    def __init__(self, problems: Iterable) -> None:
        self.problems = tuple(problems)
        super().__init__(self.message())

    def message(self, gettext: Callable[[str], str] = str) -> str:
        return "; ".join(problem.message(gettext) for problem in self.problems)


@dataclass(frozen=True)
class ActivityType:
    """How one activity block travels into a SCO."""

    block_type: str
    #: OLX element -> (content, settings) as JSON-ready dicts; XmlRefused or ActivityInvalid
    #: (or another ValueError, shown untranslated) if bad.
    load: Callable[[etree._Element], tuple[dict, dict]]
    #: Files the page needs, as (package, path inside the package), in load order.
    scripts: tuple[tuple[str, str], ...]
    styles: tuple[tuple[str, str], ...]
    #: The JavaScript global that registers the activity with the SCO runtime.
    adapter: str
    #: gettext -> the activity's UI strings, translated.
    ui: Callable[[Callable[[str], str]], dict]
    #: (content, settings) -> the longest compact state the activity can save, in characters.
    state_chars: Callable[[dict, dict], int]
    #: OLX element of valid content -> warnings (`.message(gettext)`, `.line`): `check` shows
    #: them without failing.
    warnings: Callable[[etree._Element], list] = lambda element: []


@cache
def activity_types() -> dict[str, ActivityType]:
    """Every activity type installed, by block type."""
    found = {}
    for entry in entry_points(group=GROUP):
        kind = entry.load()
        found[kind.block_type] = kind
    return found
