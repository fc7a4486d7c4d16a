"""Partner network: speed and size, each against a baseline measured in the same run.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_partner_network.py`). It prints:
- the submit handler's median latency through the workbench (Django, URL routing, the runtime,
  the sqlite database, the action lock, scoring, the grade and the staff record) on the
  course's map, against the sample `thumbs` block's vote handler;
- in Chromium, the time to render a 40-partner map with 60 relations and to answer a
  keyboard placement on it, against the same page with an empty map;
- the compact learner state of the course's map at its worst case, against 1.5 KB, and the
  suspend_data of its SCO against SCORM 1.2's 4,096 characters.
Not a test: the figures go in the issue note and the README.
"""

from __future__ import annotations

# isort: off
from workbench_setup import StorageClock, migrated  # first: it sets Django up
# isort: on

import json
import os
import statistics

from django.test import Client
from lxml import etree
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import get_scenarios

import course_content
from xblocks.common.i18n import catalog
from xblocks.common.xml import parse
from xblocks.partner_network import olx, scorm

PLAYERS = int(os.environ.get("BENCH_PLAYERS", "60"))
JSON = "application/json"
VOTE = json.dumps({"voteType": "up"})
BUDGET = 1536


def post(client: Client, url: str, body: dict) -> dict:
    response = client.post(url, json.dumps(body), content_type=JSON)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def course_network_usage() -> tuple[str, str]:
    """The usage of the course's (largest) map in the workbench, and of a thumbs block."""
    scenarios = get_scenarios()
    files = course_content.activity_files("partner_network")
    largest = max(files, key=lambda p: p.stat().st_size)
    usage = scenarios[f"partner_network.{files.index(largest) + 1}"].usage_id
    thumbs = WorkbenchRuntime("bench").get_block(scenarios["thumbs.0"].usage_id)
    return usage, thumbs.children[0]


def submit_latencies(client: Client, usage: str, thumb: str, clock: StorageClock) -> tuple:
    """Each learner places half the partners and decides every situation, then submits; each
    submit is followed by one thumbs vote (interleaved, so both see the same machine). Both
    lists hold (seconds, storage seconds, storage calls) per request."""
    ours, baseline = [], []
    for player in range(PLAYERS):
        student = f"bench-{player}"
        url = f"/handler/{usage}/{{}}/?student={student}"
        view = post(client, url.format("get_state"), {})
        domains = view["map"]["domains"]
        for n, card in enumerate(view["partners"][::2]):
            body = {"type": "place", "partner": card["id"], "domains": [domains[n % 11]]}
            view = post(client, url.format("act"), {**body, "at": view["at"]})
        for situation in view["situations"]:
            chosen = situation["partners"][:2]
            body = {"type": "decide", "situation": situation["id"], "partners": chosen}
            view = post(client, url.format("act"), {**body, "first": chosen[0], "at": view["at"]})
        *figures, response = clock.during(
            client.post, url.format("submit"), json.dumps({"at": view["at"]}), content_type=JSON
        )
        assert response.status_code == 200, response.content
        ours.append(figures)
        *figures, response = clock.during(
            client.post, f"/handler/{thumb}/vote/?student={student}", VOTE, content_type=JSON
        )
        assert response.status_code == 200, response.content
        baseline.append(figures)
    return ours, baseline


PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Carte</title>
<style>{style}</style></head><body><main><div class="ip-root"></div></main></body></html>"""

MEASURE = """async ({content, settings, state, ui, partner, domain}) => {
  // The SCO's page: the learner view on the JS engine. Every render is timed, the layout
  // it causes included; then a keyboard placement: Space on a domain of the list view, from
  // the key's release to the end of the render that follows.
  const renders = [];
  const original = PartnerNetworkView.prototype.render;
  // Timed at the page's repaint (`paint`, which a render may defer until a key is released),
  // the layout it causes included: what the learner waits for.
  const paint = PartnerNetworkView.prototype.paint;
  PartnerNetworkView.prototype.paint = function (...args) {
    const start = performance.now();
    const result = paint.apply(this, args);
    document.body.getBoundingClientRect();
    renders.push([start, performance.now()]);
    return result;
  };
  window.__renders = renders;
  const root = document.querySelector('.ip-root');
  const start = performance.now();
  PartnerNetworkScorm.mount(root, {content, settings, ui, capacities: {}, seed: 'bench',
    saved: {state, best: null, keptAttempt: null}, changed: () => {}});
  for (let wait = 0; !renders.length && wait < 500; wait += 1) {
    await new Promise((done) => setTimeout(done, 10));
  }
  if (!renders.length) throw new Error('the view never rendered: ' + root.textContent);
  const first = renders[0][1] - start;
  const box = document.querySelector(`[id$="-place-${partner}"] input[value="${domain}"]`);
  box.focus();
  return {first, count: renders.length};
}"""


def browser_figures(runs: int = 7) -> None:
    """Median render and keyboard-placement times of a 40-partner map with 60 relations, and
    of the same page with the map empty."""
    from playwright.sync_api import sync_playwright

    from scorm_export.render import front_end
    from tests.partner_network_fixtures import large_network
    from xblocks.partner_network import engine

    network = large_network()
    element = etree.Element("partner_network")
    olx.network_to_element(network, olx.Settings("Carte", 3, 1.0), element)
    content, settings = scorm.load(element)
    full = engine.new_state(network)
    domains = engine.DOMAINS
    actions = [
        {"type": "place", "partner": p.id, "domains": list(domains[i % 11 : i % 11 + 2])}
        for i, p in enumerate(network.partners)
    ] + [
        {"type": "relate", "from": r.source, "to": r.target, "relation": r.type}
        for r in network.map.relations
    ]
    for action in actions:
        full = engine.apply(network, full, {**action, "at": engine.position(full)}, max_attempts=3)
    full = {**full, "n": 0, "u": []}
    script, style = front_end(["partner_network"])
    ui = scorm.front_end_ui(catalog("fr").gettext)
    figures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        for name, state in (("empty", engine.new_state(network)), ("full", full)):
            firsts, keys = [], []
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 390, "height": 844})
                page.set_content(PAGE.format(style=style))
                page.add_script_tag(content=script.replace("InsertionProSco", "_unusedSco"))
                partner, domain = network.partners[-1].id, "justice"
                found = page.evaluate(
                    MEASURE,
                    {
                        "content": content,
                        "settings": settings,
                        "state": state,
                        "ui": ui,
                        "partner": partner,
                        "domain": domain,
                    },
                )
                firsts.append(found["first"])
                # Space acts on a checkbox when the key is released (it toggles it then, and
                # not at all if the focus moved meanwhile): the figure runs from the release.
                page.evaluate(
                    """() => { window.__key = null; document.addEventListener('keyup',
                    () => { window.__key = performance.now(); }, true); }"""
                )
                page.keyboard.press("Space")
                # In the page, from the key's release to the end of the first repaint after
                # it: no round trip of the test driver in the figure.
                keys.append(
                    page.evaluate(
                        """async () => {
                        for (let n = 0; n < 500; n += 1) {
                          const done = window.__renders.find(([, end]) => end > window.__key);
                          if (window.__key !== null && done) return done[1] - window.__key;
                          await new Promise((wait) => setTimeout(wait, 5));
                        }
                        throw new Error('no repaint after the key');
                        }"""
                    )
                )
                page.close()
            figures[name] = (statistics.median(firsts), statistics.median(keys))
        browser.close()
    (empty_render, empty_key), (full_render, full_key) = figures["empty"], figures["full"]
    print(
        f"40-partner map with 60 relations, first render in Chromium (phone viewport), median "
        f"of {runs}: {full_render:.1f} ms; the same page with an empty map: {empty_render:.1f} ms"
        f"\n  ratio full / empty = {full_render / empty_render:.2f}; the whole page, built once"
    )
    print(
        f"keyboard placement (Space on a domain of the list), key released to rendered: "
        f"{full_key:.1f} ms;"
        f" on the empty map: {empty_key:.1f} ms\n  ratio full / empty = {full_key / empty_key:.2f}"
        " (target: the full map under 50 ms)"
    )


def sizes() -> None:
    for path in course_content.activity_files("partner_network"):
        network, settings = olx.network_from_xml(path.read_bytes())
        content, loaded = scorm.load(parse(path.read_bytes()))
        structure = scorm.structure_chars(network, settings.max_attempts)
        whole = scorm.state_chars(content, loaded)
        print(
            f"{path.stem}: compact state at its worst, without justifications {structure} "
            f"characters = {structure / BUDGET:.2f} of the 1.5 KB budget; with "
            f"{len(network.situation_items)} justifications of {loaded['justification_limit']} "
            f"characters {whole} = {whole / 4096:.2f} of SCORM 1.2's suspend_data"
        )


def main() -> None:
    migrated()
    usage, thumb = course_network_usage()
    ours, baseline = submit_latencies(Client(), usage, thumb, StorageClock())

    def medians(rows):
        return [statistics.median(row[i] for row in rows) for i in range(3)]

    (ours_s, ours_store, ours_calls), (base_s, base_store, base_calls) = (
        medians(ours),
        medians(baseline),
    )
    print(f"submit handler, median of {len(ours)} submits: {ours_s * 1000:.2f} ms")
    print(f"thumbs vote handler, median of {len(baseline)} requests: {base_s * 1000:.2f} ms")
    print(f"  ratio submit / thumbs = {ours_s / base_s:.2f} (target <= 1.5)")
    print(
        f"  of which the workbench's field storage: submit {ours_store * 1000:.2f} ms in "
        f"{ours_calls:.0f} calls, thumbs {base_store * 1000:.2f} ms in {base_calls:.0f} calls; "
        f"the submit's storage alone / thumbs' whole request = {ours_store / base_s:.2f}"
    )
    sizes()
    browser_figures()


if __name__ == "__main__":
    main()
