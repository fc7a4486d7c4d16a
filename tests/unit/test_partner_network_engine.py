"""The partner network engine as a learner meets it: actions, refusals, undo, attempts, what the
view reveals (never the reference), hostile states, and the shared vectors."""

import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.partner_network_fixtures import perfect_actions, small_network
from xblocks.partner_network import engine, scoring
from xblocks.partner_network.engine import ActionRefused, ActionStale

NETWORK, SETTINGS = small_network()
SEED = "learner-1|network"


def play(*actions, network=NETWORK, state=None, seed=SEED, max_attempts=2):
    state = engine.new_state(network) if state is None else state
    for action in actions:
        at = engine.position(state)
        state = engine.apply(
            network, state, {**action, "at": at}, seed=seed, max_attempts=max_attempts
        )
    return state


def place(partner, *domains):
    return {"type": "place", "partner": partner, "domains": list(domains)}


def relate(source, target, relation="orientation", two_way=False):
    return {
        "type": "relate",
        "from": source,
        "to": target,
        "relation": relation,
        "two_way": two_way,
    }


def decide(situation, partners, first=None):
    return {"type": "decide", "situation": situation, "partners": partners, "first": first}


def refusal(state, action, **options):
    with pytest.raises(ActionRefused) as refused:
        play(action, state=state, **options)
    return refused.value.problem


STARTED = play(place("ft", "emploi"), relate("plie", "ft"))


@pytest.mark.parametrize(
    ("action", "template", "params"),
    [
        (place("zz", "emploi"), engine.REFUSED_UNKNOWN_PARTNER, {"partner": "zz"}),
        (place("plie", "emploi"), engine.REFUSED_UNKNOWN_PARTNER, {"partner": "plie"}),
        (place("ft", "cuisine"), engine.REFUSED_UNKNOWN_DOMAIN, {"domain": "cuisine"}),
        ({"type": "place", "partner": "ft", "domains": "emploi"}, engine.REFUSED_MALFORMED, {}),
        (relate("plie", "zz"), engine.REFUSED_UNKNOWN_PARTNER, {"partner": "zz"}),
        (relate("ml", "ml"), engine.REFUSED_SELF, {}),
        (relate("ml", "ft", "amitie"), engine.REFUSED_UNKNOWN_TYPE, {"relation": "amitie"}),
        ({**relate("ml", "ft"), "two_way": "yes"}, engine.REFUSED_MALFORMED, {"field": "two_way"}),
        (
            relate("ft", "plie", "convention", True),  # the same pair, drawn the other way
            engine.REFUSED_DUPLICATE,
            {"source": "France Travail, agence centre", "target": "PLIE de l'agglomération"},
        ),
        ({"type": "unrelate", "from": "ml", "to": "ft"}, engine.REFUSED_NO_RELATION, {}),
        (
            {"type": "answer", "question": "q_public", "options": ["0", "1"]},
            engine.REFUSED_ONE_OPTION,
            {"question": "q_public"},
        ),
        (
            {"type": "answer", "question": "q_public", "options": ["3"]},
            engine.REFUSED_UNKNOWN_OPTION,
            {"option": "3"},
        ),
        (
            {"type": "answer", "question": "q_public", "options": ["²"]},
            engine.REFUSED_UNKNOWN_OPTION,
            {"option": "²"},
        ),
        (
            {"type": "answer", "question": "q_public", "options": ["٠"]},
            engine.REFUSED_UNKNOWN_OPTION,
            {"option": "٠"},
        ),
        (
            {"type": "answer", "question": "st_aci", "options": ["0"]},
            engine.REFUSED_UNKNOWN_QUESTION,
            {"question": "st_aci"},
        ),
        (
            {"type": "answer", "question": "st_aci", "part": "wants", "options": ["0"]},
            engine.REFUSED_UNKNOWN_QUESTION,
            {"question": "st_aci/wants"},
        ),
        (decide("sit_zz", ["ft"]), engine.REFUSED_UNKNOWN_SITUATION, {"situation": "sit_zz"}),
        (decide("sit_karim", ["ft", "zz"]), engine.REFUSED_UNKNOWN_PARTNER, {"partner": "zz"}),
        (
            decide("sit_karim", ["ft"], "ccas"),
            engine.REFUSED_FIRST_NOT_CHOSEN,
            {"partner": "CCAS de la ville-centre"},
        ),
        (
            decide("sit_karim", [p.id for p in NETWORK.partners] + ["plie"]),
            engine.REFUSED_UNKNOWN_PARTNER,
            {"partner": "plie"},
        ),
        (
            {"type": "justify", "situation": "sit_karim", "text": "é" * 301},
            engine.REFUSED_TEXT_LONG,
            {"count": "301", "limit": "300"},
        ),
        (
            {"type": "justify", "situation": "sit_karim", "text": "a\x00b"},
            engine.REFUSED_TEXT_INVALID,
            {},
        ),
        (
            {"type": "justify", "situation": "sit_karim", "text": "\ud83d"},
            engine.REFUSED_TEXT_INVALID,
            {},
        ),
        (
            {"type": "justify", "situation": "sit_karim", "text": 42},
            engine.REFUSED_TEXT_INVALID,
            {},
        ),
        ({"type": "fly"}, engine.REFUSED_UNKNOWN_ACTION, {"action": "fly"}),
        ({"type": "restart"}, engine.REFUSED_NOT_SUBMITTED, {}),
    ],
)
def test_each_bad_action_is_refused_with_its_message_and_changes_nothing(action, template, params):
    before = json.dumps(STARTED)
    found = refusal(STARTED, action)
    assert found.template == template
    assert params.items() <= dict(found.params).items()
    assert json.dumps(STARTED) == before


