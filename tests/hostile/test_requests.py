"""Hostile HTTP requests against every JSON handler of the blocks, through the real workbench.

Two tables, crossed: HOSTILE (what is sent: method, headers, framing, body) and BLOCKS (where:
a block type and its workbench scenario). Each block's handlers are found on its class (every
`json_action`, with its role and its bound), so a block that lands is one line of BLOCKS and a
handler added to a block is covered without a word here. Each request goes out on a raw socket,
so that the framing is ours (`Content-Length: abc` cannot be sent by an HTTP library), and the
test asserts what a user would notice: the status (never 500), a translated JSON message, the
server still answering, the learner's state and the block's content as they were, and no
traceback in the server's log.

A staff handler is posted twice: by a trainer (the case's own answer) and by a learner, who
gets the 403 of a well-formed request whatever the body, since the role is checked before the
body is read. Cases marked `before_block` are refused by Django before any block code runs
(CSRF, and form bodies its CSRF middleware parses): the same in Open edX, checked here only for
their status, the state and that no traceback passes through the blocks.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import http.cookiejar
import io
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from xblock.core import XBlock

from tests.browser.conftest import running_workbench
from tests.hostile import harness
from xblocks.common import handlers
from xblocks.common.i18n import catalog

LANGUAGE = "fr"
TIMEOUT = 60
JSON = "application/json"


# --- The blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A block type, the workbench scenario that shows it, and how to act on it.

    `bodies(handler, session)` is a body the handler accepts from that session now (the hostile
    cases bend it); `setup(session)` brings a new learner to a state that an accepted action
    would change; `state` is the handler that reads the learner's state.
    """

    type: str
    scenario: str
    bodies: Callable[[str, Session], dict] = lambda handler, session: {}
    setup: Callable[[Session], None] = lambda session: None
    state: str = "get_state"


@dataclass(frozen=True)
class Handler:
    block: Block
    name: str
    role: str  # "learner", or "staff" when the handler checks a role first
    max_bytes: int

    @property
    def id(self) -> str:
        return f"{self.block.type}.{self.name}"


def handlers_of(block: Block) -> list[Handler]:
    """Every JSON handler of the block's class, with its role and bound (see `json_action`)."""
    cls = XBlock.load_class(block.type)
    found = []
    for name in sorted(dir(cls)):
        action = getattr(getattr(cls, name, None), "json_action", None)
        if action is not None:
            role = "staff" if action["role_check"] else "learner"
            found.append(Handler(block, name, role, action["max_bytes"]))
    return found


def interview_bodies(handler: str, session: Session) -> dict:
    view = session.call("get_state", {})
    if handler == "choose":
        return {"choice": view["current"]["choices"][0]["id"], "at": view["at"]}
    if handler == "restart":
        return {"at": view["at"]}
    if handler in ("studio_check", "studio_submit"):
        form = session.studio_form()
        settings = {
            "display_name": form["display_name"],
            "max_attempts": int(form["max_attempts"]),
            "feedback_mode": form["feedback_mode"],
            "weight": float(form["weight"]),
            "required_mark": float(form["required_mark"]) if form["required_mark"] else None,
        }
        if handler == "studio_check":
            return {"scenario_xml": form["scenario_xml"], "settings": settings}
        return {**settings, "scenario_xml": form["scenario_xml"]}
    return {}


def interview_setup(session: Session) -> None:
    """One choice made: a choice or a restart accepted by mistake would move the learner."""
    session.call("choose", interview_bodies("choose", session))


