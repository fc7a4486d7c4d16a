"""The interview simulation XBlock: a thin adapter between the runtime and the engine.

It maps the engine to XBlock fields, views and JSON handlers, publishes grades, completion and
events, lets course authors edit the scenario (Studio's permissions decide who is an author),
and reads and writes OLX, including the pointer tags of an Open edX course import.
"""

from __future__ import annotations

import json
import re

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.completable import CompletableXBlockMixin
from xblock.core import XBlock
from xblock.fields import Dict, Float, Integer, Scope, String
from xblock.scorable import ScorableXBlockMixin
from xblock.scorable import Score as PlatformScore

import course_content
from xblocks.common.actions import reached, serialized
from xblocks.common.handlers import HandlerRefused, json_action
from xblocks.common.i18n import block_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.resources import public_text, render, script_safe_json
from xblocks.common.xml import parse
from xblocks.interview_simulation import engine, messages, scoring, views
from xblocks.interview_simulation.authoring import (
    PACKAGE,
    AuthoringMixin,
    _scenario_from_json,
    content_json,
    content_version,
    default_content_json,
)

EVENT_PREFIX = "insertion_pro.interview_simulation"
# A url_name that can name a file of the course folder; ":" separates sub-folders, as in Open edX.
_URL_NAME = re.compile(r"[\w.-]+(?::[\w.-]+)*")


