"""The map's strings: a label for every id the engine knows, and well-formed templates."""

import re
import string

import pytest

from xblocks.partner_network import engine
from xblocks.partner_network.messages_map import MAP_UI

IDS = [
    *(f"domain.{d}" for d in engine.DOMAINS),
    *(f"kind.{k}" for k in engine.PARTNER_KINDS),
    *(f"strength.{s}" for s in engine.STRENGTHS),
    *(f"direction.{d}" for d in engine.DIRECTIONS),
]


@pytest.mark.parametrize("key", IDS)
def test_every_engine_id_has_a_label(key):
    assert MAP_UI.get(key, "").strip(), key


def test_no_label_for_an_id_the_engine_does_not_know():
    prefixes = ("domain.", "kind.", "strength.", "direction.")
    assert {k for k in MAP_UI if k.startswith(prefixes)} == set(IDS)


def test_labels_of_a_family_are_distinct():
    # Two domains read alike would make the map's sectors ambiguous.
    for prefix in ("domain.", "kind."):
        labels = [v for k, v in MAP_UI.items() if k.startswith(prefix)]
        assert len(labels) == len(set(labels)), prefix


# The placeholders the front-end fills in: a translator who renames one would break the map.
PLACEHOLDERS = {
    "map_title": {"name"},
    "reference_title": {"name"},
    "map_summary": {"placed", "total", "relations", "max"},
    "reference_summary": {"total", "relations"},
    "off_map_relations": {"count"},
    "tray": {"count"},
    "structure_label": {"name", "kind"},
    "node_label": {"name", "kind", "domains"},
    "also": {"domains"},
    "relation_one_way": {"source", "target", "relation"},
    "relation_two_way": {"source", "target", "relation"},
    "relation_tie": {"strength"},
    "relate_title": {"source", "target"},
    "unrelate_title": {"source", "target", "relation"},
    "placed_in": {"name", "domain"},
    "taken_off": {"name"},
    "related": {"source", "target"},
    "unrelated": {"source", "target"},
    "export_partner": {"name", "kind", "domains"},
}


@pytest.mark.parametrize("key", sorted(MAP_UI))
def test_templates_name_exactly_their_placeholders(key):
    found = {name for _text, name, _spec, _conv in string.Formatter().parse(MAP_UI[key]) if name}
    assert found == PLACEHOLDERS.get(key, set()), key
    assert all(re.fullmatch(r"[a-z]+", name) for name in found)