def partner_bodies(handler: str, session: Session) -> dict:
    view = session.call("get_state", {})
    if handler == "act":
        partner = view["partners"][0]["id"]
        placed = {p["partner"]: p["domains"] for p in view["map"]["placed"]}
        domain = next(d for d in view["map"]["domains"] if d not in placed.get(partner, []))
        return {"type": "place", "partner": partner, "domains": [domain], "at": view["at"]}
    if handler == "restart" and not view["submitted"]:
        view = session.call("submit", {"at": view["at"]})
    if handler in ("submit", "restart"):
        return {"at": view["at"]}
    if handler in ("studio_check", "studio_submit"):
        form = session.studio_form()
        if handler == "studio_check":
            return {"network_xml": form["network_xml"]}
        return {
            "display_name": form["display_name"],
            "max_attempts": int(form["max_attempts"]),
            "weight": float(form["weight"]),
            "show_reference": form["show_reference"],
            "required_mark": float(form["required_mark"]) if form["required_mark"] else None,
            "network_xml": form["network_xml"],
        }
    return {}


def partner_setup(session: Session) -> None:
    """One partner placed: a draft to submit, which an accepted action would change."""
    session.call("act", partner_bodies("act", session))


def _plan(view: dict) -> dict:
    """A plan that differs from the one saved: its general objective changed."""
    plan = view["plan"]
    return {**plan, "goal": "Rédiger un CV." if plan["goal"] != "Rédiger un CV." else "Écrire."}


_AUTHORS: dict[int, str] = {}


def _submitted_learner(session: Session) -> tuple[str, dict]:
    """A learner of the same block with a submitted plan (made once per server, so that asking
    for a body again changes nothing a snapshot sees), and the trainers' row of it now."""
    if id(session.server) not in _AUTHORS:
        learner = Session(session.server, session.block, f"hostile-author-{uuid.uuid4().hex[:8]}")
        workshop_setup(learner)
        learner.call("submit", {"at": learner.call("get_state", {})["at"]})
        _AUTHORS[id(session.server)] = learner.student
    student = _AUTHORS[id(session.server)]
    trainer = Session(session.server, session.block, f"trainer-rows-{uuid.uuid4().hex[:8]}")
    rows = trainer.call("submissions", {})["submissions"]
    return student, next(row for row in rows if row["name"] == student)


def _grading(row: dict, levels: dict) -> dict:
    return {
        "learner": row["learner"],
        "attempt": row["attempt"],
        "version": row["version"],
        "levels": levels,
        "comments": {},
        "overall": "",
    }


def workshop_bodies(handler: str, session: Session) -> dict:
    view = session.call("get_state", {})
    if handler == "save_plan":
        return {"plan": _plan(view), "at": view["at"]}
    if handler == "restart":
        if not view["submitted"]:
            view = session.call("submit", {"at": view["at"]})
        if view["result"]["status"] == "awaiting":  # a trainer grades it first
            trainer = Session(session.server, session.block, f"trainer-{uuid.uuid4().hex[:8]}")
            rows = trainer.call("submissions", {})["submissions"]
            row = next(r for r in rows if r["name"] == session.student)
            top = {c["id"]: c["levels"][-1]["points"] for c in view["rubric"]}
            trainer.call("grade", _grading(row, top))
            view = session.call("get_state", {})
    if handler in ("submit", "restart"):
        return {"at": view["at"]}
    if handler in ("submission", "grade"):
        _student, row = _submitted_learner(session)
        if handler == "submission":
            return {"learner": row["learner"]}
        return _grading(row, {c["id"]: c["levels"][0]["points"] for c in view["rubric"]})
    if handler in ("studio_check", "studio_submit"):
        form = session.studio_form()
        if handler == "studio_check":
            return {"workshop_xml": form["workshop_xml"]}
        return {
            "display_name": form["display_name"],
            "max_attempts": int(form["max_attempts"]),
            "weight": float(form["weight"]),
            "required_mark": float(form["required_mark"]) if form["required_mark"] else None,
            "workshop_xml": form["workshop_xml"],
        }
    return {}


def workshop_setup(session: Session) -> None:
    """A plan saved: a draft to submit, which an accepted action would change."""
    view = session.call("get_state", {})
    plan = {**view["plan"], "goal": "Rédiger un CV adapté au métier visé."}
    plan["objectives"] = [{"id": "o1", "text": "Rédiger un CV lisible."}]
    session.call("save_plan", {"plan": plan, "at": view["at"]})


