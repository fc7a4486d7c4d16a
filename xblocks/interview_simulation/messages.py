"""Every string the interview front-end shows, in English, marked for translation.

The block sends them translated to the front-end; the SCORM exporter sends the same ones
translated from the same catalog, so both front-ends read alike.
"""

from __future__ import annotations

from collections.abc import Callable

from xblocks.common.i18n import contextual, pgettext_noop
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
    "public.demandeur_emploi_senior": _("jobseeker aged 50 or over"),
    "public.jeune_sans_qualification": _("young person without qualification"),
    "public.jeune_avec_qualification": _("young person with a qualification"),
    "public.beneficiaire_rsa": _("RSA beneficiary"),
    "public.personne_handicap": _("person with a disability (RQTH), supported by Cap emploi"),
    "public.personne_allophone": _("person whose first language is not French"),
    "public.sortant_detention": _("person leaving prison"),
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
    "explained": _(
        "The score is the points you earned ({earned}) over the points of the best path "
        "({possible}): {percent}%."
    ),
    "capped": _("Capped at {percent}% because a critical item was missed: {items}."),
    "kept_shown": _(
        "You have used all your attempts. Your last attempt scored {last}%; the platform keeps "
        "your best attempt, attempt {attempt} at {percent}%, whose debrief is below."
    ),
    "required_met": _(
        "To pass the block, this role-play must reach {mark}%: the attempt that counts "
        "({percent}%) reaches it."
    ),
    "required_unmet": _(
        "To pass the block, this role-play must reach {mark}%: the attempt that counts "
        "({percent}%) does not reach it yet."
    ),
    "kept_so_far": _("Best attempt so far, the one that counts: attempt {attempt}, {percent}%."),
    "capacities": _("Score per capacity"),
    "capacity": _("Capacity"),
    "points_yours": _("Your points"),
    "points_best": _("The best path's"),
    "capacities_fold": _("Details per capacity"),
    "explained_capped": _(
        "Without the cap, it would be the points you earned ({earned}) over the points of the "
        "best path ({possible}): {percent}%."
    ),
    "outcome.best": _("Helpful: this choice earned points."),
    "outcome.partial": _("Partly helpful: a better choice was possible here."),
    "outcome.missed": _("Missed something: a better choice was possible here."),
    "outcome.neutral": _("Neutral: no choice here earned more."),
    "catch": _("This is where it could have been caught: {items}."),
    "caught_at": _("(could have been caught at step {step})"),
    "list_separator": _("; "),
    "step": _("Step {step}"),
    "restart_confirm": _(
        "Start a new attempt? It will be attempt {next}; attempts left after it: {left}. Your "
        "best score is kept."
    ),
    "restart_confirm_unlimited": _("Start a new attempt? Your best score is kept."),
    "restart_yes": _("Yes, start again"),
    "restart_no": _("No, stay on this debrief"),
    "restart_left": _("Start the interview again (attempts left: {left})"),
    "print": _("Print the debrief"),
    "stale": _("The page was out of date; it now shows where your interview really is."),
    "content_changed": _(
        "The author changed this interview after you started it: your attempt starts again "
        "from the beginning. No attempt was used."
    ),
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
    "required_mark": _("Required mark for the block to pass (0 to 1, empty for none)"),
    "scenario": _("Scenario (XML)"),
    "scenario_help": _(
        "Persona, flags, nodes and endings, in the format of the trainer guide. The settings "
        "above decide: the root element carries none of them (if it does, they must agree). "
        "Your comments and layout are kept."
    ),
    "warnings": _("Warnings (the scenario can be saved, but check them):"),
    "line_status": _("Line {line}"),
    "go_to_line": _("Go to line {line}"),
    "cancelled": _("Changes cancelled: the form shows what was last saved."),
    "cancel_confirm": _("Discard your unsaved changes?"),
    "check": _("Check and preview"),
    "save": _("Save"),
    "cancel": _("Cancel"),
    "valid": _("The scenario is valid."),
    "problems": _("Problems to fix before saving:"),
    "preview": _("Preview"),
    "saved": _("Saved."),
    "not_saved": _("Not saved: the scenario has problems."),
}


def translated(strings: dict[str, str], gettext: Callable[[str], str]) -> dict[str, str]:
    return {key: gettext(value) for key, value in strings.items()}


# Labels that agree with the persona's gender where it is given (persona gender="f" or "m").
GENDERED = {
    "public.demandeur_emploi_longue_duree.f": pgettext_noop("feminine", "long-term jobseeker"),
    "public.demandeur_emploi_longue_duree.m": pgettext_noop("masculine", "long-term jobseeker"),
    "public.demandeur_emploi_senior.f": pgettext_noop("feminine", "jobseeker aged 50 or over"),
    "public.demandeur_emploi_senior.m": pgettext_noop("masculine", "jobseeker aged 50 or over"),
    "public.jeune_avec_qualification.f": pgettext_noop(
        "feminine", "young person with a qualification"
    ),
    "public.jeune_avec_qualification.m": pgettext_noop(
        "masculine", "young person with a qualification"
    ),
    "public.sortant_detention.f": pgettext_noop("feminine", "person leaving prison"),
    "public.sortant_detention.m": pgettext_noop("masculine", "person leaving prison"),
}


def front_end_ui(gettext: Callable[[str], str]) -> dict:
    """The view's strings, with the engine's refusals by template for in-page engines."""
    return {
        **translated(UI, gettext),
        **{key: contextual(gettext, *marked) for key, marked in GENDERED.items()},
        "refusals": {template: gettext(template) for template in engine.REFUSALS},
    }
