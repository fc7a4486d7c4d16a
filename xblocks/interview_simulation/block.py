"""The interview simulation XBlock: a thin adapter between the runtime and the engine."""

from __future__ import annotations

import json
from functools import lru_cache

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.completable import CompletableXBlockMixin
from xblock.core import XBlock
from xblock.fields import Dict, Float, Integer, List, Scope, String
from xblock.scorable import ScorableXBlockMixin
from xblock.scorable import Score as PlatformScore

import course_content
from xblocks.common.handlers import HandlerRefused, json_action
from xblocks.common.i18n import block_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.resources import public_text, render, script_safe_json
from xblocks.common.xml import XmlRefused, check_parsed, parse
from xblocks.interview_simulation import engine, messages
from xblocks.interview_simulation.olx import (
    Settings,
    scenario_from_element,
    scenario_from_xml,
    scenario_to_element,
    scenario_to_xml,
)
from xblocks.interview_simulation.validation import validate

PACKAGE = __name__.rsplit(".", 1)[0]
EVENT_PREFIX = "insertion_pro.interview_simulation"


class ScenarioInvalid(ValueError):
    """OLX content the block refuses on import; the message names the block and the problems."""


@lru_cache(maxsize=64)
def _scenario_from_json(content_json: str) -> engine.Scenario:
    return engine.from_dict(json.loads(content_json))


@lru_cache(maxsize=1)
def default_content_json() -> str:
    scenario, _settings = scenario_from_xml(public_text(PACKAGE, "default-scenario.xml"))
    return json.dumps(engine.to_dict(scenario), ensure_ascii=False)


def _engine_call(action, *args):
    """An engine transition; its refusal becomes a 400 with the engine's translated message."""
    try:
        return action(*args)
    except engine.ActionRefused as refused:
        raise HandlerRefused.about(refused.problem) from None


