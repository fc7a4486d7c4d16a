"""Interview simulation engine: content model, walking a path, learner state and actions.

Pure Python: nothing here knows about XBlock, Django or HTTP. Scoring and the debrief's
analysis are in `scoring.py`, what the learner sees in `views.py`, validation in
`validation.py`. The JavaScript engine in `public/interview-simulation-engine.js` mirrors
them; the shared vectors in `tests/vectors/` hold the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from xblocks.common.i18n import gettext_noop as _
from xblocks.common.problems import (  # noqa: F401 - part of this engine's API
    ActionRefused,
    ActionStale,
    Problem,
    capacity_sort_key,
    problem,
)

STATE_VERSION = 1
PHASES = ("accueil", "exploration", "diagnostic", "co_construction", "contractualisation")
PUBLICS = (
    "demandeur_emploi_longue_duree",
    "demandeur_emploi_senior",
    "jeune_sans_qualification",
    "jeune_avec_qualification",
    "beneficiaire_rsa",
    "personne_handicap",
    "personne_allophone",
    "sortant_detention",
    "autre",
)
GENDERS = ("", "f", "m")
FLAG_KINDS = ("urgency", "barrier", "milestone")
FEEDBACK_MODES = ("immediate", "debrief")
# What a learner action can be refused for; the JS engine uses the same templates.
REFUSED_OVER = _("The interview is over: restart it to choose again.")
REFUSED_UNKNOWN = _("Unknown choice {choice}.")
REFUSED_NOT_OFFERED = _("Choice {choice} is not offered at this point.")
REFUSED_NOT_STARTED = _("This attempt has not started yet.")
REFUSED_NO_ATTEMPTS = _("No attempts left: you have used all {count}.")
REFUSED_STALE = _(
    "This page was out of date (another tab, or a repeated click): it now shows where your "
    "interview really is."
)
REFUSALS = (
    REFUSED_OVER,
    REFUSED_UNKNOWN,
    REFUSED_NOT_OFFERED,
    REFUSED_NOT_STARTED,
    REFUSED_NO_ATTEMPTS,
    REFUSED_STALE,
)


@dataclass(frozen=True)
class Persona:
    """The simulated person the learner receives."""

    name: str
    age: int
    public: str
    situation: str
    gender: str = ""


@dataclass(frozen=True)
class Flag:
    """Something the learner can detect or achieve; with `cap`, a critical item."""

    id: str
    kind: str
    label: str
    cap: float | None = None


@dataclass(frozen=True)
class Choice:
    """What the counsellor can say or do at a node."""

    id: str
    text: str
    next: str
    feedback: str = ""
    points: tuple[tuple[str, int], ...] = ()
    sets: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()

    @cached_property
    def total(self) -> int:
        return sum(value for _code, value in self.points)


@dataclass(frozen=True)
class Node:
    """One moment of the interview: what the person says and the choices offered."""

    id: str
    phase: str
    say: str
    choices: tuple[Choice, ...]
    context: str = ""
    shuffle: bool = True


@dataclass(frozen=True)
class Note:
    """A sentence of an ending's debrief, shown only when the path met its conditions."""

    text: str
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ending:
    """Where an interview ends, with its debrief: a text, then the notes whose flags hold."""

    id: str
    title: str
    debrief: str
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A whole interview: persona, flags, nodes (the first is the start) and endings."""

    persona: Persona
    flags: tuple[Flag, ...]
    nodes: tuple[Node, ...]
    endings: tuple[Ending, ...]

    @cached_property
    def node_by_id(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes}

    @cached_property
    def ending_by_id(self) -> dict[str, Ending]:
        return {ending.id: ending for ending in self.endings}

    @cached_property
    def flag_by_id(self) -> dict[str, Flag]:
        return {flag.id: flag for flag in self.flags}

    @cached_property
    def choice_by_id(self) -> dict[str, tuple[Node, Choice]]:
        return {choice.id: (node, choice) for node in self.nodes for choice in node.choices}

    @cached_property
    def capacity_codes(self) -> tuple[str, ...]:
        codes = {code for _n, choice in self.choice_by_id.values() for code, _v in choice.points}
        return tuple(sorted(codes, key=lambda code: (capacity_sort_key(code), code)))

    @cached_property
    def critical(self) -> tuple[Flag, ...]:
        return tuple(flag for flag in self.flags if flag.cap is not None)


# --- Walking the scenario ------------------------------------------------------------------


def is_open(item: Choice | Ending | Note, flags: frozenset[str]) -> bool:
    for flag in item.requires:
        if flag not in flags:
            return False
    return not any(flag in flags for flag in item.excludes)


def offered(scenario: Scenario, node: Node, flags: frozenset[str]) -> list[Choice]:
    """The choices offered at `node` given the flags set so far."""
    result = []
    endings = scenario.ending_by_id
    for choice in node.choices:
        if not is_open(choice, flags):
            continue
        target = endings.get(choice.next)
        # An ending's condition is read once the choice leading to it has set its flags.
        if target is None or is_open(target, flags.union(choice.sets)):
            result.append(choice)
    return result


@dataclass
class Walk:
    """Where a path of choices leads: the derived facts of a learner state."""

    node_id: str | None
    flags: frozenset[str]
    steps: list[tuple[Node, Choice, frozenset[str]]] = field(default_factory=list)
    ending_id: str | None = None


def walk(scenario: Scenario, path: Iterable[str]) -> Walk:
    """Replay a path of choice ids from the start; raises ActionRefused on any bad step."""
    current = Walk(node_id=scenario.nodes[0].id, flags=frozenset())
    for choice_id in path:
        take(scenario, current, choice_id)
    return current


def take(scenario: Scenario, current: Walk, choice_id: object) -> None:
    if current.ending_id is not None:
        raise ActionRefused(REFUSED_OVER)
    if not isinstance(choice_id, str) or choice_id not in scenario.choice_by_id:
        raise ActionRefused(REFUSED_UNKNOWN, choice=str(choice_id)[:40])
    node = scenario.node_by_id[current.node_id]
    choice = next((c for c in offered(scenario, node, current.flags) if c.id == choice_id), None)
    if choice is None:
        raise ActionRefused(REFUSED_NOT_OFFERED, choice=choice_id)
    current.steps.append((node, choice, current.flags))
    current.flags = current.flags | frozenset(choice.sets)
    if choice.next in scenario.ending_by_id:
        current.ending_id, current.node_id = choice.next, None
    else:
        current.node_id = choice.next


# --- Learner state -------------------------------------------------------------------------


def new_state(attempt: int = 1) -> dict:
    """A fresh learner state: the version, the attempt number and the path of choice ids."""
    return {"v": STATE_VERSION, "attempt": attempt, "path": []}


def checked_state(scenario: Scenario, state: object) -> dict:
    """The state if it is well formed and replays on this scenario, else a fresh one.

    Content edited after a learner started can make an old path impossible: the learner then
    starts again rather than being stuck.
    """
    if (
        isinstance(state, dict)
        and state.get("v") == STATE_VERSION
        and not isinstance(state.get("v"), bool)
        and isinstance(state.get("attempt"), int)
        and not isinstance(state.get("attempt"), bool)
        and isinstance(state.get("path"), list)
    ):
        try:
            walk(scenario, state["path"])
        except ActionRefused:
            return new_state(state["attempt"])
        return {"v": STATE_VERSION, "attempt": state["attempt"], "path": list(state["path"])}
    return new_state()


def position(state: dict) -> dict:
    """Where a learner action is made: the attempt and the number of decisions taken in it."""
    return {"attempt": state["attempt"], "step": len(state["path"])}


def check_position(state: dict, at: object) -> None:
    """Refuse an action made at another position than the state's (ActionStale)."""
    if at != position(state) or not all(type(at[key]) is int for key in ("attempt", "step")):
        raise ActionStale(REFUSED_STALE)


