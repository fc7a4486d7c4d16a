"""Write the workshop design vectors that hold the Python and JavaScript engines equal.

Run `.venv/bin/python tests/vectors/generate_workshop_design.py` after changing the engine,
the checks, the scoring or a workshop below; `tests/unit/test_workshop_design_vectors.py`
fails while the committed files differ from what this writes, and `node --test tests/js/`
replays them through `xblocks/workshop_design/public/workshop-design-engine.js`.

A line (a `Message`) is written as `{"template", "params"}`, each param the string Python
formats into the template, a nested line, or `{"joined": [values], "separator"}` (a
`Joined`): the form the JS engine gives and its `format(line, gettext)` renders.

Each vector file (`workshop_design/<name>.json`) holds:
- `description`, `content` (as `model.to_dict` writes it) and `settings` (`seed`,
  `max_attempts`);
- `view_static`: the parts of `engine.learner_view` that depend on the content alone
  (`brief`, `rubric`, `limits`, `evaluation_kinds`,
  `checks_share`), written once; each step's `view` is the rest of it;
- `steps`: actions applied in order to `engine.new_state()`. `action` is the JSON object the
  page sends, `at` included; `expect` is `{"state": ...}`, or `{"refused": template,
  "params": {...}, "status": 400 | 409}` (the state is then unchanged). After an accepted
  step: `view` (gettext = identity, without the static parts and without `plan`, which is
  the state's) and, when its plan is not the one of the accepted step before (a submit, a
  restart and a no-op save keep it), `checks` (`checks.run`: `{"id", "fraction", "lines"}`,
  the fraction unrounded) and `grade`, graded one way in turn (`levels`: a trainer's, or null;
  `automatic_only`): `grade` (`scoring.grade_dict`) and `explanations` (`{"score": line,
  "capacities": {code: line}}`). A step with
  `python_only` (why) is one JSON cannot carry to JavaScript as Python reads it (30.0 is 30
  once parsed there): Python's refusal is recorded, the JS replay leaves it out;
- `checked_states` (optional): `{"input": any JSON, "expect": state}` (`checked_state`);
- `gradings` (optional): `{"input", "expect": cleaned | {"refused", "params"}}`
  (`scoring.clean_grading`);
- `first_verbs`, `hours` (optional): `{"text", "verb"}` and `{"minutes", "text"}`.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script, or loaded by path from the tests
    sys.path.insert(0, str(ROOT))

from course_content import capacity_codes  # noqa: E402
from tests.workshop_design_fixtures import SMALL_XML  # noqa: E402
from xblocks.common.i18n import Joined, Message  # noqa: E402
from xblocks.common.problems import ActionRefused  # noqa: E402
from xblocks.workshop_design import checks, engine, model, olx, scoring  # noqa: E402
from xblocks.workshop_design.validation import validate  # noqa: E402

VECTORS = Path(__file__).resolve().parent
OUT = VECTORS / "workshop_design"
STATIC = ("brief", "rubric", "limits", "evaluation_kinds", "checks_share")


# --- Workshops ---------------------------------------------------------------------------------


def _without(xml: str, tag: str) -> str:
    found = re.sub(rf"\n  <{tag}>.*?</{tag}>", "", xml, flags=re.S)
    assert found != xml, tag
    return found


SMALL = SMALL_XML
NO_RUBRIC = _without(SMALL_XML, "rubric").replace('max_attempts="2"', 'max_attempts="0"')
CUSTOM = _without(SMALL_XML, "example").replace(
    "  <rubric>",
    """  <checks share="0.25">
    <check id="required" weight="2"/>
    <check id="duration" weight="9" capacities="B4.2"/>
    <check id="alignment" weight="8"/>
    <check id="verbs" weight="4" capacities="B4.1 B4.2 B4.1"/>
    <check id="variety" weight="4" minimum="4"/>
    <check id="plausible" weight="3"/>
    <check id="constraints" weight="2"/>
  </checks>
  <verbs>s’inscrire s'engager</verbs>
  <rubric>""",
)
NO_CONSTRAINTS = re.sub(
    r"\n      <constraint .*?</constraint>|\n    <deliverable .*?</deliverable>|"
    r'\n    <indicator .*?</indicator>|\n    <answer to="[a-z]+".*?</answer>',
    "",
    SMALL_XML,
    flags=re.S,
).replace(
    "  <rubric>",
    """  <checks>
    <check id="duration" weight="0"/>
    <check id="verbs" weight="0"/>
    <check id="constraints" weight="0"/>
    <check id="required" weight="0"/>
  </checks>
  <rubric>""",
)


def workshop(xml: str) -> model.Workshop:
    found, _settings = olx.workshop_from_xml(xml)
    problems = validate(found, capacity_codes())
    if problems:
        raise AssertionError([p.message() for p in problems])
    return model.from_dict(json.loads(json.dumps(model.to_dict(found))))  # what JS reads


# --- Plans -------------------------------------------------------------------------------------


def seq(sid, method, minutes, objectives=(), title="Séquence", **texts):
    return {
        "id": sid,
        "title": title,
        "objectives": list(objectives),
        "method": method,
        "minutes": minutes,
        "materials": texts.get("materials", ""),
        "notes": texts.get("notes", ""),
        "access": texts.get("access", ""),
    }


def ev(eid, kind, objectives=(), text="Une évaluation."):
    return {"id": eid, "kind": kind, "objectives": list(objectives), "text": text}


def obj(oid, text):
    return {"id": oid, "text": text}


def good(content: model.Workshop) -> dict:
    return copy.deepcopy(content.example)


def mini() -> dict:
    """A short plan of the small brief that passes every check: 360 minutes, three methods."""
    return {
        "goal": "Rédiger un CV.",
        "objectives": [obj("o1", "Identifier ses atouts."), obj("o2", "Rédiger un CV.")],
        "sequences": [
            seq("s1", "sous_groupes", 90, ["o1"], title="A"),
            seq("s2", "atelier_poste", 180, ["o2"], title="B"),
            seq("s3", "jeu_de_role", 90, ["o2"], title="C"),
        ],
        "evaluations": [ev("e1", "final", ["o1", "o2"]), ev("e2", "satisfaction")],
        "logistics": "",
        "report": "Présence et CV produits.",
        "constraints": {"lecture": "Consignes lues à voix haute.", "garde": "Le matin, 9 h 30."},
        "deliverables": {"deroule": "Remis avant la session."},
        "indicators": {"presence": "Feuille d’émargement."},
    }


def changed(plan: dict, **parts) -> dict:
    return {**copy.deepcopy(plan), **copy.deepcopy(parts)}


def with_sequence(plan: dict, number: int, **fields) -> dict:
    found = copy.deepcopy(plan)
    found["sequences"][number - 1].update(fields)
    return found


# --- Serialization -----------------------------------------------------------------------------


def shown(value: object) -> object:
    """A Message or Joined as the JS engine writes it, any other value as `format` writes it."""
    if isinstance(value, Message):
        return {
            "template": value.template,
            "params": {k: shown(v) for k, v in value.params.items()},
        }
    if isinstance(value, Joined):
        return {"joined": [shown(p) for p in value.parts], "separator": value.separator}
    return f"{value}"


def refusal(error: ActionRefused) -> dict:
    problem = error.problem
    return {
        "refused": problem.template,
        "params": {k: shown(v) for k, v in problem.params},
        "status": error.status,
    }


def checks_json(content: model.Workshop, plan: dict) -> list[dict]:
    return [
        {"id": r.id, "fraction": r.fraction, "lines": [shown(line) for line in r.lines]}
        for r in checks.run(content, plan)
    ]


def graded(content: model.Workshop, plan: dict, levels, automatic_only: bool) -> dict:
    result = scoring.grade(content, plan, levels, automatic_only=automatic_only)
    lines = scoring.explanations(content, result)
    return {
        "levels": levels,
        "automatic_only": automatic_only,
        "grade": scoring.grade_dict(result),
        "explanations": {
            "score": shown(lines["score"]),
            "capacities": {code: shown(m) for code, m in lines["capacities"].items()},
        },
    }


def levels_of(content: model.Workshop, pick: int) -> dict:
    """A grading: each criterion's level `pick` (counted from the top), or its lowest."""
    return {
        c.id: c.levels[max(0, len(c.levels) - 1 - (pick + i) % len(c.levels))].points
        for i, c in enumerate(content.criteria)
    }


