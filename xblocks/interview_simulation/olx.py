"""OLX for interview simulations: the XML a trainer writes, to and from the engine model.

Import then export is stable: text is whitespace-normalised, attributes and children come out
in one fixed order, so `to_xml(from_xml(x))` read again gives the same scenario and the same
bytes. Comments and processing instructions are ignored (Open edX's import parser keeps
them). Numbers are plain decimals within bounds: no "nan" or "inf", no negative weight,
attempt count or age. The format is documented in `docs/interview-scenario-format.md`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from xblocks.common.i18n import gettext_noop as _
from xblocks.common.olx import SPACES as _SPACES
from xblocks.common.olx import boolean as _boolean
from xblocks.common.olx import ids as _ids
from xblocks.common.olx import number as _number
from xblocks.common.olx import single as _single
from xblocks.common.olx import text as _text
from xblocks.common.xml import XmlRefused, parse
from xblocks.interview_simulation.engine import (
    FEEDBACK_MODES,
    Choice,
    Ending,
    Flag,
    Node,
    Note,
    Persona,
    Scenario,
)

TAG = "interview_simulation"
# ASCII white space only: a no-break space (French typography, « » ; : ! ?) is content.


@dataclass(frozen=True)
class Settings:
    """The block settings an OLX file may carry on its root element."""

    display_name: str = ""
    max_attempts: int = 3
    feedback_mode: str = "immediate"
    weight: float = 1.0
    #: The score this activity must reach for its block to pass (0 < mark <= 1), or None.
    required_mark: float | None = None


def _required(element: etree._Element, name: str) -> str:
    value = element.get(name)
    if value is None or not value.strip():
        raise XmlRefused(
            _("<{tag}> needs the attribute {name}."), element.sourceline, tag=element.tag, name=name
        )
    return value.strip()


# Bounds of the numbers an OLX file may hold; Studio's settings form uses the same ones.
MAX_ATTEMPTS_LIMIT = 100
MAX_WEIGHT = 100
AGE_RANGE = (1, 119)


def _only(element: etree._Element, allowed: set[str]) -> None:
    """Refuse any child element not in `allowed`; comments and processing instructions pass."""
    for child in element:
        if child.tag is etree.Comment or child.tag is etree.ProcessingInstruction:
            continue
        if not isinstance(child.tag, str) or child.tag not in allowed:
            raise XmlRefused(
                _("<{tag}> cannot contain <{child}>."),
                child.sourceline,
                tag=element.tag,
                child=str(child.tag),
            )


def _choice(element: etree._Element) -> Choice:
    _only(element, {"text", "feedback", "points", "set"})
    points = tuple((_required(p, "capacity"), _number_text(p)) for p in element.findall("points"))
    return Choice(
        id=_required(element, "id"),
        text=_text(_single(element, "text")),
        next=_required(element, "next"),
        feedback=_text(_single(element, "feedback", required=False)),
        points=points,
        sets=tuple(_required(s, "flag") for s in element.findall("set")),
        requires=_ids(element.get("requires")),
        excludes=_ids(element.get("excludes")),
    )


def _number_text(element: etree._Element) -> int:
    raw = _text(element)
    if not re.fullmatch(r"-?\d{1,4}", raw):
        raise XmlRefused(
            _('<points> must hold a whole number, not "{value}".'),
            element.sourceline,
            value=raw[:40],
        )
    return int(raw)


def _note(element: etree._Element) -> Note:
    _only(element, set())
    return Note(_text(element), _ids(element.get("requires")), _ids(element.get("excludes")))


def _flag(element: etree._Element) -> Flag:
    cap = element.get("cap")
    return Flag(
        id=_required(element, "id"),
        kind=_required(element, "kind"),
        label=_text(element),
        cap=None if cap is None else _number(element, "cap", float),
    )


def scenario_from_element(root: etree._Element) -> tuple[Scenario, Settings]:
    """Read a parsed <interview_simulation> element; XmlRefused names the line at fault."""
    if root.tag != TAG:
        raise XmlRefused(_("The root element must be <{tag}>."), root.sourceline, tag=TAG)
    _only(root, {"persona", "flag", "node", "ending"})
    persona_el = _single(root, "persona")
    persona = Persona(
        name=_required(persona_el, "name"),
        age=_number(persona_el, "age", int, bounds=AGE_RANGE),
        public=_required(persona_el, "public"),
        situation=_text(persona_el),
        gender=persona_el.get("gender", "").strip(),
    )
    nodes = []
    for node_el in root.findall("node"):
        _only(node_el, {"context", "say", "choice"})
        nodes.append(
            Node(
                id=_required(node_el, "id"),
                phase=_required(node_el, "phase"),
                context=_text(_single(node_el, "context", required=False)),
                say=_text(_single(node_el, "say")),
                choices=tuple(_choice(c) for c in node_el.findall("choice")),
                shuffle=_boolean(node_el, "shuffle", True),
            )
        )
    endings = []
    for ending_el in root.findall("ending"):
        _only(ending_el, {"title", "debrief", "note"})
        endings.append(
            Ending(
                id=_required(ending_el, "id"),
                title=_text(_single(ending_el, "title")),
                debrief=_text(_single(ending_el, "debrief")),
                requires=_ids(ending_el.get("requires")),
                excludes=_ids(ending_el.get("excludes")),
                notes=tuple(_note(n) for n in ending_el.findall("note")),
            )
        )
    scenario = Scenario(
        persona=persona,
        flags=tuple(_flag(f) for f in root.findall("flag")),
        nodes=tuple(nodes),
        endings=tuple(endings),
    )
    feedback_mode = root.get("feedback_mode", Settings.feedback_mode)
    if feedback_mode not in FEEDBACK_MODES:
        raise XmlRefused(
            _('feedback_mode must be "immediate" or "debrief", not "{value}".'),
            root.sourceline,
            value=feedback_mode[:40],
        )
    settings = Settings(
        display_name=_text_attr(root, "display_name"),
        max_attempts=_number(
            root, "max_attempts", int, Settings.max_attempts, (0, MAX_ATTEMPTS_LIMIT)
        ),
        feedback_mode=feedback_mode,
        weight=_number(root, "weight", float, Settings.weight, (0, MAX_WEIGHT)),
        required_mark=_required_mark(root),
    )
    return scenario, settings


def _required_mark(root: etree._Element) -> float | None:
    if root.get("required_mark") in (None, ""):
        return None
    mark = _number(root, "required_mark", float, None, (0, 1))
    return mark if mark > 0 else None


def _text_attr(element: etree._Element, name: str) -> str:
    return _SPACES.sub(" ", element.get(name, "")).strip()


def scenario_from_xml(text: str | bytes) -> tuple[Scenario, Settings]:
    """Parse untrusted scenario XML (hardened) into the model and its settings."""
    return scenario_from_element(parse(text))


def _sub(parent: etree._Element, tag: str, text: str = "", **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text:
        child.text = text
    return child


def settings_attributes(settings: Settings | None) -> dict[str, str]:
    """The root attributes that carry `settings` in OLX, in their canonical spelling."""
    if settings is None:
        return {}
    found = {"display_name": settings.display_name} if settings.display_name else {}
    return {
        **found,
        "max_attempts": str(settings.max_attempts),
        "feedback_mode": settings.feedback_mode,
        "weight": repr(float(settings.weight)),
        **(
            {"required_mark": repr(float(settings.required_mark))}
            if settings.required_mark is not None
            else {}
        ),
    }


def scenario_to_element(
    scenario: Scenario, settings: Settings | None, root: etree._Element | None = None
) -> etree._Element:
    """Write the scenario into `root` (created if None), in the canonical order.

    Without settings (the Studio editor, where they have fields of their own), the root
    carries none of their attributes.
    """
    if root is None:
        root = etree.Element(TAG)
    for name, value in settings_attributes(settings).items():
        root.set(name, value)
    p = scenario.persona
    _sub(
        root,
        "persona",
        p.situation,
        name=p.name,
        age=str(p.age),
        public=p.public,
        gender=p.gender,
    )
    for flag in scenario.flags:
        cap = "" if flag.cap is None else repr(float(flag.cap))
        _sub(root, "flag", flag.label, id=flag.id, kind=flag.kind, cap=cap)
    for node in scenario.nodes:
        node_el = _sub(
            root, "node", id=node.id, phase=node.phase, shuffle="" if node.shuffle else "false"
        )
        if node.context:
            _sub(node_el, "context", node.context)
        _sub(node_el, "say", node.say)
        for c in node.choices:
            choice_el = _sub(
                node_el,
                "choice",
                id=c.id,
                next=c.next,
                requires=" ".join(c.requires),
                excludes=" ".join(c.excludes),
            )
            _sub(choice_el, "text", c.text)
            if c.feedback:
                _sub(choice_el, "feedback", c.feedback)
            for code, value in c.points:
                _sub(choice_el, "points", str(value), capacity=code)
            for flag_id in c.sets:
                _sub(choice_el, "set", flag=flag_id)
    for e in scenario.endings:
        ending_el = _sub(
            root, "ending", id=e.id, requires=" ".join(e.requires), excludes=" ".join(e.excludes)
        )
        _sub(ending_el, "title", e.title)
        _sub(ending_el, "debrief", e.debrief)
        for note in e.notes:
            _sub(
                ending_el,
                "note",
                note.text,
                requires=" ".join(note.requires),
                excludes=" ".join(note.excludes),
            )
    return root


def scenario_to_xml(scenario: Scenario, settings: Settings | None, url_name: str = "") -> str:
    root = etree.Element(TAG)
    if url_name:
        root.set("url_name", url_name)
    scenario_to_element(scenario, settings, root)
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


def source_lines(root: etree._Element) -> dict[tuple[str, str], list[int]]:
    """Where each flag, node, choice and ending is declared, for messages that give a line."""
    lines: dict[tuple[str, str], list[int]] = {}
    for element in root.iter("persona", "flag", "node", "choice", "ending"):
        key = (element.tag, "" if element.tag == "persona" else element.get("id", ""))
        lines.setdefault(key, []).append(element.sourceline)
    return lines
