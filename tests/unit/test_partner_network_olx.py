"""Partner network OLX: exact round trip, every refusal at its line, validation problems and
cues that name the partner, relation, question or situation and its line."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import course_content
from tests.partner_network_fixtures import SMALL_MAP, large_network, small_network
from xblocks.common.xml import MAX_XML_BYTES, XmlRefused, parse
from xblocks.partner_network import engine
from xblocks.partner_network.olx import (
    Settings,
    network_from_element,
    network_from_xml,
    network_to_xml,
    source_lines,
)
from xblocks.partner_network.validation import cue_warnings, validate, with_lines

CODES = course_content.capacity_codes()


def line_of(xml: str, text: str) -> int:
    """The line an element containing `text` is reported at: libxml2 gives an element the line
    where its start tag ends (as for the interview's messages)."""
    return xml[: xml.index(">", xml.index(text))].count("\n") + 1


def checked(xml: str) -> list[tuple[str, int | None]]:
    network, _settings = network_from_xml(xml)
    return [
        (p.message(), p.line)
        for p in with_lines(validate(network, CODES), source_lines(parse(xml)))
    ]


def warned(xml: str) -> list[tuple[str, int | None]]:
    network, _settings = network_from_xml(xml)
    return [
        (p.message(), p.line) for p in with_lines(cue_warnings(network), source_lines(parse(xml)))
    ]


def test_the_fixture_is_valid_and_gives_nothing_away():
    assert checked(SMALL_MAP) == []
    assert warned(SMALL_MAP) == []


def test_round_trip_is_exact_and_stable():
    network, settings = small_network()
    written = network_to_xml(network, settings, "reseau")
    again, settings_again = network_from_xml(written)
    assert (again, settings_again) == (network, settings)
    assert network_to_xml(again, settings_again, "reseau") == written


def test_a_network_at_the_bounds_round_trips():
    network = large_network()
    settings = Settings("Grand réseau", 0, 2.5, "always", 0.5)
    written = network_to_xml(network, settings)
    assert network_from_xml(written) == (network, settings)
    assert validate(network, CODES) == []


def test_without_settings_the_root_carries_none():
    network, _settings = small_network()
    written = network_to_xml(network, None)
    assert written.startswith("<partner_network>\n")
    assert network_from_xml(written) == (network, Settings())


safe_text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@given(name=safe_text, mission=safe_text, option=safe_text, text=safe_text, meaning=safe_text)
def test_any_text_survives_the_round_trip(name, mission, option, text, meaning):
    from dataclasses import replace

    network, settings = small_network()
    partners = (replace(network.partners[0], name=name, mission=mission), *network.partners[1:])
    question = network.question_items[0]
    options = (engine.Option(option, True), *question.choices.options[1:])
    question = replace(question, choices=replace(question.choices, options=options))
    situation = replace(network.situation_items[0], text=text, title=name)
    relation = replace(network.map.relations[0], meaning=meaning)
    changed = replace(
        network,
        partners=partners,
        map=replace(network.map, relations=(relation, *network.map.relations[1:])),
        questions=replace(network.questions, items=(question, *network.question_items[1:])),
        situations=replace(network.situations, items=(situation, *network.situation_items[1:])),
    )
    assert network_from_xml(network_to_xml(changed, settings)) == (changed, settings)


def test_comments_and_processing_instructions_are_ignored():
    commented = (
        SMALL_MAP.replace("<map ", "<!-- la carte -->\n  <map ", 1)
        .replace("<contact>115</contact>", "<contact>1<!-- x -->15</contact><?pi x?>")
        .replace("</partner_network>", "<!-- fin --></partner_network>")
    )
    kept = etree.fromstring(commented.encode("utf-8"), etree.XMLParser(remove_comments=False))
    assert kept.xpath("count(//comment())") == 3
    assert network_from_element(kept) == small_network()
    assert network_from_xml(commented) == small_network()


def test_every_element_has_its_line():
    lines = source_lines(parse(SMALL_MAP))
    for key, text in [
        (("partner_network", ""), "<partner_network"),
        (("territory", ""), "<territory"),
        (("indicator", "chomage"), '<indicator id="chomage"'),
        (("structure", "plie"), "<structure"),
        (("relation_type", "convention"), '<relation_type id="convention"'),
        (("partner", "csapa"), '<partner id="csapa"'),
        (("mission", ""), "<mission>"),
        (("relation", "r4"), '<relation id="r4"'),
        (("question", "q_metiers"), '<question id="q_metiers"'),
        (("option", "q_metiers::3"), "<option>Pilotes"),
        (("strategy", "st_aci"), '<strategy id="st_aci"'),
        (("offers", "st_aci"), "<offers>"),
        (("option", "st_aci:offers:2"), "<option>Un CDI"),
        (("situation", "sit_karim"), '<situation id="sit_karim"'),
        (("mobilise", "sit_nadia:ft"), '<mobilise partner="ft"'),
    ]:
        assert lines[key][0] == line_of(SMALL_MAP, text), key


# --- Refused while reading: each at its line ---------------------------------------------------

REFUSALS = [
    ('<structure id="plie" name', "<structure name", "<structure> needs the attribute id."),
    ('domains="sante">', 'domain="sante">', "<partner> has no attribute domain"),
    ("<mission>Soins", "<oops/><mission>Soins", "<partner> cannot contain <oops>."),
    ('domains="logement" points="2"', 'domains="logement" points="2.5"', "is not a whole number"),
    ('domains="logement" points="2"', 'domains="logement" points="0"', "between 1 and 100"),
    ('cap="0.5"', 'cap="nan"', 'cap="nan" is not a number.'),
    ('cap="0.5"', 'cap="1.5"', "must be between 0 and 1"),
    ('tension="true"', 'tension="oui"', 'must be "true" or "false"', '<relation id="r4"'),
    ('<option correct="true">Les personnes', '<option correct="vrai">Les personnes', "vrai"),
    ('urgent="true"', 'urgent="yes"', 'urgent="yes" must be'),
    ('<question id="q_public">', '<question id="q_public" shuffle="no">', "shuffle"),
    ('<question id="q_public">', '<question id="q_public" order="1">', "has no attribute order"),
    ('title="Karim, 52 ans"', 'titre="Karim, 52 ans"', "has no attribute titre"),
    ('<relation id="r3" from="ccas"', '<relation id="r3"', "<relation> needs the attribute from."),
    (
        'source="France Travail, STMT"',
        'sourced="x"',
        "no attribute sourced",
        '<indicator id="deld"',
    ),
    ('<mobilise partner="ft"/>', "<mobilise/>", "<mobilise> needs the attribute partner."),
    ('max_attempts="2"', 'max_attempts="-1"', 'max_attempts="-1" must be between 0 and 100'),
    ('weight="1.0"', 'weight="inf"', 'weight="inf" is not a number.'),
    ('weight="1.0"', 'weight="1.0" show_reference="parfois"', "show_reference must be one of"),
    ("<contact>115</contact>", "<contact>115<b>!</b></contact>", "<contact> cannot contain <b>."),
]


@pytest.mark.parametrize("case", REFUSALS, ids=lambda case: case[2][:40])
def test_each_refusal_names_the_line_at_fault(case):
    old, new, expected, at = (*case, case[1])[:4]
    assert old in SMALL_MAP
    xml = SMALL_MAP.replace(old, new, 1)
    with pytest.raises(XmlRefused) as refused:
        network_from_xml(xml)
    assert expected in refused.value.message(), refused.value.message()
    assert refused.value.line == line_of(xml, at)


def test_a_missing_single_child_is_refused_at_its_parent():
    prompt = SMALL_MAP[SMALL_MAP.index("<prompt>Quel public") : SMALL_MAP.index("</prompt>")]
    xml = SMALL_MAP.replace(prompt + "</prompt>", "")
    with pytest.raises(XmlRefused) as refused:
        network_from_xml(xml)
    assert refused.value.message() == "<question> needs exactly one <prompt>."
    assert refused.value.line == line_of(xml, '<question id="q_public"')
    twice = SMALL_MAP.replace("<map ", '<structure id="b" name="B" kind="plie"/>\n  <map ', 1)
    with pytest.raises(XmlRefused) as refused:
        network_from_xml(twice)
    assert refused.value.message() == "<partner_network> needs exactly one <structure>."
    assert refused.value.line == line_of(twice, "<partner_network")


@pytest.mark.parametrize(
    ("xml", "expected", "line"),
    [
        ('<!DOCTYPE x [<!ENTITY a "b">]><partner_network/>', "DOCTYPE", 1),
        ("<partner_network>" + " " * MAX_XML_BYTES + "</partner_network>", "over the limit", None),
        ("<partner_network>\n<territory>\n</partner_network>", "never closed", 2),
        ("<interview_simulation/>", "root element must be <partner_network>", 1),
    ],
)
def test_hostile_or_broken_xml_is_refused(xml, expected, line):
    with pytest.raises(XmlRefused) as refused:
        network_from_xml(xml)
    assert expected in refused.value.message()
    assert refused.value.line == line


def test_a_runtime_may_add_attributes_to_the_root():
    xml = SMALL_MAP.replace("<partner_network ", '<partner_network url_name="x" xblock-family="y" ')
    assert network_from_xml(xml) == small_network()


# --- Validation: the partner, relation, question or situation at fault, and its line --------------

PROBLEMS = [
    (
        'domains="sante">',
        'domains="sante cuisine">',
        'partner> "csapa": unknown domain "cuisine" (expected one of emploi, formation',
    ),
    ('kind="csapa"', 'kind="clinique"', '<partner> "csapa": unknown kind "clinique"'),
    (
        '<partner id="csapa" name="CSAPA Le Passage" kind="csapa" domains="sante">',
        '<partner id="csapa" name="CSAPA Le Passage" kind="csapa">',
        'Partner "csapa" has no domain',
    ),
    ('to="siao"', 'to="zz"', 'Relation "r3": unknown partner "zz".'),
    ('from="ccas" to="siao"', 'from="siao" to="siao"', 'Relation "r3" links "siao" to itself.'),
    ('to="siao" type="orientation"', 'to="siao" type="amitie"', 'unknown relation type "amitie"'),
    ('strength="tenuous"', 'strength="weak"', 'unknown strength "weak" (expected one of strong'),
    (
        '<relation id="r6" from="ml" to="ft"',
        '<relation id="r6" from="aci" to="plie"',
        'Relations "r2" and "r6" link the same two partners',
    ),
    (
        '<partner id="ml"',
        '<partner id="ft"',
        'Duplicate id "ft" (partner/structure).',
        '<partner id="ft" name="Mission',
    ),
    ('<partner id="aci"', '<partner id="a ci"', 'The id "a ci" (partner/structure)'),
    (
        '<strategy id="st_aci" partner="aci">',
        '<strategy id="st_aci" partner="zz">',
        "unknown partner",
    ),
    ('<mobilise partner="ft"/>', '<mobilise partner="zz"/>', 'Situation "sit_nadia": unknown'),
    ('<mobilise partner="csapa"/>', '<mobilise partner="aci"/>', 'lists partner "aci" twice'),
    (
        '<mobilise partner="ccas" urgent="true"/>',
        '<mobilise partner="ccas"/>',
        "has a cap but no",
        '<situation id="sit_nadia"',
    ),
    ('capacities="B3.4"', 'capacities="B9.9"', '<relation> "r4": capacity code "B9.9" is not'),
    (
        '<questions capacities="B3.2 B3.3">',
        '<questions capacities="B3.2 X">',
        "<questions>: capacity",
    ),
    (
        '<questions capacities="B3.2 B3.3">',
        "<questions>",
        '<question> "q_public" has no capacity',
        '<question id="q_public"',
    ),
    ('date="T4 2024"', 'date="dernier trimestre"', 'Indicator "chomage": the date'),
    ("<option>Pilotes de ligne</option>", '<option correct="true">Pilotes de ligne</option>', ""),
    (
        "<option>Les cadres",
        '<option correct="true">Les cadres',
        'single answer (select="one")',
        '<question id="q_public"',
    ),
    (
        "<option>Notaires</option>",
        "<option>aides-soignants</option>",
        "options 1 and 4 read the same",
    ),
    ("<option>Notaires</option>", "<option> </option>", "option 4: the option has no text."),
]


@pytest.mark.parametrize("case", PROBLEMS, ids=lambda case: case[2][:40] or "allowed")
def test_each_problem_names_the_place_and_gives_its_line(case):
    old, new, expected, at = (*case, case[1])[:4]
    assert old in SMALL_MAP
    xml = SMALL_MAP.replace(old, new, 1)
    found = checked(xml)
    if not expected:  # a change the format allows
        assert found == []
        return
    lines = [line for message, line in found if expected in message]
    assert lines, found
    assert lines[0] == line_of(xml, at)


def test_problems_without_a_single_place_go_to_their_task_or_the_root():
    no_territory = (
        SMALL_MAP[: SMALL_MAP.index("<territory")]
        + SMALL_MAP[SMALL_MAP.index("</territory>") + len("</territory>") :]
    )
    assert (
        "The territory questions need a <territory> with at least one <indicator>.",
        line_of(no_territory, "<questions"),
    ) in checked(no_territory)
    bare = '<partner_network>\n  <structure id="s" name="S" kind="plie"/>\n</partner_network>'
    assert checked(bare) == [
        ("The activity has no task: add a <map>, <questions>, <strategies> or <situations>.", 1),
        ("The activity has no partner.", 1),
    ]


def test_too_many_partners_is_refused_at_the_first_one_over():
    extra = "".join(
        f'<partner id="x{i}" name="X{i}" kind="autre" domains="social"/>\n' for i in range(35)
    )
    xml = SMALL_MAP.replace("<map ", extra + "  <map ", 1)
    found = checked(xml)
    assert (
        "There are 41 <partner> elements, over the limit of 40.",
        line_of(xml, '"x34"'),
    ) in found


# --- Cues ----------------------------------------------------------------------------------------


def test_a_pinned_list_whose_first_option_is_right_is_a_cue():
    xml = SMALL_MAP.replace('<question id="q_public">', '<question id="q_public" shuffle="false">')
    assert warned(xml) == [
        (
            'Cue: question "q_public" keeps its authored order (shuffle="false") and its first '
            "option is right; move it, or let the order be shuffled.",
            line_of(xml, '<question id="q_public"'),
        )
    ]


def test_right_options_always_the_longest_is_a_cue():
    xml = SMALL_MAP.replace(
        '<option correct="true">Aides-soignants</option>',
        '<option correct="true">Aides-soignants et auxiliaires de vie</option>',
    ).replace(
        '<option correct="true">Agents d\'entretien</option>',
        '<option correct="true">Agents d\'entretien des locaux</option>',
    )
    messages = [message for message, _line in warned(xml)]
    assert any(m.startswith("Cue: the right option is the longest in 3 of 4") for m in messages)


def test_a_right_option_that_repeats_the_question_is_a_cue():
    xml = SMALL_MAP.replace(
        '<option correct="true">Aides-soignants</option>',
        '<option correct="true">Les métiers du soin</option>',
    )
    assert (
        'Cue: in question "q_metiers", a right option repeats "metiers" from the question and no '
        "wrong option does: the wording gives the answer away.",
        line_of(xml, '<question id="q_metiers"'),
    ) in warned(xml)


def test_choosing_every_option_scoring_well_is_a_cue():
    xml = SMALL_MAP.replace(
        "        <option>Un financement de ses postes par votre structure</option>\n", ""
    )
    assert (
        'Cue: choosing every option of question "st_aci/expects" scores 80%; add wrong options, '
        'or make it select="one".',
        line_of(xml, "<expects>"),
    ) in warned(xml)


def test_a_situation_that_names_its_partner_is_a_cue():
    xml = SMALL_MAP.replace("ses loyers en retard", "ses loyers en retard, comme le dit le CCAS")
    assert (
        'Cue: situation "sit_nadia" names "CCAS", a partner it expects: the text gives the answer '
        "away.",
        line_of(xml, '<situation id="sit_nadia"'),
    ) in warned(xml)


def test_the_documented_example_is_valid_and_gives_nothing_away():
    import re
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "partner-network-format.md"
    xml = re.search(r"```xml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S).group(1)
    assert checked(xml) == [] and warned(xml) == []
