"""Read an Open edX OLX course folder into the exporter's course model.

Every file goes through the hardened parser; any problem raises CourseError with the file
and line, so that the command can say `file:line: message` and write nothing.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from lxml import etree

import course_content
from scorm_export.activities import activity_types
from scorm_export.grading import MAX_WEIGHT
from scorm_export.model import (
    Activity,
    AssignmentType,
    Chapter,
    Course,
    CourseError,
    Html,
    Item,
    Problem,
    ProblemChoice,
    Sequential,
    Source,
    Vertical,
)
from scorm_export.sanitize import sanitize_html
from xblocks.common.files import FileRefused, read_inside
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.i18n import shipped_language, shipped_languages
from xblocks.common.xml import MAX_XML_BYTES, XmlRefused, parse

DETAIL = "{detail}"  # the whole message is the wrapped one (XmlRefused, ActivityInvalid)


MAX_LESSON_BYTES = 1024 * 1024  # an HTML lesson; images and media are not inlined
MAX_POLICY_BYTES = 256 * 1024

MAX_BOXES = 8  # a checkbox problem's options: its answer is a bit mask of two base-36 digits
MAX_OPTIONS = 36  # a multiple-choice problem's: its answer is one base-36 digit
NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}")


def read_file(root: Path, path: Path, max_bytes: int) -> bytes:
    """A file of the course folder `root` (see `read_inside`); CourseError if it cannot be."""
    try:
        return read_inside(root, path, max_bytes)
    except FileNotFoundError:
        raise CourseError(path, 1, _("file not found")) from None
    except FileRefused as refused:
        raise CourseError(path, 1, DETAIL, detail=refused) from None
    except OSError as error:
        raise CourseError(
            path, 1, _("cannot read the file: {error}"), error=error.strerror
        ) from None


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.advanced_modules: tuple[str, ...] = ()
        # Where each (tag, url_name) was first met: Open edX keys a component by it, and so
        # do the packages (file names, identifiers, saved state), so it must be unique.
        self.seen: dict[tuple[str, str], tuple[Path, int]] = {}
        self.files: set[Path] = set()  # every file read, for `check`'s orphans

    def read(self, path: Path, max_bytes: int) -> bytes:
        """A file of the course folder (see `read_file`), noted as used by the course."""
        self.files.add(path)
        return read_file(self.root, path, max_bytes)

    def load(self, path: Path) -> etree._Element:
        data = self.read(path, MAX_XML_BYTES)
        try:
            return parse(data)
        except XmlRefused as refused:
            raise CourseError(path, refused.line, DETAIL, detail=refused) from None

    def resolve(self, element: etree._Element, where: Path) -> tuple[etree._Element, Path]:
        """The definition of a child: inline, or in `<tag>/<url_name>.xml` (pointer form)."""
        url_name = element.get("url_name")
        if not url_name:
            raise CourseError(
                where, element.sourceline, _("<{tag}> has no url_name"), tag=element.tag
            )
        self.check_name(url_name, element, where, "url_name")
        self.check_unique(element.tag, url_name, where, element.sourceline or 1)
        if len(element) or (element.tag == "html" and element.get("filename")):
            return element, where
        path = self.root / element.tag / f"{url_name}.xml"
        if not (path.exists() or path.is_symlink()):  # a FIFO or a link: refused on reading
            raise CourseError(
                where,
                element.sourceline,
                _("{file} does not exist"),
                file=f"{element.tag}/{url_name}.xml",
            )
        definition = self.load(path)
        if definition.tag != element.tag:
            raise CourseError(
                path,
                definition.sourceline,
                _("expected <{expected}>, found <{found}>"),
                expected=element.tag,
                found=definition.tag,
            )
        definition.set("url_name", url_name)
        return definition, path

    def children(self, element: etree._Element, where: Path, tag: str):
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag != tag:
                raise CourseError(
                    where,
                    child.sourceline,
                    _("<{tag}> cannot contain <{child}>"),
                    tag=element.tag,
                    child=child.tag,
                )
            yield self.resolve(child, where)

    def check_unique(self, tag: str, url_name: str, where: Path, line: int) -> None:
        first = self.seen.setdefault((tag, url_name), (where, line))
        if first != (where, line):
            raise CourseError(
                where,
                line,
                _('<{tag} url_name="{name}"> is used twice: first at {first}'),
                tag=tag,
                name=url_name,
                first=f"{first[0]}:{first[1]}",
            )

    def check_name(self, name: str, element: etree._Element, where: Path, attribute: str) -> None:
        """A url_name or filename names a file of this course folder, and nothing else."""
        if not NAME.fullmatch(name):
            raise CourseError(
                where,
                element.sourceline,
                _('{attribute}="{value}": use only letters, digits, "_", "-" and "."'),
                attribute=attribute,
                value=name[:60],
            )

    def course(self) -> Course:
        top_path = self.root / "course.xml"
        top = self.load(top_path)
        run = top.get("url_name")
        if top.tag != "course" or not run:
            raise CourseError(top_path, top.sourceline, _("expected <course url_name=…>"))
        self.check_name(run, top, top_path, "url_name")
        for attribute in ("org", "course"):
            if not top.get(attribute):
                raise CourseError(
                    top_path,
                    top.sourceline,
                    _("<course> needs an {attribute}=… attribute"),
                    attribute=attribute,
                )
            self.check_name(top.get(attribute), top, top_path, attribute)
        course_path = self.root / "course" / f"{run}.xml"
        course = self.load(course_path)
        policy = self.policy(run)
        modules = policy.get("advanced_modules", [])
        if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
            raise CourseError(
                self.root / "policies" / run / "policy.json",
                1,
                _("advanced_modules must be a list of block types"),
            )
        self.advanced_modules = tuple(modules)
        types = self.assignment_types(run)
        chapters = tuple(
            self.chapter(el, path) for el, path in self.children(course, course_path, "chapter")
        )
        if not chapters:
            raise CourseError(course_path, course.sourceline, _("the course has no chapter"))
        known = {t.type for t in types}
        for chapter in chapters:
            for sequential in chapter.sequentials:
                if sequential.graded and sequential.format not in known:
                    raise CourseError(
                        sequential.path,
                        sequential.line,
                        _(
                            'a graded subsection needs a format="…" naming an assignment type '
                            'of grading_policy.json ({types}), not "{format}"'
                        ),
                        types=", ".join(sorted(known)) or "-",
                        format=sequential.format,
                    )
        policy_path = self.root / "policies" / run / "policy.json"
        display_name = course.get("display_name") or policy.get("display_name", run)
        if not isinstance(display_name, str) or not display_name.strip():
            where = course_path if course.get("display_name") else policy_path
            raise CourseError(where, 1, _("display_name must be a text"))
        return Course(
            org=top.get("org", ""),
            number=top.get("course", ""),
            run=run,
            display_name=display_name.strip(),
            language=self.language(course, course_path, policy, policy_path),
            chapters=chapters,
            pass_mark=self.pass_mark(run),
            assignment_types=types,
            advanced_modules=self.advanced_modules,
        )

    def language(self, course, course_path: Path, policy: dict, policy_path: Path) -> str:
        """The course's language: a code whose catalog ships (it picks the SCO's words)."""
        given = course.get("language")
        where, line = (course_path, course.sourceline) if given else (policy_path, 1)
        language = given or policy.get("language", "fr")
        if shipped_language(language) is None:
            raise CourseError(
                where,
                line,
                _('language="{value}": use a language the project translates ({languages})'),
                value=str(language)[:40],
                languages=", ".join(sorted(shipped_languages())),
            )
        return language

    def json_file(self, path: Path) -> dict:
        if not path.exists() and not path.is_symlink():
            return {}
        data = self.read(path, MAX_POLICY_BYTES)
        try:
            data = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise CourseError(path, 1, _("not UTF-8 text")) from None
        except ValueError as error:
            line = getattr(error, "lineno", 1)
            raise CourseError(path, line, _("not valid JSON: {error}"), error=error) from None
        except RecursionError:
            raise CourseError(path, 1, _("the JSON is nested too deeply")) from None
        if not isinstance(data, dict):
            raise CourseError(path, 1, _("expected a JSON object"))
        return data

    def policy(self, run: str) -> dict:
        path = self.root / "policies" / run / "policy.json"
        entry = self.json_file(path).get(f"course/{run}", {})
        if not isinstance(entry, dict):
            raise CourseError(
                path, 1, _('"{key}" must be a JSON object of settings'), key=f"course/{run}"
            )
        return entry

    def pass_mark(self, run: str) -> float:
        path = self.root / "policies" / run / "grading_policy.json"
        cutoffs = self.json_file(path).get("GRADE_CUTOFFS", {"Pass": 0.6})
        if (
            not isinstance(cutoffs, dict)
            or not cutoffs
            or not all(type(v) in (int, float) and 0 < v <= 1 for v in cutoffs.values())
        ):
            raise CourseError(path, 1, _("GRADE_CUTOFFS must map each grade to a number in (0, 1]"))
        return float(min(cutoffs.values()))

    def assignment_types(self, run: str) -> tuple[AssignmentType, ...]:
        """The GRADER of the grading policy, each entry checked as Open edX would use it."""
        path = self.root / "policies" / run / "grading_policy.json"
        grader = self.json_file(path).get("GRADER", [])
        if not isinstance(grader, list):
            raise CourseError(path, 1, _("GRADER must be a list of assignment types"))
        found: list[AssignmentType] = []
        for entry in grader:
            ok = isinstance(entry, dict) and isinstance(entry.get("type"), str)
            numbers = [entry.get(k, 0) for k in ("min_count", "drop_count")] if ok else []
            weight = entry.get("weight") if ok else None
            ok = (
                ok
                and entry["type"].strip() != ""
                and all(type(n) is int and 0 <= n <= 1000 for n in numbers)
                and type(weight) in (int, float)
                and math.isfinite(weight)
                and 0 <= weight <= 1
                and entry["type"] not in {t.type for t in found}
            )
            if not ok:
                raise CourseError(
                    path,
                    1,
                    _(
                        "each GRADER entry needs a unique type, min_count and drop_count "
                        "between 0 and 1000 and a weight between 0 and 1"
                    ),
                )
            found.append(AssignmentType(entry["type"], numbers[0], numbers[1], float(weight)))
        return tuple(found)

    def chapter(self, element: etree._Element, path: Path) -> Chapter:
        return Chapter(
            url_name=element.get("url_name", ""),
            display_name=self.title(element, path),
            sequentials=tuple(
                self.sequential(el, p) for el, p in self.children(element, path, "sequential")
            ),
        )

    def sequential(self, element: etree._Element, path: Path) -> Sequential:
        return Sequential(
            url_name=element.get("url_name", ""),
            display_name=self.title(element, path),
            graded=element.get("graded", "false").lower() == "true",
            verticals=tuple(
                self.vertical(el, p) for el, p in self.children(element, path, "vertical")
            ),
            format=element.get("format", ""),
            line=element.sourceline or 1,
            path=str(path),
        )

    def vertical(self, element: etree._Element, path: Path) -> Vertical:
        items: list[Item] = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            definition, where = self.resolve(child, path)
            items.append(self.item(definition, where))
        return Vertical(
            element.get("url_name", ""),
            self.title(element, path),
            tuple(items),
            capacities=self.capacities(element, path),
            source=Source(str(path), element.sourceline or 1),
        )

    def capacities(self, element: etree._Element, path: Path) -> tuple[str, ...]:
        """The `capacities="B1.1 B1.2"` a unit or a knowledge check declares, each a code of
        the référentiel (course_content/capacites.tsv), in the order written, once each."""
        codes = tuple(dict.fromkeys((element.get("capacities") or "").split()))
        known = course_content.capacity_codes()
        for code in codes:
            if code not in known:
                raise CourseError(
                    path,
                    element.sourceline,
                    _('unknown capacity code "{code}": the référentiel has {first} … {last}'),
                    code=code[:20],
                    first=course_content.capacities()[0].code,
                    last=course_content.capacities()[-1].code,
                )
        return codes

    def title(self, element: etree._Element, path: Path) -> str:
        name = (element.get("display_name") or "").strip()
        if not name:
            raise CourseError(
                path,
                element.sourceline,
                _("<{tag}> has no display_name"),
                tag=element.tag,
            )
        return name

    def item(self, element: etree._Element, path: Path) -> Item:
        if element.tag == "html":
            return self.html(element, path)
        if element.tag == "problem":
            return self.problem(element, path)
        types = activity_types()
        if element.tag in types:
            if element.tag not in self.advanced_modules:
                raise CourseError(
                    path,
                    element.sourceline,
                    _("<{tag}> is not in the course's advanced_modules (policies/…/policy.json)"),
                    tag=element.tag,
                )
            return self.activity(types[element.tag], element, path)
        raise CourseError(
            path, element.sourceline, _("unsupported component <{tag}>"), tag=element.tag
        )

    def html(self, element: etree._Element, path: Path) -> Html:
        filename = element.get("filename")
        html_path = path
        if filename:
            self.check_name(filename, element, path, "filename")
            html_path = self.root / "html" / f"{filename}.html"
            data = self.read(html_path, MAX_LESSON_BYTES)
            try:
                body = data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise CourseError(
                    html_path, 1, _("cannot read the lesson: {error}"), error=error
                ) from None
        else:
            body = (element.text or "") + "".join(
                etree.tostring(child, encoding="unicode") for child in element
            )
        return Html(
            element.get("url_name", ""),
            self.title(element, path),
            sanitize_html(body),
            path=str(html_path if filename else path),
        )

    def problem(self, element: etree._Element, path: Path) -> Problem:
        """A capa multiple-choice or checkbox problem: one response, a label, its choices."""
        responses = [
            child for child in element if child.tag in ("multiplechoiceresponse", "choiceresponse")
        ]
        if len(responses) != 1 or len(element.findall(".//" + responses[0].tag)) != 1:
            raise CourseError(
                path,
                element.sourceline,
                _(
                    "only problems with exactly one <multiplechoiceresponse> or "
                    "<choiceresponse> can be exported"
                ),
            )
        response = responses[0]
        checkbox = response.tag == "choiceresponse"
        group = response.find("checkboxgroup" if checkbox else "choicegroup")
        label = response.find("label")
        choices = []
        for choice in group.iterfind("choice") if group is not None else ():
            text = " ".join(((choice.text or "") + "".join(_tails(choice))).split())
            selected, unselected = _choice_hints(choice)
            choices.append(
                ProblemChoice(
                    text=text,
                    correct=choice.get("correct", "false").lower() == "true",
                    hint=selected,
                    hint_unselected=unselected,
                )
            )
        right = sum(c.correct for c in choices)
        if checkbox:
            if label is None or right < 1 or len(choices) < 2 or len(choices) > MAX_BOXES:
                raise CourseError(
                    path,
                    response.sourceline,
                    _(
                        "a checkbox problem needs a <label> and from 2 to {most} choices in a "
                        "<checkboxgroup>, at least one of them correct"
                    ),
                    most=MAX_BOXES,
                )
        elif label is None or right != 1 or len(choices) < 2 or len(choices) > MAX_OPTIONS:
            raise CourseError(
                path,
                response.sourceline,
                _(
                    "a multiple-choice problem needs a <label> and exactly one correct choice "
                    "among 2 to {most}"
                ),
                most=MAX_OPTIONS,
            )
        solution = element.find("solution")
        solution_html = ""
        if solution is not None:
            solution_html = sanitize_html(
                "".join(etree.tostring(child, encoding="unicode") for child in solution)
            )
        return Problem(
            url_name=element.get("url_name", ""),
            display_name=self.title(element, path),
            question=" ".join("".join(label.itertext()).split()),
            choices=tuple(choices),
            solution=solution_html,
            weight=self.weight(element, path, self.number(element, path, "weight", 1.0)),
            max_attempts=int(self.number(element, path, "max_attempts", 0)),
            required_mark=self.required_mark(element, path),
            checkbox=checkbox,
            shuffle=(group.get("shuffle") or response.get("shuffle") or "").lower() == "true",
            capacities=self.capacities(element, path),
            source=Source(str(path), element.sourceline or 1),
        )

    def number(self, element: etree._Element, path: Path, name: str, default: float) -> float:
        raw = element.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError(raw)
        except ValueError:
            raise CourseError(
                path,
                element.sourceline,
                _('{name}="{value}" is not a number'),
                name=name,
                value=raw,
            ) from None
        if value < 0:
            raise CourseError(path, element.sourceline, _("{name} must not be negative"), name=name)
        return value

    def activity(self, kind, element: etree._Element, path: Path) -> Activity:
        try:
            content, settings = kind.load(element)
        except XmlRefused as refused:
            raise CourseError(path, refused.line, DETAIL, detail=refused) from None
        except ValueError as invalid:
            # Translated when it has a .message(gettext), as ActivityInvalid; else as it is.
            raise CourseError(path, element.sourceline, DETAIL, detail=invalid) from None
        return Activity(
            block_type=element.tag,
            url_name=element.get("url_name", ""),
            display_name=self.title(element, path),
            content=content,
            settings=settings,
            weight=self.weight(element, path, settings.get("weight", 1.0)),
            required_mark=self.required_mark(element, path),
        )

    def weight(self, element: etree._Element, path: Path, value: object) -> float:
        """A component's weight: a number from 0 to MAX_WEIGHT, so that no grade is NaN."""
        if type(value) not in (int, float) or not 0 <= value <= MAX_WEIGHT:
            raise CourseError(
                path,
                element.sourceline,
                _("weight must be a number from 0 to {max}, not {value}"),
                max=int(MAX_WEIGHT),
                value=str(value)[:40],
            )
        return float(value)

    def required_mark(self, element: etree._Element, path: Path) -> float | None:
        """`required_mark`: the score (0 < mark <= 1) this component needs for its block to pass."""
        if element.get("required_mark") in (None, ""):
            return None
        mark = self.number(element, path, "required_mark", 0.0)
        if not 0 < mark <= 1:
            raise CourseError(
                path,
                element.sourceline,
                _("required_mark must be above 0 and at most 1, not {value}"),
                value=element.get("required_mark")[:40],
            )
        return mark


