"""Validation of interview scenarios: every problem names the node, choice or flag at fault."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from xblocks.common.i18n import gettext_noop as _
from xblocks.interview_simulation.engine import (
    FLAG_KINDS,
    PHASES,
    PUBLICS,
    Problem,
    Scenario,
    new_state,
    offered,
    problem,
)

MAX_STATES = 20000


def validate(scenario: Scenario, capacity_codes: Iterable[str]) -> list[Problem]:
    """All the problems of a scenario, in reading order; an empty list means valid."""
    problems = _check_fields(scenario, set(capacity_codes))
    if not scenario.nodes:
        problems.append(problem(_("The scenario has no node.")))
    if not scenario.endings:
        problems.append(problem(_("The scenario has no ending.")))
    if problems:
        return problems
    problems.extend(_check_paths(scenario))
    if not problems and scenario.best[""] <= 0:
        problems.append(problem(_("The maximum score is zero: no path earns any point.")))
    return problems


def _duplicates(kind: str, ids: Iterable[str]) -> list[Problem]:
    seen, found = set(), []
    for item_id in ids:
        if item_id in seen:
            found.append(problem(_('Duplicate id "{id}" ({kind}).'), id=item_id, kind=kind))
        seen.add(item_id)
    return found


def _check_fields(scenario: Scenario, codes: set[str]) -> list[Problem]:
    problems = []
    if scenario.persona.public not in PUBLICS:
        problems.append(
            problem(
                _('Persona: unknown public "{value}" (expected one of {allowed}).'),
                value=scenario.persona.public,
                allowed=", ".join(PUBLICS),
            )
        )
    if not 0 < scenario.persona.age < 120:
        problems.append(
            problem(_("Persona: age {age} is not plausible."), age=scenario.persona.age)
        )
    problems += _duplicates("flag", (f.id for f in scenario.flags))
    problems += _duplicates(
        "node/ending", [n.id for n in scenario.nodes] + [e.id for e in scenario.endings]
    )
    problems += _duplicates("choice", (c.id for n in scenario.nodes for c in n.choices))
    flags = {f.id for f in scenario.flags}
    targets = {n.id for n in scenario.nodes} | {e.id for e in scenario.endings}
    for flag in scenario.flags:
        if flag.kind not in FLAG_KINDS:
            problems.append(
                problem(_('Flag "{id}": unknown kind "{kind}".'), id=flag.id, kind=flag.kind)
            )
        if flag.cap is not None and not 0 <= flag.cap < 1:
            problems.append(
                problem(
                    _('Flag "{id}": cap {cap} must be between 0 and 1.'), id=flag.id, cap=flag.cap
                )
            )
    for node in scenario.nodes:
        if node.phase not in PHASES:
            problems.append(
                problem(
                    _('Node "{node}": unknown phase "{phase}" (expected one of {allowed}).'),
                    node=node.id,
                    phase=node.phase,
                    allowed=", ".join(PHASES),
                )
            )
        if not node.choices:
            problems.append(problem(_('Node "{node}" has no choice.'), node=node.id))
        for choice in node.choices:
            where = {"node": node.id, "choice": choice.id}
            if choice.next not in targets:
                problems.append(
                    problem(
                        _('Node "{node}", choice "{choice}": unknown target "{target}".'),
                        target=choice.next,
                        **where,
                    )
                )
            for flag_id in (*choice.sets, *choice.requires, *choice.excludes):
                if flag_id not in flags:
                    problems.append(
                        problem(
                            _('Node "{node}", choice "{choice}": unknown flag "{flag}".'),
                            flag=flag_id,
                            **where,
                        )
                    )
            for code, value in choice.points:
                if code not in codes:
                    problems.append(
                        problem(
                            _(
                                'Node "{node}", choice "{choice}": capacity code "{code}" '
                                "is not in the référentiel."
                            ),
                            code=code,
                            **where,
                        )
                    )
                if value < 0:
                    problems.append(
                        problem(
                            _('Node "{node}", choice "{choice}": points must not be negative.'),
                            **where,
                        )
                    )
    for ending in scenario.endings:
        for flag_id in (*ending.requires, *ending.excludes):
            if flag_id not in flags:
                problems.append(
                    problem(
                        _('Ending "{ending}": unknown flag "{flag}".'),
                        ending=ending.id,
                        flag=flag_id,
                    )
                )
    return problems


def _check_paths(scenario: Scenario) -> list[Problem]:
    """Explore every (node, flags) state: loops, dead ends, unreachable and stuck nodes."""
    start = (scenario.nodes[0].id, frozenset())
    edges: dict[tuple[str, frozenset], list[tuple[str, frozenset]]] = {}
    reached_endings: set[str] = set()
    ending_states, dead_states = set(), set()
    problems: list[Problem] = []
    stack = [start]
    while stack:
        state = stack.pop()
        if state in edges:
            continue
        if len(edges) > MAX_STATES:
            return [problem(_("The scenario has too many combinations of flags to check."))]
        node_id, flags = state
        node = scenario.node_by_id[node_id]
        choices = offered(scenario, node, flags)
        if not choices:
            dead_states.add(state)
            problems.append(
                problem(
                    _('Node "{node}": no choice is offered when the flags set are: {flags}.'),
                    node=node_id,
                    flags=", ".join(sorted(flags)) or "—",
                )
            )
        edges[state] = []
        for choice in choices:
            new_flags = flags | frozenset(choice.sets)
            if choice.next in scenario.ending_by_id:
                reached_endings.add(choice.next)
                ending_states.add(state)
            else:
                edges[state].append((choice.next, new_flags))
                stack.append((choice.next, new_flags))
    problems += _check_loops(edges, start)
    reached_nodes = {node_id for node_id, _flags in edges}
    for node in scenario.nodes:
        if node.id not in reached_nodes:
            problems.append(problem(_('Node "{node}" is unreachable.'), node=node.id))
    for ending in scenario.endings:
        if ending.id not in reached_endings:
            problems.append(problem(_('Ending "{ending}" is unreachable.'), ending=ending.id))
    return problems + _check_stuck(edges, ending_states, dead_states)


def _check_loops(edges: dict, start) -> list[Problem]:
    visiting, done = set(), set()
    for root in edges:
        if root in done:
            continue
        stack = [(root, iter(edges[root]))]
        visiting.add(root)
        while stack:
            state, successors = stack[-1]
            following = next(successors, None)
            if following is None:
                stack.pop()
                visiting.discard(state)
                done.add(state)
            elif following in visiting:
                return [
                    problem(
                        _('Node "{node}" leads back to "{target}": the dialogue must not loop.'),
                        node=state[0],
                        target=following[0],
                    )
                ]
            elif following not in done:
                visiting.add(following)
                stack.append((following, iter(edges[following])))
    return []


def _check_stuck(edges: dict, ending_states: set, dead_states: set) -> list[Problem]:
    """Nodes from which no ending can be reached (only possible with a dead end below)."""
    parents: dict = {}
    for state, successors in edges.items():
        for successor in successors:
            parents.setdefault(successor, []).append(state)
    can_end, queue = set(ending_states), list(ending_states)
    while queue:
        for parent in parents.get(queue.pop(), ()):
            if parent not in can_end:
                can_end.add(parent)
                queue.append(parent)
    dead_nodes = {node_id for node_id, _flags in dead_states}
    stuck = sorted({s[0] for s in edges if s not in can_end and s[0] not in dead_nodes})
    return [problem(_('Node "{node}" has no path to an ending.'), node=n) for n in stuck]


@dataclass(frozen=True)
class PathStats:
    """Facts over every complete path of a scenario."""

    paths: int
    fewest_decisions: int
    most_decisions: int
    longest_state_bytes: int


def path_stats(scenario: Scenario, max_attempts: int) -> PathStats:
    """Count every path, its fewest decisions and the longest learner state it can leave.

    Paths are enumerated through their (node, flags) states with memoisation: exact for
    every path without listing the millions of them one by one. The state size is that of
    compact JSON, the encoding a SCORM package stores.
    """
    memo: dict[tuple[str, frozenset[str]], tuple[int, int, int, int]] = {}

    def from_state(node_id: str, flags: frozenset[str]) -> tuple[int, int, int, int]:
        key = (node_id, flags)
        if key not in memo:
            count, fewest, most, widest = 0, 0, 0, 0
            for choice in offered(scenario, scenario.node_by_id[node_id], flags):
                cost = len(json.dumps(choice.id)) + 1  # the id, its quotes and a comma
                if choice.next in scenario.ending_by_id:
                    tail = (1, 0, 0, 0)
                else:
                    tail = from_state(choice.next, flags | frozenset(choice.sets))
                fewest = tail[1] + 1 if count == 0 else min(fewest, tail[1] + 1)
                count += tail[0]
                most = max(most, tail[2] + 1)
                widest = max(widest, tail[3] + cost)
            memo[key] = (count, fewest, most, widest)
        return memo[key]

    count, fewest, most, widest = from_state(scenario.nodes[0].id, frozenset())
    empty = new_state(max(max_attempts, 1))
    size = len(json.dumps(empty, separators=(",", ":"))) + widest - 1
    return PathStats(count, fewest, most, size)
