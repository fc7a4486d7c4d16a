"""Strings of the SCO pages, in English, marked for translation (the course's catalog)."""

from xblocks.common.i18n import gettext_noop as _

SCO = {
    "skip": _("Skip to the content"),
    "contents": _("Contents"),
    "pages": _("Pages"),
    "previous": _("Previous"),
    "next": _("Next"),
    "position": _("Page {n} of {total}"),
    "check": _("Check my answer"),
    "choose_first": _("Choose an answer first."),
    "correct": _("Correct."),
    "incorrect": _("Not quite."),
    "attempts": _("Attempts: {used} of {max}"),
    "explanation": _("Explanation"),
    "score": _("Score for this block: {percent}%"),
    "completed": _("completed"),
    "offline": _(
        "This page is not connected to an LMS: your progress is kept in this browser only, "
        "and no score is sent."
    ),
}
