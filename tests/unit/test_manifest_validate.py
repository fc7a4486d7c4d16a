"""imsmanifest.xml building and SCORM package validation, for SCORM 1.2 and 2004 4th Edition."""

from __future__ import annotations

import io
import socket
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from scorm_export.manifest import NAMESPACES, OrgItem, PackageSpec, Resource, build_manifest
from scorm_export.validate import SchemaFilesMissing, main, schema_dir, validate_package

VERSIONS = ("1.2", "2004")
CONTENT = {
    "unit1/index.html": b"<!doctype html><title>Unit 1</title>",
    "unit2/index.html": b"<!doctype html><title>Unit 2</title>",
    "assets/app.js": b"// app",
    "assets/style.css": b"body {}",
}


def make_spec(version: str, /, **changes: object) -> PackageSpec:
    items = (
        OrgItem(
            "item-part1",
            "Part 1",
            children=(
                OrgItem("item-unit1", "Unit 1", resource="res-unit1"),
                OrgItem("item-unit2", "Unit 2", resource="res-unit2", mastery_score=0.6),
            ),
        ),
    )
    resources = (
        Resource("res-assets", None, ("assets/app.js", "assets/style.css"), "asset"),
        Resource("res-unit2", "unit2/index.html", ("unit2/index.html",), "sco", ("res-assets",)),
        Resource(
            "res-unit1", "unit1/index.html?x=1", ("unit1/index.html",), "sco", ("res-assets",)
        ),
    )
    fields: dict[str, object] = {
        "identifier": "insertion-pro-course",
        "version": version,
        "organization_identifier": "org-ip",
        "organization_title": "Insertion pro",
        "items": items,
        "resources": resources,
        "schema_files": tuple(sorted(p.name for p in schema_dir(version).iterdir())),
    }
    fields.update(changes)
    return PackageSpec(**fields)  # type: ignore[arg-type]


def write_zip(
    tmp_path: Path,
    version: str,
    *,
    edit: Callable[[bytes], bytes] = lambda m: m,
    extra: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    schema_edit: dict[str, Callable[[bytes], bytes]] | None = None,
) -> Path:
    """A package on disk: content, the controlling files from node_modules, the manifest."""
    files = dict(CONTENT)
    for path in sorted(schema_dir(version).iterdir()):
        data = path.read_bytes()
        files[path.name] = (schema_edit or {}).get(path.name, lambda d: d)(data)
    files["imsmanifest.xml"] = edit(build_manifest(make_spec(version)))
    files.update(extra or {})
    target = tmp_path / f"package-{version}.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            if name not in drop:
                archive.writestr(name, data)
    return target


def replace(old: str, new: str, count: int = 1) -> Callable[[bytes], bytes]:
    def edit(manifest: bytes) -> bytes:
        assert old.encode() in manifest, old
        return manifest.replace(old.encode(), new.encode(), count)

    return edit


def assert_problem(problems: list[str], *fragments: str) -> None:
    assert any(all(f in p for f in fragments) for p in problems), problems


# --- building -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_built_package_is_valid(tmp_path: Path, version: str) -> None:
    assert validate_package(write_zip(tmp_path, version)) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_manifest_bytes_are_deterministic(version: str) -> None:
    first = build_manifest(make_spec(version))
    assert first == build_manifest(make_spec(version))
    assert first.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<manifest")


def test_scorm12_manifest_shape() -> None:
    root = etree.fromstring(build_manifest(make_spec("1.2")))
    ns = {"cp": NAMESPACES["1.2"]["imscp"], "adlcp": NAMESPACES["1.2"]["adlcp"]}
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    locations = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    assert locations[1::2] == ["imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd"]
    item = root.find(".//cp:item[@identifier='item-unit2']", ns)
    assert [etree.QName(c).localname for c in item] == ["title", "masteryscore"]
    assert item.findtext("adlcp:masteryscore", namespaces=ns) == "60"
    assert item.get("isvisible") == "true"
    resources = root.findall("cp:resources/cp:resource", ns)
    # Launchable resources first, in item order, then the assets.
    assert [r.get("identifier") for r in resources] == ["res-unit1", "res-unit2", "res-assets"]
    assert resources[0].get(f"{{{ns['adlcp']}}}scormtype") == "sco"
    assert b"scormType" not in etree.tostring(root)


