"""Authoring the interview: its stored content, the Studio editor, OLX import and export.

`AuthoringMixin` gives the block its author-facing side. The scenario is kept twice: as the
engine's JSON (`scenario_json`, read on every learner request) and as the XML the author
wrote (`scenario_source`), so that comments and layout survive a save and an export. The block
settings have one source of truth, the fields (Studio's settings form): XML root attributes that
disagree with them are refused with a message rather than silently ignored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from web_fragments.fragment import Fragment

import course_content
from xblocks.common.authoring import (
    STUDIO_BODY_BYTES,
    StudioAuthoring,
    authored_source,
    located,
    read_import,
)
from xblocks.common.handlers import HandlerRefused, json_action
from xblocks.common.i18n import block_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.resources import public_text, render, script_safe_json
from xblocks.common.xml import XmlRefused, parse
from xblocks.interview_simulation import engine, messages
from xblocks.interview_simulation.olx import (
    MAX_ATTEMPTS_LIMIT,
    MAX_WEIGHT,
    Settings,
    scenario_from_element,
    scenario_from_xml,
    scenario_to_element,
    scenario_to_xml,
    settings_attributes,
    source_lines,
)
from xblocks.interview_simulation.validation import cue_warnings, validate, with_lines

PACKAGE = "xblocks.interview_simulation"


SETTING_ATTRIBUTES = ("display_name", "max_attempts", "feedback_mode", "weight", "required_mark")
SETTING_DISAGREES = _(
    'The XML says {name}="{value}" but the settings say "{setting}": the settings above decide, '
    "so remove the attribute from the XML or change the setting."
)


class ScenarioInvalid(ValueError):
    """OLX content the block refuses on import; the message names the block and the problems."""


def setting_conflicts(root: etree._Element, values: dict) -> list[engine.Problem]:
    """Root attributes of the XML that disagree with the settings form, as problems."""
    if not values:
        return []
    _scenario, written = scenario_from_element(root)
    found = []
    for name in SETTING_ATTRIBUTES:
        if root.get(name) is None or name not in values:
            continue
        if getattr(written, name) != values[name]:
            found.append(
                engine.problem(
                    SETTING_DISAGREES,
                    name=name,
                    value=root.get(name)[:80],
                    setting=values[name],
                )
            )
    return [engine.Problem(p.template, p.params, root.sourceline) for p in found]


@lru_cache(maxsize=64)
def scenario_from_json(content_json: str) -> engine.Scenario:
    """The engine model of a `scenario_json` value (cached: content is read on every request)."""
    return engine.from_dict(json.loads(content_json))


def content_json(scenario: engine.Scenario) -> str:
    """The value of the `scenario_json` field for `scenario`."""
    return json.dumps(engine.to_dict(scenario), ensure_ascii=False)


@lru_cache(maxsize=1)
def default_content_json() -> str:
    scenario, _settings = scenario_from_xml(public_text(PACKAGE, "default-scenario.xml"))
    return content_json(scenario)


@lru_cache(maxsize=64)
def content_version(content_json_text: str) -> str:
    """A short fingerprint of the content a learner state was played on."""
    return hashlib.sha256(content_json_text.encode("utf-8")).hexdigest()[:12]


@dataclass
class Checked:
    """Scenario XML as Studio checks it: the model, its settings, problems and warnings."""

    scenario: engine.Scenario | None
    settings: Settings
    problems: list[str]
    warnings: list[str]
    problem_lines: list[int | None]
    warning_lines: list[int | None]

    def lines(self) -> dict:
        """The line of each problem and warning, for the editor to link them to."""
        return {"problem_lines": self.problem_lines, "warning_lines": self.warning_lines}


def check_scenario(xml_text: str, gettext, settings_form: dict | None = None) -> Checked:
    """Parse and validate scenario XML; problems and warnings come back translated, with lines.

    With `settings_form`, root attributes that disagree with it are problems too.
    """
    try:
        root = parse(xml_text)
        scenario, settings = scenario_from_element(root)
    except XmlRefused as refused:
        return Checked(None, Settings(), [located(refused, gettext)], [], [refused.line], [])
    lines = source_lines(root)
    problems = setting_conflicts(root, settings_form or {})
    problems += with_lines(validate(scenario, course_content.capacity_codes()), lines)
    warnings = [] if problems else with_lines(cue_warnings(scenario), lines)
    return Checked(
        scenario,
        settings,
        [located(p, gettext) for p in problems],
        [located(w, gettext) for w in warnings],
        [p.line for p in problems],
        [w.line for w in warnings],
    )


class AuthoringMixin(StudioAuthoring):
    """Studio editing and OLX for the interview block (see the module docstring)."""

    def studio_view(self, context=None) -> Fragment:
        gettext = block_gettext(self)
        fragment = Fragment(
            render(
                PACKAGE,
                "studio_view.html",
                block=self,
                modes=engine.FEEDBACK_MODES,
                text=messages.translated(messages.STUDIO, gettext),
                scenario_xml=self.scenario_source or scenario_to_xml(self.model(), None),
            )
        )
        fragment.add_css(public_text(PACKAGE, "interview-simulation.css"))
        fragment.add_css(public_text("xblocks.common", "studio-editor.css"))
        fragment.add_javascript(public_text("xblocks.common", "transport.js"))
        fragment.add_javascript(public_text("xblocks.common", "shuffle.js"))
        fragment.add_javascript(public_text("xblocks.common", "studio-editor.js"))
        fragment.add_javascript(public_text(PACKAGE, "interview-simulation-engine.js"))
        fragment.add_javascript(public_text(PACKAGE, "interview-simulation-view.js"))
        fragment.add_javascript(public_text(PACKAGE, "interview-simulation-studio.js"))
        args = {
            "ui": messages.front_end_ui(gettext),
            "text": messages.translated(messages.STUDIO, gettext),
            "capacities": {c.code: c.label for c in course_content.capacities()},
            "seed": self.order_seed(),  # the preview shows the order this author would see
        }
        fragment.initialize_js("InterviewSimulationStudio", {"json": script_safe_json(args)})
        return fragment

    # --- authoring --------------------------------------------------------------------------

    @json_action(max_bytes=STUDIO_BODY_BYTES, role_check="_require_author")
    def studio_check(self, data: dict) -> dict:
        xml_text = data.get("scenario_xml")
        if not isinstance(xml_text, str):
            raise HandlerRefused(_('Send the scenario XML as a string in "scenario_xml".'))
        form = data.get("settings")
        form = (
            self._checked_settings({**form, "scenario_xml": ""}) if isinstance(form, dict) else {}
        )
        checked = check_scenario(xml_text, block_gettext(self), form or None)
        valid = checked.scenario is not None and not checked.problems
        return {
            "problems": checked.problems,
            "warnings": checked.warnings,
            **checked.lines(),
            "content": engine.to_dict(checked.scenario) if valid else None,
        }

    @json_action(max_bytes=STUDIO_BODY_BYTES, role_check="_require_author")
    def studio_submit(self, data: dict) -> dict:
        gettext = block_gettext(self)
        values = self._checked_settings(data)
        checked = check_scenario(data["scenario_xml"], gettext, values)
        if checked.problems:
            raise HandlerRefused(
                _("The scenario has problems: {problems}"), problems=" ".join(checked.problems)
            )
        root = parse(data["scenario_xml"], keep_comments=True)
        written = any(root.get(name) is not None for name in SETTING_ATTRIBUTES)
        source = authored_source(root) if written else data["scenario_xml"]
        self._write_fields(
            {
                "display_name": values["display_name"],
                "max_attempts": values["max_attempts"],
                "feedback_mode": values["feedback_mode"],
                "weight": values["weight"],
                "required_mark": values["required_mark"],
                "scenario_json": content_json(checked.scenario),
                "scenario_source": source,
            }
        )
        return {"result": "success", "warnings": checked.warnings, **checked.lines()}

    @staticmethod
    def _checked_settings(data: dict) -> dict:
        checks = {
            "display_name": lambda v: isinstance(v, str) and 0 < len(v.strip()) <= 200,
            "max_attempts": lambda v: type(v) is int and 0 <= v <= MAX_ATTEMPTS_LIMIT,
            "feedback_mode": lambda v: v in engine.FEEDBACK_MODES,
            "weight": lambda v: type(v) in (int, float) and 0 <= v <= MAX_WEIGHT,
            "required_mark": lambda v: v is None or (type(v) in (int, float) and 0 <= v <= 1),
            "scenario_xml": lambda v: isinstance(v, str),
        }
        for name, is_valid in checks.items():
            if not is_valid(data.get(name)):
                raise HandlerRefused(_('The value of "{field}" is not valid.'), field=name)
        return {
            **data,
            "display_name": data["display_name"].strip(),
            "weight": float(data["weight"]),
            "required_mark": float(data["required_mark"]) if data.get("required_mark") else None,
        }

    # --- OLX --------------------------------------------------------------------------------

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """Read OLX; invalid content fails the import with a message naming the block.

        The message also names the course file (for a pointer tag) and the line at fault.
        """
        imported = read_import(
            node,
            runtime,
            keys,
            scenario_from_element,
            lambda scenario: validate(scenario, course_content.capacity_codes()),
            ScenarioInvalid,
        )
        block = runtime.construct_xblock_from_class(cls, keys)
        if imported is None:
            if node.get("display_name"):
                block.display_name = node.get("display_name")
            return block
        scenario, settings, definition = (
            imported.content,
            imported.settings,
            imported.definition,
        )
        block.set_model(scenario)
        block.scenario_source = authored_source(definition)
        if settings.display_name:
            block.display_name = settings.display_name
        block.max_attempts = settings.max_attempts
        block.feedback_mode = settings.feedback_mode
        block.weight = settings.weight
        block.required_mark = settings.required_mark
        return block

    def add_xml_to_node(self, node) -> None:
        """Write OLX: the author's XML as written (comments, layout), the fields' settings."""
        node.tag = self.scope_ids.block_type
        settings = Settings(
            self.display_name,
            self.max_attempts,
            self.feedback_mode,
            self.weight,
            self.required_mark,
        )
        if not self.scenario_source:
            scenario_to_element(self.model(), settings, node)
            return
        written = parse(self.scenario_source, keep_comments=True)
        node.text = written.text
        for child in list(written):
            node.append(child)
        for name, value in settings_attributes(settings).items():
            node.set(name, value)
