"""JSON handlers that answer bad requests with 400 (403 for a wrong role), never 500."""

from __future__ import annotations

import functools
import json

from webob import Response
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from xblocks.common.i18n import block_gettext
from xblocks.common.i18n import gettext_noop as _

MAX_BODY_BYTES = 64 * 1024


class HandlerRefused(Exception):
    """A request the block refuses: a translatable template, its values and the HTTP status."""

    def __init__(self, template: str, status: int = 400, **params: object) -> None:
        self.template, self.status, self.params = template, status, params
        super().__init__(template.format(**params))

    @classmethod
    def about(cls, problem, status: int = 400) -> HandlerRefused:
        """Refuse for an engine's problem (anything with a template and its params)."""
        return cls(problem.template, status, **dict(problem.params))


def json_body(request, max_bytes: int = MAX_BODY_BYTES) -> dict:
    """The request's JSON object, or HandlerRefused with the reason."""
    if request.method != "POST":
        raise HandlerRefused(_("Send this request with POST."), status=405)
    if (request.content_length or 0) > max_bytes or len(request.body) > max_bytes:
        raise HandlerRefused(_("The request is larger than {limit} KB."), limit=max_bytes // 1024)
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise HandlerRefused(_("The request is not valid JSON.")) from None
    except RecursionError:
        raise HandlerRefused(_("The request is nested too deeply.")) from None
    if not isinstance(data, dict):
        raise HandlerRefused(_("The request must be a JSON object."))
    try:  # JSON may escape a lone surrogate ("\ud800"), which no text can hold
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise HandlerRefused(_("The request holds characters that are not valid text.")) from None
    except RecursionError:
        raise HandlerRefused(_("The request is nested too deeply.")) from None
    return data


def json_action(method=None, *, max_bytes: int = MAX_BODY_BYTES, role_check: str = ""):
    """Turn `method(self, data) -> dict` into an XBlock JSON handler with translated errors.

    The method must raise before it changes any field, so that a refused request leaves the
    learner state as it was. `role_check` names a method of the block that raises a 403
    HandlerRefused; it runs before the body is read, so a wrong role never gets further.
    `max_bytes` bounds the body (64 KB unless a handler needs more).
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
            message = gettext(refused.template).format(**refused.params)
            return JsonHandlerError(refused.status, message).get_response()
        return Response(
            json.dumps(result, ensure_ascii=False),
            content_type="application/json",
            charset="utf-8",
        )

    return handler