BLOCKS = [
    Block("interview_simulation", "interview_simulation.0", interview_bodies, interview_setup),
    Block("partner_network", "partner_network.0", partner_bodies, partner_setup),
    Block("workshop_design", "workshop_design.1", workshop_bodies, workshop_setup),
]
HANDLERS = [handler for block in BLOCKS for handler in handlers_of(block)]


# --- The hostile requests ----------------------------------------------------------------------


def dumps(data: object) -> bytes:
    return json.dumps(data).encode("utf-8")  # ASCII: "\ud800" travels as its escape


def member_first(member: bytes) -> Callable[[dict, int], bytes]:
    """The valid body with a raw `"name": value` member put first."""

    def body(valid: dict, _limit: int) -> bytes:
        rest = dumps(valid)[1:]
        return b"{" + member + (b", " + rest if valid else b"}")

    return body


def same_name_twice(valid: dict, limit: int) -> bytes:
    valid = valid or {"x": 1}
    name = next(iter(valid))
    return member_first(dumps(name) + b": " + dumps(valid[name]))(valid, limit)


def surrogate_in_every_string(valid: dict, _limit: int) -> bytes:
    def spoil(value):
        if isinstance(value, str):
            return value + "\ud800"
        if isinstance(value, dict):
            return {key: spoil(item) for key, item in value.items()}
        if isinstance(value, list):
            return [spoil(item) for item in value]
        return value

    return dumps({"note": "\ud800", **spoil(valid)})


def over_the_bound(valid: dict, limit: int) -> bytes:
    """A well-formed body one byte over the handler's bound."""
    text = dumps({**valid, "pad": ""})
    return dumps({**valid, "pad": "x" * (limit + 1 - len(text))})


def multipart(valid: dict, _limit: int) -> bytes:
    parts = [
        f'--XB\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{json.dumps(value)}\r\n'
        for name, value in valid.items()
    ]
    upload = 'Content-Disposition: form-data; name="upload"; filename="a.xml"'
    parts.append(f"--XB\r\n{upload}\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n")
    return ("".join(parts) + "--XB--\r\n").encode("utf-8", "surrogatepass")


def form_urlencoded(valid: dict, _limit: int) -> bytes:
    return urllib.parse.urlencode({k: json.dumps(v) for k, v in valid.items()}).encode()


def chunked(valid: dict, _limit: int) -> bytes:
    data = dumps(valid)
    return b"%x\r\n%s\r\n0\r\n\r\n" % (len(data), data)


def valid_body(valid: dict, _limit: int) -> bytes:
    return dumps(valid)


def encoded(codec: str) -> Callable[[dict, int], bytes]:
    return lambda valid, _limit: json.dumps(valid, ensure_ascii=False).encode(codec, "replace")


def fixed(data: bytes) -> Callable[[dict, int], bytes]:
    return lambda valid, _limit: data


def around(before: bytes, after: bytes) -> Callable[[dict, int], bytes]:
    return lambda valid, _limit: before + dumps(valid) + after


@dataclass(frozen=True)
class Hostile:
    """One hostile request: its body (from a valid body and the handler's bound), the headers
    it changes (None removes one; Content-Length may be computed from the body's length), the
    answer expected and the message's template."""

    id: str
    body: Callable[[dict, int], bytes] = valid_body
    headers: tuple[tuple[str, str | Callable[[int], str] | None], ...] = ()
    status: int = 400
    reason: str = handlers.NOT_JSON
    method: str = "POST"
    before_block: bool = False


POST_ONLY = "Send this request with POST."
SAME_NAME = "The request gives the same name twice in one object."
NOT_OBJECT = "The request must be a JSON object."
CONTENT, LENGTH, LARGE = handlers.NOT_JSON_CONTENT, handlers.BAD_LENGTH, handlers.TOO_LARGE
DEEP, TEXT, NUMBER = handlers.TOO_DEEP, handlers.NOT_TEXT, handlers.TOO_BIG_NUMBER


