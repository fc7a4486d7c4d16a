"""Every string the interview front-end shows, in English, marked for translation.

The block sends them translated to the front-end; the SCORM exporter sends the same ones
translated from the same catalog, so both front-ends read alike.
"""

from __future__ import annotations

from collections.abc import Callable

from xblocks.common.i18n import gettext_noop as _
from xblocks.interview_simulation import engine

UI = {
    "phase_label": _("Phase of the interview"),
    "phase.accueil": _("Welcome and framing"),
    "phase.exploration": _("Exploration"),
    "phase.diagnostic": _("Identifying barriers"),
    "phase.co_construction": _("Building options together"),
    "phase.contractualisation": _("Agreeing on commitments"),
    "public.demandeur_emploi_longue_duree": _("long-term jobseeker"),
    "public.jeune_sans_qualification": _("young person without qualification"),
    "public.jeune_avec_qualification": _("young person with a qualification"),
    "public.beneficiaire_rsa": _("RSA beneficiary"),
    "public.autre": _("other public"),
    "persona": _("{name}, {age} years old, {public}"),
    "situation": _("Situation"),
    "transcript": _("Conversation"),
    "you": _("You"),
    "context": _("Context"),
    "choices": _("What do you say?"),
    "feedback": _("Feedback"),
    "attempt": _("Attempt {attempt} of {max}"),
    "attempt_unlimited": _("Attempt {attempt}"),
    "restart": _("Start the interview again"),
    "no_attempts": _("You have used all your attempts."),
    "ending": _("End of the interview"),
    "debrief": _("Debrief"),
    "score": _("Your score: {percent}%"),
    "capped": _("Score capped at {percent}% because a critical situation was missed."),
    "capacities": _("Score per capacity"),
    "capacity": _("Capacity"),
    "points": _("Points"),
    "chart": _("Chart of the points earned per capacity"),
    "missed": _("Urgencies and barriers missed"),
    "missed_none": _("None: you detected every urgency and barrier."),
    "kind.urgency": _("Urgency"),
    "kind.barrier": _("Barrier"),
    "review": _("Your interview, step by step"),
    "better": _("A better choice here"),
    "good": _("Good choice"),
    "labelled": _("{label}: "),
    "loading": _("Loading…"),
    "unknown_error": _("the server did not answer as expected"),
    "error": _("Your answer could not be saved: {message}"),
    "retry": _("Try again"),
}

STUDIO = {
    "display_name": _("Display name"),
    "max_attempts": _("Maximum attempts (0 for no limit)"),
    "feedback_mode": _("Feedback"),
    "feedback.immediate": _("After each choice"),
    "feedback.debrief": _("Only in the debrief"),
    "weight": _("Weight"),
    "scenario": _("Scenario (XML)"),
    "scenario_help": _(
        "Persona, flags, nodes and endings, in the format of the trainer guide. The settings "
        "above apply, whatever the root element says."
    ),
    "check": _("Check and preview"),
    "save": _("Save"),
    "cancel": _("Cancel"),
    "valid": _("The scenario is valid."),
    "problems": _("Problems to fix before saving:"),
    "preview": _("Preview"),
    "saved": _("Saved."),
}


def translated(strings: dict[str, str], gettext: Callable[[str], str]) -> dict[str, str]:
    return {key: gettext(value) for key, value in strings.items()}


def front_end_ui(gettext: Callable[[str], str]) -> dict:
    """The view's strings, with the engine's refusals by template for in-page engines."""
    return {
        **translated(UI, gettext),
        "refusals": {template: gettext(template) for template in engine.REFUSALS},
    }