# --- Replay ------------------------------------------------------------------------------------

HERE = "here"  # act from the state's own position, as a front-end does


def act(kind: object, at: object = HERE, **fields: object) -> dict:
    step = {"action": {"type": kind, **fields}, "at": at, "refused": False}
    if kind is None:
        del step["action"]["type"]
    return step


def save(plan: object, at: object = HERE) -> dict:
    return act("save", at, plan=plan)


def refused(step: dict, python_only: str = "") -> dict:
    return {**step, "refused": True, "python_only": python_only}


def replay(content: model.Workshop, settings: dict, script: list[dict]) -> tuple[dict, list]:
    state = engine.new_state()
    static = None
    graded_plan = None
    steps = []
    for number, entry in enumerate(script):
        action = dict(entry["action"])
        if entry["at"] != "omit":
            action["at"] = engine.position(state) if entry["at"] == HERE else entry["at"]
        step: dict = {"action": action}
        try:
            state = engine.apply(content, state, action, max_attempts=settings["max_attempts"])
            step["expect"] = {"state": state}
        except ActionRefused as error:
            step["expect"] = refusal(error)
        if entry["refused"] != ("refused" in step["expect"]):
            raise AssertionError(f"step {number} {action}: unexpected {step['expect']}")
        if entry.get("python_only"):
            step["python_only"] = entry["python_only"]
        if entry["refused"]:
            steps.append(step)
            continue
        view = engine.learner_view(
            content, state, seed=settings["seed"], max_attempts=settings["max_attempts"]
        )
        mine = {k: view.pop(k) for k in STATIC}
        if static is None:
            static = mine
        assert mine == static, "the static parts of the view changed"
        assert view.pop("plan") == state["p"]
        step["view"] = view
        plan = state["p"]
        if plan != graded_plan:  # checks and grades are the plan's: given once for each plan
            graded_plan = plan
            step["checks"] = checks_json(content, plan)
            # One way of grading a plan, in turn: a trainer's levels, none yet, automatic only.
            levels = None if number % 3 == 1 else levels_of(content, number)
            step["grade"] = graded(content, plan, levels, number % 3 == 2)
        steps.append(step)
    return static, steps


