"""The view state: everything the learner may see now, and nothing more.

Pure Python, mirrored by `view` in `public/interview-simulation-engine.js`. Feedback of a
choice appears once it is made (immediate mode) or at the end (debrief mode); points, targets
and other choices' feedback never leave the engine before the end. Choices come in the order
drawn for this learner, block and attempt (`xblocks/common/shuffle.py`), unless the author
pinned the node's order.
"""

from __future__ import annotations

from collections.abc import Callable

from xblocks.common.shuffle import order_key, shuffled
from xblocks.interview_simulation import engine, scoring
from xblocks.interview_simulation.engine import Choice, Node, Scenario


def shown_choices(scenario: Scenario, node: Node, flags: frozenset[str], key: str) -> list:
    """The choices offered at `node`, in the order this learner sees them."""
    choices = node.choices if not node.shuffle else shuffled(node.choices, key)
    open_ids = {c.id for c in engine.offered(scenario, node, flags)}
    return [c for c in choices if c.id in open_ids]


def chosen_id(scenario: Scenario, state: dict, seed: str, token: object) -> str:
    """The id of the offered choice the page calls `token`; ActionRefused if there is none.

    Authors name choices in order ("c1a", "c1b"…), often the best first, and any function of
    an id can be worked back to it: the page names a choice by its place in the order shown
    ("0", "1"…), which tells nothing the learner does not already see.
    """
    current = engine.walk(scenario, state["path"])
    if current.ending_id is not None:
        raise engine.ActionRefused(engine.REFUSED_OVER)
    node = scenario.node_by_id[current.node_id]
    shown = shown_choices(scenario, node, current.flags, order_key(seed, state["attempt"], node.id))
    places = {str(place): choice.id for place, choice in enumerate(shown)}
    if not isinstance(token, str) or token not in places:
        raise engine.ActionRefused(engine.REFUSED_UNKNOWN, choice=str(token)[:40])
    return places[token]


def _text_view(choice: Choice) -> dict:
    return {"text": choice.text}


def _node_view(node: Node) -> dict:
    return {"id": node.id, "phase": node.phase, "context": node.context, "say": node.say}


def _flag_view(flag) -> dict:
    return {"id": flag.id, "kind": flag.kind, "label": flag.label}


def debrief_view(result: scoring.Score) -> dict:
    return {
        "raw": result.raw,
        "uncapped": result.uncapped,
        "earned": result.earned,
        "possible": result.possible,
        "cap": result.cap,
        "cap_flags": [_flag_view(f) for f in result.cap_flags],
        "capacities": [
            {"code": code, "earned": earned, "possible": possible}
            for code, earned, possible in result.capacities
        ],
        "missed": [_flag_view(f) for f in result.missed],
    }


def _transcript(scenario: Scenario, path: list, *, ended: bool, show_feedback: bool) -> list:
    current = engine.walk(scenario, path)
    reviews = scoring.review(scenario, path, ended) if show_feedback else None
    transcript = []
    for index, (node, choice, _flags) in enumerate(current.steps):
        entry = {**_node_view(node), "choice": _text_view(choice)}
        entry["feedback"] = choice.feedback if show_feedback else ""
        entry["outcome"] = reviews[index].outcome if show_feedback else None
        if ended:
            better = reviews[index].better
            entry["better"] = _text_view(better) if better else None
            entry["catch"] = [_flag_view(f) for f in reviews[index].catch]
        transcript.append(entry)
    return transcript


def end_view(scenario: Scenario, attempt: int, path: list) -> dict:
    """A finished attempt as its debrief shows it; also what a block keeps of it."""
    current = engine.walk(scenario, path)
    ending = scenario.ending_by_id[current.ending_id]
    notes = [note.text for note in ending.notes if engine.is_open(note, current.flags)]
    transcript = _transcript(scenario, path, ended=True, show_feedback=True)
    return {
        "attempt": attempt,
        "transcript": transcript,
        "ending": {
            "id": ending.id,
            "title": ending.title,
            "debrief": " ".join([ending.debrief, *notes]).strip(),
        },
        "debrief": debrief_view(scoring.score(scenario, path)),
        "phase": transcript[-1]["phase"],
    }


