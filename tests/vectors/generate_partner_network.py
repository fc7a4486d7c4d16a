"""Write the partner network vectors that will hold the Python and JavaScript engines equal.

Run `.venv/bin/python tests/vectors/generate_partner_network.py` after changing the engine or
a network below; `tests/unit/test_partner_network_engine.py` fails while the committed files
differ from what this writes. `build()` is meant to join `tests/vectors/generate.py`'s
(whose `main()` deletes every vector file its own `build()` does not name).

Each vector file (`partner_network/<name>.json`) holds:
- `description`, `content` (as `engine.to_dict` writes it) and `settings` (`seed`,
  `max_attempts`);
- `steps`: actions applied in order to `engine.new_state(content)`. `action` is the JSON
  object the page sends, `at` included (`engine.apply`); `expect` is `{"state": ...}`, or
  `{"refused": template, "params": {...}}` when the engine refuses (the state is then
  unchanged, so its view and score are those of the step before); after an accepted step,
  `view` is `engine.learner_view` of the new state, `score` its `scoring.score_dict`, and
  `kept` the attempt kept so far (`scoring.kept_after`), as `{"attempt", "raw"}` or null,
  and `explanations` the Messages of `scoring.explanations` of that score, in order (the
  whole, its cap when there is one, each capacity, each kind of item), as
  `{"template", "params"}` with each param as the string Python formats into the template;
- `checked_states` (optional): `{"input": any JSON, "expect": state}` for `checked_state`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script, or loaded by path from the tests
    sys.path.insert(0, str(ROOT))

from course_content import capacity_codes  # noqa: E402
from tests.partner_network_fixtures import large_network  # noqa: E402
from xblocks.partner_network import engine, scoring  # noqa: E402
from xblocks.partner_network.olx import network_from_xml  # noqa: E402
from xblocks.partner_network.validation import validate  # noqa: E402

VECTORS = Path(__file__).resolve().parent
OUT = VECTORS / "partner_network"

PARTNERS = """
  <structure id="moi" name="Association Passerelle" kind="association">Votre structure.</structure>
  <relation_type id="orientation" label="Orientation ou prescription"/>
  <relation_type id="financement" label="Financement"/>
  <relation_type id="convention" label="Convention"/>
  <partner id="ft" name="France Travail" kind="france_travail" domains="emploi formation"/>
  <partner id="ccas" name="CCAS" kind="ccas" domains="social logement"/>
  <partner id="dep" name="Conseil départemental" kind="conseil_departemental"
           domains="social"/>
  <partner id="aci" name="ACI Le Relais" kind="aci" domains="emploi"/>
  <partner id="cmp" name="CMP du secteur" kind="cmp" domains="sante"/>
"""
MAP = """
  <map capacities="B3.6">
    <relation id="r1" from="moi" to="ft" type="orientation" direction="two_way"/>
    <relation id="r2" from="dep" to="aci" type="financement" capacities="B3.5"/>
    <relation id="r3" from="moi" to="ccas" type="convention" strength="tenuous" tension="true"/>
  </map>
"""
TERRITORY = """
  <territory name="Bassin d'exemple">
    <indicator id="chomage" label="Taux de chômage" date="T4 2024" source="INSEE">9 %</indicator>
  </territory>
"""
QUESTIONS = """
  <questions capacities="B3.2">
    <question id="q1">
      <prompt>Quel taux de chômage ?</prompt>
      <option correct="true">9 %</option>
      <option>4 %</option>
      <option>15 %</option>
    </question>
    <question id="q2" select="many" shuffle="false" capacities="B3.3">
      <prompt>Quels indicateurs sont datés ?</prompt>
      <option>Aucun</option>
      <option correct="true">Le taux de chômage</option>
      <option>La météo</option>
      <option>Les horaires</option>
    </question>
  </questions>
  <strategies capacities="B3.1">
    <strategy id="s1" partner="aci">
      <expects>
        <option correct="true">Des candidats éligibles</option>
        <option>Des subventions</option>
        <option>Des bénévoles</option>
      </expects>
      <offers select="one">
        <option correct="true">Un CDDI</option>
        <option>Un CDI</option>
      </offers>
    </strategy>
  </strategies>
