"""The partner network map in Chromium, driven by the real JavaScript engine: what a learner
notices when dragging partners into domains, drawing and removing relations, using the
keyboard and a screen reader, downloading the map, and reading the reference."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.partner_network_map_page import open_map, placed, relations
from tests.partner_network_fixtures import SMALL_MAP, large_network, small_network
from xblocks.partner_network import engine
from xblocks.partner_network.olx import network_from_xml

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1100, "height": 1300}  # tall enough to hold the small map whole
HOSTILE = "<img src=x onerror=alert(1)>"
PLACED = [
    {"type": "place", "partner": "ccas", "domains": ["social", "logement"]},
    {"type": "place", "partner": "siao", "domains": ["logement"]},
    {"type": "place", "partner": "ft", "domains": ["emploi", "formation"]},
]


@pytest.fixture
def desktop(page):
    page.set_viewport_size(DESKTOP)
    return page


def small():
    return small_network()[0]


def centre(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def zone_box(page, domain):
    return page.locator(f'.pn-map-zone[data-domain="{domain}"] rect').bounding_box()


def node(page, partner):
    return page.locator(f'.pn-map-node[data-partner="{partner}"]')


def chip_box(page, partner):
    """A drawn chip's own box (its node also holds the link handle, out on its right edge)."""
    return node(page, partner).locator(".pn-map-box").bounding_box()


def inside(inner, outer):
    return (
        outer["x"] <= inner["x"]
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"]
        and outer["y"] <= inner["y"]
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"]
    )


def drag(page, start, end, modifier=None):
    """Press at `start`, move in steps (as a hand does), release at `end` (client points)."""
    page.mouse.move(*start)
    if modifier:
        page.keyboard.down(modifier)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()
    if modifier:
        page.keyboard.up(modifier)


def grab_point(locator):
    """A point on a chip away from its link handle (which sits on its right edge)."""
    box = locator.bounding_box()
    return box["x"] + 30, box["y"] + box["height"] / 2


def handle_point(page, partner):
    return centre(node(page, partner).locator(".pn-map-handle").bounding_box())


def line_point(page, source, target, at=0.3):
    """A client point on the drawn line of a relation, `at` of the way along."""
    return page.evaluate(
        """([source, target, at]) => {
            const line = document.querySelector(
                `.pn-map-relation[data-from="${source}"][data-to="${target}"]`);
            const p = line.getPointAtLength(line.getTotalLength() * at);
            const m = line.getScreenCTM();
            return [m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f];
        }""",
        [source, target, at],
    )


def test_dragging_a_chip_into_housing_places_it_there(desktop):
    page = desktop
    open_map(page, small())
    chip = page.locator('.pn-map-chip[data-partner="siao"]')
    expect(chip).to_have_accessible_name(
        "SIAO départemental SIAO (integrated shelter and housing service)"
    )
    drag(page, centre(chip.bounding_box()), centre(zone_box(page, "logement")))
    assert placed(page) == {"siao": ["logement"]}
    assert inside(chip_box(page, "siao"), zone_box(page, "logement"))
    expect(node(page, "siao")).to_have_attribute("aria-label", re.compile(r"domains: Housing$"))
    expect(page.locator('.pn-map-chip[data-partner="siao"]')).to_have_count(0)
    expect(page.locator(".pn-map [aria-live]")).to_have_text(
        "SIAO départemental placed in Housing."
    )
    expect(page.locator(".pn-map-summary")).to_contain_text("1 of 6 partners placed")


def test_a_node_moves_between_domains_and_back_to_the_tray(desktop):
    page = desktop
    open_map(page, small(), PLACED)
    # Moved: its first domain (Social support) replaced, its other one (Housing) kept.
    drag(page, grab_point(node(page, "ccas")), centre(zone_box(page, "sante")))
    assert placed(page)["ccas"] == ["sante", "logement"]
    assert inside(chip_box(page, "ccas"), zone_box(page, "sante"))
    expect(page.locator(".pn-map-marks")).to_contain_text("+ Housing")
    tray = page.locator(".pn-map-tray").bounding_box()
    drag(page, grab_point(node(page, "ccas")), centre(tray))
    assert "ccas" not in placed(page)
    expect(node(page, "ccas")).to_have_count(0)
    expect(page.locator('.pn-map-chip[data-partner="ccas"]')).to_be_visible()
    # A drop outside any domain changes nothing.
    sent = page.evaluate("harness.sent.length")
    structure = page.locator(".pn-map-structure").bounding_box()
    drag(page, grab_point(node(page, "siao")), centre(structure))
    assert page.evaluate("harness.sent.length") == sent


