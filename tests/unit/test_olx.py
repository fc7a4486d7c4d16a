"""Scenario OLX: round trip, validation messages a trainer can act on, hostile XML refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import course_content
from tests.scenarios import TWO_STEP, two_step
from xblocks.common.xml import MAX_XML_BYTES, XmlRefused
from xblocks.interview_simulation import engine
from xblocks.interview_simulation.olx import (
    scenario_from_element,
    scenario_from_xml,
    scenario_to_xml,
)
from xblocks.interview_simulation.validation import path_stats, validate

CODES = course_content.capacity_codes()


def messages(xml: str) -> list[str]:
    scenario, _settings = scenario_from_xml(xml)
    return [p.message() for p in validate(scenario, CODES)]


def test_round_trip_is_exact_and_stable():
    scenario, settings = two_step()
    written = scenario_to_xml(scenario, settings, "t")
    again, settings_again = scenario_from_xml(written)
    assert (again, settings_again) == (scenario, settings)
    assert scenario_to_xml(again, settings_again, "t") == written


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'next="n3">\n      <text>Une',
            'next="n9">\n      <text>Une',
            'choice "c": unknown target "n9"',
        ),
        ('<choice id="b"', '<choice id="a"', 'Duplicate id "a" (choice)'),
        ('<node id="n2"', '<node id="n1"', 'Duplicate id "n1" (node/ending)'),
        ('capacity="B2.4"', 'capacity="B9.9"', 'capacity code "B9.9" is not in the référentiel'),
        ('<set flag="cadre"/>', '<set flag="inconnu"/>', 'unknown flag "inconnu"'),
        ('phase="diagnostic"', 'phase="pause"', 'Node "n2": unknown phase "pause"'),
    ],
)
def test_validation_names_the_place_and_the_problem(old, new, expected):
    assert old in TWO_STEP
    assert any(expected in m for m in messages(TWO_STEP.replace(old, new, 1))), messages(
        TWO_STEP.replace(old, new, 1)
    )


def test_unreachable_node_and_ending_are_named():
    xml = TWO_STEP.replace('next="n2">\n      <text>Votre', 'next="n3">\n      <text>Votre')
    xml = xml.replace('<choice id="a" next="n2">', '<choice id="a" next="n3">')
    found = messages(xml)
    assert 'Node "n2" is unreachable.' in found
    assert 'Ending "e_relais" is unreachable.' in found


def test_loop_and_no_path_to_an_ending_are_named():
    xml = TWO_STEP.replace('<choice id="f" next="e_fin">', '<choice id="f" next="n1">')
    xml = xml.replace(
        '<choice id="e" next="e_relais" requires="cadre">', '<choice id="e" next="n2">'
    )
    found = messages(xml)
    assert any("must not loop" in m for m in found), found
    assert any('"e_relais" is unreachable' in m for m in found)


def test_dead_end_when_every_choice_is_conditional():
    xml = TWO_STEP.replace(
        '<choice id="f" next="e_fin">', '<choice id="f" next="e_fin" requires="cadre">'
    )
    found = messages(xml)
    assert any('Node "n3": no choice is offered' in m for m in found), found
    assert any('Node "n2" has no path to an ending' in m for m in found), found


def test_no_ending_and_zero_maximum_are_refused():
    without_points = TWO_STEP
    for code in ("B1.1", "B1.5", "B2.4", "B2.8"):
        without_points = without_points.replace(f'capacity="{code}">', f'capacity="{code}">0<!--')
    without_points = without_points.replace("</points>", "--></points>")
    assert "The maximum score is zero: no path earns any point." in messages(without_points)
    start, end = TWO_STEP.index("<ending"), TWO_STEP.index("</interview_simulation>")
    no_ending = TWO_STEP[:start] + TWO_STEP[end:]
    assert "The scenario has no ending." in messages(no_ending)


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ('<!DOCTYPE x [<!ENTITY a "b">]><interview_simulation/>', "DOCTYPE"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY f SYSTEM "file:///etc/passwd">]>'
            "<interview_simulation>&f;</interview_simulation>",
            "DOCTYPE",
        ),
        (
            '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><interview_simulation>&c;'
            "</interview_simulation>",
            "DOCTYPE",
        ),
        (
            "<interview_simulation>" + " " * MAX_XML_BYTES + "</interview_simulation>",
            "over the limit",
        ),
        ("<interview_simulation><persona", "a tag is not finished"),
        ("<problem/>", "root element"),
        ('<interview_simulation><persona name="x" public="autre"/></interview_simulation>', "age"),
    ],
)
def test_hostile_or_broken_xml_is_refused_with_a_clear_message(xml, expected):
    with pytest.raises(XmlRefused) as refused:
        scenario_from_xml(xml)
    assert expected in str(refused.value)


def test_refusal_gives_the_line():
    with pytest.raises(XmlRefused) as refused:
        scenario_from_xml(TWO_STEP.replace("<say>Et maintenant ?</say>", "<say>x</say><oops/>"))
    assert refused.value.line == TWO_STEP[: TWO_STEP.index("Et maintenant")].count("\n") + 1


safe_text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@given(say=safe_text, text=safe_text, feedback=safe_text)
def test_any_text_survives_the_round_trip(say, text, feedback):
    scenario, settings = two_step()
    node = scenario.nodes[0]
    choice = engine.Choice(**{**node.choices[0].__dict__, "text": text, "feedback": feedback})
    changed = engine.Scenario(
        persona=scenario.persona,
        flags=scenario.flags,
        nodes=(
            engine.Node(node.id, node.phase, say, (choice, node.choices[1])),
            *scenario.nodes[1:],
        ),
        endings=scenario.endings,
    )
    assert scenario_from_xml(scenario_to_xml(changed, settings))[0] == changed


def test_path_stats_count_every_path_and_the_longest_state():
    scenario, settings = two_step()
    stats = path_stats(scenario, settings.max_attempts)
    # a-c-e, a-c-f, a-d-f, b-c-f, b-d-f: "e" needs both cadre (from a) and logement (from c).
    assert stats.paths == 5
    assert stats.fewest_decisions == 3
    assert stats.longest_state_bytes == len('{"v":1,"attempt":2,"path":["a","c","e"]}')


def test_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    xml = (
        f'<!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        '<interview_simulation><persona name="&s;" age="30" public="autre">&s;</persona>'
        "</interview_simulation>"
    )
    with pytest.raises(XmlRefused) as refused:
        scenario_from_xml(xml)
    assert "TOP-SECRET-42" not in str(refused.value)
    assert refused.value.line == 1


def test_comments_and_processing_instructions_are_ignored():
    """Open edX's import parser keeps comments; the scenario reads as if they were not there."""
    commented = (
        TWO_STEP.replace('<node id="n1"', '<!-- accueil -->\n  <node id="n1"', 1)
        .replace("<say>Bonjour.</say>", "<!-- à revoir --><say>Bon<!-- x -->jour.</say><?pi x?>")
        .replace("<text>Votre", "<!-- administratif --><text>Votre")
        .replace('<points capacity="B1.1">2</points>', '<points capacity="B1.1">2<!--!--></points>')
        .replace("</interview_simulation>", "<!-- fin --></interview_simulation>")
    )
    kept = etree.fromstring(commented.encode("utf-8"), etree.XMLParser(remove_comments=False))
    assert kept.xpath("count(//comment())") == 6
    assert scenario_from_element(kept) == two_step()
    assert scenario_from_xml(commented) == two_step()


