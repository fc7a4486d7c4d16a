"""Hardened XML parsing for everything that comes from outside (OLX files, Studio edits)."""

from __future__ import annotations

import re

from lxml import etree

from xblocks.common.i18n import gettext_noop as _

MAX_XML_BYTES = 256 * 1024


class XmlRefused(ValueError):
    """XML we will not read; `line` is where the problem is, when known."""

    def __init__(self, template: str, line: int | None = None, **params: object) -> None:
        self.template = template
        self.params = params
        self.line = line
        super().__init__(template.format(**params))

    def message(self, gettext=str) -> str:
        return gettext(self.template).format(**self.params)


def _parser(keep_comments: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=not keep_comments,
        remove_pis=True,
    )


# libxml2's messages, explained in a trainer's words; the line given is the line to fix.
_SYNTAX = (
    (
        re.compile(
            r"Opening and ending tag mismatch: (?P<tag>[^\s,]+) line (?P<line>\d+)"
            r" and (?P<end>[^\s,]+)"
        ),
        _("the <{tag}> tag opened on this line is never closed (a </{end}> comes first)."),
    ),
    (
        re.compile(r"Premature end of data in tag (?P<tag>[^\s,]+) line (?P<line>\d+)"),
        _("the <{tag}> tag opened on this line is never closed before the end of the file."),
    ),
    (
        re.compile(r"xmlParseEntityRef: no name|EntityRef: expecting ';'"),
        _('a lone "&" must be written &amp;.'),
    ),
    (
        re.compile(r"Entity '(?P<name>[^']+)' not defined"),
        _('&{name}; is not an XML entity: write the character itself (and &amp; for "&").'),
    ),
    (
        re.compile(r"StartTag: invalid element name|Unescaped '<' not allowed"),
        _('a lone "<" must be written &lt;.'),
    ),
    (
        re.compile(r"AttValue: \" or ' expected|attributes construct error|Specification mandates"),
        _('an attribute value must be written between quotes: name="value".'),
    ),
    (
        re.compile(r"Attribute (?P<name>[^\s,]+) redefined"),
        _("the attribute {name} is written twice in the same tag."),
    ),
    (
        re.compile(r"Extra content at the end of the document"),
        _("something follows the end of the root element: a file holds a single root element."),
    ),
    (
        re.compile(r"Document is empty|Start tag expected"),
        _("there is no XML here: a scenario starts with <interview_simulation>."),
    ),
    (
        re.compile(r"error parsing attribute name|Couldn't find end of Start Tag"),
        _('a tag is not finished: check its ">" and the quotes of its attributes.'),
    ),
)


def explain_syntax(error: etree.XMLSyntaxError) -> XmlRefused:
    """A syntax error in a trainer's words, at the line to fix; the parser's words otherwise."""
    message = error.msg or ""
    for pattern, template in _SYNTAX:
        found = pattern.search(message)
        if found:
            params = {k: v for k, v in found.groupdict().items() if k != "line"}
            line = int(found.group("line")) if "line" in found.groupdict() else error.lineno
            return XmlRefused(template, line=line, **params)
    return XmlRefused(_("The XML is not well formed: {error}"), line=error.lineno, error=message)


def parse(text: str | bytes, keep_comments: bool = False) -> etree._Element:
    """Parse untrusted XML: no DOCTYPE, no entity, nothing fetched, at most MAX_XML_BYTES.

    Comments are dropped unless `keep_comments` (to keep an author's file as written).
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    if len(data) > MAX_XML_BYTES:
        raise XmlRefused(
            _("The XML is {size} bytes, over the limit of {limit} bytes."),
            size=len(data),
            limit=MAX_XML_BYTES,
        )
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        line = data[: max(data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY"))].count(b"\n") + 1
        raise XmlRefused(_("DOCTYPE and entity declarations are not allowed."), line=line)
    try:
        root = etree.fromstring(data, _parser(keep_comments))
    except etree.XMLSyntaxError as error:
        raise explain_syntax(error) from error
    if root.getroottree().docinfo.doctype:
        raise XmlRefused(_("DOCTYPE and entity declarations are not allowed."), line=1)
    return root


def check_parsed(node: etree._Element) -> None:
    """Apply the same rules to an element a runtime parsed itself (OLX import)."""
    info = node.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise XmlRefused(_("DOCTYPE and entity declarations are not allowed."), line=1)
    size = len(etree.tostring(node, encoding="utf-8"))
    if size > MAX_XML_BYTES:
        raise XmlRefused(
            _("The XML is {size} bytes, over the limit of {limit} bytes."),
            line=node.sourceline,
            size=size,
            limit=MAX_XML_BYTES,
        )


def local_name(element: etree._Element) -> str:
    """The tag without its namespace; "" for comments and processing instructions."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def child_elements(element: etree._Element) -> list[etree._Element]:
    """The element children of `element`: comments and processing instructions left out."""
    return [child for child in element if isinstance(child.tag, str)]