def test_scorm2004_manifest_shape() -> None:
    root = etree.fromstring(build_manifest(make_spec("2004")))
    ns = {"cp": NAMESPACES["2004"]["imscp"], "ss": NAMESPACES["2004"]["imsss"]}
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "2004 4th Edition"
    assert set(NAMESPACES["2004"].values()) <= set(root.nsmap.values())
    item = root.find(".//cp:item[@identifier='item-unit2']", ns)
    assert [etree.QName(c).localname for c in item] == ["title", "sequencing"]
    primary = item.find("ss:sequencing/ss:objectives/ss:primaryObjective", ns)
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext("ss:minNormalizedMeasure", namespaces=ns) == "0.6"
    unit1 = root.find(".//cp:item[@identifier='item-unit1']", ns)
    assert unit1.find("ss:sequencing", ns) is None
    resource = root.find("cp:resources/cp:resource", ns)
    assert resource.get(f"{{{NAMESPACES['2004']['adlcp']}}}scormType") == "sco"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"version": "2004 3rd"}, "unknown SCORM version"),
        ({"schema_files": ()}, "controlling files missing"),
        ({"organization_identifier": "res-unit1"}, "duplicate identifier"),
        ({"identifier": "1 course"}, "not an XML name"),
        ({"items": (OrgItem("i", "I", resource="nope"),)}, "unknown resource"),
        ({"items": (OrgItem("i", "I", resource="res-assets", mastery_score=0.5),)}, "SCO"),
        ({"items": (OrgItem("i", "I", resource="res-unit1", mastery_score=1.5),)}, "0..1"),
        (
            {
                "items": (OrgItem("i", "I", resource="r"),),
                "resources": (Resource("r", "a", ("b",)),),
            },
            "not among its files",
        ),
    ],
)
def test_inconsistent_spec_is_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_manifest(make_spec("1.2", **changes))


# --- validating: one break at a time ----------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_unlisted_file(tmp_path: Path, version: str) -> None:
    problems = validate_package(write_zip(tmp_path, version, extra={"notes/todo.txt": b"x"}))
    assert problems == ["notes/todo.txt: in the package but not listed as a <file> of any resource"]


@pytest.mark.parametrize("version", VERSIONS)
def test_missing_href(tmp_path: Path, version: str) -> None:
    problems = validate_package(write_zip(tmp_path, version, drop=("unit2/index.html",)))
    assert_problem(problems, "imsmanifest.xml:", "href 'unit2/index.html' is not in the package")
    assert_problem(problems, "file 'unit2/index.html' is not in the package")


@pytest.mark.parametrize("version", VERSIONS)
def test_duplicate_identifier(tmp_path: Path, version: str) -> None:
    edit = replace('identifier="item-unit2"', 'identifier="item-unit1"')
    problems = validate_package(write_zip(tmp_path, version, edit=edit))
    assert_problem(problems, "duplicate identifier 'item-unit1' (first at line")


@pytest.mark.parametrize("version", VERSIONS)
def test_bad_identifierref(tmp_path: Path, version: str) -> None:
    edit = replace('identifierref="res-unit2"', 'identifierref="res-nope"')
    problems = validate_package(write_zip(tmp_path, version, edit=edit))
    assert_problem(problems, "item 'item-unit2': identifierref 'res-nope' does not name a resource")


def test_bad_dependency_and_hidden_item(tmp_path: Path) -> None:
    edit = replace('<dependency identifierref="res-assets"/>', '<dependency identifierref="x"/>')
    hide = replace(
        'identifierref="res-unit1" isvisible="true"', 'identifierref="res-unit1" isvisible="false"'
    )
    problems = validate_package(write_zip(tmp_path, "2004", edit=lambda m: hide(edit(m))))
    assert_problem(problems, "dependency identifierref 'x' does not name a resource")
    assert_problem(problems, "item 'item-unit1' launches a resource but has isvisible=\"false\"")