def header(name: str, value: str | Callable[[int], str] | None) -> tuple:
    return ((name, value),)


NO_TYPE = header("Content-Type", None)
MULTIPART = header("Content-Type", "multipart/form-data; boundary=XB")
FORM = header("Content-Type", "application/x-www-form-urlencoded")
TEN_MB = header("Content-Length", "10000000")
CHUNKED = header("Transfer-Encoding", "chunked")
LATIN1 = header("Content-Type", f"{JSON}; charset=latin-1")
UTF32 = header("Content-Type", f"{JSON}; charset=utf-32")


def gzipped(valid: dict, _limit: int) -> bytes:
    return gzip.compress(dumps(valid))


def deflated(valid: dict, _limit: int) -> bytes:
    return zlib.compress(dumps(valid))


HOSTILE = [
    # Methods
    Hostile("GET", fixed(b""), NO_TYPE, 405, POST_ONLY, method="GET"),
    Hostile("PUT a valid body", status=405, reason=POST_ONLY, method="PUT"),
    Hostile("PATCH a valid body", status=405, reason=POST_ONLY, method="PATCH"),
    Hostile("DELETE", fixed(b""), NO_TYPE, 405, POST_ONLY, method="DELETE"),
    Hostile("OPTIONS", fixed(b""), NO_TYPE, 405, POST_ONLY, method="OPTIONS"),
    # Content types and encodings, each with a body the handler would otherwise accept
    Hostile("multipart form-data", multipart, MULTIPART, reason=CONTENT),
    Hostile("multipart declaring 10 MB", multipart, MULTIPART + TEN_MB, reason=CONTENT),
    Hostile("form-urlencoded", form_urlencoded, FORM, reason=CONTENT),
    Hostile("text/plain", headers=header("Content-Type", "text/plain"), reason=CONTENT),
    Hostile("no Content-Type", headers=NO_TYPE, reason=CONTENT),
    Hostile("latin-1", encoded("latin-1"), LATIN1, reason=CONTENT),
    # Not UTF-16: Django decodes the query string in the charset named, and an ASCII query
    # read as UTF-16 no longer says `?student=…`: the workbench would act for another user.
    Hostile("utf-32", encoded("utf-32"), UTF32, reason=CONTENT),
    Hostile("text/json", headers=header("Content-Type", "text/json"), reason=CONTENT),
    Hostile("json-patch", headers=header("Content-Type", f"{JSON}-patch+json"), reason=CONTENT),
    Hostile("two types", headers=header("Content-Type", f"{JSON}, text/plain"), reason=CONTENT),
    Hostile("gzip", gzipped, header("Content-Encoding", "gzip"), reason=CONTENT),
    Hostile("deflate", deflated, header("Content-Encoding", "deflate"), reason=CONTENT),
    # Framing
    Hostile("no Content-Length", headers=header("Content-Length", None), reason=LENGTH),
    Hostile("Content-Length abc", headers=header("Content-Length", "abc"), reason=LENGTH),
    Hostile("Content-Length -1", headers=header("Content-Length", "-1"), reason=LENGTH),
    Hostile(
        "Content-Length +n", headers=header("Content-Length", lambda n: f"+{n}"), reason=LENGTH
    ),
    Hostile(
        "length over the body",
        headers=header("Content-Length", lambda n: str(n + 100)),
        reason=LENGTH,
    ),
    Hostile("length under the body", headers=header("Content-Length", lambda n: str(n - 1))),
    Hostile("chunked", chunked, header("Content-Length", None) + CHUNKED, reason=LENGTH),
    Hostile("chunked and Content-Length", chunked, CHUNKED, reason=LENGTH),
    Hostile("10 MB declared, a short body sent", headers=TEN_MB, reason=LARGE),
    Hostile("one byte over the bound", over_the_bound, reason=LARGE),
    # Bodies
    Hostile("empty", fixed(b"")),
    Hostile("whitespace", fixed(b" \r\n\t ")),
    Hostile("not UTF-8", fixed(b"\xff\xfe{}")),
    Hostile("latin-1 byte in a string", member_first(b'"x": "caf\xe9"')),
    Hostile("surrogate as raw bytes", member_first(b'"x": "\xed\xa0\x80"')),
    Hostile("UTF-8 BOM", around(b"\xef\xbb\xbf", b"")),
    Hostile("NaN", member_first(b'"x": NaN')),
    Hostile("Infinity", member_first(b'"x": Infinity')),
    Hostile("-Infinity", member_first(b'"x": -Infinity')),
    Hostile("1e999999", member_first(b'"x": 1e999999'), reason=NUMBER),
    Hostile("-1e999999", member_first(b'"x": -1e999999'), reason=NUMBER),
    Hostile("5,000-digit integer", member_first(b'"x": ' + b"9" * 5000), reason=NUMBER),
    Hostile(
        "30,000 nested arrays", member_first(b'"x": ' + b"[" * 30000 + b"]" * 30000), reason=DEEP
    ),
    Hostile(
        "10,000 nested objects",
        member_first(b'"x": ' + b'{"a":' * 10000 + b"1" + b"}" * 10000),
        reason=DEEP,
    ),
    Hostile("40 nested arrays", member_first(b'"x": ' + b"[" * 40 + b"]" * 40), reason=DEEP),
    Hostile("same name twice", same_name_twice, reason=SAME_NAME),
    Hostile("array", lambda valid, _limit: dumps([valid]), reason=NOT_OBJECT),
    Hostile("string", fixed(b'"{}"'), reason=NOT_OBJECT),
    Hostile("number", fixed(b"1"), reason=NOT_OBJECT),
    Hostile("null", fixed(b"null"), reason=NOT_OBJECT),
    Hostile("true", fixed(b"true"), reason=NOT_OBJECT),
    Hostile("two documents", lambda valid, _limit: dumps(valid) + dumps(valid)),
    Hostile("trailing garbage", around(b"", b" x")),
    Hostile("truncated", lambda valid, _limit: dumps(valid)[:-1]),
    Hostile("lone surrogate in every string", surrogate_in_every_string, reason=TEXT),
    Hostile("lone surrogate in a name", member_first(b'"\\ud800": 1'), reason=TEXT),
    Hostile("lone low surrogate", member_first(b'"x": "\\udfff"'), reason=TEXT),
    Hostile("reversed surrogate pair", member_first(b'"x": "\\udc00\\ud800"'), reason=TEXT),
    # Refused by Django before any block code runs
    Hostile(
        "no CSRF token",
        headers=header("Cookie", None) + header("X-CSRFToken", None),
        status=403,
        before_block=True,
    ),
    Hostile("form-urlencoded declaring 10 MB", form_urlencoded, FORM + TEN_MB, before_block=True),
    Hostile(
        "multipart without a boundary",
        multipart,
        header("Content-Type", "multipart/form-data"),
        before_block=True,
    ),
]