def test_drawing_a_relation_through_the_dialog_with_the_keyboard(desktop):
    page = desktop
    open_map(page, small(), PLACED)
    dialog = page.locator("dialog.pn-map-dialog")
    # Escape cancels: nothing is sent, focus is back on the partner.
    drag(page, handle_point(page, "ccas"), centre(node(page, "ft").bounding_box()))
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate("harness.sent") == []
    assert page.evaluate("document.activeElement.dataset.partner") == "ccas"

    drag(page, handle_point(page, "ccas"), centre(node(page, "siao").bounding_box()))
    expect(dialog).to_have_accessible_name(
        "New relation from CCAS de la ville-centre to SIAO départemental"
    )
    select = page.locator("#pn-3-type")
    expect(select).to_be_focused()
    page.keyboard.press("ArrowDown")  # a closed select changes its option with the arrows
    chosen = select.input_value()
    page.keyboard.press("Tab")
    expect(page.locator("#pn-3-two-way")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    assert relations(page) == [{"from": "ccas", "to": "siao", "relation": chosen, "two_way": False}]
    line = page.locator('.pn-map-line[data-from="ccas"]')
    expect(line).to_have_attribute("marker-end", "url(#pn-3-arrow)")
    assert line.get_attribute("marker-start") is None
    expect(page.locator('.pn-map-relation[data-from="ccas"]')).to_have_accessible_name(
        re.compile(r"^Relation from CCAS de la ville-centre to SIAO départemental: ")
    )

    # From the structure, both ways (Space ticks the box).
    drag(
        page, centre(page.locator(".pn-map-structure").bounding_box()), grab_point(node(page, "ft"))
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert {"from": "plie", "to": "ft", "relation": "orientation", "two_way": True} in [
        {**r, "relation": "orientation"} for r in relations(page) if r["from"] == "plie"
    ]
    both = page.locator('.pn-map-line[data-from="plie"]')
    expect(both).to_have_attribute("marker-start", "url(#pn-3-arrow)")
    expect(both).to_have_attribute("marker-end", "url(#pn-3-arrow)")


def test_clicking_a_relation_removes_it_after_confirmation(desktop):
    page = desktop
    relate = {"type": "relate", "from": "ccas", "to": "siao", "relation": "orientation"}
    open_map(page, small(), [*PLACED, {**relate, "two_way": False}])
    page.mouse.click(*line_point(page, "ccas", "siao"))
    dialog = page.locator("dialog.pn-map-dialog")
    expect(dialog).to_have_accessible_name(
        "Remove the relation between CCAS de la ville-centre and SIAO départemental "
        "(Orientation ou prescription)?"
    )
    page.keyboard.press("Enter")  # focus is on the confirmation
    expect(dialog).to_be_hidden()
    assert relations(page) == []
    expect(page.locator(".pn-map-relation")).to_have_count(0)


def test_keyboard_on_nodes_and_chips(desktop):
    page = desktop
    open_map(page, small(), PLACED)
    order = page.eval_on_selector_all(".pn-map-node", "nodes => nodes.map(n => n.dataset.partner)")
    first = node(page, order[0])
    first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.partner") == order[1]
    page.keyboard.press("Space")
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.dataset.partner") == order[-1]
    page.locator(".pn-map-chip").first.focus()
    page.keyboard.press("Enter")
    chip = page.locator(".pn-map-chip").first.get_attribute("data-partner")
    node(page, order[0]).dblclick(position={"x": 30, "y": 10})
    assert page.evaluate("harness.selected") == [order[0], order[1], chip, order[0]]
    assert page.evaluate("harness.sent") == []  # selecting changes nothing by itself
    # Every node is a focus stop, named with its name, kind and domains.
    expect(node(page, "ccas")).to_have_attribute("tabindex", "0")
    expect(node(page, "ccas")).to_have_accessible_name(
        "CCAS de la ville-centre, CCAS (municipal social action centre), "
        "domains: Social support, Housing"
    )


def test_a_hostile_name_is_text_on_the_page_and_escaped_in_the_download(desktop):
    page = desktop
    escaped = HOSTILE.replace("<", "&lt;").replace(">", "&gt;")
    network = network_from_xml(SMALL_MAP.replace("CSAPA Le Passage", escaped))[0]
    open_map(page, network)
    expect(page.locator('.pn-map-chip[data-partner="csapa"] .pn-map-chip-name')).to_have_text(
        HOSTILE
    )
    drag(
        page,
        centre(page.locator('.pn-map-chip[data-partner="csapa"]').bounding_box()),
        centre(zone_box(page, "sante")),
    )
    expect(node(page, "csapa")).to_have_accessible_name(re.compile("^" + re.escape(HOSTILE)))
    assert page.locator("img").count() == 0
    document = page.evaluate("harness.map.svgDocument()")
    assert escaped in document and HOSTILE not in document
    parsed = page.evaluate(
        """(text) => {
            const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
            return {
                errors: doc.getElementsByTagName('parsererror').length,
                root: doc.documentElement.namespaceURI,
                title: doc.querySelector('title').textContent,
                texts: [...doc.querySelectorAll('text')].map(t => t.textContent),
                focusable: doc.querySelectorAll('[tabindex]').length,
            };
        }""",
        document,
    )
    assert parsed["errors"] == 0
    assert parsed["root"] == "http://www.w3.org/2000/svg"
    assert parsed["title"] == "Map of the partners of PLIE de l'agglomération"
    assert any(t.startswith("PLIE de l") for t in parsed["texts"])
    assert f"{HOSTILE} (CSAPA (addiction care centre)): Health" in parsed["texts"]
    assert parsed["focusable"] == 0


def test_the_reference_draws_strengths_and_tension(desktop):
    page = desktop
    network = small()
    actions = [*PLACED, {"type": "submit"}]
    open_map(page, network, actions)
    toggle = page.get_by_role("button", name="Show the reference map")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".pn-map-help")).to_have_text(
        "This attempt is submitted: the map no longer changes."
    )
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    svg = page.locator(".pn-map-svg")
    expect(svg).to_have_accessible_name("Reference map of the partners of PLIE de l'agglomération")
    tenuous = page.locator('.pn-map-line[data-from="plie"][data-strength="tenuous"]')
    expect(tenuous).to_have_attribute("stroke-dasharray", "7 5")
    strong = page.locator('.pn-map-line[data-strength="strong"]')
    expect(strong).to_have_count(3)
    expect(strong.first).to_have_attribute("stroke-width", "4")
    tension = page.locator('.pn-map-line[data-tension="true"]')
    expect(tension).to_have_count(1)
    assert tension.get_attribute("d").count("L") > 10  # a zigzag, not a straight line
    expect(page.locator(".pn-map-key")).to_contain_text("Dashed line: tenuous tie")
    expect(page.locator(".pn-map-key")).to_contain_text("Zigzag line: tie under tension")
    expect(
        page.locator('.pn-map-relation[data-from="plie"][data-to="ccas"]')
    ).to_have_accessible_name(
        re.compile(r"both ways: Co-accompagnement\. Tie: Moderate\. Under tension\.$")
    )
    # Every partner at its reference place, none to drag.
    assert inside(chip_box(page, "siao"), zone_box(page, "logement"))
    expect(page.locator(".pn-map-handle")).to_have_count(0)
    toggle.click()
    expect(page.locator('.pn-map-line[data-strength="strong"]')).to_have_count(0)