def vector(description: str, content, settings: dict, script, **extra) -> dict:
    settings = {"seed": "learner-7f3a|workshop", "max_attempts": 2, **settings}
    static, steps = replay(content, settings, script)
    result = {
        "description": description,
        "content": model.to_dict(content),
        "settings": settings,
        "view_static": static,
        "steps": steps,
    }
    if "checked" in extra:
        result["checked_states"] = [
            {"input": item, "expect": engine.checked_state(content, item)}
            for item in extra["checked"]
        ]
    if "gradings" in extra:
        found = []
        for item in extra["gradings"]:
            try:
                found.append({"input": item, "expect": scoring.clean_grading(content, item)})
            except ActionRefused as error:
                found.append({"input": item, "expect": refusal(error)})
        result["gradings"] = found
    if "verbs" in extra:
        result["first_verbs"] = [{"text": t, "verb": checks.first_verb(t)} for t in extra["verbs"]]
    if "hours" in extra:
        result["hours"] = [{"minutes": m, "text": checks.hours(m)} for m in extra["hours"]]
    return result


# --- Vectors -----------------------------------------------------------------------------------


def plans_refused() -> dict:
    content = workshop(SMALL)
    # The plan refusals are made on: one objective, two sequences, one evaluation.
    plan = {
        "objectives": [obj("o1", "Lister.")],
        "sequences": [seq("s1", "quiz", 10, ["o1"]), seq("s2", "quiz", 10, ["o1"])],
        "evaluations": [ev("e1", "final", ["o1"])],
    }
    seq1 = plan["sequences"][0]
    bare = {"objectives": plan["objectives"]}  # what objective refusals are made on
    long_goal = "🙂" * model.MEDIUM  # 600 code points, 1200 UTF-16 units: at the bound
    script = [
        save({"goal": "Rédiger un CV.", "objectives": [obj("o1", "Identifier ses atouts.")]}),
        save({"objectives": [obj("o1", "Identifier ses atouts.")], "goal": "Rédiger un CV."}),
        save(changed(mini(), goal=long_goal)),
        refused(save(changed(bare, goal=long_goal + "🙂"))),
        refused(save(changed(bare, goal="bip\u0007"))),
        refused(save(changed(bare, logistics="saut\x85C1"))),
        refused(save(changed(bare, report=5))),
        refused(save([bare])),
        refused(save(None)),
        refused(save({**bare, "extra": 1})),
        refused(save({**bare, "🙂" * 41: 1})),
        refused(save(changed(bare, objectives={"o1": "x"}))),
        refused(save(changed(bare, objectives=[obj(f"o{i}", "Lister") for i in range(11)]))),
        refused(save(changed(bare, objectives=[{"id": "o1"}]))),
        refused(save(changed(bare, objectives=[{"id": "o1", "text": "x", "more": 1}]))),
        refused(save(changed(bare, objectives=["o1"]))),
        refused(save(changed(bare, objectives=[obj("x1", "Lister")]))),
        refused(save(changed(bare, objectives=[obj("o1", "Lister"), obj("o1", "Citer")]))),
        refused(save(changed(bare, objectives=[obj("o1000", "Lister")]))),
        refused(save(changed(bare, objectives=[obj(5, "Lister")]))),
        refused(save(changed(bare, objectives=[obj(True, "Lister")]))),
        refused(save(changed(bare, objectives=[obj(["o1"], "Lister")]))),
        refused(save(changed(bare, objectives=[obj("🙂" * 30, "Lister")]))),
        refused(save(changed(bare, objectives=[obj("o1", "x" * (model.SHORT + 1))]))),
        refused(save(with_sequence(plan, 2, method="cours_magistral"))),
        refused(save(with_sequence(plan, 2, method=None))),
        refused(save(with_sequence(plan, 2, method=7))),
        refused(save(with_sequence(plan, 2, minutes=30.5))),
        refused(save(with_sequence(plan, 2, minutes=30.0)), "30.0 is 30 once JSON is parsed"),
        refused(save(with_sequence(plan, 2, minutes=-5))),
        refused(save(with_sequence(plan, 2, minutes=model.MAX_SEQUENCE_MINUTES + 1))),
        refused(save(with_sequence(plan, 2, minutes=True))),
        refused(save(with_sequence(plan, 2, minutes="30"))),
        refused(save(with_sequence(plan, 2, title=["x"]))),
        refused(save(with_sequence(plan, 2, materials="m" * (model.MEDIUM + 1)))),
        refused(save(with_sequence(plan, 2, notes="tab\tok, bell\x1b"))),
        refused(save(with_sequence(plan, 2, objectives=["o9"]))),
        refused(save(with_sequence(plan, 2, objectives=["o1", "o1"]))),
        refused(save(with_sequence(plan, 2, objectives="o1"))),
        refused(save(with_sequence(plan, 2, objectives=["o1"] * 11))),
        refused(save(with_sequence(plan, 2, objectives=[None]))),
        refused(save(changed(plan, sequences={"s1": seq1}))),
        refused(save(changed(plan, evaluations=[ev(f"e{i}", "final") for i in range(13)]))),
        refused(save(changed(plan, sequences=[seq1, seq1]))),
        refused(save(changed(plan, sequences=[{k: v for k, v in seq1.items() if k != "notes"}]))),
        refused(save(changed(plan, evaluations=[ev("e1", "sommative")]))),
        refused(save(changed(plan, evaluations=[ev("e1", None)]))),
        refused(save(changed(plan, evaluations=[ev("e1", "final", ["o3"])]))),
        refused(save(changed(plan, evaluations=[ev("e1", "final", text=3)]))),
        refused(save(changed(plan, evaluations=[ev("s1", "final")]))),
        refused(save(changed(bare, constraints=["lecture"]))),
        refused(save(changed(bare, constraints={"zz": "Une réponse assez longue."}))),
        refused(save(changed(bare, deliverables={"deroule": 15}))),
        refused(save(changed(bare, indicators={"presence": "p" * (model.MEDIUM + 1)}))),
        save(changed(plan, constraints={"lecture": "   ", "garde": "Séances le matin, 9 h 30."})),
        refused(act("dance")),
        refused(act(None)),
        refused(act(["save"])),
        refused(act({"type": "save"})),
        refused(save(plan, {"attempt": 1, "step": 0})),  # a double click
        refused(save(plan, {"attempt": 1, "step": 3, "x": 0})),
        refused(save(plan, None)),
        refused(save(plan, "omit")),
        refused(save(plan, [1, 3])),
        save(plan, {"attempt": True, "step": 3.0}),  # equal as Python compares
        act("submit"),
        refused(save(plan)),
        refused(act("submit")),
    ]
    gradings = [
        {"levels": {"objectifs": 2, "methodes": 4, "bilan": 0}},
        {
            "levels": {"bilan": 2, "objectifs": 1, "methodes": 2},
            "comments": {"objectifs": "Précis.", "bilan": "   "},
            "overall": "Un bon projet.",
        },
        {"levels": {"objectifs": 2, "methodes": 4}},
        {"levels": {"objectifs": 2, "methodes": 4, "bilan": 0, "zz": 1}},
        {"levels": {"objectifs": 2, "methodes": 3, "bilan": 0}},
        {"levels": {"objectifs": "2", "methodes": 4, "bilan": 0}},
        {"levels": {"objectifs": True, "methodes": 4, "bilan": 0}},
        {"levels": {"objectifs": [2], "methodes": 4, "bilan": 0}},
        {"levels": {"objectifs": 2, "methodes": 4, "bilan": 0}, "comments": {"zz": "x"}},
        {"levels": {"objectifs": 2, "methodes": 4, "bilan": 0}, "comments": ["x"]},
        {"levels": {"objectifs": 2, "methodes": 4, "bilan": 0}, "comments": {"bilan": 4}},
        {"levels": {"objectifs": 2, "methodes": 4, "bilan": 0}, "overall": None},
        {
            "levels": {"objectifs": 2, "methodes": 4, "bilan": 0},
            "comments": {"methodes": "🙂" * 100 + "x" * (model.MAX_COMMENT - 100)},
            "overall": "🙂" * 100 + "x" * (model.MAX_COMMENT - 100) + "!",
        },
        {"levels": {"objectifs": 2, "methodes": 4, "bilan": 0}, "comments": None},
        {"levels": None},
        {},
        [],
        None,
    ]
    return vector(
        "Saves accepted, a no-op save, and every refusal of a plan in the order Python checks: "
        "not an object, an unknown part, texts (type, control characters, length in code "
        "points), lists and their items, ids, methods, minutes, references, answers; unknown "
        "actions, stale and malformed positions (one equal as Python compares: True == 1); "
        "a submitted plan; trainers' gradings checked.",
        content,
        {},
        script,
        gradings=gradings,
    )


