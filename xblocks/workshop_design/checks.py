"""The automatic checks of a plan: instant, each with its own feedback, weighted by the block.

Pure functions of the activity and a (cleaned) plan. Each check gives a fraction in [0, 1] and
the translatable lines that explain it; `run` gives them all, in the order of `CHECKS`, for
the checks the activity sets (a trainer can drop some or weigh them differently).

- duration: the sequences' total within the brief's tolerance (half the credit within twice
  the tolerance);
- alignment: each operational objective served by a sequence and assessed by an evaluation;
- verbs: each operational objective starts with an observable action verb;
- variety: enough distinct methods, one at least where the participants act;
- plausible: each sequence's duration within what its method can take;
- constraints: each of the public's constraints answered in the plan;
- required: what any plan owes the brief (a general objective, a final and a satisfaction
  evaluation, the report's outline, each deliverable and each indicator).

A text counts only with substance (`own_words`): `MIN_WORDS` distinct words of its own, not
the brief's, none with a letter thrice in a row; an answer copied from another counts once.
So the usual filler (repeated letters, the brief's words, one answer pasted everywhere) passes
no check that rests on text: in a SCORM package the checks alone give the score.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from xblocks.common.i18n import Joined, Message
from xblocks.common.i18n import gettext_noop as _
from xblocks.workshop_design.model import (
    ACTIVE_METHODS,
    METHOD_MINUTES,
    MIN_ADDRESSED,
    MIN_WORDS,
    VAGUE_VERBS,
    Workshop,
    plan_minutes,
)

DEFAULT_VARIETY = 3
_CAPABLE = re.compile(r"^(?:être|etre)\s+capables?\s+(?:de|d[’'])\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_THRICE = re.compile(r"(.)\1\1")

NO_SUBSTANCE = _(
    "An answer counts when it says in words of its own how the plan meets the point: a copy "
    "of the brief or of another answer, or a filler, does not."
)


@dataclass(frozen=True)
class CheckResult:
    id: str
    fraction: float
    lines: tuple[Message, ...]  # what the learner reads: why, and what to change

    @property
    def outcome(self) -> str:
        return "right" if self.fraction == 1 else "missed" if self.fraction == 0 else "partial"


def _length(text: str) -> int:
    return len(text.strip())


def hours(minutes: int) -> str:
    """A duration as French trainers write it: 3 h, 1 h 30, 45 min."""
    whole, rest = divmod(abs(minutes), 60)
    if not whole:
        return f"{rest} min"
    return f"{whole} h" if not rest else f"{whole} h {rest:02d}"


def first_verb(objective: str) -> str:
    """The verb an objective starts with, lower case, "être capable de" set aside; an
    elided "s’" kept (s’inscrire), apostrophes made typographic."""
    text = _CAPABLE.sub("", unicodedata.normalize("NFC", objective.strip()))
    found = _WORD.match(text)
    return found.group(0).lower().replace("'", "’") if found else ""


def words(text: str) -> list[str]:
    """The words of a text, lower case, apostrophes made typographic."""
    found = _WORD.findall(unicodedata.normalize("NFC", text))
    return [w.lower().replace("'", "’") for w in found]


def own_words(text: str, against: str = "") -> set[str]:
    """The distinct words of `text` that are not in `against` (the brief's own wording) and
    have no letter thrice in a row ("aaaa" is no word)."""
    theirs = set(words(against))
    return {w for w in words(text) if w not in theirs and not _THRICE.search(w)}


def _key(text: str) -> str:
    return " ".join(words(text))


def answered(workshop: Workshop, plan: dict) -> dict[tuple[str, str], bool]:
    """Whether each answer the brief asks for counts: the public's constraints, the report's
    outline, the deliverables and the indicators, in that order; a text the same as an
    earlier one (its words) counts once."""
    brief = workshop.brief
    asked = [("constraints", c.id, c.text) for c in brief.public.constraints]
    asked.append(("report", "", ""))
    asked += [("deliverables", d.id, d.text) for d in brief.deliverables]
    asked += [("indicators", i.id, i.text) for i in brief.indicators]
    seen, found = set(), {}
    for part, item, question in asked:
        text = plan["report"] if part == "report" else plan[part].get(item, "")
        key = _key(text)
        found[(part, item)] = (
            _length(text) >= MIN_ADDRESSED
            and len(own_words(text, question)) >= MIN_WORDS
            and key not in seen
        )
        if key:
            seen.add(key)
    return found


def _tried(plan: dict, part: str, item: str) -> bool:
    text = plan["report"] if part == "report" else plan[part].get(item, "")
    return bool(text.strip())


def _duration(workshop: Workshop, plan: dict) -> CheckResult:
    brief = workshop.brief
    total = plan_minutes(plan)
    gap = total - brief.minutes
    fraction = (
        1.0 if abs(gap) <= brief.tolerance else 0.5 if abs(gap) <= 2 * brief.tolerance else 0.0
    )
    values = {
        "total": hours(total),
        "asked": hours(brief.minutes),
        "tolerance": hours(brief.tolerance),
        "gap": hours(gap),
    }
    if fraction == 1:
        line = Message(
            _("The sequences last {total}: the brief asks {asked}, give or take {tolerance}."),
            **values,
        )
    elif gap < 0:
        line = Message(
            _(
                "The sequences last {total}, {gap} short of the {asked} the brief asks (give "
                "or take {tolerance})."
            ),
            **values,
        )
    else:
        line = Message(
            _(
                "The sequences last {total}, {gap} over the {asked} the brief asks (give or "
                "take {tolerance})."
            ),
            **values,
        )
    return CheckResult("duration", fraction, (line,))


def _alignment(workshop: Workshop, plan: dict) -> CheckResult:
    objectives = plan["objectives"]
    if not objectives:
        return CheckResult(
            "alignment",
            0.0,
            (
                Message(
                    _(
                        "Write the operational objectives first: each one needs a sequence "
                        "and an evaluation."
                    )
                ),
            ),
        )
    served = {oid for s in plan["sequences"] for oid in s["objectives"]}
    assessed = {oid for e in plan["evaluations"] for oid in e["objectives"]}
    lines = []
    aligned = 0
    for number, objective in enumerate(objectives, 1):
        missing = [
            name
            for name, found in (
                (Message(_("no sequence serves it")), served),
                (Message(_("no evaluation assesses it")), assessed),
            )
            if objective["id"] not in found
        ]
        if not missing:
            aligned += 1
            continue
        lines.append(
            Message(
                _("Objective {number} ({objective}): {missing}."),
                number=number,
                objective=objective["text"][:60],
                missing=Joined(missing),
            )
        )
    fraction = aligned / len(objectives)
    head = Message(
        _("{aligned} of {count} objectives have a sequence and an evaluation."),
        aligned=aligned,
        count=len(objectives),
    )
    return CheckResult("alignment", fraction, (head, *lines))


def _verbs(workshop: Workshop, plan: dict) -> CheckResult:
    objectives = plan["objectives"]
    if not objectives:
        return CheckResult("verbs", 0.0, (Message(_("No operational objective yet.")),))
    lines, good, seen = [], 0, {}
    for number, objective in enumerate(objectives, 1):
        verb = first_verb(objective["text"])
        key = _key(objective["text"])
        first = seen.setdefault(key, number) if key else number
        if first != number:
            lines.append(
                Message(
                    _("Objective {number} repeats objective {other}."),
                    number=number,
                    other=first,
                )
            )
        elif verb in workshop.observable and len(own_words(objective["text"])) < MIN_WORDS:
            lines.append(
                Message(
                    _(
                        "Objective {number} is too short to be observed: say what the "
                        "participants will do, and on what."
                    ),
                    number=number,
                )
            )
        elif verb in workshop.observable:
            good += 1
        elif verb in VAGUE_VERBS:
            lines.append(
                Message(
                    _(
                        "Objective {number} starts with “{verb}”, which cannot be "
                        "observed: say what the participants will do (identify, write, "
                        "present…)."
                    ),
                    number=number,
                    verb=verb,
                )
            )
        else:
            lines.append(
                Message(
                    _(
                        "Objective {number} does not start with an observable action verb "
                        "(identify, write, present…)."
                    ),
                    number=number,
                )
            )
    head = Message(
        _("{good} of {count} objectives start with an observable action verb."),
        good=good,
        count=len(objectives),
    )
    return CheckResult("verbs", good / len(objectives), (head, *lines))


def _variety(workshop: Workshop, plan: dict) -> CheckResult:
    wanted = workshop.check_index["variety"].minimum or DEFAULT_VARIETY
    methods = {s["method"] for s in plan["sequences"] if s["method"]}
    active = bool(methods & ACTIVE_METHODS)
    fraction = min(1.0, len(methods) / wanted) if methods else 0.0
    lines = [
        Message(
            _("{count} different methods; the brief's public needs at least {wanted}."),
            count=len(methods),
            wanted=wanted,
        )
    ]
    if methods and not active:
        fraction = min(fraction, 0.5)
        lines.append(
            Message(
                _(
                    "No method where the participants act (role play, mock interview, small "
                    "groups…)."
                )
            )
        )
    return CheckResult("variety", fraction, tuple(lines))


def _plausible(workshop: Workshop, plan: dict) -> CheckResult:
    sequences = plan["sequences"]
    if not sequences:
        return CheckResult("plausible", 0.0, (Message(_("No sequence yet.")),))
    lines, good = [], 0
    for number, sequence in enumerate(sequences, 1):
        method = sequence["method"]
        if not method:
            lines.append(
                Message(
                    _("Sequence {number} ({title}) has no method."),
                    number=number,
                    title=sequence["title"][:60],
                )
            )
            continue
        low, high = METHOD_MINUTES[method]
        if low <= sequence["minutes"] <= high:
            good += 1
            continue
        lines.append(
            Message(
                _(
                    "Sequence {number} ({title}): {minutes} is {how} for this method ({low} "
                    "to {high})."
                ),
                number=number,
                title=sequence["title"][:60],
                minutes=hours(sequence["minutes"]),
                how=Message(_("too short") if sequence["minutes"] < low else _("too long")),
                low=hours(low),
                high=hours(high),
                method=method,
            )
        )
    head = Message(
        _("{good} of {count} sequences last what their method can take."),
        good=good,
        count=len(sequences),
    )
    return CheckResult("plausible", good / len(sequences), (head, *lines))


def _constraints(workshop: Workshop, plan: dict) -> CheckResult:
    constraints = workshop.brief.public.constraints
    if not constraints:
        return CheckResult(
            "constraints",
            1.0,
            (Message(_("The brief names no particular constraint of the public.")),),
        )
    counted = answered(workshop, plan)
    missing = [c for c in constraints if not counted[("constraints", c.id)]]
    lines = [
        Message(
            _("{done} of {count} constraints of the public are addressed."),
            done=len(constraints) - len(missing),
            count=len(constraints),
        )
    ]
    lines += [
        Message(_("Say how the plan takes this into account: {constraint}"), constraint=c.text[:80])
        for c in missing
    ]
    if any(_tried(plan, "constraints", c.id) for c in missing):
        lines.append(Message(NO_SUBSTANCE))
    return CheckResult("constraints", 1 - len(missing) / len(constraints), tuple(lines))


def required_elements(workshop: Workshop, plan: dict) -> list[tuple[Message, bool]]:
    """What any plan owes the brief, each with whether the plan has it."""
    kinds = {e["kind"] for e in plan["evaluations"]}
    counted = answered(workshop, plan)
    found = [
        (Message(_("a general objective")), len(own_words(plan["goal"])) >= MIN_WORDS),
        (Message(_("a final evaluation")), "final" in kinds),
        (Message(_("a satisfaction survey")), "satisfaction" in kinds),
        (
            Message(_("the outline of the report to the commissioning body")),
            counted[("report", "")],
        ),
    ]
    for item in workshop.brief.deliverables:
        found.append(
            (
                Message(_("the deliverable “{item}”"), item=item.text[:60]),
                counted[("deliverables", item.id)],
            )
        )
    for item in workshop.brief.indicators:
        found.append(
            (
                Message(_("the indicator “{item}”"), item=item.text[:60]),
                counted[("indicators", item.id)],
            )
        )
    return found


def _required(workshop: Workshop, plan: dict) -> CheckResult:
    found = required_elements(workshop, plan)
    missing = [what for what, present in found if not present]
    lines = [
        Message(
            _("{done} of {count} required elements are there."),
            done=len(found) - len(missing),
            count=len(found),
        )
    ]
    if missing:
        lines.append(Message(_("Missing: {items}."), items=Joined(missing)))
        counted = answered(workshop, plan)
        brief = workshop.brief
        asked = [("report", "")] + [("deliverables", d.id) for d in brief.deliverables]
        asked += [("indicators", i.id) for i in brief.indicators]
        if any(not counted[a] and _tried(plan, *a) for a in asked):
            lines.append(Message(NO_SUBSTANCE))
    return CheckResult("required", 1 - len(missing) / len(found), tuple(lines))


_CHECKS = {
    "duration": _duration,
    "alignment": _alignment,
    "verbs": _verbs,
    "variety": _variety,
    "plausible": _plausible,
    "constraints": _constraints,
    "required": _required,
}


def run(workshop: Workshop, plan: dict) -> tuple[CheckResult, ...]:
    """Every check the activity sets, in its order."""
    return tuple(_CHECKS[spec.id](workshop, plan) for spec in workshop.checks)


def alignment_matrix(plan: dict) -> list[dict]:
    """For each objective, the sequences that serve it and the evaluations that assess it."""
    return [
        {
            "objective": objective["id"],
            "sequences": [s["id"] for s in plan["sequences"] if objective["id"] in s["objectives"]],
            "evaluations": [
                e["id"] for e in plan["evaluations"] if objective["id"] in e["objectives"]
            ],
        }
        for objective in plan["objectives"]
    ]
