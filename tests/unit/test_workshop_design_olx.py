"""Workshop design OLX: read, written back byte-stable, defaults (the course rubric, every
check) left out, and every refusal or validation problem naming the element and its line."""

import pytest

import course_content
from tests.workshop_design_fixtures import SMALL_XML, small_workshop
from xblocks.common.xml import XmlRefused, parse
from xblocks.workshop_design import olx, validation

WORKSHOP, SETTINGS = small_workshop()
CODES = course_content.capacity_codes()


def test_reading_the_small_brief():
    brief = WORKSHOP.brief
    assert (brief.minutes, brief.tolerance, brief.sessions, brief.mode) == (360, 30, 2, "on_site")
    assert [c.kind for c in brief.public.constraints] == ["reading", "childcare"]
    assert [c.id for c in WORKSHOP.criteria] == ["objectifs", "methodes", "bilan"]
    assert WORKSHOP.criteria[1].notes == "Pour les correcteurs seulement."
    assert WORKSHOP.checks[0].id == "duration" and WORKSHOP.checks_share == 0.4
    assert (SETTINGS.max_attempts, SETTINGS.weight, SETTINGS.display_name) == (2, 4.0, "Atelier CV")
    assert validation.validate(WORKSHOP, CODES) == []


def test_written_back_it_reads_the_same_and_writes_the_same_bytes():
    written = olx.workshop_to_xml(WORKSHOP, SETTINGS, "atelier_test")
    again, settings = olx.workshop_from_xml(written)
    assert (again, settings) == (WORKSHOP, SETTINGS)
    assert olx.workshop_to_xml(again, settings, "atelier_test") == written
    assert "<rubric>" in written and "<checks" not in written  # default checks left out


def test_without_a_rubric_the_course_rubric_applies_and_is_not_written_out():
    root = parse(SMALL_XML)
    root.remove(root.find("rubric"))
    workshop, _settings = olx.workshop_from_element(root)
    assert [c.id for c in workshop.criteria] == [
        "analyse",
        "objectifs",
        "progression",
        "methodes",
        "moyens",
        "evaluation",
        "alignement",
        "animation",
        "bilan",
    ]
    assert all([lv.points for lv in c.levels] == [0, 1, 2, 3] for c in workshop.criteria)
    assert "<rubric>" not in olx.workshop_to_xml(workshop, None)
    assert validation.validate(workshop, CODES) == []


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('<duration minutes="360"', '<duration minutes="6h"', 'minutes="6h" is not a whole number'),
        ('<duration minutes="360"', '<duration minute="360"', "<duration> has no attribute minute"),
        (
            "<need>Chaque participant repart avec un CV à jour.</need>",
            "<besoin>Chaque participant repart avec un CV à jour.</besoin>",
            "<brief> cannot contain <besoin>",
        ),
        (
            '<constraint id="lecture" kind="reading">',
            '<constraint kind="reading">',
            "<constraint> needs the attribute id",
        ),
        (
            '<level points="4" label="Expert"/>',
            '<level points="quatre" label="Expert"/>',
            "is not a whole number",
        ),
    ],
)
def test_a_malformed_file_is_refused_at_its_line(old, new, message):
    text = SMALL_XML.replace(old, new, 1)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if new in row)
    with pytest.raises(XmlRefused) as refused:
        olx.workshop_from_xml(text)
    assert message in refused.value.message()
    assert refused.value.line == line


@pytest.mark.parametrize(
    "old, new, message, marker",
    [
        ('kind="childcare"', 'kind="crèche"', 'unknown kind "crèche"', 'id="garde"'),
        (
            'id="garde"',
            'id="lecture"',
            '<constraint> id "lecture" is used twice',
            'kind="childcare"',
        ),
        ('size_min="6"', 'size_min="16"', "size_min 16 is over size_max 10", "<public"),
        ('tolerance="30"', 'tolerance="400"', "must be below the duration", "<duration"),
        ('capacities="B4.6"', 'capacities="B9.9"', 'capacity code "B9.9"', 'id="methodes"'),
        (
            '<level points="2" label="Conforme"/>\n      <level points="4"',
            '<level points="4" label="Conforme"/>\n      <level points="4"',
            "must go up in points",
            'id="methodes"',
        ),
        (
            'minutes="30" objectives="o1"',
            'minutes="5" objectives="o1"',
            'fails the "plausible" check',
            "<example>",
        ),
    ],
)
def test_validation_names_the_item_at_fault_and_its_line(old, new, message, marker):
    text = SMALL_XML.replace(old, new, 1)
    assert text != SMALL_XML
    root = parse(text)
    workshop, _settings = olx.workshop_from_element(root)
    problems = validation.with_lines(
        validation.validate(workshop, CODES), validation.source_lines(root)
    )
    found = [p for p in problems if message in p.message()]
    assert found, [p.message() for p in problems]
    rows = text.splitlines()
    assert marker in rows[found[0].line - 1], (found[0].line, rows[found[0].line - 1])


def test_a_trainers_verb_with_a_straight_apostrophe_counts_as_objectives_read():
    from xblocks.workshop_design import checks, engine

    text = SMALL_XML.replace("  <rubric>", "  <verbs>s'engager</verbs>\n  <rubric>", 1)
    workshop, _settings = olx.workshop_from_xml(text)
    assert workshop.verbs == ("s’engager",)
    plan = engine.clean_plan(workshop, workshop.example)
    plan["objectives"][0]["text"] = "S'engager dans une démarche de candidature."
    assert checks.run(workshop, plan)[2].fraction == 1.0
