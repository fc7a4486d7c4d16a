"""Workshop design engine: the learner's plan, its actions and what the learner may see.

Pure: no XBlock, no Django, no HTTP. The content model is in `model.py`, the automatic checks
in `checks.py`, scores in `scoring.py`; the JS engine (`public/workshop-design-engine.js`)
mirrors this module and the shared vectors in `tests/vectors/workshop_design/` hold them
equal.

A learner's state is JSON:
    {"v": 1, "a": attempt (1…), "n": step, "f": 1 once submitted, else 0, "p": the plan}
The plan is written as a whole (`save`, the page's autosave), then submitted; a trainer
grades it (the block keeps the grading, see `scoring.grading`). Every action carries the
position it was made at; one made at an older position is stale (409).
"""

from __future__ import annotations

import re

from xblocks.common.i18n import Message
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.problems import ActionRefused, ActionStale
from xblocks.common.shuffle import order_key, shuffled
from xblocks.workshop_design import checks
from xblocks.workshop_design.model import (
    EVALUATION_KINDS,
    LONG,
    MAX_ATTEMPT_NUMBER,
    MAX_EVALUATIONS,
    MAX_OBJECTIVES,
    MAX_SEQUENCE_MINUTES,
    MAX_SEQUENCES,
    MAX_STEPS,
    MEDIUM,
    METHOD_MINUTES,
    METHODS,
    SHORT,
    Workshop,
    empty_plan,
    plan_minutes,
)

STATE_VERSION = 1
ACTIONS = ("save", "submit", "restart")
LIMITS = {
    "objectives": MAX_OBJECTIVES,
    "sequences": MAX_SEQUENCES,
    "evaluations": MAX_EVALUATIONS,
    "minutes": MAX_SEQUENCE_MINUTES,
    "short": SHORT,
    "medium": MEDIUM,
    "long": LONG,
}
# The plan's texts and their bounds (code points).
_TEXTS = {"goal": MEDIUM, "logistics": LONG, "report": LONG}
_ANSWERS = ("constraints", "deliverables", "indicators")
_IDS = {
    "objectives": re.compile(r"o[0-9]{1,3}"),
    "sequences": re.compile(r"s[0-9]{1,3}"),
    "evaluations": re.compile(r"e[0-9]{1,3}"),
}
_SEQUENCE_KEYS = {"id", "title", "objectives", "method", "minutes", "materials", "notes", "access"}
_EVALUATION_KEYS = {"id", "kind", "objectives", "text"}
# C0 controls but tab and line feed, C1 controls, lone surrogates: never text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

REFUSED_UNKNOWN_ACTION = _("Unknown action: {action}.")
REFUSED_STALE = _(
    "This page is out of date (another tab or a double click changed the plan): it has been "
    "reloaded."
)
REFUSED_SUBMITTED = _("This plan is submitted: start a new attempt to change it.")
REFUSED_NOT_SUBMITTED = _("Submit the plan before starting a new attempt.")
REFUSED_NO_ATTEMPT = _("No attempt remains.")
REFUSED_EMPTY = _("Write the plan before submitting it: an objective or a sequence at least.")
REFUSED_PLAN = _("The plan must be an object with the plan's parts.")
REFUSED_PART = _("The plan has no part named {part}.")
REFUSED_TEXT = _("{field} must be text.")
REFUSED_TOO_LONG = _("{field} is too long: {limit} characters at most.")
REFUSED_CONTROL = _("{field} holds a control character.")
REFUSED_LIST = _("{field} must be a list of at most {limit}.")
REFUSED_ITEM = _("{field} must have exactly: {keys}.")
REFUSED_ID = _('{field} has no valid id: "{id}" is not one or is used twice.')
REFUSED_OBJECTIVE_REF = _("{field} refers to an objective the plan does not have: {id}.")
REFUSED_METHOD = _("Sequence {number}: unknown method {method}.")
REFUSED_KIND = _("Evaluation {number}: unknown kind {kind}.")
REFUSED_MINUTES = _(
    "Sequence {number}: the duration must be a whole number of minutes from 0 to {limit}."
)
REFUSED_ANSWER_KEY = _("{field}: the brief has no {id}.")

