"""The types of the seam through which an activity block travels into a SCORM package.

They live below both the blocks and the exporter, so that a block declares its `ActivityType`
without importing the exporter. The exporter finds every activity type installed through the
entry point group `insertion_pro.scorm_activities` (see `scorm_export/activities.py`), and the
SCO's JavaScript runtime calls the adapter each type names (`scorm_export/static/sco.js`:
mount, encode, decode, status, interactions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
    #: (content, settings) -> the longest compact state the activity can save, in characters;
    #: for an `elastic` activity, the room the SCO keeps for it.
    state_chars: Callable[[dict, dict], int]
    #: OLX element of valid content -> warnings (`.message(gettext)`, `.line`): `check` shows
    #: them without failing.
    warnings: Callable[[etree._Element], list] = lambda element: []
    #: content -> the capacity codes the activity scores (`coverage` counts it for them).
    capacities: Callable[[dict], tuple[str, ...]] = lambda content: ()
    #: The activity's state has no bound the LMS is sure to keep (a plan of free prose): it is
    #: compressed, the activity tells the learner as it nears the room the SCO gives it (the
    #: adapter's `room`), and the SCO keeps in the browser a state the LMS cannot hold.
    elastic: bool = False
