"""Every string the partner network's learner page shows, in English, marked for translation.

The map drawing's strings (`MAP_UI`, with the labels of domains, partner kinds, strengths and
directions the page uses too) come first; the block sends them all translated to the page, and
a SCORM export would send the same ones from the same catalog.
"""

from __future__ import annotations

from collections.abc import Callable

from xblocks.common.i18n import gettext_noop as _
from xblocks.partner_network import engine
from xblocks.partner_network.messages_map import MAP_UI

UI = {
    **MAP_UI,
    # Header
    "attempt": _("Attempt {attempt} of {max}"),
    "attempt_unlimited": _("Attempt {attempt}"),
    "attempt_submitted": _("{attempt}: submitted"),
    "intro": _(
        "Build the map of your structure's local partners and use it on the territory's "
        "figures and on real situations. Every change is saved at once; submit when you are "
        "done."
    ),
    "tasks": _("What you will do"),
    # The same strings as the block's summary (block.TASKS): one entry in the catalog.
    "task.map": _("Place each partner in its domains and draw its relations ({count} partners)."),
    "task.questions": _("Answer questions on the territory's figures ({count} questions)."),
    "task.strategies": _("Say what partners expect and offer ({count} partners)."),
    "task.situations": _(
        "Choose the partners to mobilise for each situation ({count} situations)."
    ),
    "last_attempt": _(
        "This is your last attempt: once submitted, your answers can no longer change."
    ),
    "content_changed": _(
        "The author changed this activity after you started it: your attempt starts again from "
        "an empty map. No attempt was used."
    ),
    # Autosave and errors
    "undo": _("Undo the last change"),
    "undone": _("Last change undone."),
    "status_saving": _("Saving…"),
    "status_saved": _("All changes saved."),
    "status_error": _("Not saved: see the message above."),
    "error": _("Your change could not be saved: {message}"),
    "error_offline": _(
        "Your change could not be saved: the connection to the server was lost. It is kept "
        "here: try again once you are back online."
    ),
    "unknown_error": _("the server did not answer as expected"),
    "retry": _("Try again"),
    # Territory and partners
    "territory": _("The territory"),
    "indicators": _("Figures of the territory: {territory}"),
    "column.indicator": _("Indicator"),
    "column.value": _("Value"),
    "column.date": _("Date"),
    "column.source": _("Source"),
    "partners": _("The partners"),
    "your_structure": _("Your structure"),
    "about": _("About {name}"),
    "card.mission": _("Mission"),
    "card.public": _("Public"),
    "card.funding": _("Funding"),
    "card.contact": _("Contact"),
    "card.domains": _("Domains"),
    # Map and its list
    "map": _("Your map of partners"),
    "map_intro": _(
        "Place each partner in the domains where it acts, then draw the relations between "
        "partners. Drag on the drawing, or use the lists below: both change the same map."
    ),
    "map_intro_places": _(
        "Place each partner in the domains where it acts. Drag on the drawing, or use the "
        "lists below: both change the same map."
    ),
    "list_only": _("Show the map as a list only"),
    "places": _("Domains of each partner"),
    "places_hint": _("Tick every domain where the partner acts; each tick is saved at once."),
    "relations": _("Relations"),
    "relations_count": _("{count} relations drawn, at most {limit}."),
    "relations_none": _("No relation drawn yet."),
    "relations_full": _("The map holds at most {limit} relations: remove one to draw another."),
    "add_relation_legend": _("Add a relation"),
    "relation_from": _("From"),
    "relation_to": _("To"),
    "type_hint": _("Choose a type to read what it means."),
    "choose": _("Choose…"),
    "add_relation": _("Add the relation"),
    "relation_incomplete": _("Choose two different partners and a type of relation."),
    # The engine's refusal, word for word: one entry in the catalog.
    "relation_exists": _(
        "There is already a relation between {source} and {target}: remove it first to change it."
    ),
    "relation_added": _("Relation added: {relation}."),
    "remove": _("Remove"),
    "remove_relation": _("Remove: {relation}"),
    # Questions and strategies
    "questions": _("Questions on the territory"),
    "questions_intro": _("Answer with the figures of the territory's table."),
    "select_one": _("Choose one answer."),
    "select_many": _("Choose every answer that fits."),
    "strategies": _("What partners expect and offer"),
    "part.expects": _("What this partner expects from your structure"),
    "part.offers": _("What it can offer"),
    # Situations
    "situations": _("Situations"),
    "situations_intro": _(
        "For each person, choose the partners to mobilise and the one to mobilise first, and "
        "say why in a sentence or two."
    ),
    "mobilise": _("Partners to mobilise"),
    "mobilise_hint": _("Choose up to {limit} partners."),
    "mobilise_full": _(
        "You chose {limit} partners, the most allowed: untick one to choose another."
    ),
    "first": _("Mobilise first"),
    "first_none": _("None in particular"),
    "justification": _("Your justification"),
    "justification_hint": _("Saved when you pause typing or leave the field."),
    "count": _("{count} of {limit} characters"),
    "count_over": _("{count} of {limit} characters: {over} too many"),
    "text_saving": _("Saving…"),
    "text_saved": _("Saved"),
    "text_unsaved": _("Not saved yet"),
    "text_too_long": _("Too long to be saved: shorten it to {limit} characters."),
    "text_error": _("Not saved: see the message above."),
    # Submitting
    "submit_heading": _("Submit your work"),
    "submit_hint": _(
        "Submitting ends attempt {attempt}: your answers are scored and can no longer change."
    ),
    "submit_empty": _(
        "There is nothing to submit yet: place a partner, draw a relation or answer a question "
        "first."
    ),
    "submit": _("Submit"),
    "todo": _("Not done yet"),
    "todo.places": _("Partners not placed: {count}"),
    "todo.questions": _("Questions not answered: {count}"),
    "todo.strategies": _("Partners whose lists are not all answered: {count}"),
    "todo.situations": _("Situations without a partner: {count}"),
    "submit_too_long": _(
        "A justification is over {limit} characters and cannot be saved: shorten it before "
        "submitting ({items})."
    ),
    "confirm_last": _(
        "This is your last attempt. Once submitted, your map and answers can no longer change. "
        "Submit now?"
    ),
    "confirm_submit": _("Yes, submit"),
    "confirm_cancel": _("No, keep working"),
    # Results
    "result": _("Result of attempt {attempt}"),
    "score": _("Your score: {percent}%."),
    "kept_other": _(
        "The attempt that counts is your best one, attempt {attempt} at {percent}%; this "
        "attempt scored {last}%."
    ),
    "kept_this": _("This attempt is your best so far: it is the one that counts."),
    "required_met": _(
        "To pass the block, this activity must reach {mark}%: the attempt that counts "
        "({percent}%) reaches it."
    ),
    "required_unmet": _(
        "To pass the block, this activity must reach {mark}%: the attempt that counts "
        "({percent}%) does not reach it yet."
    ),
    "capacities": _("Score per capacity"),
    "column.capacity": _("Capacity"),
    "column.points": _("Your points"),
    "column.percent": _("Score"),
    "column.explained": _("How it is computed"),
    "points": _("{earned} of {possible}"),
    "percent": _("{percent}%"),
    "decimal_separator": _("."),
    "feedback.placement": _("Placement of each partner"),
    "feedback.relation": _("Relations of the reference map"),
    "feedback.question": _("Questions"),
    "feedback.strategy": _("What partners expect and offer"),
    "feedback.situation": _("Situations"),
    "outcome.right": _("Right: {earned} of {possible} points."),
    "outcome.partial": _("Partly right: {earned} of {possible} points."),
    "outcome.missed": _("Wrong: {earned} of {possible} points."),
    "relation_item": _("Relation {number} of the reference map"),
    "your_relations": _("Your relations ({count})"),
    "yours": _("Your answer"),
    "expected": _("Expected"),
    "urgent": _("To mobilise first"),
    "urgent_none": _("Nothing urgent"),
    "comment": _("Comment"),
    "nothing": _("nothing"),
    "labelled": _("{label}: "),
    "list_separator": _("; "),
    "your_map": _("Your map"),
    "reference_map": _("The reference map"),
    "download": _("Download my map (SVG)"),
    "print": _("Print"),
    "restart": _("Start a new attempt"),
    "restart_left": _("Start a new attempt (attempts left: {left})"),
    "restart_confirm": _(
        "Start attempt {next}? Your map and answers start again empty; attempts left after it: "
        "{left}. Your best score is kept."
    ),
    "restart_confirm_unlimited": _(
        "Start attempt {next}? Your map and answers start again empty. Your best score is kept."
    ),
    "restart_yes": _("Yes, start a new attempt"),
    "restart_no": _("No, stay on this result"),
    "restarted": _("Attempt {attempt} started: your map and answers are empty."),
    "no_attempts": _("You have used all your attempts."),
    # Staff
    "submissions": _("Learners' submissions"),
    "submissions_intro": _(
        "Course staff only: the attempt kept for each learner, with its score and justifications."
    ),
    "submissions_load": _("Load learners' submissions"),
    "submissions_reload": _("Load learners' submissions again"),
    "submissions_loaded": _("{count} submissions loaded."),
    "submissions_none": _("No learner has submitted yet."),
    "submissions_scope": _(
        "This platform lets the activity read only your own record: the list shows your "
        "submission alone."
    ),
    "submissions_caption": _("Submissions kept ({count})"),
    "column.learner": _("Learner"),
    "column.attempt": _("Attempt"),
    "column.score": _("Score"),
    "column.capacities": _("Capacities"),
    "column.justifications": _("Justifications"),
    "capacity_points": _("{code}: {earned} of {possible}"),
}

#: The engine's refusals (an in-page engine throws them untranslated, by template).
REFUSALS = tuple(value for name, value in vars(engine).items() if name.startswith("REFUSED_"))


def front_end_ui(gettext: Callable[[str], str]) -> dict:
    """The page's strings translated, with the engine's refusals by template."""
    return {
        **{key: gettext(value) for key, value in UI.items()},
        "refusals": {template: gettext(template) for template in REFUSALS},
    }
