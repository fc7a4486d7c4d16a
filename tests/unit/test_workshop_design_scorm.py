"""The workshop design in SCORM packages: its compact, compressed state and its budget.

The Python reference (`compact.py`) and the SCO's adapter (`workshop-design-scorm.js`, run in
Node) read what the other writes; a state resumes exactly, a damaged, forged or oversized one
resumes fresh; the worked example fits SCORM 1.2 with the rest of its SCO, and a plan with
every field at its bound, in French prose, fits SCORM 2004 in plain ASCII.
"""

from __future__ import annotations

import html
import json
import random
import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from scorm_export.olx_reader import read_course
from scorm_export.render import SUSPEND_LIMIT, _item_entries, longest_suspend_data
from xblocks.workshop_design import compact, engine, olx, scorm
from xblocks.workshop_design.model import (
    EVALUATION_KINDS,
    LONG,
    MAX_EVALUATIONS,
    MAX_OBJECTIVES,
    MAX_SEQUENCE_MINUTES,
    MAX_SEQUENCES,
    MEDIUM,
    METHODS,
    SHORT,
)

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course_content"
BRIEFS = sorted((COURSE / "workshop_design").glob("*.xml"))


def brief(path: Path):
    return olx.workshop_from_xml(path.read_bytes())[0]


def example_state(workshop, attempt=1, submitted=0) -> dict:
    plan = engine.clean_plan(workshop, workshop.example)
    return {"v": 1, "a": attempt, "n": 0, "f": submitted, "p": plan}


def prose() -> list[str]:
    """The course's own French prose, word by word: lessons and briefs."""
    text = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
        for folder in ("html", "workshop_design", "interview_simulation", "partner_network")
        for path in sorted((COURSE / folder).iterdir())
    )
    return text.split()


def every_field_at_its_bound(workshop) -> dict:
    """A plan with each list full and each text at its bound, each a passage of the course's
    prose taken at a random place: realistic French, not a repeated sentence."""
    words, rng = prose(), random.Random(12976)

    def passage(limit: int) -> str:
        at, out = rng.randrange(len(words) - 600), []
        while len(" ".join(out)) < limit:
            out.append(words[at])
            at += 1
        return " ".join(out)[:limit].rstrip()

    ids = [f"o{i}" for i in range(1, MAX_OBJECTIVES + 1)]
    b = workshop.brief
    return {
        "goal": passage(MEDIUM),
        "objectives": [{"id": i, "text": passage(SHORT)} for i in ids],
        "sequences": [
            {
                "id": f"s{n}",
                "title": passage(SHORT),
                "objectives": ids,
                "method": METHODS[n % len(METHODS)],
                "minutes": MAX_SEQUENCE_MINUTES,
                "materials": passage(MEDIUM),
                "notes": passage(MEDIUM),
                "access": passage(MEDIUM),
            }
            for n in range(1, MAX_SEQUENCES + 1)
        ],
        "evaluations": [
            {
                "id": f"e{n}",
                "kind": EVALUATION_KINDS[n % len(EVALUATION_KINDS)],
                "objectives": ids,
                "text": passage(MEDIUM),
            }
            for n in range(1, MAX_EVALUATIONS + 1)
        ],
        "logistics": passage(LONG),
        "report": passage(LONG),
        "constraints": {c.id: passage(MEDIUM) for c in b.public.constraints},
        "deliverables": {d.id: passage(MEDIUM) for d in b.deliverables},
        "indicators": {i.id: passage(MEDIUM) for i in b.indicators},
    }


def scorm_content(path: Path) -> dict:
    return scorm.load(etree.fromstring(path.read_bytes()))[0]


NODE = """
globalThis.window = globalThis;
require(process.env.ROOT + '/xblocks/common/public/shuffle.js');
const PUBLIC = process.env.ROOT + '/xblocks/workshop_design/public/';
globalThis.WorkshopDesignEngine = require(PUBLIC + 'workshop-design-engine.js');
require(PUBLIC + 'workshop-design-scorm.js');
const S = globalThis.WorkshopDesignScorm;
const jobs = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
(async () => {
  const out = [];
  for (const job of jobs) {
    if (job.read !== undefined) {
      const got = await S.prepare(job.content, {}, job.read);
      out.push(got ? { state: got.state, best: got.best, kept: got.keptAttempt } : null);
    } else {
      const saved = { state: job.state, best: job.best, keptAttempt: job.kept };
      out.push(await S.compress(job.content, saved, job.room));
    }
  }
  process.stdout.write(JSON.stringify(out));
})();
"""


