"""Render a chapter (competence block) into the files of one SCO: a static page and its data.

The page is jinja2 (every value escaped; lesson HTML was sanitised when read). Knowledge
checks and activities are driven in the browser by `static/sco.js`, the activities by their
own front-end through the seam of `scorm_export/activities.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import course_content
from scorm_export.activities import activity_types
from scorm_export.grading import is_graded, plan_for
from scorm_export.messages import SCO
from scorm_export.model import Activity, Chapter, Course, CourseError, Html, Problem
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.resources import package_text, render

SUSPEND_LIMIT = 4096  # SCORM 1.2's cmi.suspend_data, the tightest of the two versions
MAX_INTERACTION_INDEX = 999_999  # the largest interaction index sco.js saves (and reads)
CORE_SCRIPTS = (
    ("xblocks.common", "public/shuffle.js"),
    ("xblocks.common", "public/transport.js"),
    ("scorm_export", "static/scorm-api.js"),
    ("scorm_export", "static/grading.js"),
)
CORE_STYLES = (("scorm_export", "static/course.css"),)
SCO_SCRIPT = ("scorm_export", "static/sco.js")


def front_end(block_types: Iterable[str]) -> tuple[str, str]:
    """The script and the style sheet a SCO needs for these activity types, each in one piece.

    The SCO page carries both inline: it is interactive after a single request, which matters
    most where the LMS serves every file of a package through its own code.
    """
    types = activity_types()
    scripts, styles = list(CORE_SCRIPTS), list(CORE_STYLES)
    for block_type in sorted(set(block_types)):
        scripts += [s for s in types[block_type].scripts if s not in scripts]
        styles += [s for s in types[block_type].styles if s not in styles]
    scripts.append(SCO_SCRIPT)
    return _bundle(scripts, ";\n", "</script"), _bundle(styles, "\n", "</style")


def _bundle(resources: list[tuple[str, str]], separator: str, closing: str) -> str:
    parts = []
    for package, path in resources:
        text = package_text(package, path)
        # A closing tag inside would end the inline element early; none of our files has one.
        assert closing not in text.lower(), f"{package}/{path} holds {closing}"
        parts.append(f"/* {package}: {path} */\n{text}")
    return separator.join(parts)


def to_base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


@dataclass(frozen=True)
class RenderedSco:
    """One SCO: its self-contained page and whether it reports a score."""

    page: bytes
    graded: bool
    #: A component has its own required mark: the LMS must not judge the score alone.
    required: bool = False


def _item_entries(chapter: Chapter) -> tuple[list[dict], list[dict]]:
    """Template sections and the JSON the page's script reads, one entry per stateful item.

    An item's saved state is keyed by its url_name, not its position, so that a package
    updated in place (an item added or moved) never hands one item's answers to another.
    """
    sections, items, count = [], [], 0
    first = True
    for sequential in chapter.sequentials:
        section = {"title": sequential.display_name, "pages": []}
        for vertical in sequential.verticals:
            page = {
                "id": f"p-{sequential.url_name}-{vertical.url_name}",
                "title": vertical.display_name,
                "first": first,
                "entries": [],
            }
            first = False
            for item in vertical.items:
                if isinstance(item, Html):
                    page["entries"].append({"kind": "html", "item": item})
                    continue
                key = item.url_name
                if any(known["key"] == key for known in items):
                    raise CourseError(
                        f"chapter/{chapter.url_name}.xml",
                        1,
                        _('"{name}" is used twice in this block: each item needs its own url_name'),
                        name=key,
                    )
                entry = {"kind": "problem" if isinstance(item, Problem) else "activity"}
                entry.update(item=item, dom=f"item-{count}")
                count += 1
                page["entries"].append(entry)
                items.append(_item_data(item, key, entry["dom"], sequential.graded))
            section["pages"].append(page)
        sections.append(section)
    return sections, items


def _item_data(item: Problem | Activity, key: str, dom: str, graded: bool) -> dict:
    common = {
        "key": key,
        "dom": dom,
        "id": item.url_name,
        "display_name": item.display_name,
        "graded": graded,
        "weight": item.weight,
        "required_mark": item.required_mark,
    }
    if isinstance(item, Problem):
        return {
            **common,
            "kind": "problem",
            "question": item.question,
            # The right answer: the option's index, or for checkboxes the mask of right boxes.
            "answer": sum(1 << i for i, c in enumerate(item.choices) if c.correct)
            if item.checkbox
            else next(i for i, c in enumerate(item.choices) if c.correct),
            "checkbox": item.checkbox,
            "shuffle": item.shuffle,
            "hints": [c.hint for c in item.choices],
            "unselected_hints": [c.hint_unselected for c in item.choices],
            "max_attempts": item.max_attempts,
        }
    return {
        **common,
        "kind": "activity",
        "type": item.block_type,
        "content": item.content,
        "settings": item.settings,
    }


def longest_suspend_data(pages: int, items: list[dict]) -> tuple[int, str]:
    """The longest suspend_data the SCO can write, and the item that weighs most in it."""
    size = len("3|") + len(to_base36(max(pages - 1, 0))) + 1 + len(f"{(1 << pages) - 1:x}")
    size += 1 + len(to_base36(MAX_INTERACTION_INDEX))
    heaviest, heaviest_size = "", 0
    types = activity_types()
    for item in items:
        if item["kind"] == "problem":
            # attempts (at most 2 digits), then the choice: one base-36 digit, or the mask of
            # a checkbox answer (MAX_BOXES = 8 boxes: always 2 digits).
            chosen = 2 if item["checkbox"] else 1
            value = len(str(min(item["max_attempts"] or 99, 99))) + chosen
        else:
            value = types[item["type"]].state_chars(item["content"], item["settings"])
        entry = 1 + len(item["key"]) + 1 + value
        size += entry
        if entry > heaviest_size:
            heaviest, heaviest_size = f'{item.get("type", "problem")} "{item["id"]}"', entry
    return size, heaviest


def render_sco(
    course: Course,
    chapter: Chapter,
    *,
    version: str,
    storage_key: str,
    gettext: Callable[[str], str],
) -> RenderedSco:
    sections, items = _item_entries(chapter)
    pages = sum(len(section["pages"]) for section in sections)
    longest, heaviest = longest_suspend_data(pages, items)
    if longest > SUSPEND_LIMIT:
        raise CourseError(
            f"chapter/{chapter.url_name}.xml",
            1,
            _(
                "the learner state of this block can reach {size} characters, over the "
                "{limit} of SCORM 1.2's suspend_data; the largest part is {part}"
            ),
            size=longest,
            limit=SUSPEND_LIMIT,
            part=heaviest,
        )
    types = activity_types()
    used = sorted({item["type"] for item in items if item["kind"] == "activity"})
    script, style = front_end(used)
    plan = plan_for(course, chapter)
    graded = is_graded(plan)
    data = {
        "version": version,
        "storage_key": storage_key,
        "mastery": course.pass_mark,
        "graded": graded,
        "grading": plan,
        # A graded activity (a role-play…) besides the knowledge checks: else the SCO says so.
        "performance_task": any(
            item["kind"] == "activity" and item["graded"] and item["weight"] > 0 for item in items
        ),
        "ui": {key: gettext(text) for key, text in SCO.items()},
        "activity_types": {
            t: {"adapter": types[t].adapter, "ui": types[t].ui(gettext)} for t in used
        },
        "capacities": {c.code: c.label for c in course_content.capacities()},
        "items": items,
    }
    page = render(
        "scorm_export",
        "sco.html",
        course=course,
        chapter=chapter,
        sections=sections,
        ui=data["ui"],
        data=data,
        script=script,
        style=style,
    )
    return RenderedSco(
        page=page.encode("utf-8"),
        graded=graded,
        required=any(
            c["required"] is not None for s in plan["subsections"] for c in s["components"]
        ),
    )
