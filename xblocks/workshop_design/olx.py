"""OLX for workshop designs: the XML a trainer writes, to and from the engine model.

Import then export is stable: text is whitespace-normalised, attributes and children come out
in one fixed order and defaults are left out, so `workshop_to_xml(workshop_from_xml(x))` read
again gives the same activity and the same bytes. Comments are ignored. Every refusal names
the line of the element at fault, and an attribute the format does not know is refused. The
format is documented in `docs/workshop-design-format.md`.

Without `<checks>`, every check counts with its default weight; without `<rubric>`, the
course's rubric (`default-rubric.xml`, the nine criteria of the certification's lesson)
applies.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from lxml import etree

from xblocks.common.i18n import gettext_noop as _
from xblocks.common.olx import checked, ids, leaf, number, required, single, text
from xblocks.common.resources import public_text
from xblocks.common.xml import XmlRefused, parse
from xblocks.workshop_design.model import (
    CHECKS,
    Brief,
    CheckSpec,
    Commissioner,
    Constraint,
    Criterion,
    Item,
    Level,
    Public,
    Workshop,
    empty_plan,
)

TAG = "workshop_design"
PACKAGE = "xblocks.workshop_design"
MAX_ATTEMPTS_LIMIT = 100
MAX_WEIGHT = 100
DEFAULT_WEIGHTS = {
    "duration": 2,
    "alignment": 3,
    "verbs": 1,
    "variety": 1,
    "plausible": 1,
    "constraints": 2,
    "required": 2,
}
_SETTINGS = {"display_name", "max_attempts", "weight", "required_mark"}
ATTRIBUTES: dict[str, set[str]] = {
    "brief": {"title"},
    "commissioner": {"kind"},
    "public": {"size_min", "size_max"},
    "profile": set(),
    "constraint": {"id", "kind"},
    "need": set(),
    "outcome": {"id"},
    "duration": {"minutes", "tolerance", "sessions", "mode"},
    "budget": set(),
    "logistics": set(),
    "deliverable": {"id"},
    "indicator": {"id"},
    "checks": {"share"},
    "check": {"id", "weight", "capacities", "minimum"},
    "verbs": set(),
    "rubric": set(),
    "criterion": {"id", "label", "capacities"},
    "prompt": set(),
    "level": {"points", "label"},
    "notes": set(),
    "example": set(),
    "goal": set(),
    "objective": {"id"},
    "sequence": {"id", "method", "minutes", "objectives"},
    "title": set(),
    "materials": set(),
    "access": set(),
    "evaluation": {"id", "kind", "objectives"},
    "answer": {"to", "id"},
    "report": set(),
}
_ANSWER_PARTS = {
    "constraint": "constraints",
    "deliverable": "deliverables",
    "indicator": "indicators",
}


@dataclass(frozen=True)
class Settings:
    """The block settings an OLX file may carry on its root element."""

    display_name: str = ""
    max_attempts: int = 1
    weight: float = 1.0
    #: The score this activity must reach for its block to pass (0 < mark <= 1), or None.
    required_mark: float | None = None


def _check(element, children=frozenset()):
    return checked(element, set(children), ATTRIBUTES)


def _leaf(element):
    return leaf(element, ATTRIBUTES)


def _item(element) -> Item:
    return Item(required(element, "id"), _leaf(element))


def _brief(element) -> Brief:
    _check(
        element,
        {
            "commissioner",
            "public",
            "need",
            "outcome",
            "duration",
            "budget",
            "logistics",
            "deliverable",
            "indicator",
        },
    )
    commissioner = single(element, "commissioner")
    public = _check(single(element, "public"), {"profile", "constraint"})
    duration = single(element, "duration")
    _check(duration)
    return Brief(
        title=required(element, "title"),
        commissioner=Commissioner(required(commissioner, "kind"), _leaf(commissioner)),
        public=Public(
            size_min=number(public, "size_min", int, None, (1, 500)),
            size_max=number(public, "size_max", int, None, (1, 500)),
            profile=_leaf(single(public, "profile")),
            constraints=tuple(
                Constraint(required(c, "id"), required(c, "kind"), _leaf(c))
                for c in public.findall("constraint")
            ),
        ),
        need=_leaf(single(element, "need")),
        minutes=number(duration, "minutes", int, None, (1, 60 * 200)),
        tolerance=number(duration, "tolerance", int, 0, (0, 60 * 50)),
        sessions=number(duration, "sessions", int, 1, (1, 200)),
        mode=duration.get("mode", "on_site"),
        format=text(duration),
        outcomes=tuple(_item(e) for e in element.findall("outcome")),
        budget=_leaf(single(element, "budget", required=False)),
        logistics=_leaf(single(element, "logistics", required=False)),
        deliverables=tuple(_item(e) for e in element.findall("deliverable")),
        indicators=tuple(_item(e) for e in element.findall("indicator")),
    )


def _checks(element) -> tuple[tuple[CheckSpec, ...], float]:
    if element is None:
        return tuple(CheckSpec(c, DEFAULT_WEIGHTS[c]) for c in CHECKS), 0.4
    _check(element, {"check"})
    found = []
    for child in element.findall("check"):
        _check(child)
        found.append(
            CheckSpec(
                id=required(child, "id"),
                weight=number(child, "weight", int, 1, (0, 100)),
                capacities=ids(child.get("capacities")),
                minimum=number(child, "minimum", int, 0, (0, 14)),
            )
        )
    share = number(element, "share", float, 0.4, (0.0, 1.0))
    return tuple(found), share


def _criterion(element) -> Criterion:
    _check(element, {"prompt", "level", "notes"})
    levels = []
    for level in element.findall("level"):
        _check(level)
        levels.append(
            Level(
                number(level, "points", int, None, (0, 100)), required(level, "label"), text(level)
            )
        )
    return Criterion(
        id=required(element, "id"),
        label=required(element, "label"),
        prompt=_leaf(single(element, "prompt")),
        levels=tuple(levels),
        notes=_leaf(single(element, "notes", required=False)),
        capacities=ids(element.get("capacities")),
    )


def _criteria(element) -> tuple[Criterion, ...]:
    _check(element, {"criterion"})
    return tuple(_criterion(c) for c in element.findall("criterion"))


@cache
def default_criteria() -> tuple[Criterion, ...]:
    """The course's rubric: the nine criteria the certification's lesson announces."""
    return _criteria(parse(public_text(PACKAGE, "default-rubric.xml")))


def _example(element) -> dict:
    """A worked example: a plan as the learner's state holds it."""
    _check(
        element, {"goal", "objective", "sequence", "evaluation", "logistics", "answer", "report"}
    )
    plan = empty_plan()
    plan["goal"] = _leaf(single(element, "goal", required=False))
    plan["logistics"] = _leaf(single(element, "logistics", required=False))
    plan["report"] = _leaf(single(element, "report", required=False))
    plan["objectives"] = [
        {"id": required(o, "id"), "text": _leaf(o)} for o in element.findall("objective")
    ]
    for s in element.findall("sequence"):
        _check(s, {"title", "materials", "notes", "access"})
        plan["sequences"].append(
            {
                "id": required(s, "id"),
                "title": _leaf(single(s, "title")),
                "objectives": list(ids(s.get("objectives"))),
                "method": required(s, "method"),
                "minutes": number(s, "minutes", int, None, (0, 480)),
                "materials": _leaf(single(s, "materials", required=False)),
                "notes": _leaf(single(s, "notes", required=False)),
                "access": _leaf(single(s, "access", required=False)),
            }
        )
    for e in element.findall("evaluation"):
        plan["evaluations"].append(
            {
                "id": required(e, "id"),
                "kind": required(e, "kind"),
                "objectives": list(ids(e.get("objectives"))),
                "text": _leaf(e),
            }
        )
    for a in element.findall("answer"):
        part = _ANSWER_PARTS.get(required(a, "to"))
        if part is None:
            raise XmlRefused(
                _('<answer> to="{value}" must be constraint, deliverable or indicator.'),
                a.sourceline,
                value=a.get("to", "")[:40],
            )
        plan[part][required(a, "id")] = _leaf(a)
    return plan


