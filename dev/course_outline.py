"""The real course in the workbench: one scenario per unit, in course order, and an outline.

`make run` starts the xblock-sdk workbench, which lists the scenarios each block class offers.
This Django app (in `INSTALLED_APPS`, see `workbench_settings.py`) adds the course of
`course_content/` as it is: each unit (vertical) becomes the scenario `course.NNN`, numbered in
course order, holding the unit's components: the lessons as HTML, the activity blocks
(interviews, network mapping, workshop design) as the real blocks with their course file's
content, and each capa knowledge check shown as a learner reads it (question, options in the
course's order, explanation folded), since capa itself only runs in edx-platform. The page
`/course/` is the course outline: chapters, subsections (graded or not) and units, each a link
to its scenario, with the capacities it declares.
"""

from __future__ import annotations

import html as html_text
import logging
from functools import cache

from django.apps import AppConfig
from django.http import HttpResponse
from django.urls import re_path
from lxml import etree
from lxml import html as lxml_html

PREFIX = "course"
log = logging.getLogger(__name__)


@cache
def units() -> tuple[dict, ...]:
    """Every unit of the course, in course order, with its chapter and subsection."""
    import course_content
    from scorm_export.olx_reader import read_course

    course = read_course(course_content.ROOT)
    found = []
    for chapter in course.chapters:
        for sequential in chapter.sequentials:
            for vertical in sequential.verticals:
                found.append(
                    {
                        "id": f"{PREFIX}.{len(found):03d}",
                        "chapter": chapter.display_name,
                        "sequential": sequential.display_name,
                        "graded": sequential.graded,
                        "vertical": vertical,
                    }
                )
    return tuple(found)


def _html_xml(fragment: str) -> str:
    """Sanitised lesson HTML as XML children (the workbench reads scenarios as XML); `$` is
    doubled since the workbench's HTML block substitutes `$placeholders`."""
    wrapper = lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")
    body = etree.tostring(wrapper, encoding="unicode", method="xml")
    return body.replace("$", "$$")


def _problem_html(problem) -> str:
    kind = "checkbox" if problem.checkbox else "radio"
    options = "".join(
        f'<li><input type="{kind}" disabled="disabled"/> {html_text.escape(c.text)}</li>'
        for c in problem.choices
    )
    codes = ", ".join(problem.capacities)
    return (
        f'<div class="ip-capa-preview"><h3>{html_text.escape(problem.display_name)}</h3>'
        f"<p><strong>{html_text.escape(problem.question)}</strong></p><ul>{options}</ul>"
        f"<p><small>Question capa ({html_text.escape(codes)}) : jouée par Open edX (LMS) et "
        f"dans les paquets SCORM.</small></p>"
        f"<details><summary>Explication</summary>{problem.solution}</details></div>"
    )


def unit_xml(unit: dict) -> str:
    """The scenario of one unit: a vertical of its components."""
    import course_content
    from scorm_export.model import Activity, Html, Problem

    children = []
    for item in unit["vertical"].items:
        if isinstance(item, Html):
            children.append(f"<html_demo>{_html_xml(item.body)}</html_demo>")
        elif isinstance(item, Problem):
            children.append(f"<html_demo>{_html_xml(_problem_html(item))}</html_demo>")
        elif isinstance(item, Activity):
            source = course_content.ROOT / item.block_type / f"{item.url_name}.xml"
            children.append(source.read_text(encoding="utf-8").split("?>", 1)[-1])
    return "<vertical_demo>" + "".join(children) + "</vertical_demo>"


def add_course_scenarios() -> None:
    """Each unit as a scenario; a course that does not read (`check` says why) adds none, so
    that the workbench's other pages still work."""
    from workbench.scenarios import add_xml_scenario

    from scorm_export.model import CourseError

    try:
        found = units()
        scenarios = [(unit, unit_xml(unit)) for unit in found]
    except (CourseError, OSError) as error:
        log.warning("The course is not shown: %s", error)
        return
    for unit, xml in scenarios:
        vertical = unit["vertical"]
        description = f"{unit['chapter']} · {unit['sequential']} · {vertical.display_name}"
        add_xml_scenario(unit["id"], description, xml)


def outline(_request) -> HttpResponse:
    """The course outline: every unit in order, linked to its scenario."""
    rows, chapter, sequential = [], None, None
    for unit in units():
        if unit["chapter"] != chapter:
            if chapter is not None:
                rows.append("</ul></li></ul></section>")
            chapter, sequential = unit["chapter"], None
            rows.append(f"<section><h2>{html_text.escape(chapter)}</h2><ul>")
        if unit["sequential"] != sequential:
            if sequential is not None:
                rows.append("</ul></li>")
            sequential = unit["sequential"]
            graded = " (évaluation notée)" if unit["graded"] else ""
            rows.append(f"<li><h3>{html_text.escape(sequential)}{graded}</h3><ul>")
        vertical = unit["vertical"]
        codes = " ".join(vertical.capacities)
        rows.append(
            f'<li><a href="/scenario/{unit["id"]}/">{html_text.escape(vertical.display_name)}</a>'
            f" <small>{html_text.escape(codes)}</small></li>"
        )
    if chapter is not None:
        rows.append("</ul></li></ul></section>")
    page = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Plan du cours</title></head><body><main><h1>Plan du cours</h1>"
        f"{''.join(rows)}</main></body></html>"
    )
    return HttpResponse(page)


def apply() -> None:
    """Add the course's units to every (re)loading of the workbench's scenarios."""
    from workbench import scenarios

    original = scenarios.init_scenarios
    if getattr(original, "course_outline", False):
        return

    def init_scenarios():
        original()
        add_course_scenarios()

    init_scenarios.course_outline = True
    scenarios.init_scenarios = init_scenarios


urlpatterns = [re_path(r"^course/$", outline, name="course_outline")]


class CourseOutline(AppConfig):
    name = "course_outline"
    label = "course_outline"
    verbose_name = "The course of course_content/ in the workbench"

    def ready(self):
        apply()