# --- Talking to the server ---------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class _Received:
    """What http.client needs of a socket to parse a response already received."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def makefile(self, _mode: str) -> io.BytesIO:
        return io.BytesIO(self.data)


def send_raw(port: int, head: str, body: bytes) -> Answer:
    """Send a request exactly as written, stop writing, and read the answer to its end.

    The server may reset the connection when it closes with bytes of ours left unread (a
    framing it refused): what arrived before the reset is the answer.
    """
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        # The server may answer and close before the whole request is sent, or before we
        # stop writing (ENOTCONN): its answer is waiting all the same.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(head.encode("latin-1") + body)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    response = http.client.HTTPResponse(_Received(received))
    response.begin()
    return Answer(response.status, dict(response.getheaders()), response.read())


class FormFields(HTMLParser):
    """The named fields of the first form of a page, with the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self._state = "before"  # then "in", then "after" the first form
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self._state == "before":
            self._state = "in"
        if self._state != "in":
            return
        if tag == "input" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form" and self._state == "in":
            self._state = "after"
        self._select = None if tag == "select" else self._select
        self._textarea = None if tag == "textarea" else self._textarea

    def handle_data(self, data):
        if self._textarea and self._state == "in":
            self.fields[self._textarea] += data


class Server:
    """The workbench under test, its port and its logs."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder
        self.port = int(url.rsplit(":", 1)[1])

    def mark(self) -> tuple[str, int]:
        """A line of our own in the Django log (a 404 is logged), and the console's length."""
        token = f"hostile-mark-{uuid.uuid4().hex}"
        try:
            urllib.request.urlopen(f"{self.url}/{token}/", timeout=TIMEOUT).close()
        except urllib.error.HTTPError as error:
            assert error.code == 404
        return token, (self.folder / "server.out").stat().st_size

    def logged_since(self, mark: tuple[str, int]) -> tuple[str | None, str]:
        """What the Django log (rotated files included) and the console got since `mark`.

        The log is None if it rotated past the mark: only Django's debug error pages log that
        much (each missing template variable with the whole request and settings).
        """
        token, console = mark
        names = ("workbench.log.2", "workbench.log.1", "workbench.log")
        log = "".join(
            (self.folder / name).read_text(encoding="utf-8", errors="replace")
            for name in names
            if (self.folder / name).exists()
        )
        out = (self.folder / "server.out").read_bytes()[console:].decode("utf-8", "replace")
        return (log[log.rindex(token) :] if token in log else None), out


