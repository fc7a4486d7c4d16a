"""The course's partner network (block 3, Métropole Rouen Normandie): valid and without cues,
substantial, every figure dated and sourced, an exact round trip, French typography, and no
blind strategy that passes its territory questions and partner strategies."""

import re
from statistics import mean

import pytest
from lxml import etree

import course_content
from scorm_export.typography import findings
from tests.partner_network_fixtures import perfect_state
from xblocks.common.xml import parse
from xblocks.partner_network import engine, scoring
from xblocks.partner_network.olx import network_from_xml, network_to_xml, source_lines
from xblocks.partner_network.validation import cue_warnings, validate, with_lines

PATH = course_content.ROOT / "partner_network" / "reseau_rouen.xml"
SOURCE = PATH.read_bytes()
NETWORK, SETTINGS = network_from_xml(SOURCE)
BLOCK_3 = {"B3.1", "B3.2", "B3.3", "B3.4", "B3.5", "B3.6", "B2.8"}


def test_the_file_is_one_of_the_course_activities():
    assert PATH in course_content.activity_files("partner_network")


def test_no_problem_and_no_cue_at_their_lines():
    lines = source_lines(parse(SOURCE))
    problems = with_lines(validate(NETWORK, course_content.capacity_codes()), lines)
    warnings = with_lines(cue_warnings(NETWORK), lines)
    assert [(p.line, p.message()) for p in problems] == []
    assert [(w.line, w.message()) for w in warnings] == []


def test_settings():
    assert SETTINGS.display_name.startswith("Cartographier son réseau de partenaires")
    # Seven tenths of block 3's evaluation (its three checks weigh 1 each), at 50 % at least.
    assert (SETTINGS.max_attempts, SETTINGS.weight, SETTINGS.show_reference) == (
        3,
        7.0,
        "after_last",
    )
    assert SETTINGS.required_mark == 0.5


def test_round_trip_is_exact_and_stable():
    written = network_to_xml(NETWORK, SETTINGS, "reseau_rouen")
    again, settings_again = network_from_xml(written)
    assert (again, settings_again) == (NETWORK, SETTINGS)
    assert network_to_xml(again, settings_again, "reseau_rouen") == written


def test_partners_cover_every_domain_of_the_map():
    assert 25 <= len(NETWORK.partners) <= engine.MAX_PARTNERS
    assert all(partner.domains for partner in NETWORK.partners)
    assert {d for p in NETWORK.partners for d in p.domains} == set(engine.DOMAINS)
    # Every card tells the learner what the partner does, for whom, who pays, how to reach it.
    for partner in NETWORK.partners:
        assert all((partner.mission, partner.public, partner.funding, partner.contact)), partner.id


def test_the_map_is_typed_directed_weighted_and_has_tensions():
    relations = NETWORK.map.relations
    assert len({r.type for r in relations}) >= 6
    assert all(r.meaning for r in relations)
    assert {r.strength for r in relations} == set(engine.STRENGTHS)
    assert {r.direction for r in relations} == set(engine.DIRECTIONS)
    assert any(r.tension for r in relations)
    structure = NETWORK.structure.id
    assert any(structure not in (r.source, r.target) for r in relations)  # partner to partner
    assert any(structure in (r.source, r.target) for r in relations)


def test_tasks_are_substantial():
    assert 3 <= len(NETWORK.question_items) <= 6
    assert len(NETWORK.strategy_items) >= 3
    assert len(NETWORK.situation_items) >= 4
    critical = [s for s in NETWORK.situation_items if s.urgent and s.cap is not None]
    assert critical
    assert all(s.feedback for s in NETWORK.situation_items)


def test_missing_the_urgency_caps_the_score():
    state = perfect_state(NETWORK)
    assert scoring.score(NETWORK, state).raw == 1.0
    index, situation = next(
        (i, s) for i, s in enumerate(NETWORK.situation_items) if s.urgent and s.cap is not None
    )
    kept = [NETWORK.partner_index[m.partner] for m in situation.mobilise if not m.urgent]
    state["s"][index] = [sorted(kept), -1]
    result = scoring.score(NETWORK, state)
    assert result.raw == situation.cap
    assert situation.id in result.cap_items


