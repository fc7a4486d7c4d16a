"""The course as the exporter sees it: chapters (competence blocks) down to their items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from os import PathLike

from xblocks.common.i18n import Message


class CourseError(Exception):
    """A problem in the course files, located by file and line for the author to fix.

    The message is a translatable template and its values (see `Message`); `str()` is the
    English `file:line: message`, `message(gettext)` the message alone, translated.
    """

    def __init__(
        self, path: str | PathLike, line: int | None, template: str, /, **params: object
    ) -> None:
        self.path, self.line = str(path), line or 1
        self.template, self.params = template, params
        super().__init__(f"{self.path}:{self.line}: {self.message()}")

    def message(self, gettext: Callable[[str], str] = str) -> str:
        return Message(self.template, **self.params).message(gettext)


@dataclass(frozen=True)
class Html:
    """A lesson page: author HTML, already sanitised."""

    url_name: str
    display_name: str
    body: str
    path: str = ""  # the file of its body, for messages


@dataclass(frozen=True)
class Source:
    """Where a component is defined, for `file:line` messages."""

    path: str = ""
    line: int = 1


@dataclass(frozen=True)
class ProblemChoice:
    text: str
    correct: bool
    hint: str  # shown when the learner chose it
    hint_unselected: str = ""  # a checkbox left unticked: shown when that was wrong


@dataclass(frozen=True)
class Problem:
    """A capa knowledge check with its explanation: multiple choice (one right answer) or
    checkboxes (`checkbox`: every right box and no other)."""

    url_name: str
    display_name: str
    question: str
    choices: tuple[ProblemChoice, ...]
    solution: str
    weight: float
    max_attempts: int
    #: The mark this component must reach for its block to pass (see scorm_export/grading.py).
    required_mark: float | None = None
    checkbox: bool = False
    #: The options are shown in an order of the learner's own (capa's `shuffle="true"`).
    shuffle: bool = False
    capacities: tuple[str, ...] = ()
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Activity:
    """An activity block (interview simulation…): its type, content and settings as JSON."""

    block_type: str
    url_name: str
    display_name: str
    content: dict
    settings: dict
    weight: float
    required_mark: float | None = None
    #: The capacity codes its content scores (each activity type says which).
    capacities: tuple[str, ...] = ()
    source: Source = field(default_factory=Source)


Item = Html | Problem | Activity


@dataclass(frozen=True)
class Vertical:
    url_name: str
    display_name: str
    items: tuple[Item, ...]
    capacities: tuple[str, ...] = ()
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Sequential:
    url_name: str
    display_name: str
    graded: bool
    verticals: tuple[Vertical, ...]
    format: str = ""  # the assignment type of the grading policy it counts in
    line: int = 1  # where it is declared, for messages
    path: str = ""


@dataclass(frozen=True)
class AssignmentType:
    """One entry of the grading policy's GRADER."""

    type: str
    min_count: int
    drop_count: int
    weight: float


@dataclass(frozen=True)
class Chapter:
    url_name: str
    display_name: str
    sequentials: tuple[Sequential, ...]

    def items(self) -> list[Item]:
        return [i for s in self.sequentials for v in s.verticals for i in v.items]


@dataclass(frozen=True)
class Course:
    org: str
    number: str
    run: str
    display_name: str
    language: str
    chapters: tuple[Chapter, ...]
    pass_mark: float
    assignment_types: tuple[AssignmentType, ...] = field(default=())
    advanced_modules: tuple[str, ...] = field(default=())
