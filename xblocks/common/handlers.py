"""JSON handlers that answer bad requests with 400 (403 for a wrong role), never 500.

Whatever the method, content type, framing or body, a handler refuses with a translated JSON
message before it changes anything: 403 for a wrong role (checked before the body is read),
405 for a method other than POST, 400 for anything else that is not one bounded, well-formed
JSON object sent as `application/json` in UTF-8 with an exact Content-Length.
"""

from __future__ import annotations

import functools
import json
import math
import re

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from xblocks.common.i18n import Message, block_gettext
from xblocks.common.i18n import gettext_noop as _

MAX_BODY_BYTES = 64 * 1024
#: Objects and arrays inside one another: our requests need 3; a bound independent of the stack.
MAX_DEPTH = 32
#: Characters in a number: a JavaScript number never needs more (Python refuses over 4,300
#: digits, and reads 1e999 as infinity).
MAX_NUMBER_CHARS = 40
_DECIMAL = re.compile(r"[0-9]{1,20}")
_SURROGATE = re.compile("[\ud800-\udfff]")

NOT_JSON_CONTENT = _(
    "Send the request as uncompressed JSON in UTF-8 (Content-Type: application/json)."
)
BAD_LENGTH = _("The request's length (Content-Length) is missing or does not match its body.")
TOO_LARGE = _("The request is larger than {limit} KB.")
NOT_JSON = _("The request is not valid JSON.")
TOO_DEEP = _("The request is nested too deeply.")
NOT_TEXT = _("The request holds characters that are not valid text.")
TOO_BIG_NUMBER = _("The request holds a number that is too large.")


class HandlerRefused(Exception):
    """A request the block refuses: a translatable template, its values and the HTTP status."""

    def __init__(self, template: str, status: int = 400, **params: object) -> None:
        self.template, self.status, self.params = template, status, params
        super().__init__(template.format(**params))

    @classmethod
    def about(cls, problem, status: int = 400) -> HandlerRefused:
        """Refuse for an engine's problem (anything with a template and its params)."""
        return cls(problem.template, status, **dict(problem.params))


def _check_json_content(environ: dict) -> None:
    """Only `application/json` (charset UTF-8 if one is named), not compressed.

    A missing type is refused too: the blocks' front-end always sends `application/json`,
    which a page of another site cannot send without the browser asking this server first
    (CORS), whereas it can send a form, text/plain or a body with no type at all.
    """
    media, *params = str(environ.get("CONTENT_TYPE", "")).split(";")
    charsets = [
        value.strip().strip('"').lower()
        for name, _sep, value in (param.partition("=") for param in params)
        if name.strip().lower() == "charset"
    ]
    encoding = str(environ.get("HTTP_CONTENT_ENCODING", "identity")).strip().lower()
    if (
        media.strip().lower() != "application/json"
        or any(charset not in ("utf-8", "utf8") for charset in charsets)
        or encoding not in ("", "identity")
    ):
        raise HandlerRefused(NOT_JSON_CONTENT)


def _declared_length(environ: dict, max_bytes: int) -> int:
    """The body's declared length: decimal digits, without Transfer-Encoding, within bounds.

    A WSGI application sees no body without Content-Length (Django reads none), so a chunked
    request would otherwise arrive empty.
    """
    declared = str(environ.get("CONTENT_LENGTH") or "").strip()
    if "HTTP_TRANSFER_ENCODING" in environ or not _DECIMAL.fullmatch(declared):
        raise HandlerRefused(BAD_LENGTH)
    if int(declared) > max_bytes:
        raise HandlerRefused(TOO_LARGE, limit=max_bytes // 1024)
    return int(declared)


def _read_body(request, length: int) -> bytes:
    """The body, exactly `length` bytes; any failure to read it is the request's framing.

    The runtime's request may fail in its own ways (Django's after a form parser read the
    stream, webob's on a client that sent less than it declared): all of them mean 400.
    """
    try:
        body = request.body
    except Exception:  # whatever the runtime raises, the body cannot be read
        raise HandlerRefused(BAD_LENGTH) from None
    if not isinstance(body, bytes) or len(body) != length:
        raise HandlerRefused(BAD_LENGTH)
    return body


def _number(text: str, convert):
    value = convert(text) if len(text) <= MAX_NUMBER_CHARS else math.inf
    if isinstance(value, float) and not math.isfinite(value):
        raise HandlerRefused(TOO_BIG_NUMBER)
    return value


def _object(pairs: list) -> dict:
    found = dict(pairs)
    if len(found) != len(pairs):  # which value would count is anyone's guess
        raise HandlerRefused(_("The request gives the same name twice in one object."))
    return found


def _refuse_constant(name: str):
    raise ValueError(name)  # NaN, Infinity and -Infinity are not JSON


def _check_tree(data: object) -> None:
    """Depth within MAX_DEPTH and no lone surrogate ("\\ud800" is valid JSON, invalid text),
    walked without recursion."""
    pending = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise HandlerRefused(NOT_TEXT)
        elif isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise HandlerRefused(TOO_DEEP)
            items = [*value, *value.values()] if isinstance(value, dict) else value
            pending.extend((item, depth + 1) for item in items)


def json_body(request, max_bytes: int = MAX_BODY_BYTES) -> dict:
    """The request's JSON object, or HandlerRefused with the reason.

    Method, content type and framing are checked before a byte of the body is read; the body
    is then parsed with bounds on size, depth and numbers, and refused if it is not one JSON
    object of valid text with unique names.
    """
    if request.method != "POST":
        raise HandlerRefused(_("Send this request with POST."), status=405)
    environ = request.environ
    _check_json_content(environ)
    body = _read_body(request, _declared_length(environ, max_bytes))
    try:
        data = json.loads(
            body.decode("utf-8"),
            object_pairs_hook=_object,
            parse_int=lambda text: _number(text, int),
            parse_float=lambda text: _number(text, float),
            parse_constant=_refuse_constant,
        )
    except (UnicodeDecodeError, ValueError):
        raise HandlerRefused(NOT_JSON) from None
    except RecursionError:
        raise HandlerRefused(TOO_DEEP) from None
    _check_tree(data)
    if not isinstance(data, dict):
        raise HandlerRefused(_("The request must be a JSON object."))
    return data


def json_action(method=None, *, max_bytes: int = MAX_BODY_BYTES, role_check: str = ""):
    """Turn `method(self, data) -> dict` into an XBlock JSON handler with translated errors.

    The method must raise before it changes any field, so that a refused request leaves the
    learner state as it was. `role_check` names a method of the block that raises a 403
    HandlerRefused; it runs before the request is looked at, so a wrong role never gets
    further. `max_bytes` bounds the body (64 KB unless a handler needs more). The handler
    keeps both as `json_action` = {"role_check": …, "max_bytes": …}, for tests to find.
    """
    if method is None:
        return functools.partial(json_action, max_bytes=max_bytes, role_check=role_check)

    @XBlock.handler
    @functools.wraps(method)
    def handler(self, request, suffix=""):
        gettext = block_gettext(self)
        try:
            if role_check:
                getattr(self, role_check)()
            result = method(self, json_body(request, max_bytes))
        except HandlerRefused as refused:
            message = Message(refused.template, **refused.params).message(gettext)
            response = JsonHandlerError(refused.status, message).get_response()
            if refused.status == 405:
                response.allow = ("POST",)
            return response
        return Response(
            json.dumps(result, ensure_ascii=False),
            content_type="application/json",
            charset="utf-8",
        )

    handler.json_action = {"role_check": role_check, "max_bytes": max_bytes}
    return handler
