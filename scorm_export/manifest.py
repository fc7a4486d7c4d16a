"""Build the imsmanifest.xml of a SCORM 1.2 or SCORM 2004 4th Edition package.

The exporter describes the package with a `PackageSpec` and calls `build_manifest`; the same
spec always gives the same bytes.

Controlling documents: the .xsd/.dtd files named in `PackageSpec.schema_files` sit at the
package root next to imsmanifest.xml, but they are not listed as `<file>` of any resource. ADL
describes a content package as three kinds of component: the manifest, the controlling
documents (which let an LMS validate the manifest) and the resources, the files of the
learning content (ADL SCORM 2004 Manifest Basics Content Example, "Content Package
Components"); only resources are described by `<resource>`/`<file>`. So "every file listed"
applies to content files; the validator exempts imsmanifest.xml and the controlling files at
the root.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal
from urllib.parse import urlsplit

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"

NAMESPACES: dict[str, dict[str, str]] = {
    "1.2": {
        "imscp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    },
    "2004": {
        "imscp": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
        "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
    },
}

# (namespace prefix, controlling file at the package root), in xsi:schemaLocation order.
SCHEMA_LOCATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "1.2": (
        ("imscp", "imscp_rootv1p1p2.xsd"),
        ("imsmd", "imsmd_rootv1p2p1.xsd"),
        ("adlcp", "adlcp_rootv1p2.xsd"),
    ),
    "2004": (
        ("imscp", "imscp_v1p1.xsd"),
        ("adlcp", "adlcp_v1p3.xsd"),
        ("adlseq", "adlseq_v1p3.xsd"),
        ("adlnav", "adlnav_v1p3.xsd"),
        ("imsss", "imsss_v1p0.xsd"),
    ),
}

SCHEMA_VERSIONS = {"1.2": "1.2", "2004": "2004 4th Edition"}
SCORM_TYPE_ATTRIBUTE = {"1.2": "scormtype", "2004": "scormType"}
SCHEMA_NAME = "ADL SCORM"
NCNAME = re.compile(r"[^\W\d][\w.\-]*\Z")  # identifiers are xsd:ID, i.e. NCNames
#: The longest title a SCORM LMS must keep (CAM, smallest permitted maximum); 1.2's XSD
#: enforces it on <title>.
MAX_TITLE = 200


def fit_title(title: str, limit: int = MAX_TITLE) -> str:
    """`title` within `limit` characters: cut at a word with an ellipsis where too long."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—–-") + "…"


def xml_name(text: str) -> str:
    """`text` as an identifier (an NCName): prefixed where it does not start as one must."""
    return text if NCNAME.match(text) else f"id-{text}"


@dataclass(frozen=True)
class Resource:
    """A `<resource>`: `href` is the launch file (None only for an asset bundle)."""

    identifier: str
    href: str | None
    files: tuple[str, ...]
    scorm_type: Literal["sco", "asset"] = "sco"
    dependencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrgItem:
    """An `<item>`: a leaf references a resource, a cluster has children."""

    identifier: str
    title: str
    resource: str | None = None
    children: tuple[OrgItem, ...] = ()
    mastery_score: float | None = None  # 0..1 pass mark for this SCO
    parameters: str | None = None


@dataclass(frozen=True)
class PackageSpec:
    """Everything the manifest says; `schema_files` are the controlling files at the root.

    The manifest has no title of its own outside LOM metadata (not emitted): LMSs show
    `organization_title`.
    """

    identifier: str
    version: Literal["1.2", "2004"]
    organization_identifier: str
    organization_title: str
    items: tuple[OrgItem, ...]
    resources: tuple[Resource, ...]
    schema_files: tuple[str, ...]