"""
SITUATIONS = """
  <situations capacities="B2.8">
    <situation id="u1" title="Sonia" cap="0.4" points="2">
      <text>Sonia n'a plus de logement depuis hier soir.</text>
      <mobilise partner="ccas" urgent="true"/>
      <mobilise partner="ft"/>
    </situation>
    <situation id="u2" title="Paul">
      <text>Paul cherche un emploi adapté à ses soins.</text>
      <mobilise partner="aci"/>
      <mobilise partner="cmp"/>
    </situation>
  </situations>
"""


def network(*parts: str) -> engine.Network:
    found, _settings = network_from_xml(f"<partner_network>{''.join(parts)}</partner_network>")
    problems = validate(found, capacity_codes())
    if problems:
        raise AssertionError([p.message() for p in problems])
    return engine.from_dict(json.loads(json.dumps(engine.to_dict(found))))  # what JS reads


HERE = "here"  # act from the state's own position, as a front-end does


def act(kind: str, at: object = HERE, **fields: object) -> tuple:
    return ({"type": kind, **fields}, at, False)


def refused(step: tuple) -> tuple:
    return (step[0], step[1], True)


def explained(content: engine.Network, result: scoring.Score) -> list[dict]:
    """`scoring.explanations` flattened in order, each param as `str.format` writes it."""
    lines = scoring.explanations(content, result)
    messages = [
        lines["score"],
        *([] if lines["cap"] is None else [lines["cap"]]),
        *lines["capacities"].values(),
        *lines["kinds"].values(),
    ]
    return [
        {"template": m.template, "params": {k: f"{v}" for k, v in m.params.items()}}
        for m in messages
    ]


def replay(content: engine.Network, settings: dict, script: list[tuple]) -> list[dict]:
    state = engine.new_state(content)
    kept = None
    steps = []
    for action, at, must_refuse in script:
        action = {**action, "at": engine.position(state) if at == HERE else at}
        step: dict = {"action": action}
        try:
            state = engine.apply(
                content,
                state,
                action,
                seed=settings["seed"],
                max_attempts=settings["max_attempts"],
            )
            step["expect"] = {"state": state}
            kept = scoring.kept_after(content, kept, state)
        except engine.ActionRefused as refusal:
            problem = refusal.problem
            step["expect"] = {"refused": problem.template, "params": dict(problem.params)}
        if must_refuse != ("refused" in step["expect"]):
            raise AssertionError(f"{action}: unexpected {step['expect']}")
        if must_refuse:
            steps.append(step)
            continue
        step["view"] = engine.learner_view(
            content, state, seed=settings["seed"], max_attempts=settings["max_attempts"]
        )
        result = scoring.score(content, state)
        step["score"] = scoring.score_dict(result)
        step["explanations"] = explained(content, result)
        step["kept"] = (
            None if kept is None else {"attempt": kept["attempt"], "raw": kept["score"]["raw"]}
        )
        steps.append(step)
    return steps


def vector(description: str, content: engine.Network, settings: dict, script, checked=()) -> dict:
    settings = {"seed": "learner-7f3a|network", "max_attempts": 2, **settings}
    result = {
        "description": description,
        "content": engine.to_dict(content),
        "settings": settings,
        "steps": replay(content, settings, script),
    }
    if checked:
        result["checked_states"] = [
            {"input": item, "expect": engine.checked_state(content, item)} for item in checked
        ]
    return result


# --- Vectors ----------------------------------------------------------------------------------


def placements_and_relations() -> dict:
    content = network(PARTNERS, MAP)
    script = [
        act("place", partner="ft", domains=["emploi"]),
        act("place", partner="ft", domains=["formation", "emploi", "emploi"]),  # a set
        act("place", partner="ft", domains=["formation", "emploi"]),  # the same: no undo entry
        act("place", partner="cmp", domains=["sante", "social"]),
        act("place", partner="cmp", domains=[]),  # off the map
        refused(act("place", partner="moi", domains=["social"])),  # the structure is not placed
        refused(act("place", partner="zz", domains=["social"])),
        refused(act("place", partner="ccas", domains=["cuisine"])),
        refused(act("place", partner="ccas", domains="social")),
        refused(act("place", partner="ccas", domains=[3])),
        refused(act("place", partner=None, domains=[])),
        act("relate", **{"from": "ft", "to": "moi", "relation": "orientation", "two_way": True}),
        act("relate", **{"from": "aci", "to": "dep", "relation": "financement"}),  # reversed
        act("relate", **{"from": "moi", "to": "cmp", "relation": "convention"}),  # wrong pair
        refused(act("relate", **{"from": "cmp", "to": "moi", "relation": "orientation"})),
        refused(act("relate", **{"from": "ft", "to": "ft", "relation": "orientation"})),
        refused(act("relate", **{"from": "ft", "to": "zz", "relation": "orientation"})),
        refused(act("relate", **{"from": "ft", "to": "aci", "relation": "amitie"})),
        refused(
            act("relate", **{"from": "ft", "to": "aci", "relation": "convention", "two_way": 1})
        ),
        refused(act("unrelate", **{"from": "ft", "to": "aci"})),
        act("unrelate", **{"from": "cmp", "to": "moi"}),
        act("undo"),  # the wrong relation comes back
        act("undo"),  # the reversed relation goes
        act("undo"),
        act("undo"),  # cmp placed again
        act("undo"),  # cmp off the map
        refused(act("undo")),  # five entries at most: the first placement is forgotten
        refused(act("dance")),
        refused(act(None)),
    ]
    return vector(
        "Placements (domains as a set, the structure not placed), relations drawn, reversed, "
        "wrong, refused (duplicate either way, self, unknown node, type, non-boolean two_way), "
        "removed, then undone down to the five entries the history keeps.",
        content,
        {},
        script,
    )


def relation_limit() -> dict:
    content = network(PARTNERS, MAP)
    nodes = content.node_ids
    pairs = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]]
    script = [
        act("relate", **{"from": a, "to": b, "relation": "orientation"})
        for a, b in pairs[: content.max_relations]
    ]
    a, b = pairs[content.max_relations]
    script.append(refused(act("relate", **{"from": a, "to": b, "relation": "orientation"})))
    return vector(
        "The relation limit: twice the nodes (12 for the structure and five partners), drawn "
        "from the number of partners and never from the reference; the precision of a map "
        "with every pair drawn.",
        content,
        {},
        script,
    )


def answers_and_orders() -> dict:
    content = network(PARTNERS, TERRITORY, QUESTIONS)
    script = [
        act("answer", question="q1", options=["2"]),
        act("answer", question="q1", options=["0"]),
        refused(act("answer", question="q1", options=["0", "1"])),  # select="one"
        refused(act("answer", question="q1", options=["3"])),
        refused(act("answer", question="q1", options=["-1"])),
        refused(act("answer", question="q1", options=[0])),
        refused(act("answer", question="q9", options=["0"])),
        act("answer", question="q2", options=["1", "2"]),  # pinned: authored order
        act("answer", question="s1", part="expects", options=["0", "1", "2"]),
        act("answer", question="s1", part="offers", options=["1"]),
        refused(act("answer", question="s1", options=["1"])),  # a strategy needs its part
        refused(act("answer", question="s1", part="needs", options=["1"])),
        refused(act("place", partner="ft", domains=["emploi"])),  # no map here
        act("answer", question="q2", options=[]),
        act("undo"),
        act("submit"),
    ]
    return vector(
        "Answers named by their place in the order shown (shuffled per learner and attempt, "
        "a pinned list in its authored order), single and multiple answers, a strategy's two "
        "lists, refusals; a network without a map shows each partner's domains.",
        content,
        {},
        script,
    )


def answers_another_learner() -> dict:
    content = network(PARTNERS, TERRITORY, QUESTIONS)
    script = [
        act("answer", question="q1", options=["0"]),
        act("answer", question="s1", part="expects", options=["0"]),
        act("submit"),
        act("restart"),  # another attempt: another order
        act("answer", question="q1", options=["0"]),
    ]
    return vector(
        "The same network for another learner: other orders, so the same places name other "
        "options; a second attempt draws its own orders.",
        content,
        {"seed": "learner-0042|network"},
        script,
    )


def situations_and_cap() -> dict:
    content = network(PARTNERS, SITUATIONS)
    long_text = "🙂" * (engine.MAX_JUSTIFICATION + 1)
    script = [
        act("decide", situation="u1", partners=["ft"], first="ft"),  # urgency missed: capped
        act("decide", situation="u2", partners=["aci", "cmp"], first=None),
        act("justify", situation="u2", text="L'ACI pour l'emploi, le CMP pour les soins.\n"),
        refused(act("justify", situation="u2", text=long_text)),
        refused(act("justify", situation="u2", text="bip\u0007")),
        refused(act("justify", situation="u2", text=["texte"])),
        act("justify", situation="u1", text="<script>alert(1)</script> & « urgence »"),
        act("justify", situation="u1", text="🙂" * engine.MAX_JUSTIFICATION),
        refused(act("decide", situation="u1", partners=["ft", "zz"], first=None)),
        refused(act("decide", situation="u1", partners=["ft"], first="ccas")),
        refused(act("decide", situation="u9", partners=[], first=None)),
        refused(act("decide", situation="u1", partners=["ft", "ccas", "dep", "aci", "cmp", "x"])),
        act("decide", situation="u1", partners=["ccas", "ft", "ccas"], first="ccas"),
        act("undo"),  # back to the capped decision
        act("undo"),
        act("decide", situation="u1", partners=["ccas", "dep"], first="dep"),
        act("submit"),
        refused(act("justify", situation="u1", text="après coup")),
    ]
    return vector(
        "Situations: partners chosen as a set, the one to mobilise first, justifications kept "
        "as text at their bound in code points (never undone), a critical urgency that caps "
        "the score only when it lowers it, the urgency first in a situation without one.",
        content,
        {},
        script,
    )


def attempts_and_stale() -> dict:
    content = network(PARTNERS, MAP, SITUATIONS)
    first = {"attempt": 1, "step": 0}
    script = [
        refused(act("submit")),  # nothing to submit
        refused(act("restart")),  # not submitted
        act("place", partner="ft", domains=["emploi"]),
        refused(act("place", first, partner="ft", domains=["emploi"])),  # a double click
        refused(act("place", {"attempt": 1, "step": 5}, partner="ft", domains=["emploi"])),
        refused(act("place", {"attempt": 1, "step": True}, partner="ft", domains=["emploi"])),
        refused(act("place", {"attempt": 1, "step": 1, "x": 0}, partner="ft", domains=[])),
        refused(act("place", [1, 1], partner="ft", domains=[])),
        refused(act("place", None, partner="ft", domains=[])),
        act("decide", situation="u1", partners=["ccas"], first="ccas"),
        act("submit"),
        refused(act("submit")),
        refused(act("place", partner="ft", domains=["formation"])),
        refused(act("undo")),
        act("restart"),
        refused(act("restart", {"attempt": 1, "step": 3})),  # the same restart again
        act("place", partner="ft", domains=["emploi", "formation"]),
        act("submit"),  # worse than the first: the first stays kept
        refused(act("restart")),  # no attempts left
    ]
    checked = [
        {
            "v": 1,
            "a": 2,
            "n": 3,
            "f": 0,
            "p": [0] * 5,
            "r": [],
            "q": [],
            "s": [[[], -1]] * 2,
            "j": ["", ""],
            "u": [],
        },
        {
            "v": 1,
            "a": 2,
            "n": 3,
            "f": 0,
            "p": [2048, 0, 0, 0, 0],
            "r": [],
            "q": [],
            "s": [[[], -1]] * 2,
            "j": ["", ""],
            "u": [],
        },
        {
            "v": 1,
            "a": 2,
            "n": 3,
            "f": 0,
            "p": [1, 0, 0, 0, 0],
            "r": [5, 3],
            "q": [],
            "s": [[[], -1]] * 2,
            "j": ["", ""],
            "u": [],
        },
        {
            "v": 1,
            "a": 1,
            "n": 1,
            "f": 0,
            "p": [1, 0, 0, 0, 0],
            "r": [],
            "q": [],
            "s": [[[], -1]] * 2,
            "j": ["", ""],
            "u": [[0, 0, 0]],
            "extra": "dropped",
        },
        {
            "v": 1,
            "a": 1,
            "n": 1,
            "f": 0,
            "p": [1, 0, 0, 0, 0],
            "r": [],
            "q": [],
            "s": [[[], -1]] * 2,
            "j": ["", ""],
            "u": [[1, 9]],
        },
        {
            "v": 1,
            "a": 1,
            "n": 1,
            "f": 0,
            "p": [True, 0, 0, 0, 0],
            "r": [],
            "q": [],
            "s": [[[], -1]] * 2,
            "j": ["", ""],
            "u": [],
        },
        {
            "v": 1,
            "a": 1,
            "n": 1,
            "f": 0,
            "p": [0] * 5,
            "r": [],
            "q": [],
            "s": [[[2, 1], 1], [[], -1]],
            "j": ["", ""],
            "u": [],
        },
        {
            "v": 1,
            "a": 1,
            "n": 1,
            "f": 0,
            "p": [0] * 5,
            "r": [],
            "q": [],
            "s": [[[1], 3], [[], -1]],
            "j": ["", ""],
            "u": [],
        },
        {
            "v": 1,
            "a": 1,
            "n": 1,
            "f": 0,
            "p": [0] * 5,
            "r": [],
            "q": [],
            "s": [[[], -1]] * 2,
            "j": ["x" * (engine.MAX_JUSTIFICATION + 1), ""],
            "u": [],
        },
        {"v": 2, "a": 1},
        {"v": True, "a": 1},
        {"v": 1, "a": 0},
        {"v": 1, "a": 1.5},
        None,
        [],
        "state",
    ]
    return vector(
        "Attempts and stale actions: nothing to submit, restart before a submit, a double "
        "click, a page ahead of the state or malformed positions refused; after a submit "
        "nothing changes until a restart; the better attempt is kept; checked states.",
        content,
        {},
        script,
        checked,
    )


def large_bounds() -> dict:
    fixture = large_network()
    problems = validate(fixture, capacity_codes())
    if problems:
        raise AssertionError([p.message() for p in problems])
    content = engine.from_dict(json.loads(json.dumps(engine.to_dict(fixture))))
    last = content.partners[-1].id  # p39, the 40th partner
    last_type = content.relation_types[-1].id  # t11, the 12th type
    top = str(engine.MAX_OPTIONS - 1)  # the 8th option shown
    script = [
        act("place", partner=last, domains=list(engine.DOMAINS)),
        act("place", partner=last, domains=[engine.DOMAINS[-1]]),
        act("relate", **{"from": last, "to": "p38", "relation": last_type, "two_way": True}),
        act("relate", **{"from": last, "to": content.structure.id, "relation": last_type}),
        refused(act("relate", **{"from": "p38", "to": last, "relation": "t0"})),
        act("unrelate", **{"from": content.structure.id, "to": last}),
        act("relate", **{"from": "plie", "to": "p1", "relation": "t0"}),  # a reference relation
        act("answer", question="q5", options=[top]),
        act("answer", question="q5", options=[str(i) for i in range(engine.MAX_OPTIONS)]),
        refused(act("answer", question="q5", options=[str(engine.MAX_OPTIONS)])),
        act("answer", question="s2", part="offers", options=[top, "0"]),
        act("answer", question="s2", part="expects", options=[top]),
        act("decide", situation="sit3", partners=[last, "p5", "p0"], first=last),
        act("decide", situation="sit2", partners=["p0", "p1", "p2", "p3", "p4", "p5"], first="p0"),
        act("justify", situation="sit3", text="Le dernier partenaire d'abord."),
        act("undo"),
        act("submit"),
    ]
    return vector(
        "A network at the engine's bounds (tests/partner_network_fixtures.py's large_network: "
        "40 partners, 12 relation types, 60 reference relations, lists of 8 options): the last "
        "partner placed on every domain then the last, relations of the last type between the "
        "highest nodes (the highest relation codes), one refused as a duplicate, the 8th option "
        "of a question and of a strategy's lists, the last situations, a submit and its score.",
        content,
        {},
        script,
    )


BUILDERS = (
    placements_and_relations,
    relation_limit,
    answers_and_orders,
    answers_another_learner,
    situations_and_cap,
    attempts_and_stale,
    large_bounds,
)


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def build() -> dict[str, str]:
    """Every partner network vector file's name (under tests/vectors/) and text."""
    return {f"partner_network/{b.__name__}.json": dump(b()) for b in BUILDERS}


def main() -> None:
    files = build()
    for stale in OUT.glob("*.json"):
        if f"partner_network/{stale.name}" not in files:
            stale.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (VECTORS / name).write_text(text, encoding="utf-8")
    print(f"{len(files)} vectors written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