def workshop_from_element(root: etree._Element) -> tuple[Workshop, Settings]:
    if root.tag != TAG:
        raise XmlRefused(_("The root element must be <{tag}>."), root.sourceline, tag=TAG)
    checked(root, {"brief", "checks", "verbs", "rubric", "example"}, ATTRIBUTES, root=True)
    check_specs, share = _checks(single(root, "checks", required=False))
    rubric = single(root, "rubric", required=False)
    verbs = single(root, "verbs", required=False)
    example = single(root, "example", required=False)
    workshop = Workshop(
        brief=_brief(single(root, "brief")),
        checks=check_specs,
        criteria=default_criteria() if rubric is None else _criteria(rubric),
        checks_share=share,
        # As `checks.first_verb` reads an objective: composed, the apostrophe typographic.
        verbs=tuple(
            unicodedata.normalize("NFC", verb).replace("'", "’") for verb in _leaf(verbs).split()
        )
        if verbs is not None
        else (),
        example=None if example is None else _example(example),
    )
    return workshop, _settings(root)


def _settings(root) -> Settings:
    mark = root.get("required_mark")
    return Settings(
        display_name=text_attribute(root, "display_name"),
        max_attempts=number(root, "max_attempts", int, 1, (0, MAX_ATTEMPTS_LIMIT)),
        weight=number(root, "weight", float, 1.0, (0.0, MAX_WEIGHT)),
        required_mark=None
        if mark is None
        else number(root, "required_mark", float, None, (0.0, 1.0)),
    )


def text_attribute(element, name: str) -> str:
    return " ".join((element.get(name) or "").split())


def workshop_from_xml(source: str | bytes) -> tuple[Workshop, Settings]:
    return workshop_from_element(parse(source))