def in_node(jobs: list[dict]) -> list:
    done = subprocess.run(
        ["node", "-e", NODE],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        env={"ROOT": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


# --- the reference ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: p.stem)
def test_the_example_resumes_exactly_in_both_forms(path):
    workshop = brief(path)
    state = example_state(workshop, attempt=2, submitted=1)
    for room in (None, 10):
        text = compact.encode(workshop, state, 0.8125, 1, room=room)
        assert text.startswith("WA" if room is None else "WU")
        found, best, kept = compact.decode(workshop, text)
        assert (best, kept) == (0.8125, 1)
        assert found == {**state, "p": found["p"]}
        # Ids come back numbered in order; the checks and the grade are the same.
        assert engine.checks.run(workshop, found["p"]) == engine.checks.run(workshop, state["p"])
        assert [o["text"] for o in found["p"]["objectives"]] == [
            o["text"] for o in state["p"]["objectives"]
        ]


def test_the_ascii_form_is_printable_and_holds_no_separator_of_the_sco():
    workshop = brief(BRIEFS[0])
    text = compact.encode(workshop, example_state(workshop))
    assert all(0x21 <= ord(c) <= 0x7D for c in text)
    assert not set(text) & set("|<>&\"'\\`")


def test_the_dense_form_is_cjk_ideographs_no_normalisation_changes():
    import unicodedata

    workshop = brief(BRIEFS[0])
    text = compact.encode(workshop, example_state(workshop), room=10)
    body = text[3:]
    assert all(0x4E00 <= ord(c) < 0x4E00 + 16384 for c in body)
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        assert unicodedata.normalize(form, text) == text


@pytest.mark.parametrize(
    "text",
    ["", "W", "WA", "WU", "WZabc", "xA!!!!!", "WA" + "!" * 7, "WU2一丁", "WA\u00e9\u00e9\u00e9"],
)
def test_damaged_text_resumes_fresh(text):
    workshop = brief(BRIEFS[0])
    assert compact.decode(workshop, text) == (engine.new_state(), None, None)


def forged(document) -> str:
    data = json.dumps(document).encode()
    return "WA" + compact.to_ascii(compact._deflate(data))


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.__setitem__(0, 2),  # another format
        lambda d: d.__setitem__(1, 0),  # attempt 0
        lambda d: d.__setitem__(2, 2),  # submitted neither 0 nor 1
        lambda d: d.__setitem__(3, 10001),  # best over 1
        lambda d: d.__setitem__(3, 5000),  # a best score without its attempt
        lambda d: d.__setitem__(5, "x" * (MEDIUM + 1)),  # a goal over its bound
        lambda d: d.__setitem__(8, ["o"] * (MAX_OBJECTIVES + 1)),  # too many objectives
        lambda d: d[9].append(["t", [99], 0, 10, "", "", ""]),  # an objective not there
        lambda d: d[9].append(["t", [], 99, 10, "", "", ""]),  # an unknown method
        lambda d: d[9].append(["t", [], 1, MAX_SEQUENCE_MINUTES + 1, "", "", ""]),
        lambda d: d[9].append(["t", [], 1, 10.5, "", "", ""]),  # minutes not whole
        lambda d: d[9].append(["t\x00", [], 1, 10, "", "", ""]),  # a control character
        lambda d: d.__setitem__(10, "not a list"),
        lambda d: d.append([]),  # a part too many
    ],
)
def test_a_forged_state_resumes_fresh(change):
    workshop = brief(BRIEFS[0])
    document = compact.document(workshop, example_state(workshop), None, None)
    assert compact.decode(workshop, forged(document))[0]["p"]["goal"]  # the unforged resumes
    change(document)
    assert compact.decode(workshop, forged(document)) == (engine.new_state(), None, None)


def test_a_state_that_inflates_past_the_bound_is_refused_without_inflating_it_all():
    workshop = brief(BRIEFS[0])
    bomb = b'[1,1,0,-1,0,"' + b"a" * (compact.MAX_INFLATED * 4) + b'"]'
    text = "WA" + compact.to_ascii(compact._deflate(bomb))
    assert len(text) < 20_000
    assert compact.decode(workshop, text) == (engine.new_state(), None, None)


def test_the_current_attempt_keeps_its_own_score_and_nothing_else():
    workshop = brief(BRIEFS[0])
    state = example_state(workshop, attempt=2, submitted=1)
    own = compact._automatic(workshop, state["p"])
    assert compact.decode(workshop, compact.encode(workshop, state, own, 2))[1:] == (own, 2)
    forged_best = compact.encode(workshop, state, 1.0 if own < 1 else 0.5, 2)
    assert compact.decode(workshop, forged_best) == (engine.new_state(), None, None)
    unsubmitted = {**state, "f": 0}
    assert compact.decode(workshop, compact.encode(workshop, unsubmitted, own, 2))[1] is None


