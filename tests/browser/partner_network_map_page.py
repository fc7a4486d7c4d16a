"""A page holding the partner network map alone, driven by the real JavaScript engine.

The page loads the shipped scripts (shuffle, transport, the engine, the map) and its style
sheet; `send` applies the action with PartnerNetworkEngine.apply and re-renders from
PartnerNetworkEngine.learnerView, as the SCORM and preview pages do. No stub: a refusal is the
engine's own.
"""

from __future__ import annotations

from pathlib import Path

from xblocks.partner_network import engine
from xblocks.partner_network.messages_map import MAP_UI

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ROOT / "xblocks"
SCRIPTS = [
    PUBLIC / "common" / "public" / "shuffle.js",
    PUBLIC / "common" / "public" / "transport.js",
    PUBLIC / "partner_network" / "public" / "partner-network-engine.js",
    PUBLIC / "partner_network" / "public" / "partner-network-map.js",
]
STYLE = PUBLIC / "partner_network" / "public" / "partner-network-map.css"
SEED = "learner-seed"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner network map</title></head>
<body><main><h1>Partner network</h1><div id="map"></div><p id="error" role="alert"></p></main>
</body></html>"""

HARNESS = """({content, ui, reference, actions, seed}) => {
  const E = PartnerNetworkEngine;
  const settings = {seed, maxAttempts: 0};
  const h = window.harness = {content, state: E.newState(content), sent: [], selected: [],
    renders: []};
  h.apply = (action) => {
    const at = E.position(h.state);
    h.state = E.apply(content, h.state, Object.assign({}, action, {at}), settings);
  };
  h.view = () => Object.assign(E.learnerView(content, h.state, settings),
    {reference: h.state.f ? reference : null});
  h.render = (options) => {
    const start = performance.now();
    h.map.render(h.view(), options);
    document.querySelector('#map svg').getBoundingClientRect();  // style and layout included
    h.renders.push(performance.now() - start);
  };
  h.send = (payload) => {
    h.sent.push(payload);
    try {
      h.apply(payload);
    } catch (error) {
      document.getElementById('error').textContent = error.template || String(error);
      return Promise.reject(error);
    }
    h.render();
    return Promise.resolve();
  };
  h.map = new PartnerNetworkMap(document.getElementById('map'), {
    ui, id: 'pn-3', send: h.send, select: (id) => h.selected.push(id),
  });
  actions.forEach(h.apply);
  h.render();
}"""


def reference_of(network: engine.Network) -> dict:
    """The map part of the reference, as the block's view_state gives it after a submission."""
    return {
        "placements": {p.id: list(p.domains) for p in network.partners},
        "relations": [
            {
                "from": r.source,
                "to": r.target,
                "relation": r.type,
                "two_way": r.direction == "two_way",
                "strength": r.strength,
                "tension": r.tension,
            }
            for r in network.map.relations
        ],
    }


def open_map(page, network: engine.Network, actions=()) -> None:
    """Show `network`'s map in `page`, after the learner `actions` (each without "at")."""
    page.set_content(PAGE)
    page.add_style_tag(path=str(STYLE))
    for script in SCRIPTS:
        page.add_script_tag(path=str(script))
    page.evaluate(
        HARNESS,
        {
            "content": engine.to_dict(network),
            "ui": MAP_UI,
            "reference": reference_of(network),
            "actions": list(actions),
            "seed": SEED,
        },
    )


def placed(page) -> dict:
    """The engine's placements now, {partner: [domains]}."""
    return page.evaluate(
        "() => Object.fromEntries(harness.view().map.placed.map(p => [p.partner, p.domains]))"
    )


def relations(page) -> list:
    return page.evaluate("() => harness.view().map.relations")