# --- Writers -----------------------------------------------------------------------------------


def _sub(parent, tag: str, body: str = "", **attrs: str):
    element = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v != ""})
    if body:
        element.text = body
    return element


def _write_brief(root, brief: Brief) -> None:
    element = _sub(root, "brief", title=brief.title)
    _sub(element, "commissioner", brief.commissioner.name, kind=brief.commissioner.kind)
    public = _sub(
        element, "public", size_min=str(brief.public.size_min), size_max=str(brief.public.size_max)
    )
    _sub(public, "profile", brief.public.profile)
    for c in brief.public.constraints:
        _sub(public, "constraint", c.text, id=c.id, kind=c.kind)
    _sub(element, "need", brief.need)
    for o in brief.outcomes:
        _sub(element, "outcome", o.text, id=o.id)
    _sub(
        element,
        "duration",
        brief.format,
        minutes=str(brief.minutes),
        tolerance=str(brief.tolerance) if brief.tolerance else "",
        sessions=str(brief.sessions) if brief.sessions != 1 else "",
        mode=brief.mode if brief.mode != "on_site" else "",
    )
    if brief.budget:
        _sub(element, "budget", brief.budget)
    if brief.logistics:
        _sub(element, "logistics", brief.logistics)
    for d in brief.deliverables:
        _sub(element, "deliverable", d.text, id=d.id)
    for i in brief.indicators:
        _sub(element, "indicator", i.text, id=i.id)


def _write_checks(root, workshop: Workshop) -> None:
    defaults = tuple(CheckSpec(c, DEFAULT_WEIGHTS[c]) for c in CHECKS)
    if workshop.checks == defaults and workshop.checks_share == 0.4:
        return
    element = _sub(
        root, "checks", share=_figure(workshop.checks_share) if workshop.checks_share != 0.4 else ""
    )
    for spec in workshop.checks:
        _sub(
            element,
            "check",
            id=spec.id,
            weight=str(spec.weight) if spec.weight != 1 else "",
            capacities=" ".join(spec.capacities),
            minimum=str(spec.minimum) if spec.minimum else "",
        )


def _write_rubric(root, criteria: tuple[Criterion, ...]) -> None:
    if criteria == default_criteria():
        return
    element = _sub(root, "rubric")
    for c in criteria:
        criterion = _sub(
            element, "criterion", id=c.id, label=c.label, capacities=" ".join(c.capacities)
        )
        _sub(criterion, "prompt", c.prompt)
        for level in c.levels:
            _sub(criterion, "level", level.text, points=str(level.points), label=level.label)
        if c.notes:
            _sub(criterion, "notes", c.notes)


def _write_example(root, plan: dict) -> None:
    element = _sub(root, "example")
    if plan["goal"]:
        _sub(element, "goal", plan["goal"])
    for o in plan["objectives"]:
        _sub(element, "objective", o["text"], id=o["id"])
    for s in plan["sequences"]:
        sequence = _sub(
            element,
            "sequence",
            id=s["id"],
            method=s["method"],
            minutes=str(s["minutes"]),
            objectives=" ".join(s["objectives"]),
        )
        _sub(sequence, "title", s["title"])
        for name in ("materials", "notes", "access"):
            if s[name]:
                _sub(sequence, name, s[name])
    for e in plan["evaluations"]:
        _sub(
            element,
            "evaluation",
            e["text"],
            id=e["id"],
            kind=e["kind"],
            objectives=" ".join(e["objectives"]),
        )
    if plan["logistics"]:
        _sub(element, "logistics", plan["logistics"])
    for to, part in _ANSWER_PARTS.items():
        for key, value in plan[part].items():
            _sub(element, "answer", value, to=to, id=key)
    if plan["report"]:
        _sub(element, "report", plan["report"])


def _figure(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def settings_attributes(settings: Settings | None) -> dict[str, str]:
    if settings is None:
        return {}
    found = {
        "display_name": settings.display_name,
        "max_attempts": str(settings.max_attempts) if settings.max_attempts != 1 else "",
        "weight": _figure(settings.weight) if settings.weight != 1.0 else "",
        "required_mark": "" if settings.required_mark is None else _figure(settings.required_mark),
    }
    return {k: v for k, v in found.items() if v}


def workshop_to_element(workshop: Workshop, settings: Settings | None, element) -> None:
    for name, value in settings_attributes(settings).items():
        element.set(name, value)
    _write_brief(element, workshop.brief)
    _write_checks(element, workshop)
    if workshop.verbs:
        _sub(element, "verbs", " ".join(workshop.verbs))
    _write_rubric(element, workshop.criteria)
    if workshop.example is not None:
        _write_example(element, workshop.example)


def workshop_to_xml(workshop: Workshop, settings: Settings | None, url_name: str = "") -> str:
    root = etree.Element(TAG)
    if url_name:
        root.set("url_name", url_name)
    workshop_to_element(workshop, settings, root)
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"