def test_a_long_or_hostile_value_is_quoted_cut_to_forty_characters():
    found = refusal(STARTED, place("🙂" * 45))
    assert dict(found.params)["partner"] == "🙂" * 40


def test_more_partners_than_a_situation_takes_is_refused():
    network = _with_partners(8)
    found = refusal(
        engine.new_state(network), decide("sit_karim", [f"x{i}" for i in range(7)]), network=network
    )
    assert found.template == engine.REFUSED_TOO_MANY_PARTNERS


def _with_partners(extra: int) -> engine.Network:
    cards = tuple(
        engine.PartnerCard(f"x{i}", f"Partenaire {i}", "association", ("social",))
        for i in range(extra)
    )
    return replace(NETWORK, partners=NETWORK.partners + cards)


def test_a_justification_at_its_bound_in_four_byte_characters_is_kept_as_text():
    text = "🙂" * engine.MAX_JUSTIFICATION
    state = play({"type": "justify", "situation": "sit_nadia", "text": text})
    assert state["j"][0] == text
    hostile = "<script>alert(1)</script> onerror=x"
    state = play({"type": "justify", "situation": "sit_nadia", "text": hostile}, state=state)
    assert engine.learner_view(NETWORK, state, seed=SEED)["situations"][0]["justification"] == (
        hostile
    )


def test_the_same_work_in_any_order_gives_the_same_state():
    actions = [
        place("ft", "emploi", "formation"),
        place("ccas", "logement", "social"),
        relate("plie", "ft", two_way=True),
        relate("siao", "ccas"),
        decide("sit_nadia", ["ft", "ccas"], "ccas"),
        {"type": "answer", "question": "q_metiers", "options": ["0", "2"]},
    ]
    one, other = play(*actions), play(*reversed(actions))
    assert {k: one[k] for k in "prqsj"} == {k: other[k] for k in "prqsj"}
    assert one["r"] == sorted(one["r"])


def test_undo_takes_back_each_kind_of_change_in_turn_and_no_more_than_five():
    actions = [
        place("ft", "emploi"),
        relate("plie", "ft"),
        {"type": "unrelate", "from": "ft", "to": "plie"},
        {"type": "answer", "question": "q_public", "options": ["1"]},
        decide("sit_karim", ["aci"], "aci"),
        place("ml", "formation"),
    ]
    states = [engine.new_state(NETWORK)]
    for action in actions:
        states.append(play(action, state=states[-1]))
    state = states[-1]
    for expected in reversed(states[1:-1]):
        state = play({"type": "undo"}, state=state)
        assert {k: state[k] for k in "prqs"} == {k: expected[k] for k in "prqs"}
    assert refusal(state, {"type": "undo"}).template == engine.REFUSED_NOTHING_TO_UNDO
    assert state["p"][0] == 1  # the sixth change back was forgotten


