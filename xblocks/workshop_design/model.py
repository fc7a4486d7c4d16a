"""Workshop design content model: the brief a commissioning body hands over, the automatic
checks and their weights, the trainer's rubric and the worked example, as frozen dataclasses
with their JSON form; and the learner's plan, as the plain JSON the engines keep.

Pure Python, read by the engine (`engine.py`), the checks (`checks.py`), scoring, OLX and
validation; the JS engine reads the same JSON (`to_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from xblocks.common.dataform import json_form, read_dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The ids of the lists the learner and the trainer pick from (labels are UI strings).
COMMISSIONER_KINDS = _words(
    "france_travail conseil_departemental plie mission_locale cap_emploi opco region commune "
    "ccas etat association entreprise autre"
)
MODES = ("on_site", "distance", "hybrid")
CONSTRAINT_KINDS = _words(
    "reading language digital disability mobility childcare schedule health other"
)
#: The teaching methods of a sequence, with the durations a sequence of each can plausibly
#: take for a group of adults in insertion (minutes, inclusive): an exposé past 45 minutes
#: loses this public, a mock interview needs time to prepare, play and debrief.
METHOD_MINUTES: dict[str, tuple[int, int]] = {
    "expose": (10, 45),
    "brainstorming": (10, 45),
    "tour_de_table": (10, 45),
    "photolangage": (20, 60),
    "jeu_de_role": (20, 90),
    "simulation_entretien": (30, 120),
    "sous_groupes": (20, 90),
    "etude_de_cas": (20, 90),
    "demonstration": (10, 45),
    "atelier_poste": (30, 180),
    "quiz": (5, 30),
    "temoignage": (20, 90),
    "visite_entreprise": (60, 240),
    "travail_individuel": (15, 120),
}
METHODS = tuple(METHOD_MINUTES)
#: Methods where the participants act (the rest: they listen or watch).
ACTIVE_METHODS = frozenset(METHODS) - {"expose", "demonstration", "temoignage"}
EVALUATION_KINDS = ("diagnostic", "formative", "final", "satisfaction")
#: The automatic checks, in the order they are shown.
CHECKS = ("duration", "alignment", "verbs", "variety", "plausible", "constraints", "required")
#: The capacities each check gives evidence of, where the OLX names none.
CHECK_CAPACITIES: dict[str, tuple[str, ...]] = {
    "duration": ("B4.3",),
    "alignment": ("B4.1", "B4.3"),
    "verbs": ("B4.1",),
    "variety": ("B4.5", "B4.6"),
    "plausible": ("B4.3",),
    "constraints": ("B4.5",),
    "required": ("B4.4",),
}
#: Observable action verbs an operational objective may start with (a trainer adds more in
#: `<verbs>`), and verbs that name no observable behaviour, which the check explains.
OBSERVABLE_VERBS = _words(
    "identifier citer nommer lister énumérer décrire rédiger compléter présenter expliquer "
    "reformuler comparer sélectionner choisir classer hiérarchiser utiliser appliquer simuler "
    "réaliser construire élaborer planifier préparer argumenter repérer calculer remplir "
    "envoyer contacter téléphoner répondre formuler distinguer justifier produire adapter "
    "organiser démontrer mener conduire valoriser actualiser créer déposer postuler rechercher "
    "consulter trier relier associer localiser indiquer énoncer illustrer résumer mettre "
    "effectuer écrire lire chiffrer estimer évaluer négocier"
)
VAGUE_VERBS = _words(
    "comprendre connaître savoir apprendre maîtriser découvrir sensibiliser appréhender "
    "percevoir intégrer assimiler réfléchir s’approprier approfondir être avoir"
)

# Bounds of the content (validation refuses more) and of a plan (the engine refuses more).
MAX_CONSTRAINTS = 8
MAX_OUTCOMES = 8
MAX_DELIVERABLES = 8
MAX_INDICATORS = 10
MAX_VERBS = 60
MAX_CRITERIA = 12
MAX_LEVELS = 5
MAX_DURATION = 60 * 200  # minutes of a whole module
MAX_OBJECTIVES = 10
MAX_SEQUENCES = 40
MAX_EVALUATIONS = 12
MAX_SEQUENCE_MINUTES = 480
SHORT = 200  # code points: a title, an objective
MEDIUM = 600  # materials, notes, an adaptation
LONG = 2000  # the logistics, the report's outline
MAX_COMMENT = 2000  # a trainer's comment
MAX_STEPS = 99_999
MAX_ATTEMPT_NUMBER = 999_999
MIN_ADDRESSED = 15  # code points of an answer to a constraint, deliverable or indicator
#: Distinct words of its own (not the brief's, no letter thrice in a row) a text needs to count:
#: an answer, the report's outline, the general objective, an operational objective.
MIN_WORDS = 2


# --- The brief ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commissioner:
    kind: str
    name: str


@dataclass(frozen=True)
class Constraint:
    """A constraint of the public the plan must address (reading level, language…)."""

    id: str
    kind: str
    text: str


@dataclass(frozen=True)
class Public:
    size_min: int
    size_max: int
    profile: str
    constraints: tuple[Constraint, ...] = ()


@dataclass(frozen=True)
class Item:
    """An expected outcome, a deliverable or an indicator of the brief."""

    id: str
    text: str


@dataclass(frozen=True)
class Brief:
    """The "cahier des charges" of the commissioning body."""

    title: str
    commissioner: Commissioner
    public: Public
    need: str
    minutes: int  # total duration asked
    tolerance: int  # minutes either way
    sessions: int
    mode: str
    format: str = ""
    outcomes: tuple[Item, ...] = ()
    budget: str = ""
    logistics: str = ""
    deliverables: tuple[Item, ...] = ()
    indicators: tuple[Item, ...] = ()


# --- Checks, rubric, the whole activity ---------------------------------------------------------


@dataclass(frozen=True)
class CheckSpec:
    """One automatic check as a block instance sets it: its weight and capacities; `minimum`
    is the variety check's number of distinct methods."""

    id: str
    weight: int = 1
    capacities: tuple[str, ...] = ()
    minimum: int = 0


