"""Every string the workshop design's pages show (public/workshop-design-view.js), in English,
the catalogs' source, marked for translation: the learner's page, the plan as a document and
the trainers' list and grading screen. The block sends them all translated to the page.

The labels of the lists the page picks from (methods, evaluation kinds, constraint kinds,
commissioners, modes, checks, statuses) are keyed by the ids of `model.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from xblocks.common.i18n import gettext_noop as _
from xblocks.common.i18n import marked_strings
from xblocks.workshop_design import engine

UI = {
    # Header
    "attempt": _("Attempt {attempt} of {max}"),
    "attempt_unlimited": _("Attempt {attempt}"),
    "intro": _(
        "Design the workshop the brief below asks for: its objectives, its sequences, how you "
        "evaluate it and how you answer the brief. Your plan is saved as you write; the "
        "automatic checks follow each save. Submit it when it is ready: a trainer grades it."
    ),
    "last_attempt": _("This is your last attempt: once submitted, your plan can no longer change."),
    "content_changed": _(
        "The author changed this activity after you started your plan: it was adapted to the "
        "new brief. No attempt was used."
    ),
    # The brief
    "brief_heading": _("The brief: {title}"),
    "brief_commissioner": _("Commissioned by"),
    "commissioner_line": _("{name} ({kind})"),
    "brief_public": _("Public"),
    "public_size": _("From {min} to {max} participants."),
    "brief_constraints": _("Constraints to take into account:"),
    "brief_need": _("The need"),
    "brief_outcomes": _("Expected outcomes"),
    "brief_duration": _("Duration"),
    "duration_line": _("{duration} (± {tolerance}), {sessions}, {mode}"),
    "sessions": _("{count} sessions"),
    "sessions_one": _("1 session"),
    "brief_format": _("Format"),
    "brief_budget": _("Budget"),
    "brief_logistics": _("Logistics"),
    "brief_deliverables": _("Deliverables"),
    "brief_indicators": _("Indicators"),
    "duration_hm": _("{h} h {mm}"),
    "duration_h": _("{h} h"),
    "duration_m": _("{m} min"),
    "clock": _("{h} h {mm}"),
    "time_range": _("{from} – {to}"),
    # The rubric
    "rubric_heading": _("How your plan is graded"),
    "rubric_intro": _(
        "The automatic checks' share of the grade: {share}%. A trainer grades the rest with "
        "these criteria."
    ),
    "rubric_intro_auto": _(
        "In this LMS no trainer grades the plan: the automatic checks give its score. A "
        "trainer or a jury reading your printed plan judges it on these criteria."
    ),
    "criterion_max": _("{label} ({max} points)"),
    "level_line": _("{label}: {points} points"),
    "notes_line": _("Graders' notes: {notes}"),
    # The editor
    "editor_heading": _("Your plan"),
    "autosave_hint": _("Saved when you pause typing, change a choice or leave a field."),
    "status_saving": _("Saving…"),
    "status_saved": _("Saved"),
    "status_error": _("Not saved: try again"),
    "error": _("Your plan could not be saved: {message}"),
    "error_offline": _(
        "The connection to the server was lost. Your plan is kept here: try again once you are "
        "back online."
    ),
    "unknown_error": _("the server did not answer as expected"),
    "retry": _("Try again"),
    "goal": _("General objective"),
    "objectives_heading": _("Operational objectives"),
    "objectives_hint": _(
        "Start each with an observable action verb: what a participant will be able to do."
    ),
    "objective_label": _("Objective {number}"),
    "objective_short": _("Objective {number}: {text}"),
    "objective_number": _("Objective {number}"),
    "objective_untitled": _("(not written yet)"),
    "objectives_none_yet": _("Add an operational objective first."),
    "add_objective": _("Add an objective"),
    "remove_objective": _("Remove objective {number}"),
    "objective_removed": _("Objective {number} removed."),
    "list_full": _("The plan holds at most {limit}."),
    "sequences_heading": _("Sequences"),
    "sequences_hint": _("In the order they take place; each serves one or more objectives."),
    "sequence_label": _("Sequence {number}"),
    "sequence_short": _("Sequence {number}: {title}"),
    "sequence_title": _("Title"),
    "sequence_method": _("Method"),
    "sequence_minutes": _("Duration in minutes"),
    "minutes_hint": _("From 0 to {limit} minutes."),
    "sequence_objectives": _("Objectives served"),
    "sequence_materials": _("Materials"),
    "sequence_notes": _("Facilitation notes"),
    "sequence_access": _("Accessibility adaptations"),
    "add_sequence": _("Add a sequence"),
    "remove_sequence": _("Remove sequence {number}"),
    "sequence_removed": _("Sequence {number} removed."),
    "move_up": _("Move up"),
    "move_down": _("Move down"),
    "move_up_label": _("Move up: sequence {number}"),
    "move_down_label": _("Move down: sequence {number}"),
    "sequence_moved": _("Sequence moved to position {number}."),
    "evaluations_heading": _("Evaluations"),
    "evaluations_hint": _(
        "Say how you evaluate the objectives, and the participants' satisfaction."
    ),
    "evaluation_label": _("Evaluation {number}"),
    "evaluation_short": _("Evaluation {number}: {kind}"),
    "evaluation_kind": _("Kind"),
    "evaluation_objectives": _("Objectives assessed"),
    "evaluation_text": _("Description"),
    "add_evaluation": _("Add an evaluation"),
    "remove_evaluation": _("Remove evaluation {number}"),
    "evaluation_removed": _("Evaluation {number} removed."),
    "answers_heading": _("Your answers to the brief"),
    "logistics": _("Logistics"),
    "answer_constraint": _("How the plan addresses this constraint: {text}"),
    "answer_deliverable": _("Deliverable: {text}"),
    "answer_indicator": _("Indicator: {text}"),
    "answers_constraints": _("The public's constraints"),
    "report": _("Outline of the report to the commissioner"),
    "choose": _("Choose…"),
    "count": _("{count} of {limit} characters"),
    "remove": _("Remove"),
    "untitled": _("untitled"),
    "none": _("None"),
    "labelled": _("{label}: "),
    "list_separator": _("; "),
    "percent": _("{percent}%"),
    # The checks
    "checks_heading": _("Automatic checks"),
    "checks_intro": _(
        "They follow each save of your plan. Their share of the grade, once a trainer has "
        "graded the plan: {share}%."
    ),
    "run_checks": _("Run the checks"),
    "weight": _("(weight {weight})"),
    "outcome_right": _("met"),
    "outcome_partial": _("partly met"),
    "outcome_missed": _("not met"),
    "minutes_fit": _("Total duration: {total}, for {asked} asked (± {tolerance}): it fits."),
    "minutes_short": _("Total duration: {total}, for {asked} asked (± {tolerance}): too short."),
    "minutes_long": _("Total duration: {total}, for {asked} asked (± {tolerance}): too long."),
    "alignment_heading": _("Alignment of objectives, sequences and evaluations"),
    "alignment_empty": _("Write an operational objective to see what serves and assesses it."),
    "column_objective": _("Objective"),
    "column_serving": _("Sequences that serve it"),
    "column_assessing": _("Evaluations that assess it"),
    # Submitting
    "submit_heading": _("Submit your plan"),
    "submit_hint": _(
        "Submitting ends attempt {attempt}: your plan can no longer change and goes to a "
        "trainer for grading."
    ),
    "submit_hint_auto": _(
        "Submitting ends attempt {attempt}: your plan can no longer change, and the automatic "
        "checks give its score. Print it then, to hand it in."
    ),
    "submit_empty": _("Write an objective or a sequence before submitting."),
    "submit": _("Submit the plan"),
    "confirm_last": _(
        "This is your last attempt: once submitted, your plan can no longer change. Submit now?"
    ),
    "confirm_left": _(
        "Once submitted, your plan can no longer change; attempts left after this one: {left}. "
        "Submit now?"
    ),
    "confirm_unlimited": _("Once submitted, this attempt's plan can no longer change. Submit now?"),
    "confirm_submit": _("Yes, submit"),
    "confirm_cancel": _("No, keep working"),
    "submitted": _("Plan submitted: it is awaiting grading."),
    "submitted_auto": _("Plan submitted: the automatic checks give its score."),
    "stale_kept": _(
        "The version you were writing is kept on this page: put it back to replace the one "
        "reloaded."
    ),
    "stale_restore": _("Put my version back"),
    "stale_restored": _("Your version is back and saved."),
    # The result
    "result_heading": _("Result of attempt {attempt}"),
    "status_awaiting": _("Awaiting grading"),
    "status_graded": _("Graded"),
    "status_regraded": _("Regraded"),
    "status_automatic": _("Scored by the automatic checks"),
    "automatic_print": _(
        "No trainer grades this plan in this LMS. Open the plan as a document and print it (or "
        "save it as a PDF) to hand it to your trainer."
    ),
    # In a SCORM package: the room the LMS keeps for the plan
    "room_used": _("Room your LMS keeps for this plan: {percent}% used."),
    "room_near": _(
        "Your plan nearly fills the room your LMS keeps for it ({percent}% used): shorten a text "
        "before adding more."
    ),
    "room_over": _(
        "Your plan no longer fits in what your LMS keeps ({used} characters of {room}): your "
        "latest changes are kept in this browser only. Shorten a text to have your LMS keep "
        "them, or hand in the printed plan."
    ),
    "scorm_summary": _(
        "{objectives} objectives, {sequences} sequences, {evaluations} evaluations, {duration}; "
        "automatic checks {percent}%. {goal}"
    ),
    "awaiting_checks": _(
        "The automatic checks, on their part: {percent}% (their share of the grade: "
        "{share}%). A trainer grades the rest."
    ),
    "levels_heading": _("The trainer's grading"),
    "column_criterion": _("Criterion"),
    "column_level": _("Level"),
    "column_comment": _("Trainer's comment"),
    "level_points": _("{label}: {points} of {max} points"),
    "overall_heading": _("Overall comment"),
    "capacities_heading": _("Score per capacity"),
    "column_capacity": _("Capacity"),
    "column_label": _("Label"),
    "column_percent": _("Score"),
    "column_explained": _("How it is computed"),
    "kept_other": _("The attempt that counts is your best one, attempt {attempt} at {percent}%."),
    "required_met": _(
        "To pass the block, this activity must reach {mark}%: the attempt that counts "
        "({percent}%) reaches it."
    ),
    "required_unmet": _(
        "To pass the block, this activity must reach {mark}%: the attempt that counts "
        "({percent}%) does not reach it yet."
    ),
    "restart": _("Start a new attempt"),
    "restart_left": _("Start a new attempt (attempts left: {left})"),
    "restarted": _("Attempt {attempt} started from your last plan."),
    "no_attempts": _("You have used all your attempts."),
    # The plan as a document
    "document_open": _("Open the plan as a document"),
    "document_close": _("Close the document"),
    "document_heading": _("Pedagogical plan: {title}"),
    "document_commission": _("For: {name}"),
    "document_timeline": _("Timeline"),
    "document_timeline_caption": _("Timeline of the sequences (total {total})"),
    "column_time": _("Time from the start"),
    "column_sequence": _("Sequence"),
    "column_objectives": _("Objectives"),
    "column_method": _("Method"),
    "column_materials": _("Materials"),
    "column_evaluation": _("Evaluation"),
    "print": _("Print"),
    # Staff
    "submissions_heading": _("Submissions"),
    "submissions_intro": _("Course staff only: the learners' submitted plans, to grade."),
    "submissions_reload": _("Load the list again"),
    "submissions_caption": _("Submitted plans"),
    "submissions_count": _("{shown} of {count} submissions shown."),
    "submissions_none": _("No learner has submitted a plan yet."),
    "filter_status": _("Status"),
    "filter_all": _("All"),
    "filter_name": _("Search by name"),
    "column_learner": _("Learner"),
    "column_attempt": _("Attempt"),
    "column_status": _("Status"),
    "column_checks": _("Checks"),
    "column_grade": _("Grade"),
    "column_submitted": _("Submitted"),
    "column_action": _("Action"),
    "grade": _("Grade"),
    "grade_learner": _("Grade {name}"),
    "screen_heading": _("Grading {name}, attempt {attempt}"),
    "screen_status": _("{status}; submitted {submitted}."),
    "screen_content_changed": _(
        "The activity changed after this plan was submitted: the checks are those of the "
        "current brief."
    ),
    "screen_close": _("Close the grading screen"),
    "grading_heading": _("Your grading"),
    "comment_on": _("Comment on {label}"),
    "overall_comment": _("Overall comment"),
    "save_grading": _("Save the grading"),
    "grading_saved": _("Grading saved: the learner sees it now."),
    "grading_incomplete": _("Choose a level for every criterion: {criteria}."),
    "history_heading": _("Gradings so far"),
    "history_none": _("Not graded yet."),
    "column_by": _("By"),
    "column_at": _("When"),
    # Methods (model.METHODS)
    "method_expose": _("Lecture"),
    "method_brainstorming": _("Brainstorming"),
    "method_tour_de_table": _("Round table"),
    "method_photolangage": _("Photolanguage"),
    "method_jeu_de_role": _("Role play"),
    "method_simulation_entretien": _("Mock job interview"),
    "method_sous_groupes": _("Small-group work"),
    "method_etude_de_cas": _("Case study"),
    "method_demonstration": _("Demonstration"),
    "method_atelier_poste": _("Hands-on computer workshop"),
    "method_quiz": _("Quiz"),
    "method_temoignage": _("Guest testimony"),
    "method_visite_entreprise": _("Company visit"),
    "method_travail_individuel": _("Individual work"),
    # Evaluation kinds (model.EVALUATION_KINDS)
    "evaluation_diagnostic": _("Diagnostic"),
    "evaluation_formative": _("Formative"),
    "evaluation_final": _("Final"),
    "evaluation_satisfaction": _("Satisfaction"),
    # Constraint kinds (model.CONSTRAINT_KINDS)
    "constraint_reading": _("Reading"),
    "constraint_language": _("Language"),
    "constraint_digital": _("Digital skills"),
    "constraint_disability": _("Disability"),
    "constraint_mobility": _("Mobility"),
    "constraint_childcare": _("Childcare"),
    "constraint_schedule": _("Schedule"),
    "constraint_health": _("Health"),
    "constraint_other": _("Other"),
    # Commissioner kinds (model.COMMISSIONER_KINDS)
    "commissioner_france_travail": _("France Travail"),
    "commissioner_conseil_departemental": _("Departmental council"),
    "commissioner_plie": _("Local plan for integration and employment (PLIE)"),
    "commissioner_mission_locale": _("Mission locale"),
    "commissioner_cap_emploi": _("Cap emploi"),
    "commissioner_opco": _("Skills operator (OPCO)"),
    "commissioner_region": _("Regional council"),
    "commissioner_commune": _("Municipality"),
    "commissioner_ccas": _("Municipal social action centre (CCAS)"),
    "commissioner_etat": _("The State"),
    "commissioner_association": _("Association"),
    "commissioner_entreprise": _("Company"),
    "commissioner_autre": _("Other"),
    # Modes (model.MODES): inside a sentence
    "mode_on_site": _("on site"),
    "mode_distance": _("at a distance"),
    "mode_hybrid": _("hybrid"),
    # Checks (model.CHECKS)
    "check_duration": _("Duration"),
    "check_alignment": _("Alignment"),
    "check_verbs": _("Observable verbs"),
    "check_variety": _("Variety of methods"),
    "check_plausible": _("Plausible durations"),
    "check_constraints": _("The public's constraints"),
    "check_required": _("Required parts"),
}

#: The engine's refusals (an in-page engine, as in Studio's preview, throws them by template).
REFUSALS = tuple(value for name, value in vars(engine).items() if name.startswith("REFUSED_"))


def front_end_ui(gettext: Callable[[str], str]) -> dict:
    """The page's strings translated, with the engine's refusals by template."""
    return {
        **{key: gettext(value) for key, value in UI.items()},
        "refusals": {template: gettext(template) for template in REFUSALS},
    }


def engine_templates(gettext: Callable[[str], str]) -> dict[str, str]:
    """The engine's, checks' and scores' templates, translated: the JS engine formats its lines
    and refusals with them (`WorkshopDesignEngine.format`), in a SCO and in Studio's preview."""
    return {
        template: gettext(template)
        for module in ("engine", "checks", "scoring")
        for template in marked_strings(f"xblocks.workshop_design.{module}")
    }
