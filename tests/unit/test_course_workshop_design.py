"""The course's workshop briefs (block 4): a job-search techniques workshop for France Travail
and a discovery-of-trades module for a mission locale's CEJ. Valid, with the course rubric,
realistic, with a worked example that passes every check, an exact round trip and French
typography; between them, every capacity of block 4 is assessed."""

import re

import pytest

import course_content
from scorm_export.typography import findings
from xblocks.common.xml import parse
from xblocks.workshop_design import checks, engine, olx, scoring, validation
from xblocks.workshop_design.model import ACTIVE_METHODS

FILES = {path.stem: path for path in course_content.activity_files("workshop_design")}
BLOCK_4 = {"B4.1", "B4.2", "B4.3", "B4.4", "B4.5", "B4.6"}


def load(name):
    return olx.workshop_from_xml(FILES[name].read_bytes())


def test_the_two_briefs_of_the_course():
    assert set(FILES) == {"atelier_tre", "decouverte_metiers_cej"}
    tre, _ = load("atelier_tre")
    cej, _ = load("decouverte_metiers_cej")
    assert tre.brief.commissioner.kind == "france_travail"
    assert (tre.brief.public.size_min, tre.brief.public.size_max) == (8, 12)
    assert cej.brief.commissioner.kind == "mission_locale"
    assert "contrat d’engagement jeune" in cej.brief.title and "CEJ" in cej.brief.need


@pytest.mark.parametrize("name", sorted(FILES))
def test_valid_with_the_course_rubric_and_its_settings(name):
    root = parse(FILES[name].read_bytes())
    workshop, settings = olx.workshop_from_element(root)
    problems = validation.with_lines(
        validation.validate(workshop, course_content.capacity_codes()),
        validation.source_lines(root),
    )
    assert [(p.line, p.message()) for p in problems] == []
    assert workshop.criteria == olx.default_criteria() and len(workshop.criteria) == 9
    # The TRE brief is bloc 4's main graded task; the CEJ brief trains for the jury.
    weight = {"atelier_tre": 14.0, "decouverte_metiers_cej": 8.0}[name]
    assert (settings.max_attempts, settings.weight, settings.required_mark) == (2, weight, 0.5)
    assert root.get("url_name") == name


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_brief_is_complete(name):
    brief = load(name)[0].brief
    assert len(brief.public.constraints) >= 3 and brief.outcomes and brief.indicators
    assert any("déroulé" in d.text.lower() for d in brief.deliverables)
    assert brief.budget and brief.logistics and brief.format
    assert 0 < brief.tolerance <= brief.minutes // 10


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_worked_example_is_a_good_plan(name):
    workshop, _ = load(name)
    plan = engine.clean_plan(workshop, workshop.example)
    assert all(r.fraction == 1 for r in checks.run(workshop, plan))
    methods = {s["method"] for s in plan["sequences"]}
    assert len(methods) >= 4 and len(methods & ACTIVE_METHODS) >= 3
    assert {e["kind"] for e in plan["evaluations"]} == {
        "diagnostic", "formative", "final", "satisfaction",
    }  # fmt: skip
    assert len(plan["sequences"]) >= 8 and sum(1 for s in plan["sequences"] if s["notes"]) >= 3
    full = scoring.grade(workshop, plan, {c.id: c.max_points for c in workshop.criteria})
    assert full.raw == 1.0


def test_together_they_assess_every_capacity_of_block_4():
    found = set()
    for name in FILES:
        workshop, _ = load(name)
        result = scoring.grade(workshop, workshop.example, {c.id: 0 for c in workshop.criteria})
        found |= {code for code, _earned, possible in result.capacities if possible}
    assert found >= BLOCK_4


@pytest.mark.parametrize("name", sorted(FILES))
def test_round_trip_is_exact_and_stable(name):
    workshop, settings = load(name)
    written = olx.workshop_to_xml(workshop, settings, name)
    assert olx.workshop_from_xml(written) == (workshop, settings)
    assert olx.workshop_to_xml(*olx.workshop_from_xml(written), name) == written


_IDENTIFIERS = {
    "url_name", "id", "kind", "size_min", "size_max", "minutes", "tolerance", "sessions",
    "mode", "method", "objectives", "to", "max_attempts", "weight", "required_mark",
}  # fmt: skip
_BAD = re.compile(r"'|[ \t\n][;:!?»]|«[ \t\n]|[^\u00a0][;:!?»]|«[^\u00a0]")


@pytest.mark.parametrize("path", [*FILES.values(), olx.PACKAGE])
def test_text_follows_french_typography(path):
    if path == olx.PACKAGE:
        from xblocks.common.resources import public_text

        roots = [
            parse(public_text(olx.PACKAGE, name))
            for name in ("default-rubric.xml", "default-workshop.xml")
        ]
    else:
        roots = [parse(path.read_bytes())]
    texts = [
        text
        for root in roots
        for element in root.iter()
        if isinstance(element.tag, str)
        for text in (
            element.text or "",
            element.tail or "",
            *(v for k, v in element.attrib.items() if k not in _IDENTIFIERS),
        )
    ]
    if path == olx.PACKAGE:  # the block's own default content: a no-break space everywhere
        assert [text for text in texts if _BAD.search(text)] == []
    else:  # the course: as `check` enforces it (narrow before ; ! ? and inside « »)
        assert [text for text in texts if findings(text)] == []
    assert any("\u2019" in text for text in texts)
