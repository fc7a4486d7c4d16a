"""Interview simulation engine: content model, validation, learner state, scoring, view state.

Pure Python: nothing here knows about XBlock, Django or HTTP. The JavaScript engine in
`public/interview-simulation-engine.js` mirrors this module; the shared vectors in
`tests/vectors/interview_simulation/` hold the two equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from xblocks.common.i18n import gettext_noop as _

STATE_VERSION = 1
PHASES = ("accueil", "exploration", "diagnostic", "co_construction", "contractualisation")
PUBLICS = (
    "demandeur_emploi_longue_duree",
    "jeune_sans_qualification",
    "jeune_avec_qualification",
    "beneficiaire_rsa",
    "autre",
)
FLAG_KINDS = ("urgency", "barrier", "milestone")
FEEDBACK_MODES = ("immediate", "debrief")
# What a learner action can be refused for; the JS engine uses the same templates.
REFUSED_OVER = _("The interview is over: restart it to choose again.")
REFUSED_UNKNOWN = _("Unknown choice {choice}.")
REFUSED_NOT_OFFERED = _("Choice {choice} is not offered at this point.")
REFUSED_NOT_STARTED = _("This attempt has not started yet.")
REFUSED_NO_ATTEMPTS = _("No attempts left: you have used all {count}.")
REFUSALS = (
    REFUSED_OVER,
    REFUSED_UNKNOWN,
    REFUSED_NOT_OFFERED,
    REFUSED_NOT_STARTED,
    REFUSED_NO_ATTEMPTS,
)


@dataclass(frozen=True)
class Persona:
    """The simulated person the learner receives."""

    name: str
    age: int
    public: str
    situation: str


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

    @property
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


@dataclass(frozen=True)
class Ending:
    """Where an interview ends, with its debrief."""

    id: str
    title: str
    debrief: str
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()


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
    def best(self) -> dict[str, int]:
        """The most any path can earn: in total (key "") and per capacity code."""
        return _best_totals(self)


def capacity_sort_key(code: str) -> tuple[int, ...]:
    """B1.2 before B1.10: sort capacity codes by their numbers."""
    return tuple(int(part) for part in code[1:].split(".") if part.isdigit())


# --- Problems ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A validation problem: a translatable template and the values that fill it."""

    template: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, gettext: Callable[[str], str] = str) -> str:
        return gettext(self.template).format(**dict(self.params))


def problem(template: str, **params: object) -> Problem:
    return Problem(template, tuple((key, str(value)) for key, value in sorted(params.items())))


class ActionRefused(Exception):
    """A learner action the engine refuses; the state is left as it was."""

    def __init__(self, template: str, **params: object) -> None:
        self.problem = problem(template, **params)
        super().__init__(self.problem.message())


# --- Walking the scenario ------------------------------------------------------------------


def is_open(item: Choice | Ending, flags: frozenset[str]) -> bool:
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


def _successors(scenario: Scenario, node_id: str, flags: frozenset[str]):
    node = scenario.node_by_id[node_id]
    for choice in offered(scenario, node, flags):
        yield choice, choice.next, flags | frozenset(choice.sets)


def _best_totals(scenario: Scenario) -> dict[str, int]:
    """Longest-path points over the (node, flags) graph, which validation keeps acyclic."""
    memo: dict[tuple[str, frozenset[str]], dict[str, int]] = {}

    def best_from(node_id: str, flags: frozenset[str]) -> dict[str, int]:
        key = (node_id, flags)
        if key not in memo:
            best: dict[str, int] = {}
            for choice, target, new_flags in _successors(scenario, node_id, flags):
                tail = {} if target in scenario.ending_by_id else best_from(target, new_flags)
                gained = {"": choice.total}
                for code, value in choice.points:  # a code may be listed twice: add up
                    gained[code] = gained.get(code, 0) + value
                for code in set(gained) | set(tail):
                    value = gained.get(code, 0) + tail.get(code, 0)
                    best[code] = max(best.get(code, 0), value)
            memo[key] = best
        return memo[key]

    if not scenario.nodes:
        return {"": 0}
    totals = best_from(scenario.nodes[0].id, frozenset())
    totals.setdefault("", 0)
    return totals


@dataclass
class Walk:
    """Where a path of choices leads: the derived facts of a learner state."""

    node_id: str | None
    flags: frozenset[str]
    steps: list[tuple[Node, Choice, frozenset[str]]] = field(default_factory=list)
    ending_id: str | None = None

    def earned(self) -> dict[str, int]:
        totals: dict[str, int] = {"": 0}
        for _node, choice, _flags in self.steps:
            totals[""] += choice.total
            for code, value in choice.points:
                totals[code] = totals.get(code, 0) + value
        return totals


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


def choose(scenario: Scenario, state: dict, choice_id: object) -> dict:
    """The state after the learner picks `choice_id`; raises ActionRefused if not allowed."""
    current = walk(scenario, state["path"])
    take(scenario, current, choice_id)
    return {**state, "path": [*state["path"], choice_id]}