class Session:
    """A learner (or trainer) of one block in the workbench, with its CSRF cookie."""

    def __init__(self, server: Server, block: Block, student: str) -> None:
        self.server, self.block, self.student = server, block, student
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = self.page(f"/scenario/{block.scenario}/")
        found = re.search(rf"data-usage=['\"]([^'\"]*{re.escape(block.type)}[^'\"]*)", page)
        self.usage = found.group(1)
        self.token = next(c.value for c in jar if c.name == "csrftoken")

    def page(self, path: str) -> str:
        url = f"{self.server.url}{path}?student={self.student}"
        with self.opener.open(url, timeout=TIMEOUT) as response:
            return response.read().decode("utf-8")

    def post(self, handler: str, body: bytes, changes=(), method: str = "POST") -> Answer:
        headers = {
            "Host": f"127.0.0.1:{self.server.port}",
            "Content-Type": JSON,
            "Content-Length": str(len(body)),
            "Cookie": f"csrftoken={self.token}",
            "X-CSRFToken": self.token,
            "Accept-Language": LANGUAGE,
            "Connection": "close",
        }
        for name, value in changes:
            headers[name] = value(len(body)) if callable(value) else value
        target = f"/handler/{self.usage}/{handler}/?student={self.student}"
        head = f"{method} {target} HTTP/1.1\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers.items() if value is not None
        )
        return send_raw(self.server.port, head + "\r\n", body)

    def call(self, handler: str, data: dict) -> dict:
        """A well-formed request, which must be answered 200 with a JSON object."""
        answer = self.post(handler, dumps(data))
        assert answer.status == 200, (handler, answer)
        return json.loads(answer.body)

    def studio_page(self) -> str:
        """The Studio view as the workbench shows it, the debug panel's object ids aside."""
        return re.sub(
            r" @[0-9A-F]+ ", " @ ", self.page(f"/scenario/{self.block.scenario}/studio_view/")
        )

    def studio_form(self) -> dict[str, str]:
        parser = FormFields()
        parser.feed(self.studio_page())
        return parser.fields

    def snapshot(self, content: bool) -> tuple:
        """The learner's state, and with `content` the block's content as Studio shows it."""
        state = self.call(self.block.state, {})
        return state, self.studio_page() if content else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-workbench")
    with running_workbench(folder, memory=harness.MEMORY_LIMIT) as url:
        yield Server(url, folder)