def attempts() -> dict:
    content = workshop(SMALL)
    plan = mini()
    script = [
        refused(act("submit")),  # an empty plan
        refused(act("restart")),  # not submitted
        save({"sequences": [seq("s1", "expose", 30, title="Accueil")]}),
        act("submit"),  # a sequence is enough to submit
        refused(act("submit")),
        act("restart"),
        refused(act("restart", {"attempt": 1, "step": 2})),  # the same restart again: stale
        refused(act("restart")),
        save(plan),
        act("submit"),
        refused(act("restart")),  # no attempt left
        refused(act("restart", {"attempt": 2, "step": 0})),
    ]
    kept = {
        "objectives": [obj("o1", "Lister.")],
        "sequences": [seq("s1", "quiz", 10, ["o1"])],
        "constraints": {"lecture": "Lu à voix haute."},
    }
    checked = [
        {"v": 1, "a": 2, "n": 3, "f": 1, "p": kept},
        {"v": 1, "a": 2, "n": 3, "f": 0, "p": {"goal": "Un objectif."}},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": {**kept, "constraints": {"lecture": "x", "zz": "y"}}},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": {**kept, "deliverables": {"old": "Retiré."}}},
        {"v": True, "a": 1, "n": 0, "f": True, "p": {}},
        {"v": 1, "a": 1, "n": 0, "f": False, "p": []},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": ""},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": [["goal", "Par paires."], ["report", "Aussi."]]},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": [{"goal": 0, "texte": 1}]},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": [["goal"]]},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": [[["goal"], "x"]]},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": ["ab"]},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": "abc"},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": 5},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": None},
        {"v": 1, "a": 1, "n": 0, "f": 0},
        {"v": 1, "a": 1, "n": 0, "p": {}},
        {"v": 1, "a": 0, "n": 0, "f": 0, "p": {}},
        {"v": 1, "a": True, "n": 0, "f": 0, "p": {}},
        {"v": 1, "a": 1, "n": -1, "f": 0, "p": {}},
        {"v": 1, "a": 1, "n": model.MAX_STEPS + 1, "f": 0, "p": {}},
        {"v": 1, "a": model.MAX_ATTEMPT_NUMBER, "n": model.MAX_STEPS, "f": 1, "p": {}},
        {"v": 1, "a": 1, "n": 0, "f": 2, "p": {}},
        {"v": 1, "a": 1, "n": 0, "f": "1", "p": {}},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": {"goal": "bip\u0007"}},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": {"zz": ""}},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": with_sequence(kept, 1, method=["expose"])},
        {"v": 1, "a": 1, "n": 0, "f": 0, "p": with_sequence(kept, 1, method={"a": 1})},
        {"v": 2, "a": 1, "n": 0, "f": 0, "p": {}},
        {"v": "1", "a": 1, "n": 0, "f": 0, "p": {}},
        {"a": 1, "n": 0, "f": 0, "p": {}},
        None,
        [],
        "state",
        7,
    ]
    return vector(
        "Attempts: nothing to submit, restart before a submit, a sequence is enough to "
        "submit, a new attempt keeps the plan submitted, a stale restart, no attempt left; "
        "damaged stored states (Python's dict() of pairs, True as 1, unknown answers dropped).",
        content,
        {},
        script,
        checked=checked,
    )