def test_a_submitted_map_does_not_move(desktop):
    page = desktop
    open_map(page, small(), [*PLACED, {"type": "submit"}])
    expect(page.locator(".pn-map-handle")).to_have_count(0)
    chip = page.locator(".pn-map-chip").first
    drag(page, centre(chip.bounding_box()), centre(zone_box(page, "logement")))
    drag(page, grab_point(node(page, "ccas")), centre(zone_box(page, "sante")))
    assert page.evaluate("harness.sent") == []
    node(page, "ccas").focus()
    page.keyboard.press("Enter")  # still readable in the form
    assert page.evaluate("harness.selected") == ["ccas"]


def test_the_drawing_is_deterministic_and_stable(desktop):
    page = desktop
    open_map(page, small(), PLACED)
    markup = page.evaluate("document.querySelector('.pn-map-svg').outerHTML")
    page.evaluate("harness.render()")
    assert page.evaluate("document.querySelector('.pn-map-svg').outerHTML") == markup
    before = {p: chip_box(page, p) for p in ("ccas", "siao", "ft")}
    page.evaluate("harness.send({type: 'place', partner: 'csapa', domains: ['sante']})")
    assert {p: chip_box(page, p) for p in before} == before


def test_no_serious_accessibility_violation_on_a_phone(page):
    relate = {"type": "relate", "from": "plie", "to": "ft", "relation": "orientation"}
    open_map(page, small(), [*PLACED, {**relate, "two_way": True}])
    assert axe_violations(page, ".pn-map") == []
    page.evaluate("harness.map.askRelate('ccas', 'siao')")
    expect(page.locator("dialog.pn-map-dialog")).to_be_visible()
    assert axe_violations(page, "dialog.pn-map-dialog") == []