@pytest.fixture(scope="module")
def sessions(server):
    """One learner and one trainer per block, each past the first step (see Block.setup)."""
    made = {}

    def get(block: Block, role: str) -> Session:
        if (block.type, role) not in made:
            prefix = "trainer-hostile" if role == "staff" else "hostile-learner"
            session = Session(server, block, f"{prefix}-{uuid.uuid4().hex[:8]}")
            block.setup(session)
            made[block.type, role] = session
        return made[block.type, role]

    return get


def french(template: str, handler: Handler) -> str:
    return catalog(LANGUAGE).gettext(template).format(limit=handler.max_bytes // 1024)


def role_refusal(learner: Session, handler: Handler) -> str:
    """The 403 message a learner gets for a well-formed request to a staff handler."""
    answer = learner.post(handler.name, dumps(handler.block.bodies(handler.name, learner)))
    assert answer.status == 403, answer
    return json.loads(answer.body)["error"]


# --- The tests -------------------------------------------------------------------------------


def test_the_blocks_have_json_handlers_only():
    """A handler that is not a `json_action` would escape everything this file checks."""
    for block in BLOCKS:
        cls = XBlock.load_class(block.type)
        names = [n for n in dir(cls) if getattr(getattr(cls, n, None), "_is_xblock_handler", 0)]
        assert sorted(names) == [h.name for h in HANDLERS if h.block is block]
    assert {h.name for h in HANDLERS} >= {"get_state", "choose", "restart", "studio_submit"}
    assert {h.id for h in HANDLERS} >= {"partner_network.act", "partner_network.submissions"}


@pytest.mark.parametrize(
    "content_type", [JSON, 'Application/JSON; charset="UTF-8"'], ids=["json", "json-utf8"]
)
@pytest.mark.parametrize("handler", HANDLERS, ids=lambda h: h.id)
def test_a_well_formed_request_is_accepted(server, handler, content_type):
    """The other side of every refusal below: the same body, framed as the front-end does."""
    prefix = "trainer-control" if handler.role == "staff" else "control"
    session = Session(server, handler.block, f"{prefix}-{uuid.uuid4().hex[:8]}")
    handler.block.setup(session)
    body = dumps(handler.block.bodies(handler.name, session))
    answer = session.post(handler.name, body, (("Content-Type", content_type),))
    assert answer.status == 200, answer
    assert isinstance(json.loads(answer.body), dict)


CASES = [
    pytest.param(handler, role, case, id=f"{handler.id}-as-{role}-{case.id}")
    for handler in HANDLERS
    for role in (("staff", "learner") if handler.role == "staff" else ("learner",))
    for case in HOSTILE
]


@pytest.mark.parametrize(("handler", "role", "case"), CASES)
def test_a_hostile_request_is_refused_cleanly_and_changes_nothing(
    server, sessions, handler, role, case
):
    session = sessions(handler.block, role)
    content = handler.role == "staff"
    # The valid body first: getting one may move the learner (a restart needs a submitted
    # attempt), and only what the hostile request does must be measured.
    valid = handler.block.bodies(handler.name, session)
    before = session.snapshot(content)
    mark = server.mark()

    answer = session.post(
        handler.name, case.body(valid, handler.max_bytes), case.headers, case.method
    )

    wrong_role = role != handler.role and not case.before_block
    expected = 403 if wrong_role else case.status
    assert answer.status != 500, answer
    assert answer.status == expected, answer
    if not case.before_block:
        message = json.loads(answer.body)["error"]
        if expected == 403:
            assert message == role_refusal(sessions(handler.block, "learner"), handler)
        else:
            assert message == french(case.reason, handler)
        if answer.status == 405:
            assert answer.headers.get("Allow") == "POST"
    assert session.snapshot(content) == before  # the server answers, and nothing moved
    log, console = server.logged_since(mark)
    assert "Traceback" not in console, console
    if case.before_block:  # Django logs its own refusal, which never passes through a block
        assert log is None or "/xblocks/" not in log, log
    else:
        assert log is not None and "Traceback" not in log, log
