"""The partner network's SCORM seam: the compact state the SCO saves replays exactly, its
longest form is what the exporter counts, and it stays within its share of suspend_data.

The encoding is JavaScript (the SCO's); each test runs it in node on networks built here."""

import json
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tests.partner_network_fixtures import SMALL_MAP, large_network
from xblocks.common.scorm_seam import ActivityInvalid
from xblocks.partner_network import engine, olx, scorm, validation

ROOT = Path(__file__).resolve().parents[2]
RUNNER = """
const PUBLIC = './xblocks/partner_network/public/';
globalThis.InsertionProShuffle = require('./xblocks/common/public/shuffle.js');
globalThis.PartnerNetworkEngine = require(PUBLIC + 'partner-network-engine.js');
require(PUBLIC + 'partner-network-scorm.js');
const A = globalThis.PartnerNetworkScorm;
const { content, settings, cases } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
console.log(JSON.stringify(cases.map((saved) => {
  // A string is a saved suspend_data entry to read; anything else a state to save and read.
  const text = typeof saved === 'string' ? saved : A.encode(content, settings, saved);
  return { text, length: text.length, back: A.decode(content, settings, text) };
})));
"""


def run_node(content: dict, settings: dict, cases: list) -> list:
    done = subprocess.run(
        ["node", "-e", RUNNER],
        input=json.dumps({"content": content, "settings": settings, "cases": cases}),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def loaded(network: engine.Network, max_attempts: int = 3):
    element = etree.Element("partner_network")
    olx.network_to_element(network, olx.Settings("Réseau", max_attempts, 1.0), element)
    return scorm.load(element)


def worst(network: engine.Network, settings: dict) -> dict:
    """validation.worst_state, its justifications at the SCO's limit in characters that cost
    two each once saved, as the SCO keeps it (no undo history, no count of actions)."""
    state = validation.worst_state(network, settings["max_attempts"])
    limit = settings["justification_limit"]
    state["j"] = [("%~|<\U0001f642" * limit)[:limit] for _j in state["j"]]
    state["n"], state["u"], state["f"] = 0, [], 1
    return state


@pytest.mark.parametrize(
    "build",
    [
        lambda: olx.network_from_xml(SMALL_MAP)[0],
        large_network,
        lambda: large_network(situations=8),
    ],
)
def test_the_longest_state_is_exactly_what_the_exporter_counts(build):
    network = build()
    content, settings = loaded(network)
    state = worst(network, settings)
    saved = {"state": state, "best": 1, "keptAttempt": settings["max_attempts"]}
    (found,) = run_node(content, settings, [saved])
    assert found["length"] == scorm.state_chars(content, settings)
    assert found["length"] <= scorm.SHARE
    assert found["back"] == saved


def test_the_structure_of_a_40_partner_map_fits_in_1_5_kb():
    network = large_network()
    content, settings = loaded(network)
    state = {**worst(network, settings), "j": [""] * len(network.situation_items)}
    (found,) = run_node(content, settings, [{"state": state, "best": 1, "keptAttempt": 3}])
    assert found["length"] == scorm.structure_chars(network, 3) + len(state["j"]) <= 1536


def test_every_state_of_a_playthrough_replays_and_a_foreign_string_gives_a_fresh_start():
    network = olx.network_from_xml(SMALL_MAP)[0]
    content, settings = loaded(network)
    state = engine.new_state(network)
    states = [state]
    actions = [
        {"type": "place", "partner": "ft", "domains": ["emploi", "formation"]},
        {"type": "relate", "from": "plie", "to": "ft", "relation": "orientation", "two_way": True},
        {"type": "justify", "situation": "sit_nadia", "text": "Loyer ~ 100 % | urgence"},
        {"type": "decide", "situation": "sit_nadia", "partners": ["ccas", "ft"], "first": "ccas"},
    ]
    for action in actions:
        state = engine.apply(
            network, state, {**action, "at": engine.position(state)}, max_attempts=3
        )
        states.append(state)
    cases = [{"state": {**s, "n": 0, "u": []}, "best": None, "keptAttempt": None} for s in states]
    found = run_node(content, settings, cases)
    assert [f["back"] for f in found] == cases
    assert "Loyer %1 100 %0 %2 urgence" in found[-1]["text"]
    fresh = {"state": engine.new_state(network), "best": None, "keptAttempt": None}
    last = found[-1]["text"]
    foreign = ["", "garbage", "1.0ZZ.A.AA.", "9" * 40, last.replace(".", "..", 1), last + "~x"]
    assert [f["back"] for f in run_node(content, settings, foreign)] == [fresh] * len(foreign)


def test_many_situations_shorten_justifications_and_check_says_so():
    network = large_network(situations=8)
    element = etree.Element("partner_network")
    olx.network_to_element(network, olx.Settings("Réseau", 3, 1.0), element)
    _content, settings = scorm.load(element)
    limit = settings["justification_limit"]
    assert scorm.MIN_JUSTIFICATION <= limit < engine.MAX_JUSTIFICATION
    said = [w.message() for w in scorm.warnings(element)]
    assert any(f"limited to {limit} characters instead of 300" in m for m in said)


def test_a_network_whose_justifications_would_not_fit_is_refused(monkeypatch):
    network = large_network(situations=8)
    element = etree.Element("partner_network")
    olx.network_to_element(network, olx.Settings("Réseau", 3, 1.0), element)
    monkeypatch.setattr(scorm, "SHARE", 1000)
    with pytest.raises(ActivityInvalid, match="fewer than 80"):
        scorm.load(element)
