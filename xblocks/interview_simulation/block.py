"""The interview simulation XBlock: a thin adapter between the runtime and the engine.

It maps the engine to XBlock fields, views and JSON handlers, publishes grades, completion and
events, lets course authors edit the scenario (Studio's permissions decide who is an author),
and reads and writes OLX, including the pointer tags of an Open edX course import.
"""

from __future__ import annotations

import json

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.completable import CompletableXBlockMixin
from xblock.core import XBlock
from xblock.fields import Dict, Float, List, Scope, String
from xblock.scorable import ScorableXBlockMixin
from xblock.scorable import Score as PlatformScore

import course_content
from xblocks.common.actions import action_at, lineage, reached, serialized
from xblocks.common.authoring import (
    GradedActivity,
    JsonText,
)
from xblocks.common.handlers import HandlerRefused, json_action
from xblocks.common.i18n import block_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.learners import LearnerIdentity
from xblocks.common.resources import public_text, render, script_safe_json
from xblocks.common.xml import parse
from xblocks.interview_simulation import engine, messages, scoring, views
from xblocks.interview_simulation.authoring import (
    PACKAGE,
    AuthoringMixin,
    content_json,
    content_version,
    default_content_json,
    scenario_from_json,
)

EVENT_PREFIX = "insertion_pro.interview_simulation"
# A url_name that can name a file of the course folder; ":" separates sub-folders, as in Open edX.


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
class InterviewSimulationBlock(
    LearnerIdentity,
    AuthoringMixin,
    GradedActivity,
    ScorableXBlockMixin,
    CompletableXBlockMixin,
    XBlock,
):
    """A simulated intake or follow-up interview, assessed on capacities B1.1–B2.10."""

    display_name = String(
        display_name=_("Display name"),
        help=_("The name learners see in the course navigation."),
        default=_("Interview simulation"),
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
    scenario_source = String(
        display_name=_("Scenario XML"),
        help=_("The scenario as its author wrote it, comments and layout included."),
        default="",
        scope=Scope.content,
        enforce_type=True,
    )
    # The content as compact JSON: read on every learner request, written only by authors. A
    # Dict field would be deep-copied on each read and again after each save.
    scenario_json = JsonText(
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
    kept_attempt_json = JsonText(
        help=_(
            "The finished attempt that holds the published grade: its path (for rescoring) and "
            "its debrief as shown, kept even if the content changes."
        ),
        default="",
        scope=Scope.user_state,
        enforce_type=True,
    )
    last_attempt_json = JsonText(
        help=_(
            "The latest finished attempt when it is not the kept one, as its debrief showed it."
        ),
        default="",
        scope=Scope.user_state,
        enforce_type=True,
    )
    scored_path = List(
        help=_("Before attempts were kept with their debrief: the path of the graded attempt."),
        default=[],
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
        return scenario_from_json(self.scenario_json or default_content_json())

    def set_model(self, scenario: engine.Scenario) -> None:
        self.scenario_json = content_json(scenario)

    def version(self) -> str:
        return content_version(self.scenario_json or default_content_json())

    def attempt_record(self, name: str) -> dict | None:
        """A finished attempt kept in the field `name` (kept or latest), or None.

        A learner whose grade came before attempts were kept this way has only the kept path
        (`scored_path`): its debrief is rebuilt from it where it still replays.
        """
        text = getattr(self, name)
        try:
            record = json.loads(text) if text else None
        except ValueError:
            record = None
        if isinstance(record, dict) and "debrief" in record:
            return record
        if name == "kept_attempt_json" and self.scored_path and self.score_raw is not None:
            try:
                return views.finished_record(self.model(), 0, self.scored_path, "")
            except (engine.ActionRefused, KeyError, TypeError):
                return None
        return None

    def resumed_state(self) -> tuple[dict, dict | None, bool]:
        """The learner's state on the current content, its stored debrief, and whether it moved
        (see `views.resume`)."""

        def records():
            found = (self.attempt_record(n) for n in ("kept_attempt_json", "last_attempt_json"))
            return [record for record in found if record]

        return views.resume(self.model(), self.learner_state, self.version(), records)

    def view_state(self, resumed: tuple | None = None) -> dict:
        """What the learner sees; `resumed` is `resumed_state()` when the caller has it."""
        state, finished, moved = resumed or self.resumed_state()
        scenario = self.model()
        # The kept attempt is only shown at the end: not read on every choice.
        ended = finished is not None or engine.walk(scenario, state["path"]).ending_id is not None
        result = views.view(
            scenario,
            state,
            feedback_mode=self.feedback_mode,
            max_attempts=self.max_attempts,
            seed=self.order_seed(),
            kept=self.attempt_record("kept_attempt_json") if ended else None,
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
            "required_mark": self.required_mark,
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
        at = action_at(data)
        with serialized(self) as marks:
            state, finished, _moved = self.resumed_state()
            # The state's lineage: a state reset by staff starts a new one.
            lid = lineage(self.learner_state)
            where = (self.version(), lid)
            if not reached(marks, (*where, at["attempt"], at["step"])):
                raise HandlerRefused(engine.REFUSED_STALE, status=409)
            _engine_call(engine.check_position, state, at)
            if finished is not None and transition is engine.choose:
                raise HandlerRefused(engine.REFUSED_OVER)
            if transition is engine.choose:  # the page names a choice by its place shown
                args = (
                    _engine_call(views.chosen_id, self.model(), state, self.order_seed(), *args),
                )
            new_state = _engine_call(transition, self.model(), state, *args)  # `at` checked
            self.learner_state = {**new_state, "cv": self.version(), "lid": lid}
            after = engine.position(new_state)
            marks.set((*where, after["attempt"], after["step"]))
            if transition is engine.choose:
                self._after_choice(new_state, args[0])
            return self.view_state((new_state, None, False))

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
        record = views.finished_record(scenario, state["attempt"], state["path"], self.version())
        raw = record["debrief"]["raw"]
        self.runtime.publish(
            self,
            f"{EVENT_PREFIX}.ending",
            {"attempt": state["attempt"], "ending": ending_id, "raw_score": raw},
        )
        text = json.dumps(record, ensure_ascii=False)
        if views.better_kept(self.attempt_record("kept_attempt_json"), record) is record:
            self.kept_attempt_json, self.last_attempt_json, self.scored_path = text, "", []
        else:
            self.last_attempt_json = text
        # The platform's grade never goes down, whatever a rescore did to the kept record.
        if self.score_raw is None or raw > self.score_raw:
            self.set_score(PlatformScore(raw, 1.0))
            self._publish_grade(self.get_score())
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
        path = (self.attempt_record("kept_attempt_json") or {}).get("path")
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