def build_manifest(spec: PackageSpec) -> bytes:
    """The imsmanifest.xml of `spec` as pretty-printed UTF-8 bytes.

    Raises ValueError when the spec is inconsistent (unknown version, duplicate identifier,
    dangling reference, launch file not among the resource files, mastery score outside 0..1
    or on a non-SCO, controlling file missing from `schema_files`).
    """
    _check_spec(spec)
    ns = NAMESPACES[spec.version]
    nsmap = {None: ns["imscp"], **{p: u for p, u in ns.items() if p not in ("imscp", "imsmd")}}
    nsmap["xsi"] = XSI
    cp = ns["imscp"]
    root = etree.Element(f"{{{cp}}}manifest", nsmap=nsmap)
    root.set("identifier", spec.identifier)
    locations = " ".join(f"{ns[p]} {f}" for p, f in SCHEMA_LOCATIONS[spec.version])
    root.set(f"{{{XSI}}}schemaLocation", locations)

    metadata = etree.SubElement(root, f"{{{cp}}}metadata")
    etree.SubElement(metadata, f"{{{cp}}}schema").text = SCHEMA_NAME
    etree.SubElement(metadata, f"{{{cp}}}schemaversion").text = SCHEMA_VERSIONS[spec.version]

    organizations = etree.SubElement(root, f"{{{cp}}}organizations")
    organizations.set("default", spec.organization_identifier)
    organization = etree.SubElement(organizations, f"{{{cp}}}organization")
    organization.set("identifier", spec.organization_identifier)
    etree.SubElement(organization, f"{{{cp}}}title").text = fit_title(spec.organization_title)
    for item in spec.items:
        _add_item(organization, item, spec.version)

    resources = etree.SubElement(root, f"{{{cp}}}resources")
    scorm_type = f"{{{ns['adlcp']}}}{SCORM_TYPE_ATTRIBUTE[spec.version]}"
    for resource in ordered_resources(spec):
        element = etree.SubElement(resources, f"{{{cp}}}resource")
        element.set("identifier", resource.identifier)
        element.set("type", "webcontent")
        element.set(scorm_type, resource.scorm_type)
        if resource.href is not None:
            element.set("href", resource.href)
        for name in resource.files:
            etree.SubElement(element, f"{{{cp}}}file").set("href", name)
        for ref in resource.dependencies:
            etree.SubElement(element, f"{{{cp}}}dependency").set("identifierref", ref)

    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def ordered_resources(spec: PackageSpec) -> list[Resource]:
    """Launchable resources first, in item order; then the other SCOs, then the assets."""
    by_id = {r.identifier: r for r in spec.resources}
    ordered = list(dict.fromkeys(i.resource for i in iter_items(spec.items) if i.resource))
    rest = [r for r in spec.resources if r.identifier not in ordered]
    rest.sort(key=lambda r: r.scorm_type != "sco")  # stable: keeps the given order inside
    return [by_id[i] for i in ordered] + rest


def iter_items(items: tuple[OrgItem, ...]) -> Iterator[OrgItem]:
    """Every item of the tree, depth first, in document order."""
    for item in items:
        yield item
        yield from iter_items(item.children)