def test_a_justification_is_not_undone():
    state = play(place("ft", "emploi"), {"type": "justify", "situation": "sit_nadia", "text": "x"})
    state = play({"type": "undo"}, state=state)
    assert state["j"][0] == "x" and state["p"][0] == 0


def test_stale_actions_are_refused_as_stale():
    for at in ({"attempt": 1, "step": 0}, {"attempt": 1, "step": 3}, {"attempt": 1, "step": True}):
        with pytest.raises(ActionStale):
            engine.apply(NETWORK, STARTED, {**place("ml", "emploi"), "at": at}, max_attempts=2)
    for at in (None, [1, 2], {"attempt": 1}):
        with pytest.raises(ActionStale):
            engine.apply(NETWORK, STARTED, {**place("ml", "emploi"), "at": at}, max_attempts=2)
    assert ActionStale.status == 409 and ActionRefused.status == 400


def test_attempts_submit_freezes_and_restart_is_limited():
    assert refusal(engine.new_state(NETWORK), {"type": "submit"}).template == (
        engine.REFUSED_NOTHING_TO_SUBMIT
    )
    done = play({"type": "submit"}, state=STARTED)
    assert done["f"] == 1 and done["u"] == []
    for action in (place("ml", "emploi"), {"type": "undo"}, {"type": "submit"}):
        assert refusal(done, action).template == engine.REFUSED_SUBMITTED
    second = play({"type": "restart"}, state=done)
    assert second == engine.new_state(NETWORK, 2)
    second = play(place("ml", "emploi"), {"type": "submit"}, state=second)
    assert refusal(second, {"type": "restart"}).template == engine.REFUSED_NO_ATTEMPTS
    assert engine.can_restart(second, 0) and engine.remaining_attempts(second, 0) is None


def test_the_best_attempt_is_kept_and_equal_ones_keep_the_first():
    first = play(*[{**a} for a in perfect_actions(NETWORK, SEED)[:6]], {"type": "submit"})
    kept = scoring.kept_after(NETWORK, None, first)
    worse = play({"type": "restart"}, place("ft", "sante"), {"type": "submit"}, state=first)
    assert scoring.kept_after(NETWORK, kept, worse) is kept
    again = scoring.kept_after(NETWORK, kept, first)
    assert again is kept


def test_a_network_without_a_map_refuses_placements_and_shows_domains():
    network = replace(NETWORK, map=None)
    state = engine.new_state(network)
    assert refusal(state, place("ft", "emploi"), network=network).template == engine.REFUSED_NO_MAP
    view = engine.learner_view(network, state, seed=SEED)
    assert view["map"] is None
    assert {p["id"]: p["domains"] for p in view["partners"]}["ft"] == ["emploi", "formation"]


def test_a_map_without_relations_asks_none():
    network = replace(NETWORK, map=engine.MapTask(("B3.6",), ()))
    found = refusal(engine.new_state(network), relate("plie", "ft"), network=network)
    assert found.template == engine.REFUSED_NO_RELATIONS


def test_the_relation_limit_comes_from_the_partners_not_the_reference():
    assert NETWORK.max_relations == 2 * (len(NETWORK.partners) + 1)
    nodes = NETWORK.node_ids
    pairs = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]]
    state = play(*[relate(a, b) for a, b in pairs[: NETWORK.max_relations]])
    a, b = pairs[NETWORK.max_relations]
    assert refusal(state, relate(a, b)).template == engine.REFUSED_TOO_MANY_RELATIONS


def test_the_step_limit_leaves_room_to_submit():
    state = {**STARTED, "n": engine.MAX_STEPS - 1}
    assert refusal(state, place("ml", "emploi")).template == engine.REFUSED_TOO_MANY_STEPS
    done = play({"type": "submit"}, state=state)
    assert engine.checked_state(NETWORK, done) == done


# --- What the view gives away: nothing of the reference ---------------------------------------

REFERENCE_KEYS = {"correct", "urgent", "mobilise", "cap", "points", "capacities", "feedback"}
REFERENCE_KEYS |= {"strength", "tension", "direction"}


def _keys(value, path=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*path, key)
            yield from _keys(inner, (*path, key))
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner, path)


def _reference_texts(network):
    texts = [r.meaning for r in network.map.relations]
    texts += [q.feedback for q in network.question_items if q.feedback]
    texts += [s.feedback for s in network.situation_items if s.feedback]
    return texts


