"""The strings of the workshop design's Studio editor (templates/studio_view.html and the
shared editor, xblocks/common/public/studio-editor.js), in English, the catalogs' source.

The editor's own strings (line numbers, buttons, confirmations) are the other blocks', word
for word: a catalog holds each once.
"""

from __future__ import annotations

from xblocks.common.i18n import gettext_noop as _

STUDIO = {
    "display_name": _("Display name"),
    "max_attempts": _("Maximum attempts (0 for no limit)"),
    "weight": _("Weight"),
    "required_mark": _("Required mark for the block to pass (0 to 1, empty for none)"),
    "workshop": _("Brief, checks and rubric (XML)"),
    "workshop_help": _(
        "The brief, the automatic checks, the rubric and the worked example, in the format of "
        "the trainer guide (docs/workshop-design-format.md). The settings above decide: "
        "settings written on the root element are not kept. Your comments and layout are kept."
    ),
    "warnings": _("Warnings (the brief can be saved, but check them):"),
    "line_status": _("Line {line}"),
    "go_to_line": _("Go to line {line}"),
    "cancelled": _("Changes cancelled: the form shows what was last saved."),
    "cancel_confirm": _("Discard your unsaved changes?"),
    "check": _("Check and preview"),
    "save": _("Save"),
    "cancel": _("Cancel"),
    "valid": _("The brief is valid."),
    "problems": _("Problems to fix before saving:"),
    "preview": _("Preview"),
    "preview_help": _(
        "The learner's page with this brief and these settings; nothing you do here is saved."
    ),
    "saved": _("Saved."),
    "not_saved": _("Not saved: the brief has problems."),
}