@dataclass(frozen=True)
class Level:
    points: int
    label: str
    text: str = ""


@dataclass(frozen=True)
class Criterion:
    """A rubric criterion; `notes` guide the graders and are never shown to learners."""

    id: str
    label: str
    prompt: str
    levels: tuple[Level, ...]
    notes: str = ""
    capacities: tuple[str, ...] = ()

    @cached_property
    def max_points(self) -> int:
        return max(level.points for level in self.levels)


@dataclass(frozen=True)
class Workshop:
    """A whole activity: the brief, the checks and their share of the grade, the rubric and,
    for trainers, a worked example of a good plan (a plan as the learner's state holds it)."""

    brief: Brief
    checks: tuple[CheckSpec, ...]
    criteria: tuple[Criterion, ...]
    #: The automatic checks' share of the grade where a trainer grades (0 to 1); in a SCORM
    #: package, where no trainer grades, the checks make the whole score.
    checks_share: float = 0.4
    verbs: tuple[str, ...] = ()
    example: dict | None = None

    @cached_property
    def check_index(self) -> dict[str, CheckSpec]:
        return {c.id: c for c in self.checks}

    @cached_property
    def criterion_index(self) -> dict[str, Criterion]:
        return {c.id: c for c in self.criteria}

    @cached_property
    def observable(self) -> frozenset[str]:
        return frozenset(OBSERVABLE_VERBS) | frozenset(self.verbs)

    @cached_property
    def rubric_points(self) -> int:
        return sum(c.max_points for c in self.criteria)


def to_dict(workshop: Workshop) -> dict:
    """The activity as JSON: each dataclass an object of its fields, tuples as lists."""
    return json_form(workshop)


def from_dict(data: dict) -> Workshop:
    """The activity `to_dict` wrote."""
    return read_dataclass(Workshop, data)


# --- The learner's plan -------------------------------------------------------------------------
#
# {"goal": str, "objectives": [{"id", "text"}],
#  "sequences": [{"id", "title", "objectives": [ids], "method", "minutes", "materials",
#                 "notes", "access"}],
#  "evaluations": [{"id", "kind", "objectives": [ids], "text"}],
#  "logistics": str, "report": str,
#  "constraints": {constraint id: str}, "deliverables": {id: str}, "indicators": {id: str}}


def empty_plan() -> dict:
    return {
        "goal": "",
        "objectives": [],
        "sequences": [],
        "evaluations": [],
        "logistics": "",
        "report": "",
        "constraints": {},
        "deliverables": {},
        "indicators": {},
    }


def plan_minutes(plan: dict) -> int:
    return sum(sequence["minutes"] for sequence in plan["sequences"])
