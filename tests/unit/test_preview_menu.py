"""The preview LMS's menu: the items of a manifest as an LMS reads them."""

from __future__ import annotations

import zipfile

import pytest

from scorm_export.preview import Item, Package, Unplayable, organization_items, with_parameters
from xblocks.common.xml import parse

MANIFEST = """<?xml version="1.0"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m">
  <metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="{default}">
    <organization identifier="org-a">
      <title>Other organization</title>
      <item identifier="a1" identifierref="r1"><title>Not this one</title></item>
    </organization>
    <organization identifier="org-b">
      <title>The course</title>
      <item identifier="intro" identifierref="r1" parameters="?lang=fr"><title>Intro</title></item>
      <item identifier="part">
        <title>A cluster</title>
        <item identifier="p1" identifierref="r2"><title>Part 1</title></item>
        <item identifier="p2" identifierref="r3" parameters="#start"><title>Part 2</title></item>
        <item identifier="hidden" identifierref="r1" isvisible="false"><title>Hidden</title></item>
      </item>
      <item identifier="last" identifierref="r4"><title>Last</title></item>
    </organization>
  </organizations>
  <resources xml:base="content/">
    <resource identifier="r1" type="webcontent" href="intro/index.html"/>
    <resource identifier="r2" type="webcontent" xml:base="p1/" href="index.html?x=1"/>
    <resource identifier="r3" type="webcontent" href="p2/index.html"/>
    <resource identifier="r4" type="webcontent" href="last/index.html#top"/>
    <resource identifier="shared" type="webcontent"><file href="shared/app.js"/></resource>
  </resources>
</manifest>
"""


def items_of(text: str) -> list[Item]:
    return organization_items(parse(text))


def test_default_organization_items_in_document_order():
    assert items_of(MANIFEST.format(default="org-b")) == [
        Item("intro", "Intro", "content/intro/index.html?lang=fr"),
        Item("p1", "Part 1", "content/p1/index.html?x=1"),
        Item("p2", "Part 2", "content/p2/index.html#start"),
        Item("last", "Last", "content/last/index.html#top"),
    ]


def test_an_unknown_default_means_the_first_organization():
    assert [i.identifier for i in items_of(MANIFEST.format(default="nowhere"))] == ["a1"]


def test_no_organization_launches_the_first_resource_with_an_href():
    text = MANIFEST.format(default="org-b")
    text = text[: text.index("<organizations")] + text[text.index("<resources") :]
    assert items_of(text) == [Item("r1", "", "content/intro/index.html")]


@pytest.mark.parametrize(
    ("href", "parameters", "launched"),
    [
        ("a.html", "", "a.html"),
        ("a.html", "?x=1", "a.html?x=1"),
        ("a.html", "&x=1", "a.html?x=1"),
        ("a.html?y=2", "x=1", "a.html?y=2&x=1"),
        ("a.html#top", "?x=1", "a.html?x=1#top"),
        ("a.html", "#part", "a.html#part"),
        ("a.html#top", "#part", "a.html#top"),
    ],
)
def test_parameters_are_appended_as_an_lms_does(href, parameters, launched):
    assert with_parameters(href, parameters) == launched


def test_record_keys_are_per_package_and_item(tmp_path):
    def package(name, text):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("imsmanifest.xml", text)
        return Package(path)

    several = package("several.zip", MANIFEST.format(default="org-b"))
    assert [several.record_key(i) for i in several.items][:2] == [
        "insertion-pro-lms:several.zip:intro",
        "insertion-pro-lms:several.zip:p1",
    ]
    one = package("one.zip", MANIFEST.format(default="org-a"))
    assert one.record_key(one.items[0]) == "insertion-pro-lms:one.zip"
    with pytest.raises(Unplayable):
        package("empty.zip", '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"/>')