def test_every_indicator_is_dated_and_sourced_and_says_where_it_was_read():
    indicators = NETWORK.territory.indicators
    assert len(indicators) >= 8
    assert all(re.search(r"(19|20)[0-9]{2}", i.date) and i.source and i.value for i in indicators)
    root = etree.fromstring(SOURCE, etree.XMLParser(remove_comments=False))
    for element in root.iter("indicator"):
        comment = element.getprevious()
        assert comment is not None and comment.tag is etree.Comment, element.get("id")
        assert re.search(r"(19|20)[0-9]{2}", comment.text) and "Consultation" in comment.text


def test_block_3_capacities_are_all_assessed():
    items = scoring.score(NETWORK, engine.new_state(NETWORK)).items
    assert {code for item in items for code in item.capacities} >= BLOCK_3


# --- French typography, in every text a learner reads ------------------------------------------

_IDENTIFIERS = {
    "url_name", "id", "kind", "domains", "from", "to", "type", "direction", "strength",
    "tension", "capacities", "points", "partner", "select", "shuffle", "correct", "cap",
    "urgent", "max_attempts", "weight", "show_reference",
}  # fmt: skip
_BAD = re.compile(r"'|[ \t\n][;:!?»]|«[ \t\n]|[^\u00a0][;:!?»]|«[^\u00a0]")


def _texts():
    root = parse(SOURCE)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        yield from (element.text or "", element.tail or "")
        yield from (v for k, v in element.attrib.items() if k not in _IDENTIFIERS)


def test_text_follows_french_typography():
    # As `check` enforces it (see scorm_export/typography.py).
    found = [text for text in _texts() if findings(text)]
    assert found == []
    assert any("\u2019" in text for text in _texts())


# --- Learners who do not read ------------------------------------------------------------------

LEARNERS = 12
BLIND_LIMIT = 0.5


def _first(places, _texts, _select):
    return [places[0]]


def _last(places, _texts, _select):
    return [places[-1]]


def _longest(places, texts, _select):
    return [max(places, key=lambda place: len(texts[place]))]


def _every(places, _texts, select):
    return list(places) if select == "many" else [places[0]]  # a single answer takes one


BLIND = {"first shown": _first, "last shown": _last, "longest": _longest, "every option": _every}


def _blind_share(pick, seed: str) -> float:
    """What a learner who answers every question and strategy list by `pick`, among the
    options as they are shown to them, earns on those lists (points earned over possible)."""
    state = engine.new_state(NETWORK)
    for index, (question_id, part, choices, _shuffle) in enumerate(NETWORK.choice_lists):
        order = engine.shown_options(NETWORK, index, seed, state["a"])
        texts = [choices.options[i].text for i in order]
        places = [str(place) for place in range(len(order))]
        action = {
            "type": "answer",
            "question": question_id,
            "part": part,
            "options": pick(places, {str(p): t for p, t in enumerate(texts)}, choices.select),
            "at": engine.position(state),
        }
        state = engine.apply(NETWORK, state, action, max_attempts=3, seed=seed)
    items = [i for i in scoring.score(NETWORK, state).items if i.kind in ("question", "strategy")]
    return sum(i.earned for i in items) / sum(i.possible for i in items)


@pytest.mark.parametrize("name", sorted(BLIND))
def test_no_blind_strategy_passes_the_questions_and_strategies(name):
    shares = [_blind_share(BLIND[name], f"learner-{n}|reseau_rouen") for n in range(LEARNERS)]
    assert max(shares) <= BLIND_LIMIT, (name, shares)
    assert mean(shares) <= BLIND_LIMIT


def test_a_careful_learner_gets_every_list_right_whatever_the_order():
    for n in range(3):
        seed = f"learner-{n}|reseau_rouen"
        state = engine.new_state(NETWORK)
        for index, (question_id, part, choices, _s) in enumerate(NETWORK.choice_lists):
            order = engine.shown_options(NETWORK, index, seed, 1)
            right = [str(p) for p, i in enumerate(order) if choices.options[i].correct]
            action = {"type": "answer", "question": question_id, "part": part, "options": right}
            state = engine.apply(
                NETWORK, state, {**action, "at": engine.position(state)}, max_attempts=3, seed=seed
            )
        items = [
            i for i in scoring.score(NETWORK, state).items if i.kind in ("question", "strategy")
        ]
        assert all(i.fraction == 1 for i in items)
