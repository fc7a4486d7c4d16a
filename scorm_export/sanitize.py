"""Sanitise author HTML for the static pages: a small allow-list, nothing that runs."""

from __future__ import annotations

from lxml import html

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre",
    "q", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "ol": {"start"},
    "*": {"lang", "class"},
}
SAFE_LINK_PREFIXES = ("https://", "#", "mailto:")


def _clean(element: html.HtmlElement) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or child.tag in DROPPED_WITH_CONTENT:
            _remove_keeping_tail(child)
            continue
        _clean(child)
        if child.tag not in ALLOWED_TAGS:
            child.drop_tag()
            continue
        allowed = ALLOWED_ATTRIBUTES.get(child.tag, set()) | ALLOWED_ATTRIBUTES["*"]
        for name in list(child.attrib):
            if name not in allowed:
                del child.attrib[name]
        href = child.get("href")
        if href is not None and not href.strip().lower().startswith(SAFE_LINK_PREFIXES):
            del child.attrib["href"]
        elif href is not None and not href.startswith("#"):
            # Leaving the SCO's page would end the learner's session in the LMS.
            child.set("target", "_blank")
            child.set("rel", "noopener noreferrer")


def _remove_keeping_tail(child) -> None:
    parent, tail = child.getparent(), child.tail
    previous = child.getprevious()
    parent.remove(child)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def sanitize_html(fragment: str) -> str:
    """The fragment with only allowed tags and attributes; scripts and their like removed."""
    if not fragment.strip():
        return ""
    wrapper = html.fragment_fromstring(fragment, create_parent="div")
    _clean(wrapper)
    text = html.tostring(wrapper, encoding="unicode", method="html")
    return text[len("<div>") : -len("</div>")]
