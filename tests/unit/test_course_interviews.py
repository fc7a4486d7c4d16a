"""The course's three interviews: valid, substantial, one per public, every path small to save."""

import json

import pytest

import course_content
from xblocks.interview_simulation import engine
from xblocks.interview_simulation.olx import scenario_from_xml, scenario_to_xml
from xblocks.interview_simulation.validation import validate

FILES = course_content.activity_files("interview_simulation")
LOADED = {path.stem: scenario_from_xml(path.read_bytes()) for path in FILES}
MAX_STATE_BYTES = 1024


def path_extremes(scenario):
    """Over every complete path: how many there are, the fewest decisions, the longest state.

    Paths are enumerated through their (node, flags) states with memoisation: exact for each
    path, without listing millions of them one by one.
    """
    memo = {}

    def from_state(node_id, flags):
        key = (node_id, flags)
        if key not in memo:
            count, fewest, widest = 0, None, 0
            for choice in engine.offered(scenario, scenario.node_by_id[node_id], flags):
                cost = len(json.dumps(choice.id)) + 1  # the id, its quotes and a comma
                if choice.next in scenario.ending_by_id:
                    tail = (1, 0, 0)
                else:
                    tail = from_state(choice.next, flags | frozenset(choice.sets))
                count += tail[0]
                fewest = tail[1] + 1 if fewest is None else min(fewest, tail[1] + 1)
                widest = max(widest, tail[2] + cost)
            memo[key] = (count, fewest, widest)
        return memo[key]

    return from_state(scenario.nodes[0].id, frozenset())


def longest_state(scenario, settings):
    _count, _fewest, widest = path_extremes(scenario)
    empty = {"v": engine.STATE_VERSION, "attempt": max(settings.max_attempts, 1), "path": []}
    return len(json.dumps(empty, separators=(",", ":"))) + widest - 1


def test_one_interview_per_public_of_the_certification():
    publics = sorted(s.persona.public for s, _settings in LOADED.values())
    assert publics == [
        "beneficiaire_rsa",
        "demandeur_emploi_longue_duree",
        "jeune_sans_qualification",
    ]


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
    count, fewest, _widest = path_extremes(scenario)
    assert count > 1
    assert fewest >= 12
    assert longest_state(scenario, settings) <= MAX_STATE_BYTES


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
    assert len(json.dumps(state, separators=(",", ":"))) <= longest_state(scenario, settings)


def test_interviews_cover_blocks_1_and_2_of_the_referentiel():
    used = {code for s, _ in LOADED.values() for code in s.capacity_codes}
    expected = {c.code for c in course_content.capacities() if c.block in (1, 2)}
    assert expected <= used
