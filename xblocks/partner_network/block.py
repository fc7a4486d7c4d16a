"""The partner network XBlock: a thin adapter between the runtime and the engine.

It maps the engine to XBlock fields, JSON handlers, grades, completion and events, lets course
authors edit the network's OLX (Studio's permissions decide who is an author), lists learners'
submissions to staff, and reads and writes OLX. The learner's page is
`public/partner-network-view.js` over the XBlock transport; the student view's server-side
summary is what shows without JavaScript.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from lxml import etree
from web_fragments.fragment import Fragment
from xblock.completable import CompletableXBlockMixin
from xblock.core import XBlock
from xblock.fields import Dict, Scope, String
from xblock.scorable import ScorableXBlockMixin
from xblock.scorable import Score as PlatformScore

import course_content
from xblocks.common import submissions as records
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
from xblocks.common.i18n import block_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.learners import LearnerIdentity
from xblocks.common.resources import package_text, public_text, render, script_safe_json
from xblocks.common.xml import XmlRefused, parse
from xblocks.partner_network import engine, messages, olx, scoring, scorm, validation
from xblocks.partner_network.messages_studio import STUDIO

PACKAGE = "xblocks.partner_network"
EVENT_PREFIX = "insertion_pro.partner_network"
LEARNER_ACTIONS = ("place", "relate", "unrelate", "answer", "decide", "justify", "undo")
EVENTS = {"place": "placed", "relate": "related", "unrelate": "related", "decide": "decided"}
TASKS = {
    "map": _("Place each partner in its domains and draw its relations ({count} partners)."),
    "questions": _("Answer questions on the territory's figures ({count} questions)."),
    "strategies": _("Say what partners expect and offer ({count} partners)."),
    "situations": _("Choose the partners to mobilise for each situation ({count} situations)."),
}


# The learner's record beside the engine's state: its content version and lineage (see
# `_apply`), the kept attempt and the published grade.
KEPT, GRADE = "kept", "grade"
RECORD_KEYS = ("cv", "lid", KEPT, GRADE)


class NetworkInvalid(ValueError):
    """OLX content the block refuses on import; the message names the block and the problems."""


@lru_cache(maxsize=64)
def network_from_json(text: str) -> engine.Network:
    return engine.from_dict(json.loads(text))


def network_json(network: engine.Network) -> str:
    return json.dumps(engine.to_dict(network), ensure_ascii=False)


@lru_cache(maxsize=64)
def content_version(text: str) -> str:
    """The version of a network's JSON that a learner's state and marks are made on."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1)
def default_network_json() -> str:
    return network_json(olx.network_from_xml(public_text(PACKAGE, "default-network.xml"))[0])


def check_network(xml_text: str, gettext) -> tuple[engine.Network | None, list, list]:
    """Parse and validate network XML: the model (None if refused), problems and warnings, each
    {"message": translated, with its line, "line": n}."""

    def entries(found):
        return [{"message": located(p, gettext), "line": p.line} for p in found]

    try:
        root = parse(xml_text)
        network, _settings = olx.network_from_element(root)
    except XmlRefused as refused:
        return None, entries([refused]), []
    lines = olx.source_lines(root)
    problems = validation.with_lines(
        validation.validate(network, course_content.capacity_codes()), lines
    )
    if problems:
        return None, entries(problems), []
    return network, [], entries(validation.with_lines(validation.cue_warnings(network), lines))


