"""Validation of interview scenarios: every problem names the node, choice or flag at fault."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from xblocks.common.i18n import gettext_noop as _
from xblocks.interview_simulation.engine import (
    FLAG_KINDS,
    GENDERS,
    PHASES,
    PUBLICS,
    Node,
    Problem,
    Scenario,
    new_state,
    offered,
    problem,
)
from xblocks.interview_simulation.scoring import analysis

MAX_STATES = 20000
# Far beyond any interview (the course's have under 20), and well within what the engines'
# recursive analyses can walk in Python and JavaScript.
MAX_DECISIONS = 200
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


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
    if not problems and analysis(scenario).possible <= 0:
        problems.append(problem(_("The maximum score is zero: no path earns any point.")))
    return problems


def _duplicates(kind: str, ids: Iterable[str]) -> list[Problem]:
    seen, found = set(), []
    for item_id in ids:
        if item_id in seen:
            found.append(problem(_('Duplicate id "{id}" ({kind}).'), id=item_id, kind=kind))
        seen.add(item_id)
    return found


def _check_ids(scenario: Scenario) -> list[Problem]:
    found = [("flag", f.id) for f in scenario.flags]
    for node in scenario.nodes:
        found.append(("node", node.id))
        found += [("choice", c.id) for c in node.choices]
    found += [("ending", e.id) for e in scenario.endings]
    return [
        problem(
            _('The id "{id}" ({kind}) may hold only ASCII letters, digits, "_" and "-".'),
            id=item_id[:64],
            kind=kind,
        )
        for kind, item_id in found
        if not _ID.fullmatch(item_id)
    ]


def _check_fields(scenario: Scenario, codes: set[str]) -> list[Problem]:
    problems = _check_ids(scenario)
    if scenario.persona.gender not in GENDERS:
        problems.append(
            problem(
                _('Persona: unknown gender "{value}" (expected one of {allowed}, or none).'),
                value=scenario.persona.gender[:40],
                allowed=", ".join(g for g in GENDERS if g),
            )
        )
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
                problem(
                    _('Flag "{flag}": unknown kind "{kind}" (expected one of {allowed}).'),
                    flag=flag.id,
                    kind=flag.kind,
                    allowed=", ".join(FLAG_KINDS),
                )
            )
        if flag.cap is not None and not 0 <= flag.cap < 1:
            problems.append(
                problem(
                    _('Flag "{flag}": cap {cap} must be between 0 and 1.'),
                    flag=flag.id,
                    cap=flag.cap,
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
        note_flags = (f for note in ending.notes for f in (*note.requires, *note.excludes))
        for flag_id in (*ending.requires, *ending.excludes, *note_flags):
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
    loops = _check_loops(edges, start)
    problems += loops
    if not loops:
        longest = _most_decisions(edges, start)
        if longest > MAX_DECISIONS:
            problems.append(
                problem(
                    _("A path has {count} decisions, over the limit of {limit}."),
                    count=longest,
                    limit=MAX_DECISIONS,
                )
            )
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


def _most_decisions(edges: dict, start) -> int:
    """The decisions of the longest path (the graph has no loop), without recursion."""
    depth: dict = {}
    stack = [(start, False)]
    while stack:
        state, expanded = stack.pop()
        if state in depth:
            continue
        if expanded:
            depth[state] = 1 + max((depth[s] for s in edges[state]), default=0)
            continue
        stack.append((state, True))
        stack.extend((s, False) for s in edges[state] if s not in depth)
    return depth[start]


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


def problem_line(found: Problem, lines: Mapping[tuple[str, str], list[int]]) -> int | None:
    """The line of the file to fix for a problem, from the element lines `olx.source_lines` read.

    A problem names what it is about: a choice, an ending, a node, a flag, an id (a duplicate is
    reported where it is written again), or the persona.
    """
    params = dict(found.params)
    for key in ("choice", "ending", "node", "flag"):
        if key in params and lines.get((key, params[key])):
            return lines[(key, params[key])][0]
    if "id" in params:
        kinds = params.get("kind", "").split("/")
        places = sorted(n for kind in kinds for n in lines.get((kind, params["id"]), ()))
        if places:
            return places[-1] if found.template.startswith("Duplicate") else places[0]
    if found.template.startswith("Persona") and lines.get(("persona", "")):
        return lines[("persona", "")][0]
    return None


def with_lines(problems: Iterable[Problem], lines: Mapping) -> list[Problem]:
    """The problems, each with the line of the file to fix where one is known."""
    return [replace(p, line=p.line or problem_line(p, lines)) for p in problems]


# --- Cues: what lets a learner pass without reading -------------------------------------------

CUE_LONGEST = _(
    "Cue: the best choice is the longest in {count} of {nodes} nodes; a learner who always picks "
    "the longest text does well without reading. Give good and poor choices similar lengths."
)
CUE_SHORTEST = _(
    "Cue: the worst choice is the shortest in {count} of {nodes} nodes; a learner can avoid it "
    "without reading. Give good and poor choices similar lengths."
)
CUE_RANK = _(
    "Cue: the best choice is the choice of length rank {rank} (1 is the longest) in {count} of "
    "{nodes} nodes of three choices or more; a learner who always picks that rank does well "
    "without reading. Vary where the best choice stands by length."
)
CUE_PINNED_FIRST = _(
    'Cue: node "{node}" keeps its authored order (shuffle="false") and its best choice comes '
    "first; move it, or let the order be shuffled."
)
CUE_SINGLE = _(
    'Cue: node "{node}" has a single choice that earns points among {count}; give partial credit '
    "to another defensible choice."
)


def _unique(choices: list, key) -> object | None:
    """The one choice with the highest `key`, or None on a tie."""
    ranked = sorted(choices, key=key, reverse=True)
    return ranked[0] if len(ranked) == 1 or key(ranked[0]) > key(ranked[1]) else None


def _node_cues(node: Node) -> tuple[bool, bool]:
    """(the best is the longest, the worst is the shortest) at one node."""
    choices = list(node.choices)
    length = lambda c: len(c.text)  # noqa: E731
    best = _unique(choices, lambda c: c.total)
    worst = _unique(choices, lambda c: -c.total)
    longest = _unique(choices, length)
    shortest = _unique(choices, lambda c: -len(c.text))
    return (
        best is not None and best is longest,
        worst is not None and worst is shortest,
    )


def _best_length_rank(node: Node) -> int | None:
    """Where the best choice stands by length (0: the longest), if it is the only best."""
    best = _unique(list(node.choices), lambda c: c.total)
    if best is None:
        return None
    return sorted(node.choices, key=lambda c: len(c.text), reverse=True).index(best)


def cue_warnings(scenario: Scenario) -> list[Problem]:
    """Warnings, not errors: the order is shuffled, but lengths and lone answers still tell."""
    nodes = [n for n in scenario.nodes if len(n.choices) >= 2]
    cues = [_node_cues(n) for n in nodes]
    warnings = []
    longest = sum(1 for best_longest, _w in cues if best_longest)
    shortest = sum(1 for _b, worst_shortest in cues if worst_shortest)
    if nodes and longest * 2 > len(nodes):
        warnings.append(problem(CUE_LONGEST, count=longest, nodes=len(nodes)))
    if nodes and shortest * 2 > len(nodes):
        warnings.append(problem(CUE_SHORTEST, count=shortest, nodes=len(nodes)))
    ranks = [_best_length_rank(n) for n in nodes if len(n.choices) >= 3]
    for rank in sorted({r for r in ranks if r not in (None, 0)}):
        if ranks.count(rank) * 2 > len(ranks):
            warnings.append(
                problem(CUE_RANK, rank=rank + 1, count=ranks.count(rank), nodes=len(ranks))
            )
    for node in nodes:
        scoring = [c for c in node.choices if c.total > 0]
        if len(node.choices) >= 3 and len(scoring) == 1:
            warnings.append(problem(CUE_SINGLE, node=node.id, count=len(node.choices)))
        best = _unique(list(node.choices), lambda c: c.total)
        if not node.shuffle and best is node.choices[0]:
            warnings.append(problem(CUE_PINNED_FIRST, node=node.id))
    return warnings
