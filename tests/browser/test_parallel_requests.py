"""Double clicks, retries and second tabs against the real workbench server.

Twenty requests leave at once (a barrier releases them together) on the threaded Django
server: at most one is applied, the others are refused as stale (409) or told to wait, none
ends in a 500, at most one grade is published, and the grade never goes down.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

import course_content
from tests.browser.test_interview_browser import KARIM
from xblocks.interview_simulation import engine, scoring
from xblocks.interview_simulation.olx import scenario_from_xml

pytestmark = pytest.mark.browser

PARALLEL = 20
SCENARIO_FILE = next(
    p for p in course_content.activity_files("interview_simulation") if p.stem == "deld_karim"
)  # the scenario KARIM plays
SCENARIO = scenario_from_xml(SCENARIO_FILE.read_bytes())[0]


class Learner:
    """A learner's browser session: the CSRF cookie, and the handler URLs of the interview."""

    def __init__(self, workbench: str, student: str) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        url = f"{workbench}/scenario/{KARIM}/?student={student}"
        html = self.opener.open(url, timeout=30).read().decode("utf-8")
        usage = re.search(r"data-usage=['\"]([^'\"]*interview_simulation[^'\"]*)", html).group(1)
        self.base = f"{workbench}/handler/{usage}"
        self.student = student
        self.token = next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, handler: str, body: dict) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"{self.base}/{handler}/?student={self.student}",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.token},
            method="POST",
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, {"error": text[:200].decode("utf-8", "replace")}

    def burst(self, handler: str, body: dict) -> list[tuple[int, dict]]:
        """The same request PARALLEL times at once, as a frantic double click or retries."""
        start = threading.Barrier(PARALLEL)

        def one(_n):
            start.wait()
            return self.post(handler, body)

        with ThreadPoolExecutor(PARALLEL) as pool:
            return list(pool.map(one, range(PARALLEL)))


def events(workbench, kind: str) -> list[str]:
    """The lines the workbench logged for one kind of event so far."""
    lines = workbench.events.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith(f"XBlock event {kind} for")]


def authored(shown: dict):
    """The scenario's choice for a choice the page shows (the page only has a token)."""
    return next(c for _n, c in SCENARIO.choice_by_id.values() if c.text == shown["text"])


def token_of(view: dict, choice_id: str) -> str:
    return next(c["id"] for c in view["current"]["choices"] if authored(c).id == choice_id)


def play_until_last_decision(learner: Learner, pick) -> dict:
    """Play choices (`pick` among those shown) until the next one ends the interview."""
    status, view = learner.post("get_state", {})
    assert status == 200
    while True:
        choice = authored(pick(view["current"]["choices"]))
        if choice.next in SCENARIO.ending_by_id:
            return view
        body = {"choice": token_of(view, choice.id), "at": view["at"]}
        status, view = learner.post("choose", body)
        assert status == 200, view


def best_choice(view: dict) -> str:
    """Along the best path (the careful counsellor)."""
    best = [c.id for c in scoring.analysis(SCENARIO).best_path]
    return best[len(view["transcript"])]


def test_twenty_parallel_endings_give_one_ending_one_grade_and_never_a_lower_grade(workbench):
    learner = Learner(workbench, f"parallel-{uuid.uuid4().hex[:8]}")
    status, view = learner.post("get_state", {})
    while True:
        choice = best_choice(view)
        if SCENARIO.choice_by_id[choice][1].next in SCENARIO.ending_by_id:
            break
        status, view = learner.post("choose", {"choice": token_of(view, choice), "at": view["at"]})
        assert status == 200, view
    ENDING = "insertion_pro.interview_simulation.ending"
    grades, endings = len(events(workbench, "grade")), len(events(workbench, ENDING))

    results = learner.burst("choose", {"choice": token_of(view, choice), "at": view["at"]})
    statuses = sorted(status for status, _body in results)
    assert statuses.count(200) == 1, statuses
    assert all(status == 409 for status in statuses if status != 200), statuses
    stale = next(body for status, body in results if status == 409)
    assert "n’était plus à jour" in stale["error"]
    ended = next(body for status, body in results if status == 200)
    assert ended["debrief"]["raw"] == 1.0
    assert len(events(workbench, "grade")) == grades + 1
    assert len(events(workbench, ENDING)) == endings + 1

    # A second, worse attempt, ended twenty times at once: no grade, and the best is kept.
    status, view = learner.post("restart", {"at": ended["at"]})
    assert status == 200 and view["attempt"] == 2
    restarts = learner.burst("restart", {"at": ended["at"]})  # the same restart, replayed
    assert all(status == 409 for status, _body in restarts), restarts
    last = play_until_last_decision(learner, lambda shown: shown[-1])
    ending_choice = next(
        c for c in last["current"]["choices"] if authored(c).next in SCENARIO.ending_by_id
    )
    grades = len(events(workbench, "grade"))
    results = learner.burst("choose", {"choice": ending_choice["id"], "at": last["at"]})
    assert sorted(s for s, _b in results).count(200) == 1
    assert len(events(workbench, "grade")) == grades  # not higher: nothing published
    status, view = learner.post("get_state", {})
    assert view["kept"] == {"attempt": 1, "raw": 1.0}
    assert view["attempt"] == 2 and view["ending"] is not None


def test_parallel_first_choices_of_a_new_learner_write_one_state(workbench):
    """The workbench's store has no unique key: parallel first writes once made duplicates."""
    learner = Learner(workbench, f"first-{uuid.uuid4().hex[:8]}")
    status, view = learner.post("get_state", {})
    first = view["current"]["choices"][0]
    results = learner.burst("choose", {"choice": first["id"], "at": view["at"]})
    statuses = sorted(status for status, _body in results)
    assert statuses.count(200) == 1 and 500 not in statuses, statuses
    status, view = learner.post("get_state", {})
    assert status == 200 and [e["choice"]["text"] for e in view["transcript"]] == [first["text"]]
    assert engine.walk(SCENARIO, [authored(first).id]).node_id == view["current"]["id"]
