"""The course's pages say what the data says: the about page (the certification's state and
the crosswalk to the titre professionnel CIP), the self-assessment grid, the glossary and the
chapters' titles."""

from __future__ import annotations

import re

from lxml import html

import course_content
from scorm_export.olx_reader import read_course

COURSE = read_course(course_content.ROOT)
#: The référentiel's block titles (RNCP 12976's summary), which the chapters carry word for word.
BLOCKS = (
    "Accueillir et informer les publics",
    "Accompagner et orienter les personnes dans leurs parcours d’insertion socioprofessionnelle",
    "Constituer et développer son réseau de partenaires locaux",
    "Concevoir, mettre en place et animer les actions d’aide à l’orientation et à l’insertion",
)


def page(relative: str):
    return html.fromstring((course_content.ROOT / relative).read_text(encoding="utf-8"))


def names() -> set[str]:
    found = set()
    for chapter in COURSE.chapters:
        for sequential in chapter.sequentials:
            for vertical in sequential.verticals:
                found |= {vertical.display_name, *(i.display_name for i in vertical.items)}
    return found


def test_the_four_chapters_carry_the_block_titles_word_for_word():
    assert tuple(c.display_name for c in COURSE.chapters[:4]) == BLOCKS
    assert not any(s.graded for s in COURSE.chapters[4].sequentials)  # the jury practice


def test_the_about_page_says_the_certification_is_closed_and_gives_the_crosswalk():
    about = page("about/overview.html")
    text = " ".join(about.text_content().split())
    assert "7 septembre 2016" in text and "L’accès à la certification n’est plus possible" in text
    assert course_content.TP_CIP in text and "23 mars 2023" in text
    for title in course_content.TP_CIP_CCPS.values():
        assert title in text
    rows = {
        tr.findtext("th"): tr.findall("td")[0].text_content().split()
        for tr in about.iter("tr")
        if tr.find("th") is not None and re.fullmatch(r"B\d\.\d+", tr.findtext("th") or "")
    }
    walk = course_content.crosswalk()
    assert rows == {code: list(c.ccps) for code, c in walk.items()}
    for _ccp, competence in course_content.crosswalk_gaps():  # what the course does not cover
        assert competence in text


def test_the_self_assessment_grid_has_every_capacity_and_names_real_units():
    grid = page("html/certification_autoevaluation.html")
    rows = [tr for tr in grid.iter("tr") if len(tr.findall("td")) >= 4]
    assert [tr.findtext("th") for tr in rows] == [c.code for c in course_content.capacities()]
    assert [tr.findall("td")[0].text_content() for tr in rows] == [
        c.label for c in course_content.capacities()
    ]
    known = names()
    for tr in rows:
        where = re.findall(r"«\u202f(.*?)\u202f»", tr.findall("td")[-1].text_content())
        assert where, tr.findtext("th")
        assert set(where) <= known, (tr.findtext("th"), set(where) - known)


def test_the_glossary_is_in_order_and_explains_the_acronyms_lessons_use():
    glossary = page("tabs/glossaire.html")
    terms = [" ".join(dt.text_content().split()) for dt in glossary.iter("dt")]
    assert len(terms) >= 70
    assert terms == sorted(terms, key=lambda t: t.casefold())
    defined = " ".join(terms)
    used = set()
    for path in (course_content.ROOT / "html").glob("*.html"):
        used |= set(
            re.findall(
                r"\b(?:CAF|CCAS|CEJ|CPF|CRIP|FSL|PLIE|PMSMP|POEI|POEC|RQTH|SIAE|SIAO)\b",
                path.read_text("utf-8"),
            )
        )
    assert used and all(acronym in defined for acronym in used), used - set(defined.split())
