"""The workshop design XBlock: a thin adapter between the runtime and the engine.

Learners write a plan that answers a brief, see the automatic checks at once, and submit it;
trainers (users the runtime's `user` service marks as staff) list the submissions, grade them
with the rubric and regrade them, history kept. The plans and gradings live in records every
learner of the block shares (`queue.py`): a plain XBlock cannot read other learners' state.
The grade is published for the learner when a trainer grades, and again on a regrade.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from functools import lru_cache

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.completable import CompletableXBlockMixin
from xblock.core import XBlock
from xblock.fields import Dict, Integer, Scope, String
from xblock.scorable import ScorableXBlockMixin
from xblock.scorable import Score as PlatformScore

import course_content
from xblocks.common.actions import action_at, block_wide, lineage, reached, serialized
from xblocks.common.authoring import (
    STUDIO_BODY_BYTES,
    GradedActivity,
    JsonText,
    StudioAuthoring,
    authored_source,
    located,
    read_import,
)
from xblocks.common.handlers import HandlerRefused, json_action
from xblocks.common.i18n import Message, block_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.learners import LearnerIdentity
from xblocks.common.problems import ActionRefused
from xblocks.common.resources import public_text, render, script_safe_json
from xblocks.common.xml import XmlRefused, parse
from xblocks.workshop_design import checks, engine, messages, olx, queue, scoring, validation
from xblocks.workshop_design.messages import engine_templates
from xblocks.workshop_design.messages_studio import STUDIO
from xblocks.workshop_design.model import from_dict, plan_minutes, to_dict

PACKAGE = "xblocks.workshop_design"
EVENT_PREFIX = "insertion_pro.workshop_design"
SAVED_KEYS = ("at", "attempt", "submitted", "can_submit", "minutes", "checks", "alignment")

REFUSED_AWAITING = _("Your plan is awaiting grading: a new attempt can start once it is graded.")
REFUSED_FULL = _(
    "The activity cannot take more plans for now (its record is full): your plan is kept as a "
    "draft; tell your trainer."
)
REFUSED_NO_SUBMISSION = _("This learner has no submitted plan.")
REFUSED_GRADED_MEANWHILE = _(
    "Another trainer graded this plan meanwhile, or the learner submitted a new one: read the "
    "grading now shown; your levels and comments are kept in the form."
)
REFUSED_LEARNER = _('Name the learner in "learner".')
REFUSED_VERSION = _('Say which grading you saw in "version" and "attempt" (whole numbers).')
EARLIER_RUBRIC = _(
    "Grade {grade}%, given with the rubric the activity had then (it has changed since)."
)
REFUSED_STAFF = _("Only course staff can see and grade learners' plans.")


class WorkshopInvalid(ValueError):
    """OLX content the block refuses on import; the message names the block and the problems."""


@lru_cache(maxsize=64)
def workshop_from_json(text: str):
    return from_dict(json.loads(text))


def workshop_json(workshop) -> str:
    return json.dumps(to_dict(workshop), ensure_ascii=False)


@lru_cache(maxsize=64)
def content_version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1)
def default_workshop_json() -> str:
    return workshop_json(olx.workshop_from_xml(public_text(PACKAGE, "default-workshop.xml"))[0])


def check_workshop(xml_text: str, gettext) -> tuple[object | None, list]:
    """Parse and validate workshop XML: the model (None if refused) and its problems, each
    {"message": translated, with its line, "line": n}."""
    try:
        root = parse(xml_text)
        workshop, _settings = olx.workshop_from_element(root)
    except XmlRefused as refused:
        return None, [{"message": located(refused, gettext), "line": refused.line}]
    problems = validation.with_lines(
        validation.validate(workshop, course_content.capacity_codes()),
        validation.source_lines(root),
    )
    found = [{"message": located(p, gettext), "line": p.line} for p in problems]
    return (None if found else workshop), found


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _shard_field() -> JsonText:
    return JsonText(
        help=_("A share of the learners' submitted plans and their gradings (see queue.py)."),
        default="",
        scope=Scope.user_state_summary,
        enforce_type=True,
    )


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("cache")
@XBlock.wants("studio_user_permissions")
@XBlock.supports("multi_device")
class WorkshopDesignBlock(
    LearnerIdentity,
    StudioAuthoring,
    GradedActivity,
    ScorableXBlockMixin,
    CompletableXBlockMixin,
    XBlock,
):
    """A workshop designed for a commissioning body's brief, assessed on B4.1–B4.6."""

    display_name = String(
        display_name=_("Display name"),
        help=_("The name learners see in the course navigation."),
        default=_("Workshop design"),
        scope=Scope.settings,
        enforce_type=True,
    )
    max_attempts = Integer(
        display_name=_("Maximum attempts"),
        help=_("How many plans a learner may submit; 0 means no limit."),
        default=1,
        scope=Scope.settings,
        enforce_type=True,
    )
    workshop_source = String(
        display_name=_("Workshop XML"),
        help=_("The brief, checks and rubric as their author wrote them."),
        default="",
        scope=Scope.content,
        enforce_type=True,
    )
    workshop_json = JsonText(
        display_name=_("Workshop"),
        help=_("The brief, the checks, the rubric and the worked example, as JSON."),
        default="",
        scope=Scope.content,
        enforce_type=True,
    )
    learner_state = Dict(
        help=_("The learner's plan and attempt, and the version of the content it was written on."),
        default={},
        scope=Scope.user_state,
        enforce_type=True,
    )
    plans_0 = _shard_field()
    plans_1 = _shard_field()
    plans_2 = _shard_field()
    plans_3 = _shard_field()
    plans_4 = _shard_field()
    plans_5 = _shard_field()
    plans_6 = _shard_field()
    plans_7 = _shard_field()

    # --- engine access ----------------------------------------------------------------------

    def model(self):
        return workshop_from_json(self.workshop_json or default_workshop_json())

    def version(self) -> str:
        return content_version(self.workshop_json or default_workshop_json())

    def _shard_name(self, learner: str) -> str:
        return f"plans_{queue.shard_of(learner)}"

    def _shard(self, learner: str) -> dict:
        return queue.loads(getattr(self, self._shard_name(learner)))

    def _submission(self, learner: str) -> dict | None:
        return queue.entry(self._shard(learner), learner)

    def resumed_state(self) -> tuple[dict, bool]:
        stored = self.learner_state
        plain = {k: v for k, v in stored.items() if k not in ("cv", "lid")}
        state = engine.checked_state(self.model(), plain or None)
        moved = bool(plain) and stored.get("cv") != self.version() and state != plain
        return state, moved

    # --- what the learner sees --------------------------------------------------------------

    def _grading_view(self, workshop, found: dict | None, gettext) -> dict | None:
        """The result of the learner's current attempt: awaiting grading, or the rubric's
        levels, the comments and the grade explained."""
        if found is None:
            return None
        latest = found["gradings"][-1] if found["gradings"] else None
        levels = latest["levels"] if latest else None
        if levels is not None and set(levels) != set(workshop.criterion_index):
            # Graded on a rubric the activity no longer has: the grade as it was given.
            grade = {
                "raw": latest["raw"],
                "checks": latest["checks"],
                "rubric": latest["rubric"],
                "share": None,
                "capacities": [],
                "parts": [],
            }
            explained = {
                "score": Message(EARLIER_RUBRIC, grade=round(latest["raw"] * 100)).message(gettext),
                "capacities": {},
            }
        else:
            result = scoring.grade(workshop, found["plan"], levels)
            lines = scoring.explanations(workshop, result)
            grade = scoring.grade_dict(result)
            explained = {
                "score": lines["score"].message(gettext),
                "capacities": {k: m.message(gettext) for k, m in lines["capacities"].items()},
            }
        return {
            "attempt": found["attempt"],
            "status": queue.status(found),
            "submitted": found.get("submitted"),
            "grade": grade,
            "explanations": explained,
            "levels": latest["levels"] if latest else None,
            "comments": latest["comments"] if latest else {},
            "overall": latest["overall"] if latest else "",
            "graded": latest.get("at") if latest else None,
        }

    def view_state(self, resumed: tuple | None = None) -> dict:
        state, moved = resumed or self.resumed_state()
        workshop = self.model()
        gettext = block_gettext(self)
        view = engine.learner_view(
            workshop,
            state,
            seed=self.order_seed(),
            max_attempts=self.max_attempts,
            gettext=gettext,
        )
        key, _name = self.learner_key()
        found = self._submission(key)
        view["notice"] = "content_changed" if moved else None
        current = found if found and found["attempt"] == state["a"] else None
        view["result"] = self._grading_view(workshop, current, gettext)
        kept = found.get("kept") if found else None
        view["kept"] = (
            {"attempt": kept["attempt"], "raw": kept["raw"]} if isinstance(kept, dict) else None
        )
        view["can_restart"] = view["can_restart"] and queue.status(current) != queue.AWAITING
        return view

    # --- views ------------------------------------------------------------------------------

    def student_view(self, context=None) -> Fragment:
        """The learner's page, and the trainers' list and grading screen for staff
        (workshop-design-view.js on the XBlock transport), over a server-side summary of the
        brief that shows until it starts, or without JavaScript."""
        gettext = block_gettext(self)
        workshop = self.model()
        usage = self.scope_ids.usage_id
        uid = hashlib.sha256(str(usage).encode("utf-8")).hexdigest()[:10]
        brief = workshop.brief
        html = render(
            PACKAGE,
            "student_view.html",
            uid=uid,
            title=self.display_name,
            brief_title=brief.title,
            commissioner=brief.commissioner.name,
            need=brief.need,
            noscript=gettext(
                _("This activity needs JavaScript: turn it on in your browser to write your plan.")
            ),
        )
        fragment = Fragment(html)
        fragment.add_css(public_text(PACKAGE, "workshop-design.css"))
        for package, script in (
            ("xblocks.common", "transport.js"),
            (PACKAGE, "workshop-design-view.js"),
            (PACKAGE, "workshop-design-xblock.js"),
        ):
            fragment.add_javascript(public_text(package, script))
        args = {
            "id": f"ip-wd-{uid}",
            "title": self.display_name,
            "view": self.view_state(),
            "ui": messages.front_end_ui(gettext),
            "capacities": {c.code: c.label for c in course_content.capacities()},
            "required_mark": self.required_mark,
            "staff": self.is_staff(),
        }
        fragment.initialize_js("WorkshopDesignXBlock", {"json": script_safe_json(args)})
        return fragment

    def studio_view(self, context=None) -> Fragment:
        """Studio's editor (xblocks/common/public/studio-editor.js): the settings and the
        workshop XML checked by `studio_check`, previewed with the learner's page on the JS
        engine, as a SCO plays it."""
        gettext = block_gettext(self)
        text = {key: gettext(value) for key, value in STUDIO.items()}
        html = render(
            PACKAGE,
            "studio_view.html",
            block=self,
            text=text,
            max_attempts_limit=olx.MAX_ATTEMPTS_LIMIT,
            max_weight=olx.MAX_WEIGHT,
            # The settings have their fields: the XML written for the editor carries none.
            workshop_xml=self.workshop_source or olx.workshop_to_xml(self.model(), None),
        )
        fragment = Fragment(html)
        fragment.add_css(public_text(PACKAGE, "workshop-design.css"))
        fragment.add_css(public_text("xblocks.common", "studio-editor.css"))
        for package, script in (
            ("xblocks.common", "shuffle.js"),
            ("xblocks.common", "transport.js"),
            (PACKAGE, "workshop-design-engine.js"),
            (PACKAGE, "workshop-design-view.js"),
            ("xblocks.common", "studio-editor.js"),
            (PACKAGE, "workshop-design-studio.js"),
        ):
            fragment.add_javascript(public_text(package, script))
        args = {
            "ui": messages.front_end_ui(gettext),
            "templates": engine_templates(gettext),
            "text": text,
            "capacities": {c.code: c.label for c in course_content.capacities()},
            "seed": self.order_seed(),  # the preview shows the order this author would see
        }
        fragment.initialize_js("WorkshopDesignStudio", {"json": script_safe_json(args)})
        return fragment

    def student_view_data(self, context=None) -> dict:
        """For the mobile apps: the learner's view, never the graders' notes."""
        return {
            "display_name": self.display_name,
            "max_attempts": self.max_attempts,
            "view": self.view_state(),
        }

    # --- learner handlers -------------------------------------------------------------------

    @json_action
    def get_state(self, data: dict) -> dict:
        return self.view_state()

    def _apply(self, data: dict, kind: str) -> dict:
        """Apply one learner action, alone for this learner and block, if it is not stale."""
        at = action_at(data)
        with serialized(self) as marks:
            state, _moved = self.resumed_state()
            lid = lineage(self.learner_state)
            where = (self.version(), lid)
            if not reached(marks, (*where, at["attempt"], at["step"])):
                raise HandlerRefused(engine.REFUSED_STALE, status=409)
            workshop = self.model()
            if kind == "restart":
                key, _name = self.learner_key()
                with block_wide(self):  # the trainers' record as it is now
                    found = self._submission(key)
                if found and found["attempt"] == state["a"] and not found["gradings"]:
                    raise HandlerRefused(REFUSED_AWAITING)
            try:
                # Only a restart is limited by the attempts allowed: the others read no setting.
                allowed = self.max_attempts if kind == "restart" else 0
                new_state = engine.apply(
                    workshop, state, {**data, "type": kind}, max_attempts=allowed
                )
            except ActionRefused as refused:
                raise HandlerRefused.about(refused.problem, refused.status) from None
            if kind == "submit":
                checks_part = round(scoring.checks_score(workshop, new_state["p"])[0], 4)
                self._record_submission(new_state, checks_part)
            self.learner_state = {**new_state, "cv": self.version(), "lid": lid}
            after = engine.position(new_state)
            marks.set((*where, after["attempt"], after["step"]))
            if kind == "submit":
                self._after_submit(new_state, checks_part)
            if kind == "save":
                # What an autosave changes on the page; the attempts allowed are not in it.
                view = engine.learner_view(
                    workshop, new_state, seed=self.order_seed(), gettext=block_gettext(self)
                )
                return {key: view[key] for key in SAVED_KEYS}
            return self.view_state((new_state, False))

    def _record_submission(self, state: dict, checks_part: float) -> None:
        """Put the submitted plan into its record and the staff list; 409 if no room is left
        (nothing is written then, the plan stays the learner's draft)."""
        key, name = self.learner_key()
        field = self._shard_name(key)
        values = {
            "user": self.scope_ids.user_id,
            "name": name,
            "attempt": state["a"],
            "cv": self.version(),
            "plan": state["p"],
            "checks": checks_part,
            "submitted": _now(),
        }
        with block_wide(self):
            try:
                shard = queue.submitted(queue.loads(getattr(self, field)), key, values)
            except queue.ShardFull:
                raise HandlerRefused(REFUSED_FULL, status=409) from None
            setattr(self, field, queue.dumps(shard))

    def _after_submit(self, state: dict, checks_part: float) -> None:
        self.runtime.publish(
            self,
            f"{EVENT_PREFIX}.submitted",
            {"attempt": state["a"], "checks": checks_part, "minutes": plan_minutes(state["p"])},
        )
        self.emit_completion(1.0)  # the grade may follow, when a trainer grades

    @json_action
    def save_plan(self, data: dict) -> dict:
        """The page's autosave: {"plan": the whole plan, "at": …}; answers the checks. (Not
        `save`, which is XBlock's own.)"""
        return self._apply(data, "save")

    @json_action
    def submit(self, data: dict) -> dict:
        return self._apply(data, "submit")

    @json_action
    def restart(self, data: dict) -> dict:
        return self._apply(data, "restart")

    # --- staff ------------------------------------------------------------------------------

    def _require_staff(self) -> None:
        if not self.is_staff():
            raise HandlerRefused(REFUSED_STAFF, 403)

    @json_action(role_check="_require_staff")
    def submissions(self, data: dict) -> dict:
        """The staff list, newest submission first."""
        shards = [queue.loads(getattr(self, f"plans_{n}")) for n in range(queue.SHARDS)]
        return {"submissions": queue.rows(shards)}

    def _learner(self, data: dict) -> str:
        learner = data.get("learner")
        if not isinstance(learner, str) or not 0 < len(learner) <= 200:
            raise HandlerRefused(REFUSED_LEARNER)
        return learner

    def _grading_screen(self, learner: str, found: dict) -> dict:
        """What a trainer grades: the plan, the checks on it, the rubric with its notes, the
        gradings so far."""
        workshop = self.model()
        gettext = block_gettext(self)
        results = scoring.checks_score(workshop, found["plan"])[1]
        return {
            "learner": learner,
            "name": str(found.get("name", learner)),
            "attempt": found["attempt"],
            "status": queue.status(found),
            "version": queue.version(found),
            "submitted": found.get("submitted"),
            "content_changed": found.get("cv") != self.version(),
            "plan": found["plan"],
            "brief": engine.brief_view(workshop),
            "checks": [
                {
                    "id": r.id,
                    "fraction": round(r.fraction, 4),
                    "lines": [line.message(gettext) for line in r.lines],
                }
                for r in results
            ],
            "alignment": checks.alignment_matrix(found["plan"]),
            "rubric": [
                {**criterion, "notes": workshop.criterion_index[criterion["id"]].notes}
                for criterion in engine.rubric_view(workshop)
            ],
            "gradings": found["gradings"],
            "result": self._grading_view(workshop, found, gettext),
        }

    @json_action(role_check="_require_staff")
    def submission(self, data: dict) -> dict:
        learner = self._learner(data)
        found = self._submission(learner)
        if found is None:
            raise HandlerRefused(REFUSED_NO_SUBMISSION)
        return self._grading_screen(learner, found)

    @json_action(role_check="_require_staff")
    def grade(self, data: dict) -> dict:
        """A trainer's grading of a learner's current attempt: {"learner", "attempt",
        "version" (the gradings seen), "levels", "comments", "overall"}. Another grading made
        meanwhile makes this one stale (409, the current one shown, nothing written)."""
        learner = self._learner(data)
        attempt, seen = data.get("attempt"), data.get("version")
        if type(attempt) is not int or type(seen) is not int:
            raise HandlerRefused(REFUSED_VERSION)
        workshop = self.model()
        try:
            clean = scoring.clean_grading(workshop, data)
        except ActionRefused as refused:
            raise HandlerRefused.about(refused.problem, refused.status) from None
        field = self._shard_name(learner)
        with block_wide(self):
            shard = queue.loads(getattr(self, field))
            found = queue.entry(shard, learner)
            if found is None:
                raise HandlerRefused(REFUSED_NO_SUBMISSION)
            if found["attempt"] != attempt or queue.version(found) != seen:
                raise HandlerRefused(REFUSED_GRADED_MEANWHILE, 409)
            result = scoring.grade(workshop, found["plan"], clean["levels"])
            _key, by = self.learner_key()
            grading = {
                **clean,
                "by": by,
                "at": _now(),
                "raw": result.raw,
                "rubric": result.rubric,
                "checks": result.checks,
            }
            shard = queue.graded(shard, learner, grading)
            found = queue.entry(shard, learner)
            setattr(self, field, queue.dumps(shard))
        self.runtime.publish(
            self,
            f"{EVENT_PREFIX}.graded",
            {
                "learner": learner,
                "attempt": attempt,
                "raw_score": result.raw,
                "regrade": seen > 0,
                "levels": clean["levels"],
            },
        )
        # The grade is the learner's, published as the LMS takes a grade for another user.
        self.runtime.publish(
            self,
            "grade",
            {"value": found["kept"]["raw"], "max_value": 1.0, "user_id": found.get("user")},
        )
        return self._grading_screen(learner, found)

    # --- authoring --------------------------------------------------------------------------

    @json_action(max_bytes=STUDIO_BODY_BYTES, role_check="_require_author")
    def studio_check(self, data: dict) -> dict:
        xml_text = data.get("workshop_xml")
        if not isinstance(xml_text, str):
            raise HandlerRefused(_('Send the workshop XML as a string in "workshop_xml".'))
        workshop, problems = check_workshop(xml_text, block_gettext(self))
        return {
            "problems": problems,
            "warnings": [],
            "content": to_dict(workshop) if workshop is not None else None,
        }

    @json_action(max_bytes=STUDIO_BODY_BYTES, role_check="_require_author")
    def studio_submit(self, data: dict) -> dict:
        checks = {
            "display_name": lambda v: isinstance(v, str) and 0 < len(v.strip()) <= 200,
            "max_attempts": lambda v: type(v) is int and 0 <= v <= olx.MAX_ATTEMPTS_LIMIT,
            "weight": lambda v: type(v) in (int, float) and 0 <= v <= olx.MAX_WEIGHT,
            "required_mark": lambda v: v is None or (type(v) in (int, float) and 0 < v <= 1),
            "workshop_xml": lambda v: isinstance(v, str),
        }
        for name, is_valid in checks.items():
            if not is_valid(data.get(name)):
                raise HandlerRefused(_('The value of "{field}" is not valid.'), field=name)
        workshop, problems = check_workshop(data["workshop_xml"], block_gettext(self))
        if workshop is None:
            raise HandlerRefused(
                _("The brief has problems: {problems}"),
                problems=" ".join(p["message"] for p in problems),
            )
        root = parse(data["workshop_xml"], keep_comments=True)
        self._write_fields(
            {
                "display_name": data["display_name"].strip(),
                "max_attempts": data["max_attempts"],
                "weight": float(data["weight"]),
                "required_mark": None
                if data["required_mark"] is None
                else float(data["required_mark"]),
                "workshop_json": workshop_json(workshop),
                "workshop_source": authored_source(root),
            }
        )
        return {"result": "success", "warnings": []}

    # --- OLX --------------------------------------------------------------------------------

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """Read OLX, a pointer tag's course file included; invalid content fails the import
        with a message naming the block, the file and the line."""
        imported = read_import(
            node,
            runtime,
            keys,
            olx.workshop_from_element,
            lambda workshop: validation.validate(workshop, course_content.capacity_codes()),
            WorkshopInvalid,
        )
        block = runtime.construct_xblock_from_class(cls, keys)
        if imported is None:
            if node.get("display_name"):
                block.display_name = node.get("display_name")
            return block
        workshop, settings = imported.content, imported.settings
        block.workshop_json = workshop_json(workshop)
        block.workshop_source = authored_source(imported.definition)
        if settings.display_name:
            block.display_name = settings.display_name
        block.max_attempts, block.weight = settings.max_attempts, settings.weight
        block.required_mark = settings.required_mark
        return block

    def add_xml_to_node(self, node) -> None:
        """Write OLX: the author's XML as written (comments, layout), the fields' settings."""
        node.tag = self.scope_ids.block_type
        settings = olx.Settings(
            self.display_name, self.max_attempts, self.weight, self.required_mark
        )
        if not self.workshop_source:
            olx.workshop_to_element(self.model(), settings, node)
            return
        written = parse(self.workshop_source, keep_comments=True)
        node.text = written.text
        for child in list(written):
            node.append(child)
        for name, value in olx.settings_attributes(settings).items():
            node.set(name, value)

    # --- grading (ScorableXBlockMixin) -----------------------------------------------------

    def _kept(self) -> dict | None:
        key, _name = self.learner_key()
        found = self._submission(key)
        kept = found.get("kept") if found else None
        return kept if isinstance(kept, dict) else None

    def has_submitted_answer(self) -> bool:
        return self._kept() is not None

    def get_score(self) -> PlatformScore:
        kept = self._kept()
        return PlatformScore(kept["raw"] if kept else 0.0, 1.0)

    def set_score(self, score: PlatformScore) -> None:
        """The grade lives in the trainers' record, which only a grading writes."""

    def calculate_score(self) -> PlatformScore:
        """Rescoring: the kept attempt's plan and levels on the current content, where its
        rubric still has the same criteria."""
        kept = self._kept()
        if kept is None:
            return self.get_score()
        workshop = self.model()
        levels = kept.get("levels")
        if not isinstance(levels, dict) or set(levels) != set(workshop.criterion_index):
            return self.get_score()
        try:
            plan = engine.clean_plan(workshop, kept.get("plan"))
            clean = scoring.clean_grading(workshop, {"levels": levels})
        except ActionRefused:
            return self.get_score()
        return PlatformScore(scoring.grade(workshop, plan, clean["levels"]).raw, 1.0)

    def max_score(self) -> float:
        return 1.0

    # --- workbench --------------------------------------------------------------------------

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        """The default brief, then every brief of `course_content/` (`?student=trainer1`
        grades them as staff)."""
        found = [("Conception d’atelier", "<workshop_design/>")]
        for path in course_content.activity_files("workshop_design"):
            root = parse(path.read_bytes(), keep_comments=True)
            xml = etree.tostring(root, encoding="unicode")
            found.append((root.get("display_name", path.stem), xml))
        return found