@pytest.mark.parametrize("seed", [f"learner{i}|network" for i in range(12)])
def test_the_view_holds_no_reference_answer(seed):
    for state in (engine.new_state(NETWORK), STARTED):
        view = engine.learner_view(NETWORK, state, seed=seed, max_attempts=2)
        keys = {path[-1] for path in _keys(view)}
        assert keys.isdisjoint(REFERENCE_KEYS), keys & REFERENCE_KEYS
        text = json.dumps(view, ensure_ascii=False)
        for secret in _reference_texts(NETWORK):
            assert secret not in text
        # Partner cards carry no domains while the map asks for them.
        assert all("domains" not in card for card in view["partners"])
        assert all(set(o) == {"id", "text"} for q in view["questions"] for o in q["options"])
        # The structure's relations drawn are the learner's, the reference's are not there.
        assert len(view["map"]["relations"]) == len(state["r"])


def test_every_position_is_drawn_for_a_right_option_authored_first():
    firsts = set()
    for i in range(60):
        view = engine.learner_view(NETWORK, engine.new_state(NETWORK), seed=f"l{i}")
        options = view["questions"][0]["options"]
        right = NETWORK.question_items[0].choices.options[0].text
        firsts.add([o["text"] for o in options].index(right))
    assert firsts == {0, 1, 2}


def test_every_list_a_learner_picks_from_is_shuffled_and_stable():
    def orders(seed, attempt=1):
        view = engine.learner_view(NETWORK, engine.new_state(NETWORK, attempt), seed=seed)
        return (
            tuple(p["id"] for p in view["partners"]),
            tuple(view["map"]["domains"]),
            tuple(t["id"] for t in view["map"]["relation_types"]),
            tuple(tuple(s["partners"]) for s in view["situations"]),
        )

    drawn = {orders(f"learner{i}") for i in range(20)}
    for part in range(4):
        assert len({found[part] for found in drawn}) > 1
    assert orders("learner3") == orders("learner3")
    assert orders("learner3", 1) != orders("learner3", 2)
    authored = tuple(p.id for p in NETWORK.partners)
    assert any(found[0] != authored for found in drawn)


def test_lists_the_learner_built_follow_the_order_shown():
    state = play(*[place(p.id, "emploi") for p in NETWORK.partners])
    state = play(*[relate("plie", p.id) for p in NETWORK.partners], state=state)
    for i in range(10):
        view = engine.learner_view(NETWORK, state, seed=f"s{i}")
        shown = [p["id"] for p in view["partners"]]
        assert [p["partner"] for p in view["map"]["placed"]] == shown
        assert [r["to"] for r in view["map"]["relations"]] == shown


def test_a_pinned_list_keeps_its_authored_order():
    content = engine.to_dict(NETWORK)
    content["questions"]["items"][0]["shuffle"] = False
    pinned = engine.from_dict(content)
    for i in range(10):
        view = engine.learner_view(pinned, engine.new_state(pinned), seed=f"p{i}")
        texts = [o["text"] for o in view["questions"][0]["options"]]
        assert texts == [o.text for o in pinned.question_items[0].choices.options]


def test_an_answer_names_options_by_their_place_in_the_order_shown():
    for i in range(10):
        seed = f"o{i}"
        view = engine.learner_view(NETWORK, engine.new_state(NETWORK), seed=seed)
        texts = [o["text"] for o in view["questions"][0]["options"]]
        right = NETWORK.question_items[0].choices.options[0].text
        token = str(texts.index(right))
        state = play({"type": "answer", "question": "q_public", "options": [token]}, seed=seed)
        assert state["q"][0] == 1
        assert engine.learner_view(NETWORK, state, seed=seed)["questions"][0]["chosen"] == [token]


# --- Hostile and stale states ------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"p": [4096, 0, 0, 0, 0, 0]},
        {"p": [True, 0, 0, 0, 0, 0]},
        {"p": [0, 0]},
        {"r": [99999999]},
        {"r": [50, 9]},
        {"r": [9, 9]},
        {"q": [3, 0, 0, 0]},  # two options for a single answer
        {"s": [[[0, 0], -1], [[], -1]]},
        {"s": [[[1], 0], [[], -1]]},
        {"s": [[[9], 9], [[], -1]]},
        {"j": ["\x00", ""]},
        {"n": -1},
        {"n": 1.0},
        {"f": True},
        {"f": 2},
    ],
)
def test_a_malformed_state_starts_a_fresh_attempt_and_keeps_its_number(change):
    state = {**engine.new_state(NETWORK, 2), **change}
    assert engine.checked_state(NETWORK, state) == engine.new_state(NETWORK, 2)