def _line_of(xml: str, text: str) -> int:
    return xml[: xml.index(text)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "attribute"),
    [
        ('weight="1.0"', 'weight="nan"', "weight"),
        ('weight="1.0"', 'weight="inf"', "weight"),
        ('weight="1.0"', 'weight="-Infinity"', "weight"),
        ('weight="1.0"', 'weight="1e999"', "weight"),
        ('weight="1.0"', 'weight="-1"', "weight"),
        ('weight="1.0"', 'weight="-0.5"', "weight"),
        ('weight="1.0"', 'weight="1_0"', "weight"),
        ('weight="1.0"', 'weight="101"', "weight"),
        ('max_attempts="2"', 'max_attempts="-1"', "max_attempts"),
        ('max_attempts="2"', 'max_attempts="2.5"', "max_attempts"),
        ('max_attempts="2"', 'max_attempts="nan"', "max_attempts"),
        ('max_attempts="2"', 'max_attempts="1_0"', "max_attempts"),
        ('max_attempts="2"', 'max_attempts="٣"', "max_attempts"),
        ('max_attempts="2"', 'max_attempts="1000"', "max_attempts"),
        ('age="34"', 'age="-3"', "age"),
        ('age="34"', 'age="0"', "age"),
        ('age="34"', 'age="250"', "age"),
        ('age="34"', 'age="34.5"', "age"),
    ],
)
def test_settings_and_age_out_of_range_are_refused_with_attribute_and_line(old, new, attribute):
    xml = TWO_STEP.replace(old, new, 1)
    with pytest.raises(XmlRefused) as refused:
        scenario_from_xml(xml)
    assert f'{attribute}="' in str(refused.value), str(refused.value)
    assert refused.value.line == _line_of(xml, new)


@pytest.mark.parametrize(
    ("old", "new", "field", "value"),
    [
        ('weight="1.0"', 'weight="0"', "weight", 0.0),
        ('weight="1.0"', 'weight="1e-05"', "weight", 1e-05),
        ('weight="1.0"', 'weight=" 2.5 "', "weight", 2.5),
        ('weight="1.0"', 'weight="100"', "weight", 100.0),
        ('max_attempts="2"', 'max_attempts="0"', "max_attempts", 0),
        ('max_attempts="2"', 'max_attempts="100"', "max_attempts", 100),
    ],
)
def test_settings_within_range_are_read(old, new, field, value):
    _scenario, settings = scenario_from_xml(TWO_STEP.replace(old, new, 1))
    assert getattr(settings, field) == value
