"""Hardened XML parsing for everything that comes from outside (OLX files, Studio edits)."""

from __future__ import annotations

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


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(text: str | bytes) -> etree._Element:
    """Parse untrusted XML: no DOCTYPE, no entity, nothing fetched, at most MAX_XML_BYTES."""
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
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise XmlRefused(
            _("The XML is not well formed: {error}"), line=error.lineno, error=error.msg
        ) from error
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