@pytest.mark.parametrize(
    ("version", "right", "wrong"),
    [
        ("1.2", "adlcp:scormtype=", "adlcp:scormType="),
        ("2004", "adlcp:scormType=", "adlcp:scormtype="),
    ],
)
def test_wrong_scormtype_spelling(tmp_path: Path, version: str, right: str, wrong: str) -> None:
    problems = validate_package(write_zip(tmp_path, version, edit=replace(right, wrong)))
    attribute = right.removesuffix("=")
    assert_problem(problems, f"{wrong.removesuffix('=')} is not SCORM", f"use {attribute}")
    assert_problem(problems, f"resource 'res-unit1' has no {attribute}")


@pytest.mark.parametrize(
    ("version", "old", "new", "message"),
    [
        ("2004", "2004 4th Edition", "2004 3rd Edition", "'2004 3rd Edition' is not supported"),
        ("2004", "2004 4th Edition", "2004 4th edition", "must be spelled exactly"),
        ("1.2", ">1.2<", ">1.2 <", "schemaversion '1.2 ' must be spelled exactly"),
        ("1.2", ">1.2<", ">CAM 1.3<", "schemaversion 'CAM 1.3' is not supported"),
    ],
)
def test_wrong_schemaversion(
    tmp_path: Path, version: str, old: str, new: str, message: str
) -> None:
    problems = validate_package(write_zip(tmp_path, version, edit=replace(old, new)))
    assert_problem(problems, "imsmanifest.xml:", message, "expected '1.2' or '2004 4th Edition'")