# How the messages above name the part of the plan at fault.
_FIELDS = {
    "goal": _("The general objective"),
    "logistics": _("The logistics"),
    "report": _("The report's outline"),
    "objectives": _("The objectives"),
    "sequences": _("The sequences"),
    "evaluations": _("The evaluations"),
    "constraints": _("The answers to the public's constraints"),
    "deliverables": _("The answers to the deliverables"),
    "indicators": _("The answers to the indicators"),
}
_ITEMS = {
    "objectives": _("Objective {number}"),
    "sequences": _("Sequence {number}"),
    "evaluations": _("Evaluation {number}"),
}


def _field(part: str) -> Message:
    return Message(_FIELDS[part])


def _item(part: str, number: int) -> Message:
    return Message(_ITEMS[part], number=number)


def new_state() -> dict:
    return {"v": STATE_VERSION, "a": 1, "n": 0, "f": 0, "p": empty_plan()}


def position(state: dict) -> dict:
    return {"attempt": state["a"], "step": state["n"]}


def remaining_attempts(state: dict, max_attempts: int) -> int | None:
    """Attempts left after the current one (None: no limit)."""
    return None if not max_attempts else max(0, max_attempts - state["a"])


def can_restart(state: dict, max_attempts: int) -> bool:
    left = remaining_attempts(state, max_attempts)
    return bool(state["f"]) and (left is None or left > 0) and state["a"] < MAX_ATTEMPT_NUMBER


def is_empty(plan: dict) -> bool:
    return not plan["objectives"] and not plan["sequences"]


# --- The plan, checked -------------------------------------------------------------------------


def _text(value: object, field: Message, limit: int) -> str:
    if not isinstance(value, str):
        raise ActionRefused(REFUSED_TEXT, field=field)
    if _CONTROL.search(value):
        raise ActionRefused(REFUSED_CONTROL, field=field)
    if len(value) > limit:
        raise ActionRefused(REFUSED_TOO_LONG, field=field, limit=limit)
    return value


def _items(value: object, part: str, keys: set[str], limit: int) -> list[dict]:
    if not isinstance(value, list) or len(value) > limit:
        raise ActionRefused(REFUSED_LIST, field=_field(part), limit=limit)
    seen = set()
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict) or set(item) != keys:
            raise ActionRefused(
                REFUSED_ITEM, field=_item(part, number), keys=", ".join(sorted(keys))
            )
        item_id = item["id"]
        if not isinstance(item_id, str) or not _IDS[part].fullmatch(item_id) or item_id in seen:
            raise ActionRefused(REFUSED_ID, field=_item(part, number), id=str(item_id)[:20])
        seen.add(item_id)
    return value


def _references(value: object, part: str, number: int, objectives: set[str]) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_OBJECTIVES:
        raise ActionRefused(REFUSED_LIST, field=_item(part, number), limit=MAX_OBJECTIVES)
    for ref in value:
        if not isinstance(ref, str) or ref not in objectives or value.count(ref) > 1:
            raise ActionRefused(REFUSED_OBJECTIVE_REF, field=_item(part, number), id=str(ref)[:20])
    return list(value)


