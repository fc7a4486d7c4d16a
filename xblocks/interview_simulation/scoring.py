"""Scoring and the analysis behind the debrief: what a path earned and what it could have.

Pure Python, mirrored in `public/interview-simulation-engine.js` (the shared vectors hold the
two equal). Everything is judged on outcomes: a choice is worth the best final score still
reachable through it, critical items (flags with a cap) and the endings' conditions included,
not the points of its own step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from xblocks.interview_simulation.engine import Choice, Flag, Scenario, offered, walk

# Final critical flags set -> the most points a path earns from here with exactly those set.
Tails = dict[frozenset[str], int]


def _critical_ids(scenario: Scenario) -> frozenset[str]:
    return frozenset(flag.id for flag in scenario.critical)


def _merge(into: Tails, tails: Tails, gained: int) -> None:
    for critical, points in tails.items():
        if into.get(critical, -1) < points + gained:
            into[critical] = points + gained


class Analysis:
    """Memoised facts of one scenario: the best path, and the tails reachable from a point."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.critical = _critical_ids(scenario)
        self._tails: dict[tuple[str, frozenset[str]], Tails] = {}
        self._paths: dict[tuple[str, frozenset[str]], tuple[Choice, ...]] = {}
        start = scenario.nodes[0].id if scenario.nodes else None
        self.best_path = self._best_path(start, frozenset()) if start else ()
        self.possible = sum(choice.total for choice in self.best_path)

    def tails_after(self, choice: Choice, flags: frozenset[str]) -> Tails:
        """What the rest of the interview can still earn once `choice` is taken."""
        after = flags | frozenset(choice.sets)
        if choice.next in self.scenario.ending_by_id:
            return {after & self.critical: 0}
        return self.tails(choice.next, after)

    def tails(self, node_id: str, flags: frozenset[str]) -> Tails:
        key = (node_id, flags)
        if key not in self._tails:
            result: Tails = {}
            node = self.scenario.node_by_id[node_id]
            for choice in offered(self.scenario, node, flags):
                _merge(result, self.tails_after(choice, flags), choice.total)
            self._tails[key] = result
        return self._tails[key]

    def _best_path(self, node_id: str, flags: frozenset[str]) -> tuple[Choice, ...]:
        """The path that earns the most points from here; the first authored one on a tie."""
        key = (node_id, flags)
        if key not in self._paths:
            best: tuple[Choice, ...] = ()
            best_points = -1
            for choice in offered(self.scenario, self.scenario.node_by_id[node_id], flags):
                after = flags | frozenset(choice.sets)
                tail = () if choice.next in self.scenario.ending_by_id else None
                tail = self._best_path(choice.next, after) if tail is None else tail
                points = choice.total + sum(c.total for c in tail)
                if points > best_points:
                    best, best_points = (choice, *tail), points
            self._paths[key] = best
        return self._paths[key]

    def capped(self, points: int, critical_set: frozenset[str]) -> float:
        """The raw score of a finished path: points over the best path's, missed caps applied."""
        raw = points / self.possible if self.possible else 0.0
        caps = [f.cap for f in self.scenario.critical if f.id not in critical_set]
        return min(raw, *caps, 1.0)

    def value(self, choice: Choice, flags: frozenset[str], earned_before: int) -> float:
        """The best final score still reachable once `choice` is taken."""
        tails = self.tails_after(choice, flags)
        gained = earned_before + choice.total
        return max(self.capped(gained + points, crit) for crit, points in tails.items())


def analysis(scenario: Scenario) -> Analysis:
    """The scenario's analysis, computed once per scenario object."""
    found = scenario.__dict__.get("_analysis")
    if found is None:
        found = Analysis(scenario)
        scenario.__dict__["_analysis"] = found  # frozen dataclass: cache beside its fields
    return found


@dataclass(frozen=True)
class Score:
    """A finished or partial interview's score: raw in [0, 1] and per capacity code.

    `uncapped` is the points earned over the best path's; `cap` is set only when a missed
    critical item lowered the score, `cap_flags` being those items.
    """

    raw: float
    uncapped: float
    earned: int
    possible: int
    capacities: tuple[tuple[str, int, int], ...]
    cap: float | None
    cap_flags: tuple[Flag, ...]
    missed: tuple[Flag, ...]