def _tails(choice: etree._Element):
    """The text of a choice after its hints and other inline children (capa allows both)."""
    for child in choice:
        if child.tag not in ("choicehint",) and isinstance(child.tag, str):
            yield "".join(child.itertext())
        if child.tail:
            yield child.tail


def _choice_hints(choice: etree._Element) -> tuple[str, str]:
    """A choice's hints: (when chosen, when left unticked). A multiple-choice hint has no
    `selected`; a checkbox's says which case it is for."""
    selected = unselected = ""
    for hint in choice.iterfind("choicehint"):
        text = " ".join("".join(hint.itertext()).split())
        if (hint.get("selected") or "true").lower() == "false":
            unselected = text
        else:
            selected = text
    return selected, unselected


def read_course(folder: str | Path) -> Course:
    """The course in `folder` (an OLX export or `course_content/`); CourseError if broken."""
    return read_course_files(folder)[0]


def read_course_files(folder: str | Path) -> tuple[Course, set[Path]]:
    """The course, and every file of the folder it was read from (for `check`'s orphans)."""
    root = Path(folder)
    if not (root / "course.xml").is_file():
        raise CourseError(
            str(root / "course.xml"), 1, _("not an OLX course folder (no course.xml)")
        )
    reader = _Reader(root)
    return reader.course(), reader.files