def test_the_uncompressed_form_of_a_browser_without_deflate_resumes():
    workshop = brief(BRIEFS[0])
    state = example_state(workshop)
    doc = compact.document(workshop, state, None, None)
    text = "WR" + compact.to_ascii(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    assert compact.decode(workshop, text)[0]["p"]["goal"] == state["p"]["goal"]


def test_nesting_and_length_past_any_sco_state_resume_fresh():
    workshop = brief(BRIEFS[0])
    deep = "WA" + compact.to_ascii(compact._deflate(b"[" * 200_000))
    assert compact.decode(workshop, deep) == (engine.new_state(), None, None)
    long_dense = "WU0" + "\u4e00" * 70_000
    assert compact.decode(workshop, long_dense) == (engine.new_state(), None, None)


def test_answers_to_a_brief_whose_items_changed_are_left_out_not_misplaced():
    workshop = brief(BRIEFS[0])
    document = compact.document(workshop, example_state(workshop), None, None)
    assert document[11], "the example answers the public's constraints"
    document[11] = document[11][:-1]
    found = compact.decode(workshop, forged(document))[0]["p"]
    assert found["constraints"] == {} and found["indicators"]


# --- the sizes -----------------------------------------------------------------------------


def test_the_worked_example_fits_scorm_12_with_the_rest_of_its_sco():
    course = read_course(COURSE)
    chapter = next(c for c in course.chapters if c.url_name == "bloc4")
    sections, items = _item_entries(chapter)
    pages = sum(len(section["pages"]) for section in sections)
    longest, _part = longest_suspend_data(pages, items)
    assert longest <= SUSPEND_LIMIT
    item = next(i for i in items if i.get("type") == "workshop_design")
    rest = longest - (1 + len(item["key"]) + 1 + scorm.ROOM)
    workshop = brief(COURSE / "workshop_design/atelier_tre.xml")
    text = compact.encode(workshop, example_state(workshop), room=SUSPEND_LIMIT - rest)
    assert rest + 1 + len(item["key"]) + 1 + len(text) <= SUSPEND_LIMIT
    assert len(text) <= scorm.ROOM, "the example fits the room the SCO keeps it"


@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: p.stem)
def test_a_plan_at_every_bound_fits_scorm_2004_in_ascii(path):
    workshop = brief(path)
    plan = engine.clean_plan(workshop, every_field_at_its_bound(workshop))
    state = {"v": 1, "a": 999, "n": 0, "f": 1, "p": plan}
    chars = sum(len(t) for t in re.findall(r'"((?:[^"\\]|\\.)*)"', json.dumps(plan)))
    assert chars > 100_000, "every text at its bound"
    text = compact.encode(workshop, state, 1.0, 998)
    assert text.startswith("WA") and len(text) <= 64_000 - 2_000, len(text)
    assert compact.decode(workshop, text)[0]["p"]["report"] == plan["report"]


# --- Python and JavaScript read each other ---------------------------------------------------


def test_the_sco_adapter_and_the_reference_read_each_other():
    jobs, expected = [], []
    for path in BRIEFS:
        workshop = brief(path)
        content = scorm_content(path)
        state = example_state(workshop, attempt=3, submitted=1)
        for room in (None, 10):
            text = compact.encode(workshop, state, 0.5, 2, room=room)
            jobs.append({"content": content, "read": text})
            jobs.append({"content": content, "state": state, "best": 0.5, "kept": 2, "room": room})
            expected.append(compact.decode(workshop, text))
    jobs.append({"content": scorm_content(BRIEFS[0]), "read": "WA" + "!" * 12})
    bomb = b'[1,1,0,-1,0,"' + b"a" * (compact.MAX_INFLATED * 4) + b'"]'
    packed = "WA" + compact.to_ascii(compact._deflate(bomb))
    jobs.append({"content": jobs[0]["content"], "read": packed})
    answers = in_node(jobs)
    assert answers[-2:] == [None, None], "damaged text, or past the inflation bound: fresh"
    for n, want in enumerate(expected):
        read, written = answers[2 * n], answers[2 * n + 1]
        state, best, kept = want
        assert read == {"state": state, "best": best, "kept": kept}
        assert written[:2] == ("WA" if n % 2 == 0 else "WU")
        workshop = brief(BRIEFS[n // 2])
        assert compact.decode(workshop, written) == want


def test_the_exporter_keeps_the_workshop_its_room():
    assert scorm.ACTIVITY.elastic
    assert scorm.state_chars({}, {}) == scorm.ROOM < SUSPEND_LIMIT