def check_edge_cases() -> dict:
    content = workshop(SMALL)
    plan = mini()  # 360 minutes, the brief asks 360 ± 30
    # Words (an answer needs words of its own), then emoji (two UTF-16 units each).
    emoji14, emoji15 = "Lire haut" + "🙂" * 5, "Voir tôt" + "🙂" * 7
    long_objective = "Identifier " + "é" * 48 + "🙂🙂🙂" + "fin du texte"
    script = [
        save(  # 390: within the tolerance, at it
            changed(
                plan,
                objectives=[
                    obj("o1", "Comprendre les attentes d’un recruteur."),
                    obj("o2", "Être capable de rédiger un CV."),
                    obj("o3", "ETRE CAPABLES D’identifier ses atouts."),
                    obj("o4", "être capable d'énumérer ses expériences."),
                    obj("o5", "S'inscrire sur le site de France Travail."),
                    obj("o6", "s’inscrire à un atelier."),
                    obj("o7", "Élaborer un plan d’action."),
                    obj("o8", "Énumérer trois métiers."),
                    obj("o9", "s'approprier les codes de l'entreprise."),
                    obj("o10", "  Re\u0301diger une lettre (décomposé)."),
                ],
                sequences=[
                    seq("s1", "atelier_poste", 180, ["o1", "o2", "o3"]),
                    seq("s2", "sous_groupes", 90),
                    seq("s3", "jeu_de_role", 90),
                    seq("s4", "simulation_entretien", 30),
                ],
                evaluations=[ev("e1", "final", ["o1", "o4", "o5"])],
            )
        ),
        save(  # 391: within twice the tolerance
            changed(
                plan,
                objectives=[
                    obj("o1", "2 CV à rédiger."),
                    obj("o2", "être"),
                    obj("o3", "Savoir-faire : présenter."),
                    obj("o4", "Mettre en forme son CV."),
                    obj("o5", "\u00a0Identifier\u00a0ses atouts."),
                    obj("o6", "\ufeffIdentifier (BOM devant)."),
                    obj("o7", "CONNAÎTRE les métiers."),
                    obj("o8", "Être   capable   d’ évaluer."),
                    obj("o9", "Etre capable de"),
                    obj("o10", long_objective),
                ],
                sequences=[
                    seq("s1", "atelier_poste", 180, ["o1"]),
                    seq("s2", "sous_groupes", 90),
                    seq("s3", "jeu_de_role", 90),
                    seq("s4", "simulation_entretien", 31),
                ],
                evaluations=[],
            )
        ),
        save(  # 160: beyond, short; nobody acts
            changed(
                plan,
                sequences=[
                    seq("s1", "expose", 60, ["o1"], title="Un exposé d’une heure"),
                    seq("s2", "demonstration", 45, ["o2"]),
                    seq("s3", "temoignage", 10, ["o2"], title="🙂" * 61),
                    seq("s4", "expose", 45),
                ],
            )
        ),
        save(  # 421: beyond, over
            changed(
                plan,
                sequences=[
                    seq("s1", "", 120, ["o1"], title="Sans méthode"),
                    seq("s2", "", 0, ["o2"]),
                    seq("s3", "quiz", 2),
                    seq("s4", "visite_entreprise", 241),
                    seq("s5", "visite_entreprise", 58),
                ],
            )
        ),
        save(  # 420: twice the tolerance, exactly; two methods
            changed(
                plan,
                sequences=[
                    seq("s1", "sous_groupes", 90, ["o1", "o2"]),
                    seq("s2", "sous_groupes", 90),
                    seq("s3", "expose", 45),
                    seq("s4", "expose", 45),
                    seq("s5", "sous_groupes", 90),
                    seq("s6", "sous_groupes", 60),
                ],
            )
        ),
        save(  # 300: twice the tolerance short, exactly
            changed(
                with_sequence(plan, 3, minutes=30),
                constraints={"lecture": emoji14, "garde": emoji15},
                deliverables={"deroule": "Remis le matin"},
                indicators={"presence": "  Fiche de suivi.  "},
                report="\u00a0Bilan en trois\u3000",
                goal=" \t\n ",
            )
        ),
        save(  # 331: within, short
            changed(
                with_sequence(plan, 3, minutes=61),
                constraints={"lecture": "\ufeffLu à voix haut", "garde": " Lu à voix haut "},
                deliverables={"deroule": "Remis la veille"},
                indicators={"presence": "\u00a0" * 20},
                report="Bilan en quatre",
                evaluations=[ev("e1", "final", ["o1"]), ev("e2", "", ["o2"])],
            )
        ),
        save(  # 299: beyond, short
            changed(
                with_sequence(plan, 3, minutes=29),
                objectives=[obj("o1", long_objective), obj("o2", "Rédiger un CV.")],
                evaluations=[ev("e1", "satisfaction")],
            )
        ),
        save({"goal": "Seulement un objectif général."}),
        save({"objectives": [obj("o1", "Rédiger un CV.")]}),
    ]
    verbs = [
        "Identifier",
        "  identifier ses atouts",
        "Être capable de rédiger",
        "etre capable d’élaborer",
        "ÊTRE CAPABLE D'ÉNUMÉRER",
        "Être capables de",
        "S'inscrire",
        "s’inscrire",
        "Aujourd'hui-même",
        "Élaborer",
        "E\u0301laborer",
        "3 objectifs",
        "_souligné",
        "²carré",
        "Ⅻ chiffres romains",
        "Straße",
        "İstanbul",
        "ΟΔΟΣ",
        "\ufeffIdentifier",
        "\u00a0Identifier",
        "\u2028Identifier",
        "\x1cIdentifier",
        "",
        "—",
    ]
    return vector(
        "The checks at their edges: the duration within, at and beyond the tolerance and "
        "twice it, both ways; vague verbs, “être capable de”, s’inscrire with straight and "
        "curly apostrophes, capitals, accents composed or not, digits first; methods where "
        "nobody acts, implausible durations both ways, no method; answers of 14 and 15 code "
        "points (emoji: two UTF-16 units each), whitespace as Python strips it (not U+FEFF); "
        "required elements; objectives cut at 60 code points.",
        content,
        {"max_attempts": 1},
        script,
        verbs=verbs,
        hours=[0, 5, 45, 59, 60, 61, 90, 120, 125, 360, 1439, -30, -61, -120],
    )


