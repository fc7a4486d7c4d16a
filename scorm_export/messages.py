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
    "tick_first": _("Tick at least one box first."),
    "several": _("(several answers are possible)"),
    "correct": _("Correct."),
    "incorrect": _("Not quite."),
    "attempts": _("Attempts: {used} of {max}"),
    "explanation": _("Explanation"),
    "score": _("Score for this block: {percent}%"),
    "completed": _("completed"),
    "connecting": _("Connecting to your LMS…"),
    "online": _("Connected to your LMS: your answers and your score are recorded."),
    "review": _(
        "You have finished this block: you are reading your answers, scores and debriefs "
        "again. Nothing your LMS has recorded (status, score) will be lowered; where an "
        "activity still has attempts, its own button starts a new one, and your best attempt "
        "still counts."
    ),
    "result": _("Result of the block"),
    "no_task": _(
        "This block has no graded role-play yet: its score rests on the knowledge checks alone."
    ),
    "pending": _(
        "To pass this block: {mark}% or more once every graded activity is done, and each "
        "required activity at its own mark."
    ),
    "passed": _("Block passed: {mark}% or more, and every required activity at its mark."),
    "failed": _("Block not passed: the score is under {mark}%."),
    "failed_required": _("Block not passed: {names} did not reach the mark it requires."),
    "failed_required_many": _("Block not passed: {names} did not reach the marks they require."),
    "quoted": _("“{name}”"),
    "breakdown": _("How the score is computed"),
    "component": _("{name} — {score}, counts for {share}% of the block."),
    "percent": _("{n}%"),
    "not_done": _("not done yet"),
    "required_met": _("Required mark: {mark}%, reached."),
    "required_unmet": _("Required mark: {mark}%, not reached."),
    "beyond_kept": _(
        "Your LMS cannot keep all of your latest work (it is over the size it keeps): it is "
        "kept in this browser only, and comes back when you reopen this page here. Shorten "
        "what you wrote to have your LMS keep it again."
    ),
    "beyond_lost": _(
        "Your LMS cannot keep all of your latest work (it is over the size it keeps), and "
        "this browser cannot keep a copy: keep this page open, and shorten what you wrote."
    ),
    "offline": _(
        "This page is not connected to an LMS: your progress is kept in this browser only, "
        "and no score is sent."
    ),
}