def check_scenario(xml_text: str, gettext) -> tuple[engine.Scenario | None, Settings, list[str]]:
    """Parse and validate scenario XML; the problems come back translated, with lines."""
    try:
        scenario, settings = scenario_from_xml(xml_text)
    except XmlRefused as refused:
        where = gettext("line {line}: ").format(line=refused.line) if refused.line else ""
        return None, Settings(), [where + refused.message(gettext)]
    problems = validate(scenario, course_content.capacity_codes())
    return scenario, settings, [p.message(gettext) for p in problems]


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.supports("multi_device")
class InterviewSimulationBlock(ScorableXBlockMixin, CompletableXBlockMixin, XBlock):
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
        help=_("Where the learner is: attempt number and the path of choices."),
        default={},
        scope=Scope.user_state,
        enforce_type=True,
    )
    scored_path = List(
        help=_("The path of the attempt that holds the published grade, for rescoring."),
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
        return _scenario_from_json(self.scenario_json or default_content_json())

    def set_model(self, scenario: engine.Scenario) -> None:
        self.scenario_json = json.dumps(engine.to_dict(scenario), ensure_ascii=False)

    def current_state(self) -> dict:
        return engine.checked_state(self.model(), self.learner_state)

    def view_state(self) -> dict:
        return engine.view(
            self.model(),
            self.current_state(),
            feedback_mode=self.feedback_mode,
            max_attempts=self.max_attempts,
        )

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
            "ui": messages.translated(messages.UI, gettext),
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

    def studio_view(self, context=None) -> Fragment:
        gettext = block_gettext(self)
        fragment = Fragment(
            render(
                PACKAGE,
                "studio_view.html",
                block=self,
                modes=engine.FEEDBACK_MODES,
                text=messages.translated(messages.STUDIO, gettext),
                scenario_xml=scenario_to_xml(self.model(), None),
            )
        )
        fragment.add_css(public_text(PACKAGE, "interview-simulation.css"))
        fragment.add_javascript(public_text("xblocks.common", "transport.js"))
        fragment.add_javascript(public_text(PACKAGE, "interview-simulation-engine.js"))
        fragment.add_javascript(public_text(PACKAGE, "interview-simulation-view.js"))
        fragment.add_javascript(public_text(PACKAGE, "interview-simulation-studio.js"))
        args = {
            "ui": messages.translated(messages.UI, gettext),
            "text": messages.translated(messages.STUDIO, gettext),
            "capacities": {c.code: c.label for c in course_content.capacities()},
        }
        fragment.initialize_js("InterviewSimulationStudio", {"json": script_safe_json(args)})
        return fragment

    # --- learner handlers -------------------------------------------------------------------

    @json_action
    def get_state(self, data: dict) -> dict:
        return self.view_state()

    @json_action
    def choose(self, data: dict) -> dict:
        choice_id = data.get("choice")
        if not isinstance(choice_id, str):
            raise HandlerRefused(_('Name the choice as a string in "choice".'))
        scenario = self.model()
        new_state = _engine_call(engine.choose, scenario, self.current_state(), choice_id)
        self.learner_state = new_state
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
        return self.view_state()

    def _finish(self, scenario: engine.Scenario, state: dict, ending_id: str) -> None:
        result = engine.score(scenario, state["path"])
        self.runtime.publish(
            self,
            f"{EVENT_PREFIX}.ending",
            {"attempt": state["attempt"], "ending": ending_id, "raw_score": result.raw},
        )
        if self.score_raw is None or result.raw > self.score_raw:
            self.scored_path = list(state["path"])
            self.set_score(PlatformScore(result.raw, 1.0))
            self._publish_grade(self.get_score())
        self.emit_completion(1.0)

    @json_action
    def restart(self, data: dict) -> dict:
        new_state = _engine_call(
            engine.restart, self.model(), self.current_state(), self.max_attempts
        )
        self.learner_state = new_state
        return self.view_state()

    # --- grading (ScorableXBlockMixin) -----------------------------------------------------

    def has_submitted_answer(self) -> bool:
        return self.score_raw is not None

    def get_score(self) -> PlatformScore:
        return PlatformScore(self.score_raw or 0.0, 1.0)

    def set_score(self, score: PlatformScore) -> None:
        self.score_raw = score.raw_earned / score.raw_possible if score.raw_possible else 0.0

    def calculate_score(self) -> PlatformScore:
        try:
            result = engine.score(self.model(), self.scored_path)
        except engine.ActionRefused:
            return self.get_score()
        return PlatformScore(result.raw, 1.0)

    def max_score(self) -> float:
        return 1.0

    # --- authoring --------------------------------------------------------------------------

    def _require_staff(self) -> None:
        user_service = self.runtime.service(self, "user")
        user = user_service.get_current_user() if user_service else None
        if user is None or not user.opt_attrs.get("edx-platform.user_is_staff"):
            raise HandlerRefused(_("Only course staff can edit this activity."), status=403)

    @json_action
    def studio_check(self, data: dict) -> dict:
        self._require_staff()
        xml_text = data.get("scenario_xml")
        if not isinstance(xml_text, str):
            raise HandlerRefused(_('Send the scenario XML as a string in "scenario_xml".'))
        scenario, _settings, problems = check_scenario(xml_text, block_gettext(self))
        content = engine.to_dict(scenario) if scenario and not problems else None
        return {"problems": problems, "content": content}

    @json_action
    def studio_submit(self, data: dict) -> dict:
        self._require_staff()
        gettext = block_gettext(self)
        values = self._checked_settings(data)
        scenario, _settings, problems = check_scenario(data["scenario_xml"], gettext)
        if problems:
            raise HandlerRefused(
                _("The scenario has problems: {problems}"), problems=" ".join(problems)
            )
        self.display_name = values["display_name"]
        self.max_attempts = values["max_attempts"]
        self.feedback_mode = values["feedback_mode"]
        self.weight = values["weight"]
        self.set_model(scenario)
        return {"result": "success"}

    @staticmethod
    def _checked_settings(data: dict) -> dict:
        checks = {
            "display_name": lambda v: isinstance(v, str) and 0 < len(v.strip()) <= 200,
            "max_attempts": lambda v: type(v) is int and 0 <= v <= 100,
            "feedback_mode": lambda v: v in engine.FEEDBACK_MODES,
            "weight": lambda v: type(v) in (int, float) and 0 <= v <= 100,
            "scenario_xml": lambda v: isinstance(v, str),
        }
        for name, is_valid in checks.items():
            if not is_valid(data.get(name)):
                raise HandlerRefused(_('The value of "{field}" is not valid.'), field=name)
        return {
            **data,
            "display_name": data["display_name"].strip(),
            "weight": float(data["weight"]),
        }

    # --- OLX --------------------------------------------------------------------------------

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """Read OLX; invalid content fails the import with a message naming the block."""
        name = node.get("url_name") or str(keys.usage_id)
        try:
            check_parsed(node)
            # An empty element (a new block) plays the default scenario.
            parsed = scenario_from_element(node) if len(node) else None
        except XmlRefused as refused:
            raise ScenarioInvalid(
                f'interview_simulation "{name}": line {refused.line}: {refused.message()}'
            ) from None
        block = runtime.construct_xblock_from_class(cls, keys)
        if parsed is None:
            if node.get("display_name"):
                block.display_name = node.get("display_name")
            return block
        scenario, settings = parsed
        problems = validate(scenario, course_content.capacity_codes())
        if problems:
            details = "; ".join(p.message() for p in problems)
            raise ScenarioInvalid(f'interview_simulation "{name}": {details}')
        block.set_model(scenario)
        if settings.display_name:
            block.display_name = settings.display_name
        block.max_attempts = settings.max_attempts
        block.feedback_mode = settings.feedback_mode
        block.weight = settings.weight
        return block

    def add_xml_to_node(self, node) -> None:
        node.tag = self.scope_ids.block_type
        settings = Settings(self.display_name, self.max_attempts, self.feedback_mode, self.weight)
        scenario_to_element(self.model(), settings, node)

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