def view(
    scenario: Scenario,
    state: dict,
    *,
    feedback_mode: str,
    max_attempts: int,
    seed: str = "",
    kept: dict | None = None,
    finished: dict | None = None,
) -> dict:
    """The view of `state` for the learner whose order seed is `seed`.

    `kept` is the finished attempt the platform holds the grade of, as `end_view` gives it (or
    None); it is shown only at the end. Once no attempt remains, the end page shows that kept
    attempt: its score is the one that counts. `finished` is the stored end view of `state`'s
    own attempt when it was played on content that has changed since: shown as it was.
    """
    current = None if finished else engine.walk(scenario, state["path"])
    ended = finished is not None or current.ending_id is not None
    result = {
        "v": engine.STATE_VERSION,
        "at": engine.position(state),
        "attempt": state["attempt"],
        "max_attempts": max_attempts,
        "remaining": engine.remaining_attempts(state, max_attempts),
        "can_restart": bool(state["path"]) and engine.can_restart(state, max_attempts),
        "persona": {
            "name": scenario.persona.name,
            "age": scenario.persona.age,
            "public": scenario.persona.public,
            "gender": scenario.persona.gender,
            "situation": scenario.persona.situation,
        },
        "current": None,  # the node and its choices; at the end, the ending and its debrief:
        "ending": None,
        "debrief": None,
        "kept": None,
        "shown_attempt": state["attempt"],
        "last_raw": None,
    }
    if not ended:
        node = scenario.node_by_id[current.node_id]
        key = order_key(seed, state["attempt"], node.id)
        choices = shown_choices(scenario, node, current.flags, key)
        result["transcript"] = _transcript(
            scenario, state["path"], ended=False, show_feedback=feedback_mode == "immediate"
        )
        shown = [{"id": str(place), "text": c.text} for place, c in enumerate(choices)]
        result["current"] = {**_node_view(node), "choices": shown}
        result["phase"] = node.phase
        return result
    this = finished or end_view(scenario, state["attempt"], state["path"])
    best = this
    if kept is not None and kept["debrief"]["raw"] >= this["debrief"]["raw"]:
        best = kept if kept["attempt"] != this["attempt"] else this
    result["kept"] = _kept_summary(best)
    shown = best if not result["can_restart"] else this
    result.update({key: shown[key] for key in ("transcript", "ending", "debrief", "phase")})
    result["shown_attempt"] = shown["attempt"]
    result["last_raw"] = this["debrief"]["raw"]
    return result


def finished_record(scenario: Scenario, attempt: int, path: list, version: str) -> dict:
    """What a block keeps of a finished attempt: its end view, its path, the content version."""
    return {**end_view(scenario, attempt, path), "path": list(path), "cv": version}


def resume(
    scenario: Scenario, stored: object, version: str, records: Callable[[], list[dict]]
) -> tuple[dict, dict | None, bool]:
    """A learner's stored state on the current content: (state, its stored debrief, moved).

    `version` is the current content's; `records()` gives the finished attempts a block keeps
    (`finished_record`), asked for only when the content has changed. A finished attempt
    played on other content keeps the debrief it was shown. An unfinished one that no longer
    replays starts again from the first node with the same attempt number (`moved`): the
    learner is told, and no attempt is spent or given back.
    """
    state = engine.checked_state(scenario, stored)
    if not isinstance(stored, dict) or not stored or stored.get("cv") == version:
        return state, None, False
    played = (stored.get("attempt"), stored.get("path"))
    for record in records():
        if (record.get("attempt"), record.get("path")) == played:
            return {**state, "path": list(record["path"])}, record, False
    moved = bool(stored.get("path")) and not state["path"]
    return state, None, moved


def better_kept(kept: dict | None, finished: dict) -> dict:
    """Which of two finished attempts is kept: the new one only if it scores strictly more
    (the first of equal attempts stays, as the grade does)."""
    if kept is None or finished["debrief"]["raw"] > kept["debrief"]["raw"]:
        return finished
    return kept


def kept_after(scenario: Scenario, kept: dict | None, state: dict) -> dict | None:
    """The attempt kept once `state` is saved (`better_kept` when it has ended)."""
    if engine.walk(scenario, state["path"]).ending_id is None:
        return kept
    return better_kept(kept, end_view(scenario, state["attempt"], state["path"]))


def _kept_summary(kept: dict | None) -> dict | None:
    if kept is None:
        return None
    return {"attempt": kept["attempt"], "raw": kept["debrief"]["raw"]}