def _add_item(parent: etree._Element, item: OrgItem, version: str) -> None:
    ns = NAMESPACES[version]
    cp = ns["imscp"]
    element = etree.SubElement(parent, f"{{{cp}}}item")
    element.set("identifier", item.identifier)
    if item.resource is not None:
        element.set("identifierref", item.resource)
    element.set("isvisible", "true")
    if item.parameters is not None:
        element.set("parameters", item.parameters)
    etree.SubElement(element, f"{{{cp}}}title").text = fit_title(item.title)
    for child in item.children:
        _add_item(element, child, version)
    if item.mastery_score is None:
        return
    # The imscp itemType of both versions is the sequence title?, item*, metadata?, then
    # elements of other namespaces, so the ADL/IMS SS extension goes after the child items.
    # Each item carries one extension at most, so the CAM order among them
    # (adlcp:timeLimitAction, dataFromLMS, completionThreshold, imsss:sequencing,
    # adlnav:presentation) holds trivially.
    if version == "1.2":
        score = etree.SubElement(element, f"{{{ns['adlcp']}}}masteryscore")
        percent = Decimal(repr(item.mastery_score)) * 100
        score.text = str(percent.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return
    ss = ns["imsss"]
    sequencing = etree.SubElement(element, f"{{{ss}}}sequencing")
    objectives = etree.SubElement(sequencing, f"{{{ss}}}objectives")
    primary = etree.SubElement(objectives, f"{{{ss}}}primaryObjective")
    primary.set("objectiveID", f"{item.identifier}-primary")
    primary.set("satisfiedByMeasure", "true")
    measure = etree.SubElement(primary, f"{{{ss}}}minNormalizedMeasure")
    measure.text = _decimal(item.mastery_score)


def _decimal(value: float) -> str:
    """A decimal without exponent, four places at most: 0.6 -> '0.6', 1 -> '1.0'."""
    text = f"{value:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _check_spec(spec: PackageSpec) -> None:
    if spec.version not in NAMESPACES:
        raise ValueError(f"unknown SCORM version {spec.version!r}: use '1.2' or '2004'")
    if not spec.items:
        raise ValueError("the organization needs at least one item")
    seen: set[str] = set()
    all_items = list(iter_items(spec.items))
    identifiers = [spec.identifier, spec.organization_identifier]
    identifiers += [i.identifier for i in all_items] + [r.identifier for r in spec.resources]
    for identifier in identifiers:
        if not NCNAME.match(identifier):
            raise ValueError(f"identifier {identifier!r} is not an XML name (xsd:ID)")
        if identifier in seen:
            raise ValueError(f"duplicate identifier {identifier!r}")
        seen.add(identifier)
    resources = {r.identifier: r for r in spec.resources}
    for item in all_items:
        _check_item(item, resources)
    for resource in spec.resources:
        _check_resource(resource, resources)
    missing = [f for _p, f in SCHEMA_LOCATIONS[spec.version] if f not in spec.schema_files]
    if missing:
        raise ValueError(f"controlling files missing from schema_files: {', '.join(missing)}")


def _check_item(item: OrgItem, resources: dict[str, Resource]) -> None:
    if item.resource is not None and item.children:
        raise ValueError(f"item {item.identifier!r} has both a resource and child items")
    if item.resource is None and not item.children:
        raise ValueError(f"item {item.identifier!r} has neither a resource nor child items")
    if item.resource is not None and item.resource not in resources:
        raise ValueError(f"item {item.identifier!r} names unknown resource {item.resource!r}")
    if item.mastery_score is None:
        return
    if item.resource is None or resources[item.resource].scorm_type != "sco":
        raise ValueError(f"item {item.identifier!r}: a mastery score needs a SCO resource")
    if not 0 <= item.mastery_score <= 1:
        raise ValueError(f"item {item.identifier!r}: mastery score must be within 0..1")


def _check_resource(resource: Resource, resources: dict[str, Resource]) -> None:
    if resource.scorm_type not in ("sco", "asset"):
        raise ValueError(f"resource {resource.identifier!r}: scorm_type is 'sco' or 'asset'")
    for name in resource.files:
        if not is_package_path(name):
            raise ValueError(f"resource {resource.identifier!r}: {name!r} is not a package path")
    if resource.href is None:
        if resource.scorm_type == "sco":
            raise ValueError(f"resource {resource.identifier!r}: a SCO needs an href")
    elif urlsplit(resource.href).path not in resource.files:
        raise ValueError(
            f"resource {resource.identifier!r}: href {resource.href!r} is not among its files"
        )
    for ref in resource.dependencies:
        if ref not in resources:
            raise ValueError(f"resource {resource.identifier!r}: unknown dependency {ref!r}")


def is_package_path(name: str) -> bool:
    """A relative, normalised POSIX path inside the package (not the manifest itself)."""
    return (
        bool(name)
        and "\\" not in name
        and not name.startswith("/")
        and not urlsplit(name).scheme
        and posixpath.normpath(name) == name
        and not name.startswith("../")
        and name not in ("..", ".", "imsmanifest.xml")
    )
