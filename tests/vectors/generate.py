"""Write the interview simulation vectors that hold the Python and JavaScript engines equal.

Run `.venv/bin/python tests/vectors/generate.py` after changing the engine or a scenario below;
`tests/unit/test_vectors.py` fails while the committed files differ from what this writes.

Each vector file (`interview_simulation/<name>.json`) holds:
- `description`, `content` (as `engine.to_dict` writes it) and `settings` (`feedback_mode`,
  `max_attempts`);
- `steps`: actions replayed in order from no state. `action` is `start` (a fresh state),
  `choose` (with `choice`, any JSON value) or `restart`; both carry `at`, the position the
  learner acted from (usually the view's own `at`; a stale one is refused). `expect` is
  `{"state": ...}`, or `{"refused": template, "params": {...}}` when the engine refuses (the
  state is then unchanged); `view` is the full view of the state after the step, given the
  attempt kept so far (`kept_after` after each accepted step) and `settings["seed"]`;
- `checked_states` (optional): `{"input": any JSON, "expect": state}` for `checked_state`;
- `scores` (optional): `{"path": [...], "expect": debrief_view(score(...))}`, partial paths too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script, or loaded by path from the tests
    sys.path.insert(0, str(ROOT))

from course_content import capacity_codes  # noqa: E402
from scorm_export import grading  # noqa: E402
from xblocks.common.shuffle import key_hash, shuffled  # noqa: E402
from xblocks.interview_simulation import engine, scoring, views  # noqa: E402
from xblocks.interview_simulation.engine import (  # noqa: E402
    Choice,
    Ending,
    Flag,
    Node,
    Note,
    Persona,
    Scenario,
)
from xblocks.interview_simulation.validation import validate  # noqa: E402

VECTORS = Path(__file__).resolve().parent
OUT = VECTORS / "interview_simulation"

KARIM = Persona(
    "Karim B.", 52, "demandeur_emploi_longue_duree", "Ancien cariste, au chômage depuis 26 mois."
)
LEA = Persona("Léa M.", 19, "jeune_sans_qualification", "Sortie du lycée sans diplôme en juin.")
NADIA = Persona("Nadia K.", 38, "beneficiaire_rsa", "Mère isolée de deux enfants, au RSA.")


def choice(id_, next_, text, feedback="", points="", sets="", requires="", excludes=""):
    """A choice written like its OLX: `points` as "B1.1=2 B1.6=1", flags space-separated."""
    pairs = tuple((code, int(value)) for code, value in (p.split("=") for p in points.split()))
    flags = (tuple(names.split()) for names in (sets, requires, excludes))
    return Choice(id_, text, next_, feedback, pairs, *flags)


def node(
    id_: str, phase: str, say: str, *choices: Choice, context: str = "", shuffle: bool = True
) -> Node:
    return Node(id_, phase, say, choices, context, shuffle)


# --- Script of a vector: what the learner does, and whether the engine must refuse it --------

HERE = "here"  # act from the state's own position, as a front-end does
START = ("start", None, False, None)
RESTART = ("restart", None, False, HERE)


def path(*choice_ids: str) -> list[tuple]:
    return [("choose", choice_id, False, HERE) for choice_id in choice_ids]


def pick(choice_id: object, at: object = HERE) -> tuple:
    return ("choose", choice_id, False, at)


def restart_at(at: object) -> tuple:
    return ("restart", None, False, at)


def refused(step: tuple) -> tuple:
    return (step[0], step[1], True, step[3])


def replay(scenario: Scenario, settings: dict, script: list[tuple]) -> list[dict]:
    state: dict | None = None
    kept = None
    steps = []
    for action, argument, must_refuse, at in script:
        step: dict = {"action": action}
        if at is not None:
            step["at"] = engine.position(state) if at == HERE else at
        try:
            if action == "start":
                state = engine.new_state()
            elif action == "choose":
                step["choice"] = argument
                state = engine.choose(scenario, state, argument, step["at"])
            else:
                state = engine.restart(scenario, state, settings["max_attempts"], step["at"])
            step["expect"] = {"state": state}
            kept = views.kept_after(scenario, kept, state)
        except engine.ActionRefused as refusal:
            problem = refusal.problem
            step["expect"] = {"refused": problem.template, "params": dict(problem.params)}
        if must_refuse != ("refused" in step["expect"]):
            raise AssertionError(f"{action} {argument!r}: unexpected {step['expect']}")
        step["view"] = views.view(
            scenario,
            state,
            feedback_mode=settings["feedback_mode"],
            max_attempts=settings["max_attempts"],
            seed=settings["seed"],
            kept=kept,
        )
        steps.append(step)
    return steps


def vector(
    description: str,
    scenario: Scenario,
    settings: dict,
    script: list[tuple],
    checked: list = (),
    scores: list = (),
) -> dict:
    problems = validate(scenario, capacity_codes())
    if problems:
        raise AssertionError([p.message() for p in problems])
    settings = {"seed": "learner-7f3a|interview", **settings}
    content = engine.to_dict(scenario)
    scenario = engine.from_dict(json.loads(json.dumps(content)))  # what the JS engine reads
    result = {
        "description": description,
        "content": content,
        "settings": settings,
        "steps": replay(scenario, settings, script),
    }
    if checked:
        result["checked_states"] = [
            {"input": item, "expect": engine.checked_state(scenario, item)} for item in checked
        ]
    if scores:
        result["scores"] = [
            {"path": p, "expect": views.debrief_view(scoring.score(scenario, p))} for p in scores
        ]
    return result


# --- Scenarios ---------------------------------------------------------------------------------


def immediate_feedback() -> dict:
    nodes = (
        node(
            "n1",
            "accueil",
            "Bonjour… excusez-moi, le bus n'est pas passé.",
            choice("c1a", "n2", "Bienvenue.", "Cadre posé.", "B1.1=2 B1.6=1", "cadre"),
            choice("c1b", "n2", "Vous êtes en retard.", "Jugement d'entrée."),
            context="Karim arrive avec dix minutes de retard.",
        ),
        node(
            "n2",
            "exploration",
            "Je cherche n'importe quoi, du moment que ça paye.",
            choice("c2a", "n3", "Racontez-moi votre parcours.", "Question ouverte.", "B1.2=2"),
            choice("c2b", "n3", "Vous avez votre CV ?", "Question fermée, trop tôt.", "B1.2=1"),
        ),
        node(
            "n3",
            "contractualisation",
            "Et maintenant, on fait quoi ?",
            choice("c3a", "e_fin", "Fixons un rendez-vous.", "Engagé.", "B1.7=1"),
            choice("c3b", "e_fin", "Je vous rappellerai.", "Rien n'est fixé."),
        ),
    )
    scenario = Scenario(
        KARIM,
        (Flag("cadre", "milestone", "Cadre de l'entretien posé"),),
        nodes,
        (Ending("e_fin", "Fin de l'entretien", "Vous avez mené un premier entretien complet."),),
    )
    script = [
        START,
        refused(RESTART),  # restart before starting
        refused(pick("zz")),  # unknown choice
        refused(pick(None)),
        refused(pick(7)),
        refused(pick("🙂" * 45)),  # cut to 40 code points in the message
        refused(pick("c2a")),  # a choice of another node
        *path("c1b", "c2b", "c3a"),
        refused(pick("c3a")),  # after the end
        refused(pick("zz")),  # after the end, even unknown
        RESTART,
        *path("c1a", "c2a", "c3a"),
        RESTART,
        pick("c1a"),
        refused(RESTART),  # no attempts left
    ]
    checked = [
        {"v": 1, "attempt": 2, "path": ["c1a"]},
        {"v": 1, "attempt": 1, "path": ["c1a", "c2b", "c3b"], "extra": "dropped"},
        {"v": 1, "attempt": 2, "path": ["c1a", "zz"]},
        {"v": 1, "attempt": 2, "path": ["c1a", 3]},
        {"v": 1, "attempt": 2, "path": ["c1a", "c3a"]},
        {"v": 1, "attempt": 3, "path": ["c1a", "c2a", "c3a", "c1a"]},
        {"v": 2, "attempt": 2, "path": []},
        {"v": True, "attempt": 2, "path": []},
        {"v": 1, "attempt": True, "path": []},
        {"v": 1, "attempt": "2", "path": []},
        {"v": 1, "attempt": 2.5, "path": []},
        {"v": 1, "path": []},
        {"v": 1, "attempt": 2, "path": "c1a"},
        None,
        [],
        "state",
        3,
    ]
    return vector(
        "Immediate feedback, three attempts: weak steps with better choices shown at the end, "
        "refusals of unknown, unoffered and late choices, restart before starting and with no "
        "attempts left; checked states.",
        scenario,
        {"feedback_mode": "immediate", "max_attempts": 3},
        script,
        checked=checked,
        scores=[[], ["c1a"], ["c1b", "c2b"]],
    )


def debrief_feedback() -> dict:
    nodes = (
        node(
            "n1",
            "accueil",
            "C'est ma mère qui m'a dit de venir.",
            choice("c1a", "n2", "Et vous, qu'attendez-vous ?", "Elle parle.", "B1.3=2"),
            choice("c1b", "n2", "Elle a bien fait.", "Vous parlez de la mère.", "B1.3=1"),
        ),
        node(
            "n2",
            "co_construction",
            "J'aimerais bien travailler avec les animaux.",
            # Two choices of equal total: the debrief names the first as the better one.
            choice("c2a", "e1", "Qu'est-ce qui vous attire ?", "Son projet.", "B2.1=2", "projet"),
            choice("c2b", "e1", "Il existe un CAP soigneur.", "Information utile.", "B2.3=2"),
            choice("c2c", "e1", "Ce n'est pas très réaliste.", "Jugement qui ferme l'échange."),
        ),
    )
    scenario = Scenario(
        LEA,
        (Flag("projet", "milestone", "Projet formulé par la personne"),),
        nodes,
        (Ending("e1", "Premier rendez-vous", "Le lien est créé ; le projet reste à construire."),),
    )
    script = [
        START,
        *path("c1b", "c2c"),
        RESTART,
        pick("c1a"),
        refused(pick("c1b")),
        pick("c2b"),
        RESTART,
        *path("c1a", "c2a"),
        RESTART,
        pick("c1b"),
        RESTART,
    ]
    return vector(
        "Debrief feedback, unlimited attempts (0): feedback hidden until the end, better choice "
        "among equals is the first, restarts without limit, even mid-interview.",
        scenario,
        {"feedback_mode": "debrief", "max_attempts": 0},
        script,
    )


def conditional_choices() -> dict:
    nodes = (
        node(
            "n1",
            "accueil",
            "Je viens pour le RSA, on m'a dit qu'il fallait.",
            choice("c1a", "n2", "Voyons vos droits.", "Situation sécurisée.", "B1.1=1", "droits"),
            choice("c1b", "n2", "Parlons tout de suite d'emploi.", "Trop rapide."),
        ),
        node(
            "n2",
            "exploration",
            "Avec les petits, c'est compliqué.",
            choice("c2a", "n3", "Qui les garde ?", "Vu.", "B1.2=2", "garde", requires="droits"),
            choice("c2b", "n3", "Vos droits sont à jour ?", "Utile.", "B1.2=1", excludes="droits"),
            choice("c2c", "n3", "Je comprends.", "Écoute sans exploration."),
        ),
        node(
            "n3",
            "diagnostic",
            "Donc je peux chercher quoi ?",
            choice("c3a", "e1", "La garde d'abord.", "Frein traité.", "B1.4=2", requires="garde"),
            choice("c3b", "e1", "Un temps partiel ?", "Raisonnable.", "B1.4=1", excludes="garde"),
            choice("c3c", "e1", "On verra la prochaine fois.", "Rien n'avance."),
        ),
    )
    scenario = Scenario(
        NADIA,
        (
            Flag("droits", "milestone", "Droits vérifiés"),
            Flag("garde", "barrier", "Pas de solution de garde"),
        ),
        nodes,
        (Ending("e1", "Fin", "Le diagnostic dépend de ce que vous avez exploré."),),
    )
    script = [
        START,
        pick("c1b"),
        refused(pick("c2a")),  # requires droits
        pick("c2b"),
        refused(pick("c3a")),  # requires garde
        pick("c3b"),
        RESTART,
        pick("c1a"),
        refused(pick("c2b")),  # excluded by droits
        pick("c2a"),
        refused(pick("c3b")),  # excluded by garde
        pick("c3a"),
        refused(RESTART),
    ]
    return vector(
        "Conditional choices: requires and excludes on choices, the best path found over "
        "(node, flags) states, refusals of choices not offered; two attempts.",
        scenario,
        {"feedback_mode": "immediate", "max_attempts": 2},
        script,
        scores=[["c1a", "c2a"], ["c1b", "c2b", "c3c"]],
    )


def conditional_endings() -> dict:
    nodes = (
        node(
            "n1",
            "accueil",
            "J'ai mis une heure pour venir.",
            choice("c1a", "n2", "Comment êtes-vous venu ?", "Frein repéré.", "B1.1=1", "mobilite"),
            choice("c1b", "n2", "Commençons.", "Occasion manquée."),
        ),
        node(
            "n2",
            "exploration",
            "J'ai reçu une lettre de l'huissier, mais bon.",
            choice("c2a", "n3", "L'huissier ? Parlons-en.", "Urgence vue.", "B1.2=2", "expulsion"),
            choice("c2b", "n3", "Revenons à votre recherche.", "L'urgence passe inaperçue."),
        ),
        node(
            "n3",
            "co_construction",
            "Qu'est-ce que je peux faire ?",
            choice("c3a", "e_relais", "J'appelle le CCAS avec vous.", "Relais.", "B2.1=2"),
            choice("c3b", "e_plan", "Construisons votre plan.", "Plan cohérent.", "B2.2=1"),
            choice("c3c", "e_neutre", "Revenez dans un mois.", "Aucune action."),
            # The ending's condition is read after the choice's own flags: c3d is offered
            # without expulsion (it sets it), c3e never (it sets what its ending excludes).
            choice("c3d", "e_relais", "Un souci de logement ?", "Tard.", "B2.1=1", "expulsion"),
            choice("c3e", "e_plan", "Et ce courrier ?", "Jamais offert.", sets="expulsion"),
        ),
    )
    scenario = Scenario(
        KARIM,
        (
            Flag("expulsion", "urgency", "Menace d'expulsion du logement", 0.5),
            Flag("mobilite", "barrier", "Pas de permis ni de véhicule"),
        ),
        nodes,
        (
            Ending("e_relais", "Urgence prise en charge", "Relais CCAS.", requires=("expulsion",)),
            Ending("e_plan", "Plan d'action", "Un plan est posé.", excludes=("expulsion",)),
            Ending("e_neutre", "Sans suite", "L'entretien s'achève sans engagement."),
        ),
    )
    script = [
        START,
        *path("c1a", "c2b"),
        refused(pick("c3a")),  # its ending requires expulsion
        pick("c3b"),
        RESTART,
        *path("c1b", "c2a"),
        refused(pick("c3b")),  # its ending excludes expulsion
        pick("c3a"),
        RESTART,
        *path("c1b", "c2b", "c3c"),
        RESTART,
        *path("c1b", "c2b"),
        refused(pick("c3e")),  # sets expulsion, which its ending excludes
        pick("c3d"),  # sets expulsion, which its ending requires
    ]
    return vector(
        "Conditional endings: a choice is offered only when its target ending's requires and "
        "excludes hold, read after the choice's own flags; missed urgency (with a cap) and "
        "missed barrier in the debrief.",
        scenario,
        {"feedback_mode": "immediate", "max_attempts": 0},
        script,
    )


def critical_cap() -> dict:
    nodes = (
        node(
            "n1",
            "accueil",
            "Je ne sais pas trop par où commencer.",
            choice("c1a", "n2", "Prenons le temps.", "Cadre de confiance.", "B1.1=3", "cadre"),
            choice("c1b", "n2", "Remplissons le dossier.", "Administratif d'abord.", "B1.1=1"),
        ),
        node(
            "n2",
            "diagnostic",
            "À la maison, ce n'est pas facile en ce moment.",
            choice("c2a", "n3", "Dites-m'en plus ?", "Espace ouvert.", "B1.4=2", "violence"),
            choice("c2b", "n3", "Et côté travail ?", "Signal ignoré."),
        ),
        node(
            "n3",
            "diagnostic",
            "Et j'ai mal au dos depuis des mois.",
            choice("c3a", "n4", "Avez-vous vu un médecin ?", "Frein exploré.", "B1.3=1", "sante"),
            choice("c3b", "n4", "Ça ira mieux.", "Frein minimisé."),
        ),
        node(
            "n4",
            "contractualisation",
            "Bon, et la suite ?",
            choice("c4a", "e1", "Fixons deux étapes.", "Engagement précis.", "B1.7=2"),
            choice("c4b", "e1", "À bientôt.", "Rien n'est fixé."),
        ),
    )
    flags = (
        Flag("cadre", "milestone", "Cadre posé"),
        # 9/32: an exact binary tie at four decimals, rounded half to even (0.2812).
        Flag("violence", "urgency", "Violences conjugales évoquées", 0.28125),
        Flag("sante", "barrier", "Problème de santé non soigné", 0.6),
    )
    scenario = Scenario(
        NADIA, flags, nodes, (Ending("e1", "Fin", "Le score tient compte des points critiques."),)
    )
    script = [
        START,
        *path("c1a", "c2b", "c3b", "c4a"),  # both caps missed: the lowest applies
        RESTART,
        *path("c1a", "c2a", "c3b", "c4a"),  # one cap missed
        RESTART,
        *path("c1b", "c2a", "c3a", "c4b"),  # no cap, raw below 1
        RESTART,
        *path("c1a", "c2a", "c3a", "c4a"),
    ]
    return vector(
        "Critical items: a missed flag with a cap caps the score (the lowest cap of those "
        "missed), missed urgencies and barriers listed; a cap that is an exact rounding tie.",
        scenario,
        {"feedback_mode": "debrief", "max_attempts": 5},
        script,
        scores=[[], ["c1a", "c2b"], ["c1a", "c2a", "c3a"]],
    )


def attempt_limit() -> dict:
    nodes = (
        node(
            "n1",
            "accueil",
            "Bonjour.",
            choice("c1a", "e1", "Bonjour Léa, asseyez-vous.", "Accueil personnalisé.", "B1.1=1"),
            choice("c1b", "e1", "Suivante !", "Accueil impersonnel."),
        ),
    )
    scenario = Scenario(LEA, (), nodes, (Ending("e1", "Fin", "Un seul essai."),))
    script = [START, refused(RESTART), pick("c1b"), refused(RESTART), refused(pick("c1a"))]
    return vector(
        "One attempt only: restart refused before starting (not started) and after the end "
        "(no attempts left); can_restart stays false.",
        scenario,
        {"feedback_mode": "debrief", "max_attempts": 1},
        script,
    )


def capacities_and_rounding() -> dict:
    nodes = (
        node(
            "n1",
            "accueil",
            "Je suis là pour quoi, exactement ?",
            choice("c1a", "n2", "Pour faire connaissance.", "Juste.", "B1.1=1"),
            choice("c1b", "n2", "Pour parler de vos compétences.", "Bien.", "B2.10=3"),
            choice("c1c", "n2", "Pour vous écouter d'abord.", "Très bien.", "B2.2=5"),
            choice("c1d", "n2", "Pour comprendre votre situation.", "Très bien aussi.", "B1.3=5"),
        ),
        node(
            "n2",
            "co_construction",
            "D'accord.",
            # The same capacity listed twice: its points add up, in earned and in best.
            choice("c2a", "e1", "Construisons un plan.", "Complet.", "B2.1=16 B2.1=11"),
            choice("c2b", "e1", "Revoyons vos compétences.", "Partiel.", "B2.10=2"),
        ),
    )
    scenario = Scenario(KARIM, (), nodes, (Ending("e1", "Fin", "Trente-deux points au mieux."),))
    script = [START, *path("c1b", "c2a"), RESTART, *path("c1a", "c2b")]
    return vector(
        "Capacities and rounding: codes sorted by number (B2.2 before B2.10), each code's best "
        "from its own best path, a code listed twice in one choice, raw scores that are exact "
        "binary ties at four decimals (1/32, 3/32, 5/32) rounded half to even.",
        scenario,
        {"feedback_mode": "immediate", "max_attempts": 2},
        script,
        scores=[[], ["c1a"], ["c1b"], ["c1c"], ["c1b", "c2b"], ["c1a", "c2a"], ["c1d", "c2a"]],
    )


def shuffled_orders() -> dict:
    five = node(
        "n1",
        "exploration",
        "Je ne sais pas quoi vous dire.",
        choice("c1a", "n2", "Qu'est-ce qui vous amène ?", "Ouvert.", "B1.2=2"),
        choice("c1b", "n2", "Parlez-moi de vous.", "Ouvert aussi.", "B1.2=1"),
        choice("c1c", "n2", "Vous avez un CV ?", "Fermé."),
        choice("c1d", "n2", "On a vingt minutes.", "Cadre sec."),
        choice("c1e", "n2", "Prenez votre temps.", "Accueillant.", "B1.6=1"),
    )
    scale = node(
        "n2",
        "diagnostic",
        "Sur une échelle de 1 à 3, mon moral ?",
        choice("c2a", "e1", "1", "Noté.", "B1.4=1"),
        choice("c2b", "e1", "2", "Noté."),
        choice("c2c", "e1", "3", "Noté."),
        choice("c2d", "e1", "Je ne sais pas", "Noté."),
        shuffle=False,
    )
    scenario = Scenario(LEA, (), (five, scale), (Ending("e1", "Fin", "Ordre tiré."),))
    script = [START, pick("c1c"), pick("c2d"), RESTART, pick("c1a"), RESTART, pick("c1e")]
    return vector(
        "Shuffled choices: a five-choice node drawn per learner and attempt from the seed, a "
        'pinned node (shuffle="false") in its authored order; three attempts.',
        scenario,
        {"feedback_mode": "immediate", "max_attempts": 3, "seed": "learner-0042|ouverture"},
        script,
    )


def stale_actions() -> dict:
    nodes = (
        node(
            "n1",
            "accueil",
            "Bonjour.",
            choice("c1a", "n2", "Bonjour, installez-vous.", "Accueil.", "B1.1=1"),
            choice("c1b", "n2", "Dossier ?", "Sec."),
        ),
        node(
            "n2",
            "contractualisation",
            "On se revoit ?",
            choice("c2a", "e1", "Dans quinze jours.", "Fixé.", "B2.2=1"),
            choice("c2b", "e1", "Rappelez-moi.", "Flou."),
        ),
    )
    scenario = Scenario(KARIM, (), nodes, (Ending("e1", "Fin", "Terminé."),))
    first = {"attempt": 1, "step": 0}
    script = [
        START,
        pick("c1a"),
        refused(pick("c1a", first)),  # a double click: the same position twice
        refused(pick("c2a", first)),  # a second tab still on the first node
        refused(pick("c2a", {"attempt": 1, "step": 2})),  # ahead of the state
        refused(pick("c2a", {"attempt": 1, "step": True})),
        refused(pick("c2a", {"attempt": 1, "step": 1, "extra": 0})),
        refused(pick("c2a", [1, 1])),
        pick("c2b"),
        refused(restart_at({"attempt": 1, "step": 1})),  # restart from an old page
        RESTART,
        refused(restart_at({"attempt": 1, "step": 2})),  # the same restart again
        pick("c1b"),
    ]
    return vector(
        "Stale actions: each action names the position it was made at; a double click, a "
        "second tab or a replayed restart is refused and changes nothing.",
        scenario,
        {"feedback_mode": "immediate", "max_attempts": 3},
        script,
    )


def outcomes_and_kept_attempt() -> dict:
    nodes = (
        node(
            "n1",
            "exploration",
            "Depuis février je me débrouille. Les courriers, je les ouvre plus.",
            choice("c1a", "n2", "Ces courriers, c'est quoi ?", "Signal exploré.", "B1.5=1"),
            choice("c1b", "n3", "Passons à la mobilité.", "Signal ignoré.", "B1.2=1"),
            choice("c1c", "n3", "Il faut ouvrir son courrier.", "Jugement."),
        ),
        node(
            "n2",
            "diagnostic",
            "C'est le loyer. Quatre mois de retard.",
            choice("c2a", "n3", "On appelle le CCAS.", "Relais.", "B1.5=3", "expulsion"),
            choice("c2b", "n3", "Demandez le RSA.", "Incomplet.", "B2.7=2"),
        ),
        node(
            "n3",
            "co_construction",
            "Une immersion ? Et si je perds l'appartement ?",
            # Locally c3a earns more; c3b catches the critical item late and is worth more.
            choice("c3a", "e_fin", "Une PMSMP dure un mois.", "Info juste.", "B2.7=3"),
            choice("c3b", "e_fin", "L'appartement ?", "Récupéré.", "B1.5=1", "expulsion"),
            choice("c3c", "e_fin", "On verra.", "Rien."),
        ),
    )
    scenario = Scenario(
        KARIM,
        (
            Flag("expulsion", "urgency", "Procédure d'expulsion", 0.5),
            Flag("sante", "barrier", "Douleurs dorsales"),
        ),
        nodes,
        (
            Ending(
                "e_fin",
                "Fin",
                "L'entretien se termine.",
                notes=(
                    Note("Vous avez traité l'urgence.", ("expulsion",)),
                    Note("L'urgence est restée sans réponse.", (), ("expulsion",)),
                ),
            ),
        ),
    )
    script = [
        START,
        *path("c1a", "c2b", "c3a"),  # caught nothing: the better choice at n3 is the late catch
        RESTART,
        *path("c1a", "c2a", "c3a"),  # the best attempt
        RESTART,
        *path("c1c", "c3c"),  # worse: the end page shows the kept attempt
    ]
    return vector(
        "Outcomes judged on what stays reachable: the better choice is the late catch of a "
        "critical item, not the step's highest points; the step where a missed urgency could "
        "be caught; the score explained (uncapped, cap and its flags); notes of an ending kept "
        "to what the path did; after the last attempt the kept (best) attempt is shown.",
        scenario,
        {"feedback_mode": "immediate", "max_attempts": 3},
        script,
        scores=[["c1b", "c3a"], ["c1a", "c2b", "c3b"], ["c1a", "c2a", "c3b"]],
    )


BUILDERS = (
    immediate_feedback,
    debrief_feedback,
    conditional_choices,
    conditional_endings,
    critical_cap,
    attempt_limit,
    capacities_and_rounding,
    shuffled_orders,
    stale_actions,
    outcomes_and_kept_attempt,
)

SHUFFLE_KEYS = (
    "",
    "a",
    "learner-7f3a|interview|1|n1",
    "learner-7f3a|interview|2|n1",
    "3f9c2b1e8d7a6f5e4d3c2b1a0f9e8d7c|deld_karim|1|n12",
    "élève|entretien|1|nœud",
    "🙂|x|100|n9",
)


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def shuffle_vectors() -> dict:
    """Keys, their hashes and the orders they draw for lists of 1 to 12 items."""
    return {
        "description": "FNV-1a of the key's UTF-8 bytes, and the Fisher-Yates orders it draws.",
        "cases": [
            {
                "key": key,
                "hash": key_hash(key),
                "orders": {n: shuffled(range(n), key) for n in (1, 2, 3, 5, 8, 12)},
            }
            for key in SHUFFLE_KEYS
        ],
    }


def _component(key, weight, required=None):
    return {"key": key, "weight": weight, "required": required}


def _policy(*types, pass_mark=0.6):
    return [{"type": t, "min_count": m, "drop_count": d, "weight": w} for t, m, d, w in types], (
        pass_mark
    )


def grading_vectors() -> dict:
    """Block grades as Open edX computes them (scorm_export/grading.py), for grading.js."""
    bloc = [
        _component("q1", 1.0),
        _component("q2", 1.0),
        _component("q3", 1.0),
        _component("interview", 7.0, 0.5),
    ]
    one_type, cutoff = _policy(("Bloc 1", 1, 0, 0.25))
    three = [{"format": "Devoir", "components": [_component(f"d{n}", 2.0)]} for n in range(3)]
    plans = {
        "performance task weighs 70 %, required at 50 %": {
            "types": one_type,
            "pass_mark": cutoff,
            "subsections": [{"format": "Bloc 1", "components": bloc}],
        },
        "two interviews required, a quiz": {
            "types": _policy(("Bloc 2", 1, 0, 0.25))[0],
            "pass_mark": 0.6,
            "subsections": [
                {
                    "format": "Bloc 2",
                    "components": [
                        _component("q1", 1.0),
                        _component("q2", 1.0),
                        _component("q3", 1.0),
                        _component("lena", 3.5, 0.5),
                        _component("sonia", 3.5, 0.5),
                    ],
                }
            ],
        },
        "drops, placeholders and two types": {
            "types": _policy(("Devoir", 4, 1, 0.3), ("Examen", 1, 0, 0.1))[0],
            "pass_mark": 0.5,
            "subsections": [
                *three,
                {"format": "Examen", "components": [_component("x", 3.0), _component("y", 0)]},
                {"format": "Examen", "components": []},
            ],
        },
        "nothing to earn": {
            "types": _policy(("Bloc 3", 1, 0, 0.25))[0],
            "pass_mark": 0.6,
            "subsections": [{"format": "Bloc 3", "components": [_component("z", 0)]}],
        },
    }
    answers = [
        {"q1": 1, "q2": 1, "q3": 1, "interview": 0.4},
        {"q1": 0, "q2": 0, "q3": 0, "interview": 0.62},
        {"q1": 1, "q2": 0, "q3": 1, "interview": 0.5},
        {"q1": 1, "q2": 1, "q3": 0, "interview": 0.6},
        {"q1": 1, "q2": 1, "q3": 0, "interview": None},
        {"q1": 1, "q2": 1, "q3": 1, "lena": 0.95, "sonia": 0.3},
        {"q1": 1, "q2": 1, "q3": 1, "lena": 0.55, "sonia": 0.5},
        {"q1": 0, "lena": 0.5949, "sonia": 0.6},
        {"d0": 1, "d1": 0.5, "d2": 0.125, "x": 0.135},
        {"d0": 0.335, "d1": 0.345, "d2": 1.5, "x": -1},
        {"z": 1},
        {},
    ]
    cases = []
    for name, plan in plans.items():
        keys = {c["key"] for s in plan["subsections"] for c in s["components"]}
        for scores in answers:
            if not set(scores) <= keys:
                continue
            cases.append({"plan": name, "scores": scores, "expect": grading.grade(plan, scores)})
    return {"plans": plans, "cases": cases}


def build() -> dict[str, str]:
    """Every vector file's name (under tests/vectors/) and text, as the generator writes them."""
    files = {f"interview_simulation/{b.__name__}.json": dump(b()) for b in BUILDERS}
    files["shuffle/orders.json"] = dump(shuffle_vectors())
    files["grading/blocks.json"] = dump(grading_vectors())
    files.update(_beside("generate_partner_network").build())
    files.update(_beside("generate_workshop_design").build())
    return files


def _beside(stem: str):
    """Another block's generator, beside this one (loaded by path, as the tests do)."""
    import importlib.util

    path = Path(__file__).with_name(f"{stem}.py")
    spec = importlib.util.spec_from_file_location(stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    files = build()
    for stale in VECTORS.glob("*/*.json"):
        if str(stale.relative_to(VECTORS)) not in files:
            stale.unlink()
    for name, text in files.items():
        (VECTORS / name).parent.mkdir(parents=True, exist_ok=True)
        (VECTORS / name).write_text(text, encoding="utf-8")
    print(f"{len(files)} vectors written to {VECTORS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