def _answers(value: object, part: str, ids: set[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ActionRefused(REFUSED_TEXT, field=_field(part))
    found = {}
    for key, text in value.items():
        if key not in ids:
            raise ActionRefused(REFUSED_ANSWER_KEY, field=_field(part), id=str(key)[:20])
        text = _text(text, _field(part), MEDIUM)
        if text.strip():
            found[key] = text
    return found


def clean_plan(workshop: Workshop, plan: object) -> dict:
    """The plan a learner sent, checked part by part (ActionRefused names the part at fault);
    parts left out are empty, empty answers dropped."""
    if not isinstance(plan, dict):
        raise ActionRefused(REFUSED_PLAN)
    known = set(empty_plan())
    for part in plan:
        if part not in known:
            raise ActionRefused(REFUSED_PART, part=str(part)[:40])
    plan = {**empty_plan(), **plan}
    clean = {name: _text(plan[name], _field(name), limit) for name, limit in _TEXTS.items()}
    objectives = _items(plan["objectives"], "objectives", {"id", "text"}, MAX_OBJECTIVES)
    clean["objectives"] = [
        {"id": o["id"], "text": _text(o["text"], _item("objectives", n), SHORT)}
        for n, o in enumerate(objectives, 1)
    ]
    ids = {o["id"] for o in objectives}
    clean["sequences"] = []
    for n, s in enumerate(_items(plan["sequences"], "sequences", _SEQUENCE_KEYS, MAX_SEQUENCES), 1):
        if s["method"] != "" and (
            not isinstance(s["method"], str) or s["method"] not in METHOD_MINUTES
        ):
            raise ActionRefused(REFUSED_METHOD, number=n, method=str(s["method"])[:40])
        if type(s["minutes"]) is not int or not 0 <= s["minutes"] <= MAX_SEQUENCE_MINUTES:
            raise ActionRefused(REFUSED_MINUTES, number=n, limit=MAX_SEQUENCE_MINUTES)
        clean["sequences"].append(
            {
                "id": s["id"],
                "title": _text(s["title"], _item("sequences", n), SHORT),
                "objectives": _references(s["objectives"], "sequences", n, ids),
                "method": s["method"],
                "minutes": s["minutes"],
                "materials": _text(s["materials"], _item("sequences", n), MEDIUM),
                "notes": _text(s["notes"], _item("sequences", n), MEDIUM),
                "access": _text(s["access"], _item("sequences", n), MEDIUM),
            }
        )
    clean["evaluations"] = []
    for n, e in enumerate(
        _items(plan["evaluations"], "evaluations", _EVALUATION_KEYS, MAX_EVALUATIONS), 1
    ):
        if e["kind"] != "" and (
            not isinstance(e["kind"], str) or e["kind"] not in EVALUATION_KINDS
        ):
            raise ActionRefused(REFUSED_KIND, number=n, kind=str(e["kind"])[:40])
        clean["evaluations"].append(
            {
                "id": e["id"],
                "kind": e["kind"],
                "objectives": _references(e["objectives"], "evaluations", n, ids),
                "text": _text(e["text"], _item("evaluations", n), MEDIUM),
            }
        )
    brief = workshop.brief
    sources = {
        "constraints": brief.public.constraints,
        "deliverables": brief.deliverables,
        "indicators": brief.indicators,
    }
    for part in _ANSWERS:
        clean[part] = _answers(plan[part], part, {item.id for item in sources[part]})
    return {name: clean[name] for name in empty_plan()}


def checked_state(workshop: Workshop, state: dict | None) -> dict:
    """A stored state as the engine can use it; a fresh one if it is not (a damaged record,
    or a plan that no longer fits the content: its answers to items the brief dropped are
    left out first)."""
    if not isinstance(state, dict) or type(state.get("v")) is not int:
        return new_state()
    if state["v"] != STATE_VERSION or not isinstance(state.get("p"), dict):
        return new_state()
    try:
        a, n, f = state["a"], state["n"], state["f"]
        if not (
            type(a) is int
            and 1 <= a <= MAX_ATTEMPT_NUMBER
            and type(n) is int
            and 0 <= n <= MAX_STEPS
            and type(f) is int
            and f in (0, 1)
        ):
            return new_state()
        plan = dict(state["p"])
        brief = workshop.brief
        kept = {
            "constraints": {c.id for c in brief.public.constraints},
            "deliverables": {d.id for d in brief.deliverables},
            "indicators": {i.id for i in brief.indicators},
        }
        for part, ids in kept.items():
            if isinstance(plan.get(part), dict):
                plan[part] = {k: v for k, v in plan[part].items() if k in ids}
        return {"v": STATE_VERSION, "a": a, "n": n, "f": f, "p": clean_plan(workshop, plan)}
    except (ActionRefused, KeyError, TypeError, ValueError):
        return new_state()


# --- Actions -----------------------------------------------------------------------------------


def apply(workshop: Workshop, state: dict, action: dict, *, max_attempts: int = 0) -> dict:
    """The state after one learner action ({"type", "at", …}); ActionRefused (400) or
    ActionStale (409) leave it as it was."""
    if not isinstance(action, dict):
        raise ActionRefused(REFUSED_UNKNOWN_ACTION, action="None")
    kind = action.get("type")
    if kind not in ACTIONS:
        raise ActionRefused(REFUSED_UNKNOWN_ACTION, action=str(kind)[:40])
    if action.get("at") != position(state):
        raise ActionStale(REFUSED_STALE)
    if kind == "restart":
        if not state["f"]:
            raise ActionRefused(REFUSED_NOT_SUBMITTED)
        if not can_restart(state, max_attempts):
            raise ActionRefused(REFUSED_NO_ATTEMPT)
        # A new attempt starts from the plan submitted: a learner improves it, not rewrites it.
        return {"v": STATE_VERSION, "a": state["a"] + 1, "n": 0, "f": 0, "p": state["p"]}
    if state["f"]:
        raise ActionRefused(REFUSED_SUBMITTED)
    if kind == "submit":
        if is_empty(state["p"]):
            raise ActionRefused(REFUSED_EMPTY)
        return {**state, "n": min(state["n"] + 1, MAX_STEPS), "f": 1}
    plan = clean_plan(workshop, action.get("plan"))
    if plan == state["p"]:
        return state
    return {**state, "n": min(state["n"] + 1, MAX_STEPS), "p": plan}


# --- What the learner sees ---------------------------------------------------------------------


def brief_view(workshop: Workshop) -> dict:
    brief = workshop.brief
    return {
        "title": brief.title,
        "commissioner": {"kind": brief.commissioner.kind, "name": brief.commissioner.name},
        "public": {
            "size_min": brief.public.size_min,
            "size_max": brief.public.size_max,
            "profile": brief.public.profile,
            "constraints": [
                {"id": c.id, "kind": c.kind, "text": c.text} for c in brief.public.constraints
            ],
        },
        "need": brief.need,
        "outcomes": [{"id": o.id, "text": o.text} for o in brief.outcomes],
        "minutes": brief.minutes,
        "tolerance": brief.tolerance,
        "sessions": brief.sessions,
        "mode": brief.mode,
        "format": brief.format,
        "budget": brief.budget,
        "logistics": brief.logistics,
        "deliverables": [{"id": d.id, "text": d.text} for d in brief.deliverables],
        "indicators": [{"id": i.id, "text": i.text} for i in brief.indicators],
    }


def rubric_view(workshop: Workshop) -> list[dict]:
    """The rubric as learners read it: criteria and levels, never the graders' notes."""
    return [
        {
            "id": c.id,
            "label": c.label,
            "prompt": c.prompt,
            "levels": [
                {"points": lv.points, "label": lv.label, "text": lv.text} for lv in c.levels
            ],
        }
        for c in workshop.criteria
    ]


def learner_view(
    workshop: Workshop, state: dict, *, seed: str = "", max_attempts: int = 0, gettext=str
) -> dict:
    """Everything the learner may see now: the brief, the rubric without its notes, the plan,
    the automatic checks on it, and the methods in this learner's order."""
    plan = state["p"]
    results = checks.run(workshop, plan)
    weights = {spec.id: spec.weight for spec in workshop.checks}
    return {
        "v": STATE_VERSION,
        "at": position(state),
        "attempt": state["a"],
        "max_attempts": max_attempts,
        "remaining": remaining_attempts(state, max_attempts),
        "submitted": bool(state["f"]),
        "can_submit": not state["f"] and not is_empty(plan),
        "can_restart": can_restart(state, max_attempts),
        "limits": LIMITS,
        "brief": brief_view(workshop),
        "rubric": rubric_view(workshop),
        "checks_share": workshop.checks_share,
        # No list is an answer here, but none is shown in an order a learner could read as one.
        "methods": shuffled(list(METHODS), order_key(seed, state["a"], "methods")),
        "evaluation_kinds": list(EVALUATION_KINDS),
        "plan": plan,
        "minutes": plan_minutes(plan),
        "checks": [
            {
                "id": r.id,
                "weight": weights[r.id],
                "fraction": round(r.fraction, 4),
                "outcome": r.outcome,
                "lines": [line.message(gettext) for line in r.lines],
            }
            for r in results
        ],
        "alignment": checks.alignment_matrix(plan),
    }