def choose(scenario: Scenario, state: dict, choice_id: object, at: object = None) -> dict:
    """The state after the learner picks `choice_id`; raises ActionRefused if not allowed.

    With `at` (the position the learner saw, as `view` gives it), a stale action is refused.
    """
    if at is not None:
        check_position(state, at)
    current = walk(scenario, state["path"])
    take(scenario, current, choice_id)
    return {**state, "path": [*state["path"], choice_id]}


def can_restart(state: dict, max_attempts: int) -> bool:
    return max_attempts <= 0 or state["attempt"] < max_attempts


def remaining_attempts(state: dict, max_attempts: int) -> int | None:
    """Attempts left after the current one; None when there is no limit."""
    return None if max_attempts <= 0 else max(max_attempts - state["attempt"], 0)


def restart(scenario: Scenario, state: dict, max_attempts: int, at: object = None) -> dict:
    """A new attempt, if attempts remain and the current one has started."""
    if at is not None:
        check_position(state, at)
    if not state["path"]:
        raise ActionRefused(REFUSED_NOT_STARTED)
    if not can_restart(state, max_attempts):
        raise ActionRefused(REFUSED_NO_ATTEMPTS, count=max_attempts)
    return new_state(state["attempt"] + 1)


# --- Content as JSON (the block's stored field, and what the JS engine reads) --------------