@XBlock.needs("i18n")
@XBlock.wants("user")
@XBlock.wants("cache")
@XBlock.wants("studio_user_permissions")
@XBlock.supports("multi_device")
class PartnerNetworkBlock(
    LearnerIdentity,
    StudioAuthoring,
    GradedActivity,
    ScorableXBlockMixin,
    CompletableXBlockMixin,
    XBlock,
):
    """The map of an insertion counsellor's local partners, assessed on B3.1–B3.6 and B2.8."""

    display_name = String(
        display_name=_("Display name"),
        help=_("The name learners see in the course navigation."),
        default=_("Partner network"),
        scope=Scope.settings,
        enforce_type=True,
    )
    show_reference = String(
        display_name=_("Show the reference"),
        help=_(
            "When learners see the reference map and answers: never, once no attempt remains, "
            "or after each submitted attempt."
        ),
        default="after_last",
        values=olx.SHOW_REFERENCE,
        scope=Scope.settings,
        enforce_type=True,
    )
    network_source = String(
        display_name=_("Network XML"),
        help=_("The network as its author wrote it, comments and layout included."),
        default="",
        scope=Scope.content,
        enforce_type=True,
    )
    network_json = JsonText(
        display_name=_("Network"),
        help=_("The territory, partners, reference map and tasks of the activity, as JSON."),
        default="",
        scope=Scope.content,
        enforce_type=True,
    )
    learner_state = Dict(
        help=_(
            "The learner's record, in one field so that an action writes it at once: the "
            "current attempt (placements, relations, answers, decisions, justifications) and "
            "the version of the content it was made on; once an attempt is submitted, the one "
            "kept (its answers, for rescoring, and its score) and the published grade."
        ),
        default={},
        scope=Scope.user_state,
        enforce_type=True,
    )
    submissions_json = JsonText(
        help=_(
            "Every learner's kept attempt as staff read it (name, score, capacities, "
            "justifications), bounded in size, oldest submissions dropped first."
        ),
        default="",
        scope=Scope.user_state_summary,
        enforce_type=True,
    )

    # --- engine access ----------------------------------------------------------------------

    def model(self) -> engine.Network:
        return network_from_json(self.network_json or default_network_json())

    def version(self) -> str:
        return content_version(self.network_json or default_network_json())

    def kept_attempt(self) -> dict | None:
        """The submitted attempt that holds the grade (see `_finish`), or None."""
        try:
            record = json.loads(self.learner_state.get(KEPT) or "null")
        except (TypeError, ValueError):
            return None
        valid = isinstance(record, dict) and isinstance(record.get("score"), dict)
        return record if valid else None

    def submissions_record(self) -> dict:
        """The staff record of submissions (see xblocks/common/submissions.py)."""
        try:
            return json.loads(self.submissions_json or "{}")
        except ValueError:
            return {}

    def _grade(self) -> float | None:
        raw = self.learner_state.get(GRADE)
        return float(raw) if type(raw) in (int, float) and 0 <= raw <= 1 else None

    def _record(self, **changes) -> None:
        """Set keys of the learner's record (a Dict field is saved when assigned, not mutated)."""
        self.learner_state = {**self.learner_state, **changes}

    def resumed_state(self) -> tuple[dict, bool]:
        """The learner's state on the current content, and whether a content change reset it."""
        stored = self.learner_state
        network = self.model()
        plain = {k: v for k, v in stored.items() if k not in RECORD_KEYS}
        state = engine.checked_state(network, plain or None)
        moved = bool(plain) and stored.get("cv") != self.version() and state != plain
        return state, moved

    def _reference(self, network: engine.Network, attempt: int) -> dict:
        """The reference answers, named as the learner's page names things."""
        lists = []
        for index, (qid, part, choices, _shuffle) in enumerate(network.choice_lists):
            order = engine.shown_options(network, index, self.order_seed(), attempt)
            right = [str(place) for place, i in enumerate(order) if choices.options[i].correct]
            lists.append({"question": qid, "part": part, "options": right})
        relations = network.map.relations if network.map else ()
        return {
            "placements": {p.id: list(p.domains) for p in network.partners if network.map},
            "relations": [
                {
                    "from": r.source,
                    "to": r.target,
                    "relation": r.type,
                    "two_way": r.direction == "two_way",
                    "strength": r.strength,
                    "tension": r.tension,
                }
                for r in relations
            ],
            "lists": lists,
            "situations": [
                {
                    "situation": s.id,
                    "partners": [m.partner for m in s.mobilise],
                    "urgent": sorted(s.urgent),
                    "feedback": s.feedback,
                }
                for s in network.situation_items
            ],
        }

    def view_state(self, resumed: tuple | None = None, scored: scoring.Score | None = None) -> dict:
        """What the learner sees: the engine's view, then, once submitted, the result
        (`scored`: the state's score, where the caller has just computed it)."""
        state, moved = resumed or self.resumed_state()
        network = self.model()
        view = engine.learner_view(
            network, state, seed=self.order_seed(), max_attempts=self.max_attempts
        )
        view["notice"] = "content_changed" if moved else None
        kept = self.kept_attempt()
        view["kept"] = None if kept is None else {"attempt": kept.get("attempt"), **kept["score"]}
        view["result"] = view["reference"] = None
        if state["f"]:
            gettext = block_gettext(self)
            result = scored or scoring.score(network, state)
            lines = scoring.explanations(network, result)
            view["result"] = {
                **scoring.score_dict(result),
                "explanations": {
                    "score": lines["score"].message(gettext),
                    "cap": lines["cap"].message(gettext) if lines["cap"] else None,
                    "capacities": {k: m.message(gettext) for k, m in lines["capacities"].items()},
                    "kinds": {k: m.message(gettext) for k, m in lines["kinds"].items()},
                },
            }
            last = not engine.can_restart(state, self.max_attempts)
            if self.show_reference == "always" or (self.show_reference == "after_last" and last):
                view["reference"] = self._reference(network, state["a"])
        return view

    # --- views ------------------------------------------------------------------------------

    def student_view(self, context=None) -> Fragment:
        """The learner's page (partner-network-view.js), over a server-side summary of the
        tasks and the learner's justifications that shows until it starts, or without
        JavaScript."""
        gettext = block_gettext(self)
        self._heal_record()  # the page starts from this view, without asking get_state
        network, resumed = self.model(), self.resumed_state()
        counts = {
            "map": len(network.partners) if network.map else 0,
            "questions": len(network.question_items),
            "strategies": len(network.strategy_items),
            "situations": len(network.situation_items),
        }
        justified = [
            (situation.title, text)
            for situation, text in zip(network.situation_items, resumed[0]["j"], strict=True)
            if text
        ]
        usage = self.scope_ids.usage_id
        uid = hashlib.sha256(str(usage).encode("utf-8")).hexdigest()[:10]
        html = render(
            PACKAGE,
            "student_view.html",
            uid=uid,
            title=self.display_name,
            tasks_heading=gettext(_("What you will do")),
            tasks=[gettext(TASKS[k]).format(count=n) for k, n in counts.items() if n],
            territory=network.territory.name if network.territory else "",
            territory_label=gettext(_("Territory")),
            justified_heading=gettext(_("Your justifications")),
            justified=justified,
            noscript=gettext(
                _("This activity needs JavaScript: turn it on in your browser to build your map.")
            ),
        )
        fragment = Fragment(html)
        fragment.add_css(public_text(PACKAGE, "partner-network-map.css"))
        fragment.add_css(public_text(PACKAGE, "partner-network.css"))
        for package, script in (
            ("xblocks.common", "transport.js"),
            (PACKAGE, "partner-network-map.js"),
            (PACKAGE, "partner-network-view.js"),
            (PACKAGE, "partner-network-xblock.js"),
        ):
            fragment.add_javascript(public_text(package, script))
        args = {
            "id": f"ip-pn-{uid}",
            "title": self.display_name,
            "view": self.view_state(resumed),
            "ui": messages.front_end_ui(gettext),
            "capacities": {c.code: c.label for c in course_content.capacities()},
            "required_mark": self.required_mark,
            "staff": self.is_staff(),
        }
        fragment.initialize_js("PartnerNetworkXBlock", {"json": script_safe_json(args)})
        return fragment

    def student_view_data(self, context=None) -> dict:
        """For the mobile apps: what the learner may see now, never a reference answer before
        the setting allows it."""
        return {
            "display_name": self.display_name,
            "max_attempts": self.max_attempts,
            "show_reference": self.show_reference,
            "view": self.view_state(),
        }

    def studio_view(self, context=None) -> Fragment:
        """Studio's editor (xblocks/common/public/studio-editor.js): the settings, the network
        XML checked by `studio_check`, and a preview playing the learner's page on the JS
        engine with the scripts and styles of a SCO, so that Studio previews what both play."""
        gettext = block_gettext(self)
        text = {key: gettext(value) for key, value in STUDIO.items()}
        html = render(
            PACKAGE,
            "studio_view.html",
            block=self,
            text=text,
            show_reference=olx.SHOW_REFERENCE,
            max_attempts_limit=olx.MAX_ATTEMPTS_LIMIT,
            max_weight=olx.MAX_WEIGHT,
            # The settings have their fields: the XML written for the editor carries none.
            network_xml=self.network_source or olx.network_to_xml(self.model(), None),
        )
        fragment = Fragment(html)
        for package, path in (
            *scorm.ACTIVITY.styles,
            ("xblocks.common", "public/studio-editor.css"),
        ):
            fragment.add_css(package_text(package, path))
        for package, path in (
            *scorm.ACTIVITY.scripts,
            ("xblocks.common", "public/studio-editor.js"),
            (PACKAGE, "public/partner-network-studio.js"),
        ):
            fragment.add_javascript(package_text(package, path))
        args = {
            "ui": scorm.front_end_ui(gettext),
            "text": text,
            "capacities": {c.code: c.label for c in course_content.capacities()},
            "seed": self.order_seed(),  # the preview shows the order this author would see
            "justification_limit": engine.MAX_JUSTIFICATION,
        }
        fragment.initialize_js("PartnerNetworkStudio", {"json": script_safe_json(args)})
        return fragment

    # --- learner handlers -------------------------------------------------------------------

    @json_action
    def get_state(self, data: dict) -> dict:
        self._heal_record()
        return self.view_state()

    def _heal_record(self) -> None:
        """Put the learner's kept attempt back into the staff record if a runtime's stale copy
        of the record lost it (see xblocks/common/submissions.py)."""
        kept = self.kept_attempt()
        key, _name = self.learner_key()
        if kept is not None and records.needs_entry(
            self.submissions_record(), key, kept.get("attempt")
        ):
            with serialized(self):
                self._record_submission(kept)

    def _apply(self, data: dict, kind: str) -> dict:
        """Apply one learner action, alone for this learner and block, if it is not stale."""
        at = action_at(data)
        with serialized(self) as marks:
            state, _moved = self.resumed_state()
            lid = lineage(self.learner_state)
            where = (self.version(), lid)
            if not reached(marks, (*where, at["attempt"], at["step"])):
                raise HandlerRefused(engine.REFUSED_STALE, status=409)
            network = self.model()
            try:
                new_state = engine.apply(
                    network,
                    state,
                    {**data, "type": kind},
                    max_attempts=self.max_attempts,
                    seed=self.order_seed(),
                )
            except engine.ActionRefused as refused:
                raise HandlerRefused.about(refused.problem, refused.status) from None
            kept = {k: v for k, v in self.learner_state.items() if k in (KEPT, GRADE)}
            self.learner_state = {**new_state, "cv": self.version(), "lid": lid, **kept}
            after = engine.position(new_state)
            marks.set((*where, after["attempt"], after["step"]))
            scored = self._after(network, kind, data, new_state)
            return self.view_state((new_state, False), scored)

    @json_action
    def act(self, data: dict) -> dict:
        """One change to the draft: {"type": "place"…, "at": …, and the action's fields}."""
        kind = data.get("type")
        if kind not in LEARNER_ACTIONS:
            raise HandlerRefused(engine.REFUSED_UNKNOWN_ACTION, action=str(kind)[:40])
        return self._apply(data, kind)

    @json_action
    def submit(self, data: dict) -> dict:
        return self._apply(data, "submit")

    @json_action
    def restart(self, data: dict) -> dict:
        return self._apply(data, "restart")

    def _after(
        self, network: engine.Network, kind: str, data: dict, state: dict
    ) -> scoring.Score | None:
        """The event of an accepted action; on a submit, the grade and completion too, and
        the attempt's score."""
        if kind == "submit":
            return self._finish(network, state)
        if kind not in EVENTS:
            return None
        fields = {
            "place": ("partner", "domains"),
            "relate": ("from", "to", "relation", "two_way"),
            "unrelate": ("from", "to"),
            "decide": ("situation", "partners", "first"),
        }[kind]
        details = {name: data.get(name) for name in fields}
        if kind in ("relate", "unrelate"):
            details["action"] = kind
        self.runtime.publish(
            self, f"{EVENT_PREFIX}.{EVENTS[kind]}", {"attempt": state["a"], **details}
        )
        return None

    def _finish(self, network: engine.Network, state: dict) -> scoring.Score:
        result = scoring.score(network, state)
        record = {**scoring.finished_record(network, state, result), "cv": self.version()}
        raw = record["score"]["raw"]
        self.runtime.publish(
            self,
            f"{EVENT_PREFIX}.submitted",
            {
                "attempt": state["a"],
                "raw_score": raw,
                "capacities": {c["code"]: c["earned"] for c in record["score"]["capacities"]},
            },
        )
        if scoring.better_kept(self.kept_attempt(), record) is record:
            # As JSON text: XBlock copies a mutable field's value on every read, and this one
            # holds every item's score.
            self._record(**{KEPT: json.dumps(record, ensure_ascii=False)})
            self._record_submission(record)
        # The platform's grade never goes down, whatever a rescore did to the kept record.
        if self._grade() is None or raw > self._grade():
            self.set_score(PlatformScore(raw, 1.0))
            self._publish_grade(self.get_score())
        self.emit_completion(1.0)
        return result

    # --- staff ------------------------------------------------------------------------------

    def _require_staff(self) -> None:
        if not self.is_staff():
            raise HandlerRefused(_("Only course staff can see learners' submissions."), 403)

    def _record_submission(self, kept: dict) -> None:
        """Put the learner's kept attempt into the record staff read (see common/submissions)."""
        key, name = self.learner_key()
        entry = {
            "name": name,
            "attempt": kept.get("attempt"),
            "raw_score": kept["score"].get("raw"),
            "capacities": kept["score"].get("capacities", []),
            "justifications": kept.get("answers", {}).get("j", []),
            "cv": kept.get("cv"),
        }
        with block_wide(self):
            merged = records.merged(self.submissions_record(), key, entry)
            self.submissions_json = json.dumps(merged, ensure_ascii=False)

    @json_action(role_check="_require_staff")
    def submissions(self, data: dict) -> dict:
        """Learners' kept attempts with scores and justifications, as text (the page escapes),
        newest submission first; `dropped` counts the oldest ones left out for room."""
        network = self.model()
        situations = network.situation_items
        rows = []
        record = self.submissions_record()
        for _key, entry in reversed(records.entries(record)):
            texts = entry.get("justifications")
            same = entry.get("cv") == self.version() and isinstance(texts, list)
            rows.append(
                {
                    "learner": str(entry.get("name", "")),
                    "attempt": entry.get("attempt"),
                    "raw_score": entry.get("raw_score"),
                    "capacities": entry.get("capacities", []),
                    # Texts of an older version of the content may not match its situations.
                    "justifications": [
                        {"situation": s.id, "title": s.title, "text": text}
                        for s, text in zip(situations, texts if same else [], strict=False)
                        if isinstance(text, str) and text
                    ],
                }
            )
        return {"submissions": rows, "dropped": records.dropped(record)}

    # --- authoring --------------------------------------------------------------------------

    @json_action(max_bytes=STUDIO_BODY_BYTES, role_check="_require_author")
    def studio_check(self, data: dict) -> dict:
        xml_text = data.get("network_xml")
        if not isinstance(xml_text, str):
            raise HandlerRefused(_('Send the network XML as a string in "network_xml".'))
        network, problems, warnings = check_network(xml_text, block_gettext(self))
        return {
            "problems": problems,
            "warnings": warnings,
            "content": engine.to_dict(network) if network is not None else None,
        }

    @json_action(max_bytes=STUDIO_BODY_BYTES, role_check="_require_author")
    def studio_submit(self, data: dict) -> dict:
        checks = {
            "display_name": lambda v: isinstance(v, str) and 0 < len(v.strip()) <= 200,
            "max_attempts": lambda v: type(v) is int and 0 <= v <= olx.MAX_ATTEMPTS_LIMIT,
            "weight": lambda v: type(v) in (int, float) and 0 <= v <= olx.MAX_WEIGHT,
            "show_reference": lambda v: v in olx.SHOW_REFERENCE,
            "required_mark": lambda v: v is None or (type(v) in (int, float) and 0 < v <= 1),
            "network_xml": lambda v: isinstance(v, str),
        }
        for name, is_valid in checks.items():
            if not is_valid(data.get(name)):
                raise HandlerRefused(_('The value of "{field}" is not valid.'), field=name)
        network, problems, warnings = check_network(data["network_xml"], block_gettext(self))
        if network is None:
            raise HandlerRefused(
                _("The network has problems: {problems}"),
                problems=" ".join(p["message"] for p in problems),
            )
        root = parse(data["network_xml"], keep_comments=True)
        self._write_fields(
            {
                "display_name": data["display_name"].strip(),
                "max_attempts": data["max_attempts"],
                "weight": float(data["weight"]),
                "show_reference": data["show_reference"],
                "required_mark": None
                if data["required_mark"] is None
                else float(data["required_mark"]),
                "network_json": network_json(network),
                "network_source": authored_source(root),
            }
        )
        return {"result": "success", "warnings": warnings}

    # --- OLX --------------------------------------------------------------------------------

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """Read OLX, a pointer tag's course file included; invalid content fails the import
        with a message naming the block, the file and the line."""
        imported = read_import(
            node,
            runtime,
            keys,
            olx.network_from_element,
            lambda network: validation.validate(network, course_content.capacity_codes()),
            NetworkInvalid,
        )
        block = runtime.construct_xblock_from_class(cls, keys)
        if imported is None:
            if node.get("display_name"):
                block.display_name = node.get("display_name")
            return block
        network, settings, definition = (
            imported.content,
            imported.settings,
            imported.definition,
        )
        block.network_json = network_json(network)
        block.network_source = authored_source(definition)
        if settings.display_name:
            block.display_name = settings.display_name
        block.max_attempts, block.weight = settings.max_attempts, settings.weight
        block.show_reference, block.required_mark = settings.show_reference, settings.required_mark
        return block

    def add_xml_to_node(self, node) -> None:
        """Write OLX: the author's XML as written (comments, layout), the fields' settings."""
        node.tag = self.scope_ids.block_type
        settings = olx.Settings(
            self.display_name,
            self.max_attempts,
            self.weight,
            self.show_reference,
            self.required_mark,
        )
        if not self.network_source:
            olx.network_to_element(self.model(), settings, node)
            return
        written = parse(self.network_source, keep_comments=True)
        node.text = written.text
        for child in list(written):
            node.append(child)
        for name, value in olx.settings_attributes(settings).items():
            node.set(name, value)

    # --- grading (ScorableXBlockMixin) -----------------------------------------------------

    def has_submitted_answer(self) -> bool:
        return self._grade() is not None

    def get_score(self) -> PlatformScore:
        return PlatformScore(self._grade() or 0.0, 1.0)

    def set_score(self, score: PlatformScore) -> None:
        self._record(
            **{GRADE: score.raw_earned / score.raw_possible if score.raw_possible else 0.0}
        )

    def calculate_score(self) -> PlatformScore:
        """Rescoring: the kept attempt's answers on the current content, where they still fit."""
        kept = self.kept_attempt()
        answers = kept.get("answers") if kept else None
        if not isinstance(answers, dict):
            return self.get_score()
        network = self.model()
        state = {"v": engine.STATE_VERSION, "a": 1, "n": 0, "f": 1, **answers, "u": []}
        checked = engine.checked_state(network, state)
        if any(checked.get(key) != state[key] for key in answers):
            return self.get_score()  # the content changed shape: the answers no longer fit
        return PlatformScore(scoring.score(network, checked).raw, 1.0)

    def max_score(self) -> float:
        return 1.0

    # --- workbench --------------------------------------------------------------------------

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        """The default network, then every network of `course_content/`."""
        found = [("Cartographie des partenaires", "<partner_network/>")]
        for path in course_content.activity_files("partner_network"):
            root = parse(path.read_bytes(), keep_comments=True)
            # As text without the XML declaration, which the workbench's parser refuses.
            xml = etree.tostring(root, encoding="unicode")
            found.append((root.get("display_name", path.stem), xml))
        return found
