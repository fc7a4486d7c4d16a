"""OLX for partner networks: the XML a trainer writes, to and from the engine model.

Import then export is stable: text is whitespace-normalised, attributes and children come out
in one fixed order and defaults are left out, so `network_to_xml(network_from_xml(x))` read
again gives the same network and the same bytes. Comments and processing instructions are
ignored. Every refusal names the line of the element at fault, and an attribute the format does
not know is refused rather than ignored (a `domain=` written for `domains=` would silently
drop the reference answer). The format is documented in `docs/partner-network-format.md`.

The readers (`required`, `checked`, `leaf`, `number`, `single`, `boolean`) are the ones all
blocks share, in `xblocks/common/olx.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from xblocks.common.i18n import gettext_noop as _
from xblocks.common.olx import SPACES as _SPACES
from xblocks.common.olx import boolean as _boolean
from xblocks.common.olx import checked as _checked
from xblocks.common.olx import ids as _ids
from xblocks.common.olx import leaf as _leaf_text
from xblocks.common.olx import number as _number
from xblocks.common.olx import required as _required
from xblocks.common.olx import single as _single
from xblocks.common.olx import text as _text
from xblocks.common.xml import XmlRefused, parse
from xblocks.partner_network.model import (
    PARTS,
    ChoiceList,
    Indicator,
    MapTask,
    Mobilise,
    Network,
    Option,
    PartnerCard,
    Question,
    QuestionsTask,
    Relation,
    RelationType,
    Situation,
    SituationsTask,
    StrategiesTask,
    Strategy,
    Structure,
    Territory,
)

TAG = "partner_network"
SHOW_REFERENCE = ("never", "after_last", "always")
MAX_ATTEMPTS_LIMIT = 100
MAX_WEIGHT = 100
POINTS_RANGE = (1, 100)
CARD_TEXTS = ("mission", "public", "funding", "contact")
# ASCII white space only: a no-break space (French typography, « » ; : ! ?) is content.
_SETTINGS = {"display_name", "max_attempts", "weight", "show_reference", "required_mark"}
_SCORED = {"points", "capacities"}
# The attributes of each element; the root's are the settings (and what a runtime adds).
ATTRIBUTES: dict[str, set[str]] = {
    "territory": {"name"},
    "indicator": {"id", "label", "date", "source"},
    "structure": {"id", "name", "kind"},
    "relation_type": {"id", "label"},
    "partner": {"id", "name", "kind", "domains", *_SCORED},
    "map": {"capacities"},
    "relation": {"id", "from", "to", "type", "direction", "strength", "tension", *_SCORED},
    "questions": {"capacities"},
    "question": {"id", "select", "shuffle", *_SCORED},
    "option": {"correct"},
    "strategies": {"capacities"},
    "strategy": {"id", "partner", "shuffle", *_SCORED},
    "expects": {"select"},
    "offers": {"select"},
    "situations": {"capacities"},
    "situation": {"id", "title", "cap", *_SCORED},
    "mobilise": {"partner", "urgent"},
}


@dataclass(frozen=True)
class Settings:
    """The block settings an OLX file may carry on its root element."""

    display_name: str = ""
    max_attempts: int = 3
    weight: float = 1.0
    #: When the learner sees the reference map: never, after the last attempt, after each.
    show_reference: str = "after_last"
    #: The score this activity must reach for its block to pass (0 < mark <= 1), or None.
    required_mark: float | None = None


# --- Readers ----------------------------------------------------------------------------------


def _element(element: etree._Element, children: set[str], root: bool = False) -> etree._Element:
    return _checked(element, children, ATTRIBUTES, root)


def _leaf(element: etree._Element | None) -> str:
    return _leaf_text(element, ATTRIBUTES)


def _scored(element: etree._Element) -> dict:
    return {
        "points": _number(element, "points", int, 1, POINTS_RANGE),
        "capacities": _ids(element.get("capacities")),
    }


def _territory(element: etree._Element) -> Territory:
    _element(element, {"profile", "indicator"})
    indicators = tuple(
        Indicator(
            id=_required(_element(i, set()), "id"),
            label=_required(i, "label"),
            value=_text(i),
            date=_required(i, "date"),
            source=_required(i, "source"),
        )
        for i in element.findall("indicator")
    )
    profile = _leaf(_single(element, "profile", required=False))
    return Territory(_required(element, "name"), profile, indicators)


def _partner(element: etree._Element) -> PartnerCard:
    _element(element, {"mission", "public", "funding", "contact"})
    texts = {tag: _leaf(_single(element, tag, required=False)) for tag in CARD_TEXTS}
    return PartnerCard(
        id=_required(element, "id"),
        name=_required(element, "name"),
        kind=_required(element, "kind"),
        domains=_ids(element.get("domains")),
        **texts,
        **_scored(element),
    )


def _relation(element: etree._Element) -> Relation:
    _element(element, set())
    return Relation(
        id=_required(element, "id"),
        source=_required(element, "from"),
        target=_required(element, "to"),
        type=_required(element, "type"),
        direction=element.get("direction", "one_way").strip(),
        strength=element.get("strength", "moderate").strip(),
        tension=_boolean(element, "tension", False),
        meaning=_text(element),
        **_scored(element),
    )


def _choices(element: etree._Element, select: str) -> ChoiceList:
    options = tuple(
        Option(_leaf(o), _boolean(o, "correct", False)) for o in element.findall("option")
    )
    return ChoiceList(options, element.get("select", select).strip())


def _question(element: etree._Element) -> Question:
    _element(element, {"prompt", "option", "feedback"})
    return Question(
        id=_required(element, "id"),
        prompt=_leaf(_single(element, "prompt")),
        choices=_choices(element, "one"),
        shuffle=_boolean(element, "shuffle", True),
        feedback=_leaf(_single(element, "feedback", required=False)),
        **_scored(element),
    )


def _strategy(element: etree._Element) -> Strategy:
    _element(element, {"prompt", "expects", "offers", "feedback"})
    lists = {}
    for part in PARTS:
        found = _single(element, part, required=False)
        lists[part] = None if found is None else _choices(_element(found, {"option"}), "many")
    return Strategy(
        id=_required(element, "id"),
        partner=_required(element, "partner"),
        prompt=_leaf(_single(element, "prompt", required=False)),
        shuffle=_boolean(element, "shuffle", True),
        feedback=_leaf(_single(element, "feedback", required=False)),
        **lists,
        **_scored(element),
    )


def _situation(element: etree._Element) -> Situation:
    _element(element, {"text", "mobilise", "feedback"})
    mobilise = tuple(
        Mobilise(_required(_element(m, set()), "partner"), _boolean(m, "urgent", False))
        for m in element.findall("mobilise")
    )
    cap = element.get("cap")
    return Situation(
        id=_required(element, "id"),
        title=_required(element, "title"),
        text=_leaf(_single(element, "text")),
        mobilise=mobilise,
        cap=None if cap is None else _number(element, "cap", float, bounds=(0, 1)),
        feedback=_leaf(_single(element, "feedback", required=False)),
        **_scored(element),
    )


def _task(root: etree._Element, tag: str, child: str, read, task_class):
    element = _single(root, tag, required=False)
    if element is None:
        return None
    _element(element, {child})
    items = tuple(read(item) for item in element.findall(child))
    return task_class(_ids(element.get("capacities")), items)


def network_from_element(root: etree._Element) -> tuple[Network, Settings]:
    """Read a parsed <partner_network> element; XmlRefused names the line at fault."""
    if root.tag != TAG:
        raise XmlRefused(_("The root element must be <{tag}>."), root.sourceline, tag=TAG)
    children = {"territory", "structure", "relation_type", "partner", "map"}
    _element(root, children | {"questions", "strategies", "situations"}, root=True)
    structure_el = _element(_single(root, "structure"), set())
    territory_el = _single(root, "territory", required=False)
    map_el = _single(root, "map", required=False)
    if map_el is not None:
        _element(map_el, {"relation"})
    network = Network(
        structure=Structure(
            id=_required(structure_el, "id"),
            name=_required(structure_el, "name"),
            kind=_required(structure_el, "kind"),
            description=_text(structure_el),
        ),
        relation_types=tuple(
            RelationType(_required(_element(t, set()), "id"), _required(t, "label"), _text(t))
            for t in root.findall("relation_type")
        ),
        partners=tuple(_partner(p) for p in root.findall("partner")),
        territory=None if territory_el is None else _territory(territory_el),
        map=None
        if map_el is None
        else MapTask(
            _ids(map_el.get("capacities")),
            tuple(_relation(r) for r in map_el.findall("relation")),
        ),
        questions=_task(root, "questions", "question", _question, QuestionsTask),
        strategies=_task(root, "strategies", "strategy", _strategy, StrategiesTask),
        situations=_task(root, "situations", "situation", _situation, SituationsTask),
    )
    return network, _settings(root)


def _settings(root: etree._Element) -> Settings:
    show = root.get("show_reference", Settings.show_reference).strip()
    if show not in SHOW_REFERENCE:
        raise XmlRefused(
            _('show_reference must be one of {allowed}, not "{value}".'),
            root.sourceline,
            allowed=", ".join(SHOW_REFERENCE),
            value=show[:40],
        )
    mark = None
    if root.get("required_mark") not in (None, ""):
        mark = _number(root, "required_mark", float, None, (0, 1)) or None
    return Settings(
        display_name=_SPACES.sub(" ", root.get("display_name", "")).strip(),
        max_attempts=_number(
            root, "max_attempts", int, Settings.max_attempts, (0, MAX_ATTEMPTS_LIMIT)
        ),
        weight=_number(root, "weight", float, Settings.weight, (0, MAX_WEIGHT)),
        show_reference=show,
        required_mark=mark,
    )


def network_from_xml(text: str | bytes) -> tuple[Network, Settings]:
    """Parse untrusted partner network XML (hardened) into the model and its settings."""
    return network_from_element(parse(text))


# --- Writer -----------------------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, text: str = "", **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items() if v})
    if text:
        child.text = text
    return child


def _scored_attrs(item) -> dict[str, str]:
    return {
        "points": "" if item.points == 1 else str(item.points),
        "capacities": " ".join(item.capacities),
    }


def settings_attributes(settings: Settings | None) -> dict[str, str]:
    """The root attributes that carry `settings` in OLX, in their canonical spelling."""
    if settings is None:
        return {}
    found = {"display_name": settings.display_name} if settings.display_name else {}
    found.update(
        max_attempts=str(settings.max_attempts),
        weight=repr(float(settings.weight)),
        show_reference=settings.show_reference,
    )
    if settings.required_mark is not None:
        found["required_mark"] = repr(float(settings.required_mark))
    return found


def _write_choices(parent: etree._Element, choices: ChoiceList, default: str) -> None:
    if choices.select != default:
        parent.set("select", choices.select)
    for option in choices.options:
        _sub(parent, "option", option.text, correct="true" if option.correct else "")


def _write_map(root: etree._Element, network: Network) -> None:
    map_el = _sub(root, "map", capacities=" ".join(network.map.capacities))
    for r in network.map.relations:
        _sub(
            map_el,
            "relation",
            r.meaning,
            id=r.id,
            from_=r.source,
            to=r.target,
            type=r.type,
            direction="" if r.direction == "one_way" else r.direction,
            strength="" if r.strength == "moderate" else r.strength,
            tension="true" if r.tension else "",
            **_scored_attrs(r),
        )


def _write_tasks(root: etree._Element, network: Network) -> None:
    shuffle = lambda item: "" if item.shuffle else "false"  # noqa: E731
    if network.questions is not None:
        task = _sub(root, "questions", capacities=" ".join(network.questions.capacities))
        for q in network.questions.items:
            element = _sub(task, "question", id=q.id, shuffle=shuffle(q), **_scored_attrs(q))
            _sub(element, "prompt", q.prompt)
            _write_choices(element, q.choices, "one")
            if q.feedback:
                _sub(element, "feedback", q.feedback)
    if network.strategies is not None:
        task = _sub(root, "strategies", capacities=" ".join(network.strategies.capacities))
        for s in network.strategies.items:
            element = _sub(
                task,
                "strategy",
                id=s.id,
                partner=s.partner,
                shuffle=shuffle(s),
                **_scored_attrs(s),
            )
            if s.prompt:
                _sub(element, "prompt", s.prompt)
            for part, choices in s.lists():
                _write_choices(_sub(element, part), choices, "many")
            if s.feedback:
                _sub(element, "feedback", s.feedback)
    if network.situations is not None:
        task = _sub(root, "situations", capacities=" ".join(network.situations.capacities))
        for s in network.situations.items:
            cap = "" if s.cap is None else repr(float(s.cap))
            element = _sub(task, "situation", id=s.id, title=s.title, cap=cap, **_scored_attrs(s))
            _sub(element, "text", s.text)
            for m in s.mobilise:
                _sub(element, "mobilise", partner=m.partner, urgent="true" if m.urgent else "")
            if s.feedback:
                _sub(element, "feedback", s.feedback)


def network_to_element(
    network: Network, settings: Settings | None, root: etree._Element | None = None
) -> etree._Element:
    """Write the network into `root` (created if None), in the canonical order.

    Without settings (the Studio editor, where they have fields of their own), the root
    carries none of their attributes.
    """
    if root is None:
        root = etree.Element(TAG)
    for name, value in settings_attributes(settings).items():
        root.set(name, value)
    if network.territory is not None:
        t = network.territory
        territory = _sub(root, "territory", name=t.name)
        if t.profile:
            _sub(territory, "profile", t.profile)
        for i in t.indicators:
            _sub(
                territory,
                "indicator",
                i.value,
                id=i.id,
                label=i.label,
                date=i.date,
                source=i.source,
            )
    s = network.structure
    _sub(root, "structure", s.description, id=s.id, name=s.name, kind=s.kind)
    for t in network.relation_types:
        _sub(root, "relation_type", t.meaning, id=t.id, label=t.label)
    for p in network.partners:
        partner = _sub(
            root,
            "partner",
            id=p.id,
            name=p.name,
            kind=p.kind,
            domains=" ".join(p.domains),
            **_scored_attrs(p),
        )
        for tag in CARD_TEXTS:
            if getattr(p, tag):
                _sub(partner, tag, getattr(p, tag))
    if network.map is not None:
        _write_map(root, network)
    _write_tasks(root, network)
    return root


def network_to_xml(network: Network, settings: Settings | None, url_name: str = "") -> str:
    root = etree.Element(TAG)
    if url_name:
        root.set("url_name", url_name)
    network_to_element(network, settings, root)
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


# --- Where each element is written --------------------------------------------------------------

_KEYED = {"indicator", "structure", "relation_type", "partner", "relation", "question"}
_KEYED |= {"strategy", "situation"}


def source_lines(root: etree._Element) -> dict[tuple[str, str], list[int]]:
    """The line of every element, keyed for the messages that name it.

    Elements with an id by (tag, id); an option by ("option", "<question>:<part>:<n>"), n from
    1; a mobilise by ("mobilise", "<situation>:<partner>"); a strategy's list by (part,
    strategy id); the others by (tag, "").
    """
    lines: dict[tuple[str, str], list[int]] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag, parent = element.tag, element.getparent()
        if tag in _KEYED:
            key = element.get("id", "")
        elif tag == "option" and parent is not None:
            owner = parent if parent.tag == "question" else parent.getparent()
            part = "" if parent.tag == "question" else parent.tag
            number = parent.findall("option").index(element) + 1
            key = f"{owner.get('id', '') if owner is not None else ''}:{part}:{number}"
        elif tag == "mobilise" and parent is not None:
            key = f"{parent.get('id', '')}:{element.get('partner', '')}"
        elif tag in ("expects", "offers") and parent is not None:
            key = parent.get("id", "")
        else:
            key = ""
        lines.setdefault((tag, key), []).append(element.sourceline)
    return lines