def to_dict(scenario: Scenario) -> dict:
    persona = scenario.persona
    return {
        "persona": {
            "name": persona.name,
            "age": persona.age,
            "public": persona.public,
            "situation": persona.situation,
            "gender": persona.gender,
        },
        "flags": [
            {"id": f.id, "kind": f.kind, "label": f.label, "cap": f.cap} for f in scenario.flags
        ],
        "nodes": [
            {
                "id": n.id,
                "phase": n.phase,
                "context": n.context,
                "say": n.say,
                "shuffle": n.shuffle,
                "choices": [
                    {
                        "id": c.id,
                        "text": c.text,
                        "next": c.next,
                        "feedback": c.feedback,
                        "points": [[code, value] for code, value in c.points],
                        "sets": list(c.sets),
                        "requires": list(c.requires),
                        "excludes": list(c.excludes),
                    }
                    for c in n.choices
                ],
            }
            for n in scenario.nodes
        ],
        "endings": [
            {
                "id": e.id,
                "title": e.title,
                "debrief": e.debrief,
                "requires": list(e.requires),
                "excludes": list(e.excludes),
                "notes": [
                    {"text": t.text, "requires": list(t.requires), "excludes": list(t.excludes)}
                    for t in e.notes
                ],
            }
            for e in scenario.endings
        ],
    }


def from_dict(data: dict) -> Scenario:
    """The scenario `to_dict` wrote; content stored before a field existed takes its default."""
    return Scenario(
        persona=Persona(**data["persona"]),
        flags=tuple(Flag(**f) for f in data["flags"]),
        nodes=tuple(
            Node(
                id=n["id"],
                phase=n["phase"],
                context=n["context"],
                say=n["say"],
                shuffle=n.get("shuffle", True),
                choices=tuple(
                    Choice(
                        id=c["id"],
                        text=c["text"],
                        next=c["next"],
                        feedback=c["feedback"],
                        points=tuple((code, value) for code, value in c["points"]),
                        sets=tuple(c["sets"]),
                        requires=tuple(c["requires"]),
                        excludes=tuple(c["excludes"]),
                    )
                    for c in n["choices"]
                ),
            )
            for n in data["nodes"]
        ),
        endings=tuple(
            Ending(
                id=e["id"],
                title=e["title"],
                debrief=e["debrief"],
                requires=tuple(e["requires"]),
                excludes=tuple(e["excludes"]),
                notes=tuple(
                    Note(t["text"], tuple(t["requires"]), tuple(t["excludes"]))
                    for t in e.get("notes", ())
                ),
            )
            for e in data["endings"]
        ),
    )
