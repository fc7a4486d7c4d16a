"""Learners who do not read: what blind strategies score on an interview, as the block shows it.

Each strategy picks among the choices in the order the learner sees them (shuffled for that
learner and attempt, exactly as `views.shown_choices` draws them): the first shown, the last
shown, and the choice of each length rank (the longest, the second longest… the shortest, the
median). Run as a script to print the means of the course's interviews:
`.venv/bin/python tests/blind_strategies.py`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import course_content  # noqa: E402
from xblocks.common.shuffle import order_key  # noqa: E402
from xblocks.interview_simulation import engine, scoring, views  # noqa: E402
from xblocks.interview_simulation.olx import scenario_from_xml  # noqa: E402

LEARNERS = 12


def _by_length(rank: int, longest_first: bool) -> Callable[[list], object]:
    """The choice of the given length rank (0: the longest, or the shortest), or the nearest."""

    def pick(shown: list):
        ranked = sorted(shown, key=lambda c: len(c.text), reverse=longest_first)
        return ranked[min(rank, len(ranked) - 1)]

    return pick


STRATEGIES: dict[str, Callable[[list], object]] = {
    "first shown": lambda shown: shown[0],
    "last shown": lambda shown: shown[-1],
    "longest": _by_length(0, True),
    "2nd longest": _by_length(1, True),
    "3rd longest": _by_length(2, True),
    "shortest": _by_length(0, False),
    "2nd shortest": _by_length(1, False),
    "median length": lambda shown: sorted(shown, key=lambda c: len(c.text))[len(shown) // 2],
}


def play(scenario: engine.Scenario, seed: str, pick: Callable[[list], object]) -> list[str]:
    """One first attempt where `pick` chooses among the choices as shown; the path taken."""
    state = engine.new_state()
    while True:
        current = engine.walk(scenario, state["path"])
        if current.ending_id is not None:
            return state["path"]
        node = scenario.node_by_id[current.node_id]
        key = order_key(seed, state["attempt"], node.id)
        choice = pick(views.shown_choices(scenario, node, current.flags, key))
        state = engine.choose(scenario, state, choice.id)


def blind_means(scenario: engine.Scenario, block_id: str) -> dict[str, float]:
    """The mean raw score of each strategy over LEARNERS learners."""
    return {
        name: mean(
            scoring.score(scenario, play(scenario, f"learner-{n:02d}|{block_id}", pick)).raw
            for n in range(LEARNERS)
        )
        for name, pick in STRATEGIES.items()
    }


def course_interviews() -> dict[str, engine.Scenario]:
    return {
        path.stem: scenario_from_xml(path.read_bytes())[0]
        for path in course_content.activity_files("interview_simulation")
    }


if __name__ == "__main__":
    for name, scenario in course_interviews().items():
        facts = scoring.analysis(scenario)
        best = [c.id for c in facts.best_path]
        ending = engine.walk(scenario, best).ending_id
        print(f"{name}: best path {scoring.score(scenario, best).raw:.2f} -> {ending}")
        for strategy, value in blind_means(scenario, name).items():
            print(f"  {strategy:12} {value:.3f}")