@pytest.mark.parametrize("version", VERSIONS)
def test_xsd_violation(tmp_path: Path, version: str) -> None:
    edit = replace("<resources>", "<resources>\n    <bogus/>")
    problems = validate_package(write_zip(tmp_path, version, edit=edit))
    assert_problem(
        problems, "imsmanifest.xml:", "XSD: Element 'imscp:bogus': This element is not expected"
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_metadata_order(tmp_path: Path, version: str) -> None:
    def swap(manifest: bytes) -> bytes:
        root = etree.fromstring(manifest)
        metadata = root[0]
        metadata.insert(0, metadata[1])
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    problems = validate_package(write_zip(tmp_path, version, edit=swap))
    assert_problem(problems, "imsmanifest.xml:", "<schema> must come before <schemaversion>")


def test_masteryscore_out_of_range(tmp_path: Path) -> None:
    edit = replace("<adlcp:masteryscore>60<", "<adlcp:masteryscore>150<")
    problems = validate_package(write_zip(tmp_path, "1.2", edit=edit))
    assert problems == [
        f"imsmanifest.xml:{line}: adlcp:masteryscore '150' must be a number from 0 to 100"
        for line in _lines_of(edit(build_manifest(make_spec("1.2"))), b"masteryscore")
    ]


def test_default_organization_must_exist(tmp_path: Path) -> None:
    problems = validate_package(
        write_zip(tmp_path, "1.2", edit=replace('default="org-ip"', 'default="x"'))
    )
    assert_problem(problems, "the default organization 'x' does not exist")


def test_missing_manifest_and_not_a_zip(tmp_path: Path) -> None:
    package = write_zip(tmp_path, "2004", drop=("imsmanifest.xml",))
    assert validate_package(package) == [
        f"{package}: imsmanifest.xml is missing at the root of the package"
    ]
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert_problem(validate_package(junk), "not a readable zip file")


def test_schemaversion_disagrees_with_namespace(tmp_path: Path) -> None:
    edit = replace(">2004 4th Edition<", ">1.2<")
    assert validate_package(write_zip(tmp_path, "2004", edit=edit)) == [
        "imsmanifest.xml:2: schemaversion says SCORM 1.2 but <manifest> is in the "
        "SCORM 2004 4th Edition namespace"
    ]


def test_xml_base_applies_to_hrefs(tmp_path: Path) -> None:
    # Content moved under content/ and declared with xml:base (the 1.2 XSD knows xml:base
    # only through the repaired ims_xml.xsd).
    edit = replace("<resources>", '<resources xml:base="content/">')
    moved = {f"content/{name}": data for name, data in CONTENT.items()}
    package = write_zip(tmp_path, "1.2", edit=edit, extra=moved, drop=tuple(CONTENT))
    assert validate_package(package) == []


def test_unsafe_zip_path(tmp_path: Path) -> None:
    extra = {"../evil.txt": b"x", "./odd.txt": b"x"}
    problems = validate_package(write_zip(tmp_path, "2004", extra=extra))
    assert problems == [
        "../evil.txt: the entry name climbs out of the package with ..",
        "./odd.txt: unsafe or non-normalised path in the zip",
    ]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_package_in_memory_is_validated_under_its_label(tmp_path: Path, version: str) -> None:
    """The exporter validates the packages it builds before writing any."""
    data = write_zip(tmp_path, version).read_bytes()
    assert validate_package(io.BytesIO(data), "aip-bloc1.zip") == []
    broken = write_zip(tmp_path, version, drop=("imsmanifest.xml",)).read_bytes()
    assert validate_package(io.BytesIO(broken), "aip-bloc1.zip") == [
        "aip-bloc1.zip: imsmanifest.xml is missing at the root of the package"
    ]
    assert validate_package(io.BytesIO(b"junk"))[0].startswith("package.zip: not a readable zip")


def test_nothing_is_written_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The controlling files are served to the XSD loader from memory, never extracted."""
    package = write_zip(tmp_path, "2004")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert validate_package(package) == []
    assert list(scratch.iterdir()) == []


def test_missing_controlling_file(tmp_path: Path) -> None:
    problems = validate_package(write_zip(tmp_path, "2004", drop=("imsss_v1p0.xsd",)))
    assert_problem(problems, "imsss_v1p0.xsd: controlling file missing at the package root")


# --- offline validation -----------------------------------------------------------------------


def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("validation tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_remote_xml_xsd_import_is_resolved_locally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some copies of imscp_v1p1.xsd import the xml namespace from the W3C site.
    remote = {
        "imscp_v1p1.xsd": lambda d: d.replace(b'"xml.xsd"', b'"http://www.w3.org/2001/xml.xsd"')
    }
    package = write_zip(tmp_path, "2004", schema_edit=remote)
    with zipfile.ZipFile(package) as archive:
        assert b"http://www.w3.org/2001/xml.xsd" in archive.read("imscp_v1p1.xsd")
    _no_network(monkeypatch)
    assert validate_package(package) == []
    assert validate_package(write_zip(tmp_path, "1.2")) == []


def test_other_remote_import_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = {"imscp_v1p1.xsd": lambda d: d.replace(b'"xml.xsd"', b'"http://example.com/xml.xsd"')}
    package = write_zip(tmp_path, "2004", schema_edit=remote)
    _no_network(monkeypatch)
    assert_problem(validate_package(package), "http://example.com/xml.xsd: schema import refused")


# --- command line and schema location -----------------------------------------------------------


def test_main_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")  # the command speaks the environment's language
    good = write_zip(tmp_path, "2004")
    assert main([str(good)]) == 0
    assert capsys.readouterr().out == f"OK: {good} is a valid SCORM 2004 4th Edition package\n"
    bad = write_zip(tmp_path, "1.2", extra={"a.txt": b"", "b.txt": b""})
    assert main([str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "a.txt: in the package but not listed as a <file> of any resource",
        "b.txt: in the package but not listed as a <file> of any resource",
        f"2 problems in {bad}",
    ]


def test_schema_dir(tmp_path: Path) -> None:
    assert (schema_dir("1.2") / "imscp_rootv1p1p2.xsd").is_file()
    assert (schema_dir("2004") / "imscp_v1p1.xsd").is_file()
    with pytest.raises(SchemaFilesMissing, match="run make"):
        schema_dir("2004", root=tmp_path)
    with pytest.raises(ValueError, match="unknown SCORM version"):
        schema_dir("1.3")


def _lines_of(data: bytes, needle: bytes) -> list[int]:
    return [n for n, line in enumerate(data.splitlines(), 1) if needle in line]
