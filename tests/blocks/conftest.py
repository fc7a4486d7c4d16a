"""Block tests run in the real workbench runtime, on a migrated temporary database."""

import json

import django
import pytest
import webob


@pytest.fixture(scope="session")
def django_db():
    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--run-syncdb", verbosity=0)


class Recorder:
    """Wraps a runtime's publish to keep every event a block emits."""

    def __init__(self, runtime):
        self.events = []
        original = runtime.publish

        def publish(block, event_type, data):
            self.events.append((event_type, data))
            return original(block, event_type, data)

        runtime.publish = publish

    def of(self, kind):
        return [data for event_type, data in self.events if event_type == kind]


@pytest.fixture
def make_runtime(django_db):
    from workbench.runtime import WorkbenchRuntime

    def make(user_id="learner1"):
        runtime = WorkbenchRuntime(user_id)
        runtime.recorder = Recorder(runtime)
        return runtime

    return make


LEARNER_ACTIONS = ("choose", "restart")


def page_token(block, choice):
    """How the learner's page names the choice `choice` now (its place shown), else `choice`."""
    from xblocks.interview_simulation import engine

    scenario, state = block.model(), block.resumed_state()[0]
    try:
        current = engine.walk(scenario, state["path"])
    except engine.ActionRefused:
        return choice
    if not isinstance(choice, str) or current.node_id is None:
        return choice
    if choice not in {c.id for c in scenario.node_by_id[current.node_id].choices}:
        return choice
    shown = block.view_state()["current"]["choices"]
    text = scenario.choice_by_id[choice][1].text
    return next((c["id"] for c in shown if c["text"] == text), choice)


def call(runtime, block, handler, body=None, method="POST", raw=None):
    """Call a handler as a browser would; returns (status code, decoded JSON body).

    A learner action carries the position of the view the learner acted on (`at`), as the
    front-end sends it, unless the body says otherwise; a choice named by its id is sent as
    the name the page gives it (as a click on its text would).
    """
    body = dict(body or {})
    if handler in LEARNER_ACTIONS and raw is None and "at" not in body:
        body["at"] = block.view_state()["at"]
    if handler == "choose" and raw is None:
        body["choice"] = page_token(block, body.get("choice"))
    data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = webob.Request.blank("/", method=method, body=data)
    request.content_type = "application/json"
    response = runtime.handle(block, handler, request)
    return response.status_code, json.loads(response.body.decode("utf-8"))


@pytest.fixture(autouse=True)
def english(django_db):
    """Messages are asserted in English, the source language, unless a test says otherwise."""
    from django.utils import translation

    with translation.override("en"):
        yield


class StudioPermissions:
    """Studio's `studio_user_permissions` service: can this user edit a course's content?"""

    def __init__(self, can_write):
        self.answer = can_write
        self.asked = []

    def can_read(self, course_key):
        return True

    def can_write(self, course_key):
        self.asked.append(course_key)
        return self.answer


def in_studio(runtime, can_write):
    """Give a workbench runtime Studio's permission service; returns the service."""
    service = StudioPermissions(can_write)
    runtime._services["studio_user_permissions"] = service
    return service


def in_lms(runtime):
    """Make content and settings fields read-only, as the LMS's field data does."""
    from xblock.field_data import ReadOnlyFieldData, SplitFieldData
    from xblock.fields import Scope

    authored = ReadOnlyFieldData(runtime._services["field-data"])
    learner = runtime._services["field-data"]
    runtime._services["field-data"] = SplitFieldData(
        {
            Scope.content: authored,
            Scope.settings: authored,
            Scope.parent: authored,
            Scope.children: authored,
            Scope.user_state_summary: learner,
            Scope.user_state: learner,
            Scope.user_info: learner,
            Scope.preferences: learner,
        }
    )
