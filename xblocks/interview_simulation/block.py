"""The interview simulation XBlock: a thin adapter between the runtime and the engine.

It maps the engine to XBlock fields, views and JSON handlers, publishes grades, completion and
events, lets course authors edit the scenario (Studio's permissions decide who is an author),
and reads and writes OLX, including the pointer tags of an Open edX course import.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.completable import CompletableXBlockMixin
from xblock.core import XBlock
from xblock.exceptions import InvalidScopeError
from xblock.fields import Dict, Float, Integer, List, Scope, String
from xblock.scorable import ScorableXBlockMixin
from xblock.scorable import Score as PlatformScore

import course_content
from xblocks.common.handlers import HandlerRefused, json_action
from xblocks.common.i18n import block_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.resources import public_text, render, script_safe_json
from xblocks.common.xml import MAX_XML_BYTES, XmlRefused, check_parsed, child_elements, parse
from xblocks.interview_simulation import engine, messages
from xblocks.interview_simulation.olx import (
    MAX_ATTEMPTS_LIMIT,
    MAX_WEIGHT,
    Settings,
    scenario_from_element,
    scenario_from_xml,
    scenario_to_element,
    scenario_to_xml,
)
from xblocks.interview_simulation.validation import validate

PACKAGE = __name__.rsplit(".", 1)[0]
EVENT_PREFIX = "insertion_pro.interview_simulation"
# A url_name that can name a file of the course folder; ":" separates sub-folders, as in Open edX.
_URL_NAME = re.compile(r"[\w.-]+(?::[\w.-]+)*")


class ScenarioInvalid(ValueError):
    """OLX content the block refuses on import; the message names the block and the problems."""


@lru_cache(maxsize=64)
def _scenario_from_json(content_json: str) -> engine.Scenario:
    return engine.from_dict(json.loads(content_json))


def content_json(scenario: engine.Scenario) -> str:
    """The value of the `scenario_json` field for `scenario`."""
    return json.dumps(engine.to_dict(scenario), ensure_ascii=False)


@lru_cache(maxsize=1)
def default_content_json() -> str:
    scenario, _settings = scenario_from_xml(public_text(PACKAGE, "default-scenario.xml"))
    return content_json(scenario)


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


def pointer_file(node: etree._Element, runtime) -> str:
    """The course file a pointer tag refers to, or "" when the node is its own definition.

    Open edX's course import hands a pure XBlock the vertical's pointer tag as it is,
    `<interview_simulation url_name="deld_karim"/>`; the scenario is the file
    `interview_simulation/deld_karim.xml` of the course folder, which the import runtime
    offers as `resources_fs` (a pyfilesystem). Without that runtime attribute or that file,
    the node itself is the definition (an empty node is a new block).
    """
    url_name = node.get("url_name")
    resources = getattr(runtime, "resources_fs", None)
    if child_elements(node) or not url_name or resources is None:
        return ""
    if not _URL_NAME.fullmatch(url_name) or {".", ".."} & set(url_name.split(":")):
        raise XmlRefused(
            _('url_name "{name}" cannot name a file of the course.'),
            node.sourceline,
            name=url_name[:80],
        )
    path = f"{node.tag}/{url_name.replace(':', '/')}.xml"
    return path if resources.exists(path) else ""


def read_course_file(runtime, path: str) -> etree._Element:
    """Parse a file of the import runtime's course folder, bounded and hardened."""
    size = runtime.resources_fs.getsize(path)
    if size > MAX_XML_BYTES:
        raise XmlRefused(
            _("The XML is {size} bytes, over the limit of {limit} bytes."),
            size=size,
            limit=MAX_XML_BYTES,
        )
    with runtime.resources_fs.openbin(path) as handle:
        data = handle.read(MAX_XML_BYTES + 1)  # bounded even if the file grew meanwhile
    return parse(data)


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("studio_user_permissions")
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
        self.scenario_json = content_json(scenario)

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
            "ui": messages.front_end_ui(gettext),
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

    def _require_author(self) -> None:
        """403 unless the user may edit this course.

        In Studio the `studio_user_permissions` service decides, for the block's course: course
        authors are not platform staff. Where it is absent (LMS, workbench) only staff may.
        """
        permissions = self.runtime.service(self, "studio_user_permissions")
        if permissions is not None:
            course_key = getattr(self.scope_ids.usage_id, "context_key", None)
            allowed = bool(permissions.can_write(course_key))
        else:
            user_service = self.runtime.service(self, "user")
            user = user_service.get_current_user() if user_service else None
            allowed = user is not None and bool(user.opt_attrs.get("edx-platform.user_is_staff"))
        if not allowed:
            raise HandlerRefused(_("Only course staff can edit this activity."), status=403)

    def _write_fields(self, values: dict) -> None:
        """Set and save content and settings fields together, or refuse with 403.

        The LMS keeps these fields read-only (saving raises InvalidScopeError): then every field
        gets its value back and nothing is left dirty for the runtime's save after the handler.
        """
        before = {name: getattr(self, name) for name in values}
        for name, value in values.items():
            setattr(self, name, value)
        try:
            self.force_save_fields(list(values))
        except InvalidScopeError:
            for name, value in before.items():
                setattr(self, name, value)
                # XBlock has no public way to forget an unsaved change.
                self._dirty_fields.pop(self.fields[name], None)
            raise HandlerRefused(
                _("This activity can only be edited in Studio."), status=403
            ) from None

    @json_action
    def studio_check(self, data: dict) -> dict:
        self._require_author()
        xml_text = data.get("scenario_xml")
        if not isinstance(xml_text, str):
            raise HandlerRefused(_('Send the scenario XML as a string in "scenario_xml".'))
        scenario, _settings, problems = check_scenario(xml_text, block_gettext(self))
        content = engine.to_dict(scenario) if scenario and not problems else None
        return {"problems": problems, "content": content}

    @json_action
    def studio_submit(self, data: dict) -> dict:
        self._require_author()
        gettext = block_gettext(self)
        values = self._checked_settings(data)
        scenario, _settings, problems = check_scenario(data["scenario_xml"], gettext)
        if problems:
            raise HandlerRefused(
                _("The scenario has problems: {problems}"), problems=" ".join(problems)
            )
        self._write_fields(
            {
                "display_name": values["display_name"],
                "max_attempts": values["max_attempts"],
                "feedback_mode": values["feedback_mode"],
                "weight": values["weight"],
                "scenario_json": content_json(scenario),
            }
        )
        return {"result": "success"}

    @staticmethod
    def _checked_settings(data: dict) -> dict:
        checks = {
            "display_name": lambda v: isinstance(v, str) and 0 < len(v.strip()) <= 200,
            "max_attempts": lambda v: type(v) is int and 0 <= v <= MAX_ATTEMPTS_LIMIT,
            "feedback_mode": lambda v: v in engine.FEEDBACK_MODES,
            "weight": lambda v: type(v) in (int, float) and 0 <= v <= MAX_WEIGHT,
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
        """Read OLX; invalid content fails the import with a message naming the block.

        The message also names the course file (for a pointer tag) and the line at fault.
        """
        name = node.get("url_name") or str(keys.usage_id)
        path = ""
        try:
            check_parsed(node)
            path = pointer_file(node, runtime)
            definition = read_course_file(runtime, path) if path else node
            # An empty element (a new block) plays the default scenario; a course file must
            # hold a scenario.
            has_scenario = path or child_elements(definition)
            parsed = scenario_from_element(definition) if has_scenario else None
        except XmlRefused as refused:
            where = ", ".join(
                part for part in (path, f"line {refused.line}" if refused.line else "") if part
            )
            raise ScenarioInvalid(
                f'{keys.block_type} "{name}": {where + ": " if where else ""}{refused.message()}'
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
            source = f" ({path})" if path else ""
            raise ScenarioInvalid(f'{keys.block_type} "{name}"{source}: {details}')
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