def test_no_serious_accessibility_violation_on_a_desktop(desktop):
    page = desktop
    relate = {"type": "relate", "from": "ccas", "to": "siao", "relation": "orientation"}
    open_map(page, small(), [*PLACED, {**relate, "two_way": False}, {"type": "submit"}])
    assert axe_violations(page, ".pn-map") == []
    page.get_by_role("button", name="Show the reference map").click()
    assert axe_violations(page, ".pn-map") == []
    # Drag targets of the drawing are at least 24 px where the map is shown whole.
    small_targets = page.evaluate(
        """() => [...document.querySelectorAll('.pn-map-node, .pn-map-chip')]
            .map(n => n.getBoundingClientRect())
            .filter(r => r.height < 24 || r.width < 24).length"""
    )
    assert small_targets == 0


def spread_actions(network: engine.Network) -> list[dict]:
    """Every partner placed in one or two domains, spread over the map, then every relation."""
    domains = engine.DOMAINS
    actions = [
        {"type": "place", "partner": p.id, "domains": list(domains[i % 11 : i % 11 + 2])}
        for i, p in enumerate(network.partners)
    ]
    return actions + [
        {"type": "relate", "from": r.source, "to": r.target, "relation": r.type, "two_way": False}
        for r in network.map.relations
    ]


def test_forty_partners_and_sixty_relations_are_drawn_readably(desktop):
    page = desktop
    network = large_network()
    open_map(page, network, spread_actions(network))
    expect(page.locator(".pn-map-node")).to_have_count(40)
    expect(page.locator(".pn-map-line")).to_have_count(60)
    # How fast it draws is measured in benchmarks/bench_partner_network.py, not asserted here.
    # Readable: no two chips overlap, every chip inside the drawing.
    boxes = page.eval_on_selector_all(
        ".pn-map-node .pn-map-box",
        "rects => rects.map(r => { const b = r.getBBox(); return [b.x, b.y, b.width, b.height]; })",
    )
    width, height = page.evaluate(
        "document.querySelector('.pn-map-svg').viewBox.baseVal"
        " && [document.querySelector('.pn-map-svg').viewBox.baseVal.width,"
        " document.querySelector('.pn-map-svg').viewBox.baseVal.height]"
    )
    for i, (x, y, w, h) in enumerate(boxes):
        assert x >= 0 and x + w <= width and y >= 0 and y + h <= height
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
    page.evaluate("harness.map.svgDocument()")
