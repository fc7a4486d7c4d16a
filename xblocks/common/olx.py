"""Readers of OLX elements and attributes the blocks share: strict, located, translatable.

Every refusal is an `XmlRefused` carrying the line of the element at fault, so that Studio
and the `check` command can point the trainer at it.
"""

from __future__ import annotations

import math
import re

from lxml import etree

from xblocks.common.i18n import gettext_noop as _
from xblocks.common.xml import XmlRefused

SPACES = re.compile(r"[ \t\n\r\f\v]+")
_INTEGER = re.compile(r"[+-]?[0-9]{1,9}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]*)?|\.[0-9]{1,15})(?:[eE][+-]?[0-9]{1,3})?")


def required(element: etree._Element, name: str) -> str:
    """An attribute that must be there and not blank, white space collapsed."""
    value = element.get(name)
    if value is None or not value.strip():
        raise XmlRefused(
            _("<{tag}> needs the attribute {name}."), element.sourceline, tag=element.tag, name=name
        )
    return SPACES.sub(" ", value).strip()


def checked(
    element: etree._Element,
    children: set[str],
    attributes: dict[str, set[str]],
    root: bool = False,
) -> etree._Element:
    """Refuse a child element not in `children` and an attribute the format does not know
    (`attributes`: the known ones of each tag). On the root, a runtime may add its own: only
    the settings are read there. Comments and processing instructions are let through."""
    allowed = attributes.get(element.tag, set())
    for name in () if root else element.attrib:
        if name not in allowed:
            raise XmlRefused(
                _("<{tag}> has no attribute {name} (it takes: {allowed})."),
                element.sourceline,
                tag=element.tag,
                name=str(name)[:40],
                allowed=", ".join(sorted(allowed)) or "—",
            )
    for child in element:
        if child.tag is etree.Comment or child.tag is etree.ProcessingInstruction:
            continue
        if not isinstance(child.tag, str) or child.tag not in children:
            raise XmlRefused(
                _("<{tag}> cannot contain <{child}>."),
                child.sourceline,
                tag=element.tag,
                child=str(child.tag),
            )
    return element


def leaf(element: etree._Element | None, attributes: dict[str, set[str]]) -> str:
    """The text of an element that holds only text ("" when absent)."""
    return "" if element is None else text(checked(element, set(), attributes))


def text(element: etree._Element | None) -> str:
    """The text of an element and its children, white space collapsed ("" when absent)."""
    if element is None:
        return ""
    return SPACES.sub(" ", "".join(element.itertext())).strip()


def ids(value: str | None) -> tuple[str, ...]:
    """A space-separated list of ids."""
    return tuple(value.split()) if value else ()


def number(element: etree._Element, name: str, kind: type, default=None, bounds=None):
    """A number attribute: ASCII digits only (no "nan", "inf", "1_0"), within `bounds`."""
    raw = element.get(name)
    if raw is None:
        if default is None:
            raise XmlRefused(
                _("<{tag}> needs the attribute {name}."),
                element.sourceline,
                tag=element.tag,
                name=name,
            )
        return default
    whole = kind is int
    if not (_INTEGER if whole else _DECIMAL).fullmatch(raw.strip()):
        raise XmlRefused(
            _('<{tag}> {name}="{value}" is not a whole number.')
            if whole
            else _('<{tag}> {name}="{value}" is not a number.'),
            element.sourceline,
            tag=element.tag,
            name=name,
            value=raw[:40],
        )
    value = kind(raw.strip())
    if bounds is not None and not (math.isfinite(value) and bounds[0] <= value <= bounds[1]):
        raise XmlRefused(
            _('<{tag}> {name}="{value}" must be between {low} and {high}.'),
            element.sourceline,
            tag=element.tag,
            name=name,
            value=raw[:40],
            low=bounds[0],
            high=bounds[1],
        )
    return value


def boolean(element: etree._Element, name: str, default: bool) -> bool:
    """A "true"/"false" attribute."""
    raw = element.get(name)
    if raw is None:
        return default
    if raw.strip() not in ("true", "false"):
        raise XmlRefused(
            _('<{tag}> {name}="{value}" must be "true" or "false".'),
            element.sourceline,
            tag=element.tag,
            name=name,
            value=raw[:40],
        )
    return raw.strip() == "true"


def single(element: etree._Element, tag: str, required: bool = True) -> etree._Element | None:
    """The one child `tag` of an element (None if absent and not required)."""
    found = element.findall(tag)
    if len(found) > 1 or (required and not found):
        raise XmlRefused(
            _("<{tag}> needs exactly one <{child}>."),
            element.sourceline,
            tag=element.tag,
            child=tag,
        )
    return found[0] if found else None
