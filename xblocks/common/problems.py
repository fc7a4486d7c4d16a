"""Problems and refusals the blocks' engines share: pure, no XBlock, no Django.

A `Problem` is a translatable template, its values and, for a file, the line to fix; an
`ActionRefused` is a learner action an engine refuses (400), `ActionStale` one made on a view
the state has moved past (409: a second tab, a double click). The blocks map them to their
handlers' answers (see `xblocks/common/handlers.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def capacity_sort_key(code: str) -> tuple[int, ...]:
    """B1.2 before B1.10: sort capacity codes by their numbers."""
    return tuple(int(part) for part in code[1:].split(".") if part.isdigit())


@dataclass(frozen=True)
class Problem:
    """A validation problem: a translatable template, the values that fill it, and the line
    of the file to fix when it is known."""

    template: str
    params: tuple[tuple[str, str], ...] = ()
    line: int | None = None

    def message(self, gettext: Callable[[str], str] = str) -> str:
        values = {key: _shown(value, gettext) for key, value in self.params}
        return gettext(self.template).format(**values)


def _translatable(value: object) -> bool:
    return callable(getattr(value, "message", None))


def _shown(value: object, gettext: Callable[[str], str]) -> str:
    return value.message(gettext) if _translatable(value) else value


def problem(template: str, **params: object) -> Problem:
    """A problem; a value with a `.message(gettext)` (a Message: the name of the part at
    fault…) is translated with the template, any other is shown as text."""
    return Problem(
        template,
        tuple(
            (key, value if _translatable(value) else str(value))
            for key, value in sorted(params.items())
        ),
    )


class ActionRefused(Exception):
    """A learner action the engine refuses; the state is left as it was."""

    status = 400

    def __init__(self, template: str, **params: object) -> None:
        self.problem = problem(template, **params)
        super().__init__(self.problem.message())


class ActionStale(ActionRefused):
    """An action made on a view the state has moved past (a second tab, a double click)."""

    status = 409
