"""The course's three interviews: valid, substantial, one per public, every path small to save."""

import json
import re

import pytest

import course_content
from tests.blind_strategies import blind_means
from xblocks.interview_simulation import engine, scoring
from xblocks.interview_simulation.olx import scenario_from_xml, scenario_to_xml
from xblocks.interview_simulation.validation import cue_warnings, path_stats, validate

FILES = course_content.activity_files("interview_simulation")
LOADED = {path.stem: scenario_from_xml(path.read_bytes()) for path in FILES}
MAX_STATE_BYTES = 1024


def test_every_public_of_the_certification_has_an_interview():
    # The publics of RNCP 12976's summary, and a person with a disability (Cap emploi).
    publics = {s.persona.public for s, _settings in LOADED.values()}
    assert {
        "beneficiaire_rsa",
        "demandeur_emploi_longue_duree",
        "jeune_sans_qualification",
        "jeune_avec_qualification",
        "personne_handicap",
    } <= publics


@pytest.mark.parametrize("name", sorted(LOADED))
def test_interview_is_valid_and_substantial(name):
    scenario, settings = LOADED[name]
    assert validate(scenario, course_content.capacity_codes()) == []
    assert settings.display_name
    assert len(scenario.endings) >= 3
    assert sum(f.kind in ("urgency", "barrier") for f in scenario.flags) >= 2
    assert any(f.cap is not None for f in scenario.flags)
    assert scenario_from_xml(scenario_to_xml(scenario, settings)) == (scenario, settings)


@pytest.mark.parametrize("name", sorted(LOADED))
def test_every_path_has_twelve_decisions_and_a_state_under_1_kb(name):
    scenario, settings = LOADED[name]
    stats = path_stats(scenario, settings.max_attempts)
    assert stats.paths > 1
    assert stats.fewest_decisions >= 12
    assert stats.longest_state_bytes <= MAX_STATE_BYTES


def test_longest_state_is_measured_exactly():
    scenario, settings = LOADED["deld_karim"]
    path, node_id, flags = [], scenario.nodes[0].id, frozenset()
    while node_id in scenario.node_by_id:
        options = engine.offered(scenario, scenario.node_by_id[node_id], flags)
        choice = max(options, key=lambda c: len(c.id))
        path.append(choice.id)
        flags |= frozenset(choice.sets)
        node_id = choice.next
    state = {"v": engine.STATE_VERSION, "attempt": settings.max_attempts, "path": path}
    stats = path_stats(scenario, settings.max_attempts)
    assert len(json.dumps(state, separators=(",", ":"))) <= stats.longest_state_bytes


def test_interviews_cover_blocks_1_and_2_of_the_referentiel():
    used = {code for s, _ in LOADED.values() for code in s.capacity_codes}
    expected = {c.code for c in course_content.capacities() if c.block in (1, 2)}
    assert expected <= used


# --- An assessment that cannot be passed without reading it ----------------------------------

BLIND_LIMIT = 0.6


@pytest.mark.parametrize("name", sorted(LOADED))
def test_no_blind_strategy_passes_and_a_careful_counsellor_reaches_the_best_ending(name):
    scenario, _settings = LOADED[name]
    means = blind_means(scenario, name)
    assert all(value <= BLIND_LIMIT for value in means.values()), means
    best = [choice.id for choice in scoring.analysis(scenario).best_path]
    assert scoring.score(scenario, best).raw == 1.0
    # Authors list the best ending first: the careful path reaches it, uncapped.
    assert engine.walk(scenario, best).ending_id == scenario.endings[0].id


@pytest.mark.parametrize("name", sorted(LOADED))
def test_interview_gives_no_cue_that_check_would_warn_of(name):
    scenario, _settings = LOADED[name]
    assert [w.message() for w in cue_warnings(scenario)] == []


@pytest.mark.parametrize("name", sorted(LOADED))
def test_most_nodes_offer_two_defensible_choices(name):
    scenario, _settings = LOADED[name]
    nodes = [n for n in scenario.nodes if len(n.choices) >= 3]
    two = [n for n in nodes if sum(c.total > 0 for c in n.choices) >= 2]
    assert len(two) * 4 >= len(nodes) * 3, [n.id for n in nodes if n not in two]


# French typography: a no-break space before ; : ! ? » and after «, curly apostrophes.
BAD_TYPOGRAPHY = re.compile(r" [;:!?»]|« |[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]")


def _texts(scenario):
    yield scenario.persona.situation
    yield from (flag.label for flag in scenario.flags)
    for node in scenario.nodes:
        yield from (node.say, node.context)
        for choice in node.choices:
            yield from (choice.text, choice.feedback)
    for ending in scenario.endings:
        yield from (ending.title, ending.debrief, *(note.text for note in ending.notes))


@pytest.mark.parametrize("name", sorted(LOADED))
def test_interview_text_follows_french_typography(name):
    scenario, settings = LOADED[name]
    found = [t for t in (*_texts(scenario), settings.display_name) if BAD_TYPOGRAPHY.search(t)]
    assert found == []


def test_french_catalog_follows_french_typography():
    from xblocks.common.i18n import catalog

    messages = catalog("fr")._catalog  # the compiled catalog: message id -> French
    assert len(messages) > 200
    assert [i for i, text in messages.items() if i and BAD_TYPOGRAPHY.search(text)] == []