@pytest.mark.parametrize("state", [None, "x", [], {}, {"v": 2, "a": 1}, {"v": True, "a": 1}])
def test_garbage_is_a_fresh_state(state):
    assert engine.checked_state(NETWORK, state) == engine.new_state(NETWORK)


def test_an_undo_history_that_does_not_replay_is_dropped_and_the_draft_kept():
    state = {**STARTED, "u": [[1, 12345]]}
    checked = engine.checked_state(NETWORK, state)
    assert checked["u"] == [] and checked["r"] == STARTED["r"]
    for entries in ([[0, -1, 0]], [[True, 0, 0]], [[4, 0, [9], 9]], [[0, 0, 0]] * 6, "x"):
        assert engine.checked_state(NETWORK, {**STARTED, "u": entries})["u"] == []
    assert engine.checked_state(NETWORK, STARTED) == STARTED


def test_the_content_as_json_reads_back_the_same():
    assert engine.from_dict(json.loads(json.dumps(engine.to_dict(NETWORK)))) == NETWORK


# --- Shared vectors ------------------------------------------------------------------------------

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def _generator():
    path = VECTORS / "generate_partner_network.py"
    spec = importlib.util.spec_from_file_location("partner_network_vectors", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()
FILES = sorted((VECTORS / "partner_network").glob("*.json"))


def _same(actual, expected):
    """Equal, and equal as JSON too: True is not 1, 1.0 is not 1 once written out."""
    assert actual == expected
    assert json.dumps(actual, sort_keys=True) == json.dumps(expected, sort_keys=True)


def test_vectors_are_what_the_generator_writes():
    built = GENERATOR.build()
    assert sorted(built) == sorted(f"partner_network/{p.name}" for p in FILES)
    for name, text in built.items():
        assert (VECTORS / name).read_text(encoding="utf-8") == text, (
            f"{name} is out of date: run tests/vectors/generate_partner_network.py"
        )


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vector_replays_on_the_python_engine(path):
    vector = json.loads(path.read_text(encoding="utf-8"))
    network = engine.from_dict(vector["content"])
    settings = vector["settings"]
    options = {"seed": settings["seed"], "max_attempts": settings["max_attempts"]}
    state, kept = engine.new_state(network), None
    for step in vector["steps"]:
        before = json.dumps(state)
        try:
            state = engine.apply(network, state, step["action"], **options)
            outcome = {"state": state}
            kept = scoring.kept_after(network, kept, state)
        except ActionRefused as refused:
            outcome = {"refused": refused.problem.template, "params": dict(refused.problem.params)}
            assert json.dumps(state) == before
        _same(outcome, step["expect"])
        if "view" in step:
            _same(engine.learner_view(network, state, **options), step["view"])
            _same(scoring.score_dict(scoring.score(network, state)), step["score"])
            short = (
                None if kept is None else {"attempt": kept["attempt"], "raw": kept["score"]["raw"]}
            )
            _same(short, step["kept"])
    for item in vector.get("checked_states", []):
        _same(engine.checked_state(network, item["input"]), item["expect"])


# --- The longest state ---------------------------------------------------------------------------


def test_the_longest_state_is_one_the_engine_accepts():
    from tests.partner_network_fixtures import large_network
    from xblocks.partner_network.validation import worst_state

    for network in (NETWORK, large_network()):
        worst = worst_state(network, 3)
        assert engine.checked_state(network, worst) == worst
        assert len(worst["r"]) == network.max_relations and len(worst["u"]) == engine.UNDO_DEPTH


def test_a_forty_partner_map_fits_in_1_5_kb_its_justifications_apart():
    from tests.partner_network_fixtures import large_network
    from xblocks.partner_network.validation import state_size

    size = state_size(large_network(40, 60, situations=4), 3)
    assert size.structure_bytes <= 1536
    # Four situations, each justification at its bound in four-byte (two-unit) characters.
    assert (size.text_bytes, size.text_chars) == (4 * 300 * 4, 4 * 300 * 2)