def no_rubric() -> dict:
    content = workshop(NO_RUBRIC)
    plan = mini()
    script = [
        save(with_sequence(plan, 1, minutes=5)),
        act("submit"),
        act("restart"),
        act("submit"),  # the plan submitted is kept: it can be submitted again
        act("restart"),  # no limit on attempts
    ]
    return vector(
        "Without <rubric>: the course's rubric (olx.default_criteria(), nine criteria) "
        "applies; no limit on attempts (max_attempts 0).",
        content,
        {"max_attempts": 0, "seed": "learner-0042|workshop"},
        script,
    )


def custom_checks() -> dict:
    content = workshop(CUSTOM)
    base = {
        "goal": "Rédiger un CV.",
        "objectives": [
            obj("o1", "S’inscrire sur le site de France Travail."),
            obj("o2", "S'engager dans une démarche."),
            obj("o3", "Rédiger un CV."),
        ],
        "sequences": [
            seq("s1", "atelier_poste", 180, ["o1", "o3"]),
            seq("s2", "jeu_de_role", 60, ["o2"]),
            seq("s3", "quiz", 30, ["o3"]),
        ],
        "evaluations": [ev("e1", "final", ["o1", "o2"]), ev("e2", "satisfaction")],
        "report": "Présence, CV produits, satisfaction.",
        "constraints": {"lecture": "Consignes lues à voix haute."},
    }
    script = [
        save(base),
        save(changed(base, sequences=[*base["sequences"], seq("s4", "expose", 90, ["o3"])])),
        save(changed(base, sequences=[seq("s1", "expose", 40, ["o1", "o2", "o3"])])),
        act("submit"),
    ]
    return vector(
        "Checks the activity sets: its own order, weights summing to 32, "
        "capacities named twice, a variety minimum of 4, a share of 0.25; its own "
        "verbs (“s’inscrire” counts; “s'engager”, written with a straight apostrophe, never "
        "matches the typographic one first_verb gives).",
        content,
        {"seed": ""},
        script,
    )


