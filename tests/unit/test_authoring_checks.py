"""What authors are told: XML errors in their words, cues that give answers away, fair shuffles."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.scenarios import TWO_STEP_EDITED
from xblocks.common.shuffle import key_hash, shuffled
from xblocks.common.xml import XmlRefused, parse
from xblocks.interview_simulation.olx import scenario_from_xml
from xblocks.interview_simulation.validation import cue_warnings


@given(st.lists(st.integers(), max_size=40), st.text(max_size=30))
def test_a_shuffle_is_a_permutation_drawn_the_same_way_each_time(items, key):
    order = shuffled(items, key)
    assert sorted(order) == sorted(items)
    assert shuffled(items, key) == order
    assert 0 <= key_hash(key) < 2**32


def test_every_position_is_drawn_for_the_best_choice():
    firsts = {shuffled(["best", "b", "c", "d"], f"learner{i}|n1").index("best") for i in range(50)}
    assert firsts == {0, 1, 2, 3}


@pytest.mark.parametrize(
    ("broken", "line", "words"),
    [
        ("<a>\n<b>\n<say>x\n</b>\n</a>", 3, "the <say> tag opened on this line is never closed"),
        ("<a>\n x & y</a>", 2, 'a lone "&" must be written &amp;.'),
        ("<a>&nbsp;</a>", 1, "&nbsp; is not an XML entity"),
        ("<a>\n\n<b>", 3, "the <b> tag opened on this line is never closed before the end"),
        ('<a b="1" b="2"/>', 1, "the attribute b is written twice"),
        ("<a/><b/>", 1, "something follows the end of the root element"),
        ("<a>1 < 2</a>", 1, 'a lone "<" must be written &lt;.'),
        ("<a b=1/>", 1, "an attribute value must be written between quotes"),
        ("", 1, "there is no XML here"),
    ],
)
def test_xml_syntax_errors_are_explained_at_the_line_to_fix(broken, line, words):
    with pytest.raises(XmlRefused) as refused:
        parse(broken)
    assert refused.value.line == line
    assert words in refused.value.message()


def test_comments_are_kept_only_when_asked():
    xml = "<a><!-- note --><b/></a>"
    assert len(parse(xml)) == 1
    assert len(parse(xml, keep_comments=True)) == 2


def test_a_node_with_a_single_scoring_choice_among_three_is_a_cue():
    lone = TWO_STEP_EDITED.replace(
        '<choice id="d" next="n3">',
        '<choice id="d2" next="n3"><text>Et vos enfants ?</text></choice>\n'
        '    <choice id="d" next="n3">',
    ).replace('<points capacity="B2.4">1</points>', "")
    scenario, _settings = scenario_from_xml(lone)
    singles = [w for w in cue_warnings(scenario) if "single choice" in w.message()]
    assert [dict(w.params)["node"] for w in singles] == ["n2"]


def test_public_labels_agree_with_the_personas_gender_in_french():
    from xblocks.common.i18n import catalog
    from xblocks.interview_simulation.messages import front_end_ui

    french = front_end_ui(catalog("fr").gettext)
    assert french["public.demandeur_emploi_longue_duree.f"] == "demandeuse d’emploi de longue durée"
    assert french["public.demandeur_emploi_longue_duree.m"] == "demandeur d’emploi de longue durée"
    assert french["public.sortant_detention.f"] == "sortante de détention"
    english = front_end_ui(catalog("en").gettext)
    assert english["public.demandeur_emploi_longue_duree.f"] == "long-term jobseeker"


def test_french_no_break_spaces_survive_the_reading_of_a_scenario():
    xml = TWO_STEP_EDITED.replace("<say>Et maintenant ?</say>", "<say>Et maintenant\u00a0?</say>")
    scenario, _settings = scenario_from_xml(xml)
    assert scenario.node_by_id["n3"].say == "Et maintenant\u00a0?"


def test_a_scenario_too_deep_to_play_is_refused_before_any_learner_meets_it():
    from course_content import capacity_codes
    from xblocks.interview_simulation.validation import validate

    def chain(length):
        def target(i):
            return f"n{i + 1}" if i + 1 < length else "fin"

        nodes = "".join(
            f'<node id="n{i}" phase="accueil"><say>…</say>'
            f'<choice id="a{i}" next="{target(i)}">'
            f'<text>Oui</text><points capacity="B1.1">1</points></choice>'
            f'<choice id="b{i}" next="{target(i)}">'
            "<text>Non</text></choice></node>"
            for i in range(length)
        )
        return (
            '<interview_simulation><persona name="A" age="30" public="autre">x</persona>'
            f'{nodes}<ending id="fin"><title>Fin</title><debrief>Fin.</debrief></ending>'
            "</interview_simulation>"
        )

    assert validate(scenario_from_xml(chain(200))[0], capacity_codes()) == []
    problems = validate(scenario_from_xml(chain(700))[0], capacity_codes())
    assert [p.message() for p in problems] == ["A path has 700 decisions, over the limit of 200."]


def test_a_pinned_node_whose_best_choice_comes_first_is_a_cue():
    pinned = TWO_STEP_EDITED.replace(
        '<node id="n1" phase="accueil">', '<node id="n1" phase="accueil" shuffle="false">'
    )
    scenario, _settings = scenario_from_xml(pinned)
    assert [
        dict(w.params).get("node")
        for w in cue_warnings(scenario)
        if "authored order" in w.message()
    ] == ["n1"]