def _engine_call(action, *args, **kwargs):
    """An engine transition; its refusal becomes a 400 (409 if stale), translated."""
    try:
        return action(*args, **kwargs)
    except engine.ActionRefused as refused:
        raise HandlerRefused.about(refused.problem, refused.status) from None


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("cache")
@XBlock.wants("studio_user_permissions")
@XBlock.supports("multi_device")
class InterviewSimulationBlock(AuthoringMixin, ScorableXBlockMixin, CompletableXBlockMixin, XBlock):
    """A simulated intake or follow-up interview, assessed on capacities B1.1–B2.10."""

    display_name = String(
        display_name=_("Display name"),
        help=_("The name learners see in the course navigation."),
        default=_("Interview simulation"),
        scope=Scope.settings,
        enforce_type=True,
    )
    max_attempts = Integer(
        display_name=_("Maximum attempts"),
        help=_("How many times a learner may play the interview; 0 means no limit."),
        default=3,
        scope=Scope.settings,
        enforce_type=True,
    )
    feedback_mode = String(
        display_name=_("Feedback"),
        help=_("Show the feedback of each choice at once, or only in the final debrief."),
        default="immediate",
        values=engine.FEEDBACK_MODES,
        scope=Scope.settings,
        enforce_type=True,
    )
    weight = Float(
        display_name=_("Weight"),
        help=_("How much this activity counts in the grade of its section."),
        default=1.0,
        scope=Scope.settings,
        enforce_type=True,
    )
    scenario_source = String(
        display_name=_("Scenario XML"),
        help=_("The scenario as its author wrote it, comments and layout included."),
        default="",
        scope=Scope.content,
        enforce_type=True,
    )
    # The content as compact JSON: read on every learner request, written only by authors. A
    # Dict field would be deep-copied on each read and again after each save.
    scenario_json = String(
        display_name=_("Scenario"),
        help=_("The persona, dialogue nodes, choices and endings of the interview, as JSON."),
        default="",
        scope=Scope.content,
        enforce_type=True,
    )
    learner_state = Dict(
        help=_(
            "Where the learner is: attempt number, the path of choices and the version of the "
            "content it was played on."
        ),
        default={},
        scope=Scope.user_state,
        enforce_type=True,
    )
    # Finished attempts as their debrief showed them, as JSON text: a few KB read on every
    # request, which a Dict field would deep-copy each time.
    kept_attempt = String(
        help=_(
            "The finished attempt that holds the published grade: its path (for rescoring) and "
            "its debrief as shown, kept even if the content changes."
        ),
        default="",
        scope=Scope.user_state,
        enforce_type=True,
    )
    last_attempt = String(
        help=_(
            "The latest finished attempt when it is not the kept one, as its debrief showed it."
        ),
        default="",
        scope=Scope.user_state,
        enforce_type=True,
    )
    score_raw = Float(
        help=_("The published raw score in [0, 1], or None before a first ending."),
        default=None,
        scope=Scope.user_state,
        enforce_type=True,
    )

    # --- engine access ----------------------------------------------------------------------

    def model(self) -> engine.Scenario:
        return _scenario_from_json(self.scenario_json or default_content_json())

    def set_model(self, scenario: engine.Scenario) -> None:
        self.scenario_json = content_json(scenario)

    def version(self) -> str:
        return content_version(self.scenario_json or default_content_json())

    def order_seed(self) -> str:
        """The learner's and block's part of every shuffle key (see xblocks/common/shuffle.py).

        The anonymous id Open edX gives this learner in this course, else the runtime's user
        id; and the block's url_name (`usage_id.block_id`), which a SCO of the same course uses.
        """
        user_service = self.runtime.service(self, "user")
        user = user_service.get_current_user() if user_service else None
        attrs = getattr(user, "opt_attrs", None) or {}
        learner = attrs.get("edx-platform.anonymous_user_id") or self.scope_ids.user_id
        usage = self.scope_ids.usage_id
        return f"{learner}|{getattr(usage, 'block_id', usage)}"

    def attempt_record(self, name: str) -> dict | None:
        """A finished attempt kept in the field `name` (kept or latest), or None."""
        text = getattr(self, name)
        try:
            record = json.loads(text) if text else None
        except ValueError:
            return None
        return record if isinstance(record, dict) and "debrief" in record else None

    def _finished_record(self, state: dict) -> dict | None:
        """The stored debrief of `state`'s attempt if it ended (kept or latest), else None."""
        for name in ("kept_attempt", "last_attempt"):
            record = self.attempt_record(name) or {}
            if record.get("attempt") == state.get("attempt") and record.get("path") == state.get(
                "path"
            ):
                return record
        return None

    def resumed_state(self) -> tuple[dict, dict | None, bool]:
        """The learner's state on the current content, its stored debrief, and whether it moved.

        A finished attempt played on other content keeps the debrief it was shown. An unfinished
        one that no longer replays starts again from the first node, same attempt number: the
        learner is told, and no attempt is spent or given back.
        """
        scenario, stored = self.model(), self.learner_state
        state = engine.checked_state(scenario, stored)
        if not stored or stored.get("cv") == self.version():
            return state, None, False
        record = self._finished_record(stored)
        if record is not None:
            return {**state, "path": list(stored["path"])}, record, False
        moved = bool(stored.get("path")) and not state["path"]
        return state, None, moved

    def view_state(self) -> dict:
        state, finished, moved = self.resumed_state()
        result = views.view(
            self.model(),
            state,
            feedback_mode=self.feedback_mode,
            max_attempts=self.max_attempts,
            seed=self.order_seed(),
            kept=self.attempt_record("kept_attempt"),
            finished=finished,
        )
        result["notice"] = "content_changed" if moved else None
        return result

    # --- views ------------------------------------------------------------------------------

    def student_view(self, context=None) -> Fragment:
        gettext = block_gettext(self)
        fragment = Fragment(
            render(
                PACKAGE,
                "student_view.html",
                title=self.display_name,
                loading=gettext(messages.UI["loading"]),
            )
        )
        fragment.add_css(public_text(PACKAGE, "interview-simulation.css"))
        fragment.add_javascript(public_text("xblocks.common", "transport.js"))
        fragment.add_javascript(public_text(PACKAGE, "interview-simulation-view.js"))
        fragment.add_javascript(public_text(PACKAGE, "interview-simulation-xblock.js"))
        fragment.initialize_js(
            "InterviewSimulationXBlock", {"json": script_safe_json(self._front_end_args(gettext))}
        )
        return fragment

    def _front_end_args(self, gettext) -> dict:
        return {
            "view": self.view_state(),
            "ui": messages.front_end_ui(gettext),
            "capacities": {c.code: c.label for c in course_content.capacities()},
        }

    def student_view_data(self, context=None) -> dict:
        """For the mobile apps: what the learner may see now, never other choices' feedback."""
        return {
            "display_name": self.display_name,
            "feedback_mode": self.feedback_mode,
            "max_attempts": self.max_attempts,
            "view": self.view_state(),
        }

    # --- learner handlers -------------------------------------------------------------------

    @json_action
    def get_state(self, data: dict) -> dict:
        return self.view_state()

    def _apply(self, data: dict, transition, *args) -> dict:
        """Apply one learner action, alone for this learner and block, if it is not stale."""
        at = data.get("at")
        if not (isinstance(at, dict) and all(type(at.get(k)) is int for k in ("attempt", "step"))):
            raise HandlerRefused(
                _('Say where the action was made in "at": {{"attempt": n, "step": n}}.')
            )
        with serialized(self) as marks:
            state, finished, _moved = self.resumed_state()
            if finished is not None and transition is engine.choose:
                raise HandlerRefused(engine.REFUSED_OVER)
            if not reached(marks, (self.version(), at["attempt"], at["step"])):
                raise HandlerRefused(engine.REFUSED_STALE, status=409)
            new_state = _engine_call(transition, self.model(), state, *args, at=at)
            self.learner_state = {**new_state, "cv": self.version()}
            after = engine.position(new_state)
            marks.set((self.version(), after["attempt"], after["step"]))
            if transition is engine.choose:
                self._after_choice(new_state, args[0])
            return self.view_state()

    @json_action
    def choose(self, data: dict) -> dict:
        choice_id = data.get("choice")
        if not isinstance(choice_id, str):
            raise HandlerRefused(_('Name the choice as a string in "choice".'))
        return self._apply(data, engine.choose, choice_id)

    def _after_choice(self, new_state: dict, choice_id: str) -> None:
        """The events of an accepted choice; at an ending, the grade and completion too."""
        scenario = self.model()
        node, choice = scenario.choice_by_id[choice_id]
        self.runtime.publish(
            self,
            f"{EVENT_PREFIX}.choice",
            {
                "attempt": new_state["attempt"],
                "node": node.id,
                "phase": node.phase,
                "choice": choice.id,
                "points": dict(choice.points),
            },
        )
        if choice.next in scenario.ending_by_id:
            self._finish(scenario, new_state, choice.next)

    def _finish(self, scenario: engine.Scenario, state: dict, ending_id: str) -> None:
        result = scoring.score(scenario, state["path"])
        self.runtime.publish(
            self,
            f"{EVENT_PREFIX}.ending",
            {"attempt": state["attempt"], "ending": ending_id, "raw_score": result.raw},
        )
        record = {
            **views.end_view(scenario, state["attempt"], state["path"]),
            "path": list(state["path"]),
            "cv": self.version(),
        }
        if self.score_raw is None or result.raw > self.score_raw:
            self.kept_attempt = json.dumps(record, ensure_ascii=False)
            self.last_attempt = ""
            self.set_score(PlatformScore(result.raw, 1.0))
            self._publish_grade(self.get_score())
        else:
            self.last_attempt = json.dumps(record, ensure_ascii=False)
        self.emit_completion(1.0)

    @json_action
    def restart(self, data: dict) -> dict:
        return self._apply(data, engine.restart, self.max_attempts)

    # --- grading (ScorableXBlockMixin) -----------------------------------------------------

    def has_submitted_answer(self) -> bool:
        return self.score_raw is not None

    def get_score(self) -> PlatformScore:
        return PlatformScore(self.score_raw or 0.0, 1.0)

    def set_score(self, score: PlatformScore) -> None:
        self.score_raw = score.raw_earned / score.raw_possible if score.raw_possible else 0.0

    def calculate_score(self) -> PlatformScore:
        """Rescoring: the kept attempt's path on the current content, where it still replays."""
        path = (self.attempt_record("kept_attempt") or {}).get("path")
        try:
            result = scoring.score(self.model(), path if isinstance(path, list) else [])
            if engine.walk(self.model(), path).ending_id is None:
                return self.get_score()
        except (engine.ActionRefused, TypeError):
            return self.get_score()
        return PlatformScore(result.raw, 1.0)

    def max_score(self) -> float:
        return 1.0

    # --- workbench --------------------------------------------------------------------------

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        """Every interview of the course, as it is in `course_content/`."""
        found = []
        for path in course_content.activity_files("interview_simulation"):
            root = parse(path.read_bytes())
            xml = etree.tostring(root, encoding="unicode")
            found.append((root.get("display_name", path.stem), xml))
        return found