def brief_without_constraints() -> dict:
    content = workshop(NO_CONSTRAINTS)
    plan = good(content)
    script = [
        save({"goal": "Un CV.", "constraints": {}, "deliverables": {}, "indicators": {}}),
        refused(save(changed(plan, constraints={"lecture": "Consignes lues à voix haute."}))),
        save(plan),
        act("submit"),
    ]
    return vector(
        "A brief without constraints, deliverables or indicators (the constraints check "
        "passes, four required elements), whose checks all weigh 0: the rubric alone grades.",
        content,
        {},
        script,
    )


def filler_plans() -> dict:
    """A plan of filler passes no check that rests on text; the same plan written passes."""
    content = workshop(SMALL)
    plan = mini()
    filler = changed(
        plan,
        goal="aaaa bbbb",
        objectives=[
            obj("o1", "Identifier ses atouts."),
            obj("o2", "Rédiger."),
            obj("o3", "identifier  ses ATOUTS"),
        ],
        report="zzzzzzzzzzzzzzzzzzzz",
        # The constraint's own words, then the same answer twice, then a letter thrice.
        constraints={"lecture": "Niveau de lecture hétérogène.", "garde": "Feuille d’émargement."},
        deliverables={"deroule": "Le déroulé pédagogique, oui."},
        indicators={"presence": "Feuille d’émargement."},
    )
    sequences = [dict(s, objectives=["o1", "o2", "o3"]) for s in plan["sequences"]]
    filler["sequences"] = sequences
    filler["evaluations"] = [ev("e1", "final", ["o1", "o2", "o3"]), ev("e2", "satisfaction")]
    script = [
        save(filler),
        save(
            changed(
                filler,
                constraints={"lecture": "Le niveau de lecture hétérogène, relu à voix haute."},
                deliverables={"deroule": "Le déroulé pédagogique remis avant la session."},
                report="Présence et CV produits.",
                goal="Rédiger un CV.",
            )
        ),
        save(plan),
    ]
    return vector(
        "Filler and copies: answers in the brief's own words, the same answer twice, a "
        "letter thrice, an objective that repeats another or is a verb alone, a general "
        "objective without words; then written: each counts once it says something of its own.",
        content,
        {"max_attempts": 1},
        script,
    )


BUILDERS = (
    plans_refused,
    attempts,
    check_edge_cases,
    no_rubric,
    custom_checks,
    brief_without_constraints,
    filler_plans,
)


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dump(data: dict) -> str:
    """One key a line, and one line per item of a list of cases: small, and still diffable."""
    lines = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            body = ",\n".join(f"  {_compact(item)}" for item in value)
            lines.append(f" {_compact(key)}: [\n{body}\n ]")
        else:
            lines.append(f" {_compact(key)}: {_compact(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def build() -> dict[str, str]:
    """Every workshop design vector file's name (under tests/vectors/) and text."""
    return {f"workshop_design/{b.__name__}.json": dump(b()) for b in BUILDERS}


def main() -> None:
    files = build()
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*.json"):
        if f"workshop_design/{stale.name}" not in files:
            stale.unlink()
    for name, text in files.items():
        (VECTORS / name).write_text(text, encoding="utf-8")
    print(f"{len(files)} vectors written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