def _per_code(choices: Iterable[Choice]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for choice in choices:
        for code, value in choice.points:  # a code may be listed twice: add up
            totals[code] = totals.get(code, 0) + value
    return totals


def score(scenario: Scenario, path: Iterable[str]) -> Score:
    current = walk(scenario, path)
    facts = analysis(scenario)
    chosen = [choice for _node, choice, _flags in current.steps]
    earned, best = _per_code(chosen), _per_code(facts.best_path)
    points = sum(choice.total for choice in chosen)
    missed = tuple(
        f for f in scenario.flags if f.kind in ("urgency", "barrier") and f.id not in current.flags
    )
    uncapped = min(points / facts.possible, 1.0) if facts.possible else 0.0
    raw = facts.capped(points, current.flags & facts.critical)
    lowering = [f for f in scenario.critical if f.id not in current.flags and f.cap < uncapped]
    cap = min(f.cap for f in lowering) if lowering else None
    capacities = tuple(
        (code, earned.get(code, 0), best.get(code, 0)) for code in scenario.capacity_codes
    )
    return Score(
        round(raw, 4),
        round(uncapped, 4),
        points,
        facts.possible,
        capacities,
        cap,
        tuple(f for f in lowering if f.cap == cap),
        missed,
    )


@dataclass(frozen=True)
class StepReview:
    """What the debrief says of one decision."""

    outcome: str  # "best", "partial" (earned, a better one existed), "missed", "neutral"
    better: Choice | None
    catch: tuple[Flag, ...]  # missed urgencies and barriers this step could have caught


def _better(facts: Analysis, choices: list[Choice], taken: Choice, values: dict) -> Choice | None:
    """The offered choice that keeps the most reachable, never one that drops a caught item."""
    caught = frozenset(taken.sets) & facts.critical
    candidates = [
        c for c in choices if values[c.id] > values[taken.id] and caught <= frozenset(c.sets)
    ]
    best = None
    for candidate in candidates:  # the first of equals, in authored order
        if best is None or (values[candidate.id], candidate.total) > (
            values[best.id],
            best.total,
        ):
            best = candidate
    return best


def _leads_to_catch(scenario: Scenario, flags: frozenset[str], choice: Choice, flag_id: str):
    """Whether `choice` leads to a node where an offered choice sets the flag."""
    target = scenario.node_by_id.get(choice.next)
    if target is None:
        return False
    after = flags | frozenset(choice.sets)
    return any(flag_id in c.sets for c in offered(scenario, target, after))


def _catch_steps(scenario: Scenario, steps: list, missed: list[Flag]) -> dict[str, int]:
    """For each missed flag, the step that could have caught it: the first where another
    offered choice set it, else the first where another choice led straight to one that did
    while the learner's did not."""
    found: dict[str, int] = {}
    for flag in missed:
        direct = leading = None
        for index, (node, taken, flags) in enumerate(steps):
            others = [c for c in offered(scenario, node, flags) if c.id != taken.id]
            if direct is None and any(flag.id in c.sets for c in others):
                direct = index
            if (
                leading is None
                and not _leads_to_catch(scenario, flags, taken, flag.id)
                and any(_leads_to_catch(scenario, flags, c, flag.id) for c in others)
            ):
                leading = index
        step = direct if direct is not None else leading
        if step is not None:
            found[flag.id] = step
    return found


def review(scenario: Scenario, path: Iterable[str], ended: bool = True) -> list[StepReview]:
    """One review per decision of the path; better choices and catches only once `ended`."""
    current = walk(scenario, path)
    facts = analysis(scenario)
    missed = [
        f for f in scenario.flags if f.kind in ("urgency", "barrier") and f.id not in current.flags
    ]
    catch_at = _catch_steps(scenario, current.steps, missed) if ended else {}
    reviews, earned = [], 0
    for index, (node, taken, flags) in enumerate(current.steps):
        choices = offered(scenario, node, flags)
        values = {c.id: facts.value(c, flags, earned) for c in choices}
        top = max(values.values())
        if values[taken.id] < top:
            outcome = "partial" if taken.total > 0 else "missed"
        else:
            outcome = "best" if taken.total > 0 else "neutral"
        catch = tuple(flag for flag in missed if catch_at.get(flag.id) == index)
        better = _better(facts, choices, taken, values) if ended else None
        reviews.append(StepReview(outcome, better, catch))
        earned += taken.total
    return reviews