def can_restart(state: dict, max_attempts: int) -> bool:
    return max_attempts <= 0 or state["attempt"] < max_attempts


def restart(scenario: Scenario, state: dict, max_attempts: int) -> dict:
    """A new attempt, if attempts remain and the current one has started."""
    if not state["path"]:
        raise ActionRefused(REFUSED_NOT_STARTED)
    if not can_restart(state, max_attempts):
        raise ActionRefused(REFUSED_NO_ATTEMPTS, count=max_attempts)
    return new_state(state["attempt"] + 1)


# --- Scoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """A finished or partial interview's score: raw in [0, 1] and per capacity code."""

    raw: float
    earned: int
    possible: int
    capacities: tuple[tuple[str, int, int], ...]
    cap: float | None
    missed: tuple[Flag, ...]


def score(scenario: Scenario, path: Iterable[str]) -> Score:
    current = walk(scenario, path)
    earned = current.earned()
    possible = scenario.best[""]
    missed = tuple(
        flag
        for flag in scenario.flags
        if flag.kind in ("urgency", "barrier") and flag.id not in current.flags
    )
    caps = [f.cap for f in scenario.flags if f.cap is not None and f.id not in current.flags]
    cap = min(caps) if caps else None
    raw = earned[""] / possible if possible else 0.0
    raw = min(raw, 1.0) if cap is None else min(raw, cap, 1.0)
    capacities = tuple(
        (code, earned.get(code, 0), scenario.best.get(code, 0)) for code in scenario.capacity_codes
    )
    return Score(round(raw, 4), earned[""], possible, capacities, cap, missed)


# --- View state (what the front-end renders) -----------------------------------------------


def _choice_view(choice: Choice) -> dict:
    return {"id": choice.id, "text": choice.text}


def _node_view(node: Node) -> dict:
    return {"id": node.id, "phase": node.phase, "context": node.context, "say": node.say}


def view(scenario: Scenario, state: dict, *, feedback_mode: str, max_attempts: int) -> dict:
    """Everything the learner may see now, and nothing more.

    Feedback of a choice appears once it is made (immediate mode) or at the end (debrief
    mode); points, targets and other choices' feedback never leave the engine before the end.
    """
    current = walk(scenario, state["path"])
    ended = current.ending_id is not None
    show_feedback = ended or feedback_mode == "immediate"
    transcript = []
    for node, choice, flags in current.steps:
        entry = {**_node_view(node), "choice": _choice_view(choice)}
        entry["feedback"] = choice.feedback if show_feedback else ""
        if ended:
            best = max(offered(scenario, node, flags), key=lambda c: c.total)
            entry["better"] = _choice_view(best) if best.total > choice.total else None
        transcript.append(entry)
    result = {
        "v": STATE_VERSION,
        "attempt": state["attempt"],
        "max_attempts": max_attempts,
        "can_restart": bool(state["path"]) and can_restart(state, max_attempts),
        "persona": {
            "name": scenario.persona.name,
            "age": scenario.persona.age,
            "public": scenario.persona.public,
            "situation": scenario.persona.situation,
        },
        "transcript": transcript,
        "current": None,
        "ending": None,
        "debrief": None,
    }
    if ended:
        ending = scenario.ending_by_id[current.ending_id]
        result["ending"] = {"id": ending.id, "title": ending.title, "debrief": ending.debrief}
        result["debrief"] = debrief_view(score(scenario, state["path"]))
        result["phase"] = transcript[-1]["phase"]
    else:
        node = scenario.node_by_id[current.node_id]
        choices = offered(scenario, node, current.flags)
        result["current"] = {**_node_view(node), "choices": [_choice_view(c) for c in choices]}
        result["phase"] = node.phase
    return result


def debrief_view(result: Score) -> dict:
    return {
        "raw": result.raw,
        "earned": result.earned,
        "possible": result.possible,
        "cap": result.cap,
        "capacities": [
            {"code": code, "earned": earned, "possible": possible}
            for code, earned, possible in result.capacities
        ],
        "missed": [{"id": f.id, "kind": f.kind, "label": f.label} for f in result.missed],
    }


# --- Content as JSON (the block's stored field, and what the JS engine reads) --------------


def to_dict(scenario: Scenario) -> dict:
    persona = scenario.persona
    return {
        "persona": {
            "name": persona.name,
            "age": persona.age,
            "public": persona.public,
            "situation": persona.situation,
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
            }
            for e in scenario.endings
        ],
    }


def from_dict(data: dict) -> Scenario:
    return Scenario(
        persona=Persona(**data["persona"]),
        flags=tuple(Flag(**f) for f in data["flags"]),
        nodes=tuple(
            Node(
                id=n["id"],
                phase=n["phase"],
                context=n["context"],
                say=n["say"],
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
            )
            for e in data["endings"]
        ),
    )
