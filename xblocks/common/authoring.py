"""Studio authoring and OLX import shared by the blocks: thin, runtime-facing helpers.

What every activity block needs to be edited in Studio and imported from a course folder:
the author's XML as written, the course file a pointer tag names (read bounded and
hardened), the role check of Studio's actions, saving content and settings together, and a
String field for JSON the block wrote itself.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from xblock.core import XBlockMixin
from xblock.exceptions import InvalidScopeError
from xblock.fields import Float, Integer, Scope, String

from xblocks.common.actions import serialized
from xblocks.common.files import FileRefused, read_inside
from xblocks.common.handlers import HandlerRefused
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.xml import MAX_XML_BYTES, XmlRefused, check_parsed, child_elements, parse

# A url_name that can name a file of the course folder; ":" separates sub-folders, as in Open edX.
_URL_NAME = re.compile(r"[\w.-]+(?::[\w.-]+)*")
# Content XML in a Studio request: twice the largest file `check` accepts leaves room for the
# JSON escapes of quotes and line breaks.
STUDIO_BODY_BYTES = 2 * MAX_XML_BYTES + 16 * 1024


class JsonText(String):
    """A String holding JSON this block wrote itself (`json.dumps` escapes every control
    character, and the content came through an XML parser): XML-safe by construction, so not
    scanned again for forbidden characters on every read, as String does with its whole value.
    """

    def _sanitize(self, value):
        return value.decode("utf-8") if isinstance(value, bytes) else value


def located(found, gettext) -> str:
    """A problem as an author reads it: "line 12: " (translated) and its message."""
    where = gettext(_("line {line}: ")).format(line=found.line) if found.line else ""
    return where + found.message(gettext)


def authored_source(root: etree._Element) -> str:
    """The author's scenario XML as the editor shows it: as written, minus root attributes.

    The root's attributes (settings, url_name) belong to the block's fields, not to the text.
    """
    root = copy.deepcopy(root)
    for name in list(root.attrib):
        del root.attrib[name]
    root.tail = None
    return etree.tostring(root, encoding="unicode")


def pointer_file(node: etree._Element, runtime) -> str:
    """The course file a pointer tag refers to, or "" when the node is its own definition.

    Open edX's course import hands a pure XBlock the vertical's pointer tag as it is,
    `<interview_simulation url_name="deld_karim"/>`; the content is the file
    `interview_simulation/deld_karim.xml` of the course folder, which the import runtime
    offers as `resources_fs` (a pyfilesystem). Without that runtime attribute or that file,
    the node itself is the definition (an empty node is a new block).
    """
    url_name = node.get("url_name")
    resources = getattr(runtime, "resources_fs", None)
    if child_elements(node) or not url_name or resources is None:
        return ""
    if not _URL_NAME.fullmatch(url_name) or {".", ".."} & set(url_name.split(":")):
        raise XmlRefused(
            _('url_name "{name}" cannot name a file of the course.'),
            node.sourceline,
            name=url_name[:80],
        )
    path = f"{node.tag}/{url_name.replace(':', '/')}.xml"
    return path if resources.exists(path) else ""


def read_course_file(runtime, path: str) -> etree._Element:
    """Parse a file of the import runtime's course folder, bounded and hardened.

    On a folder of the local disk (Open edX's import unpacks the course there) only a regular
    file inside the folder is read, links resolved and size checked first (a FIFO, a device
    or a link out of the folder is refused); elsewhere the filesystem's own size and type.
    """
    from fs.errors import NoSysPath  # only where Open edX imports (commands need no fs)

    resources = runtime.resources_fs
    try:
        folder, real = resources.getsyspath("/"), resources.getsyspath(path)
    except NoSysPath:  # a filesystem of memory, of a zip…
        folder = real = None
    if folder is not None:
        try:
            data = read_inside(Path(folder), Path(real), MAX_XML_BYTES)
        except FileRefused as refused:
            raise XmlRefused(refused.detail.template, **refused.detail.params) from None
        return parse(data, keep_comments=True)
    if not resources.isfile(path):
        raise XmlRefused(_("not a regular file"))
    size = resources.getsize(path)
    if size > MAX_XML_BYTES:
        raise XmlRefused(
            _("The XML is {size} bytes, over the limit of {limit} bytes."),
            size=size,
            limit=MAX_XML_BYTES,
        )
    with resources.openbin(path) as handle:
        data = handle.read(MAX_XML_BYTES + 1)  # bounded even if the file grew meanwhile
    return parse(data, keep_comments=True)


class GradedActivity(XBlockMixin):
    """The settings every assessed activity has, the same in Studio's form, in OLX and in the
    grade: its attempts, its weight in its section, and the mark its block requires of it."""

    max_attempts = Integer(
        display_name=_("Maximum attempts"),
        help=_("How many attempts a learner has at the activity; 0 means no limit."),
        default=3,
        scope=Scope.settings,
        enforce_type=True,
    )
    weight = Float(
        display_name=_("Weight"),
        help=_("How much this activity counts in the grade of its section."),
        default=1.0,
        scope=Scope.settings,
        enforce_type=True,
    )
    required_mark = Float(
        display_name=_("Required mark"),
        help=_(
            "The score, from 0 to 1, this activity must reach for its block to be passed, "
            "whatever the other scores; empty for none."
        ),
        default=None,
        scope=Scope.settings,
    )

    def rescore(self, only_if_higher):
        """ScorableXBlockMixin's rescore, which publishes the new score but never stores it:
        the block keeps what the platform now holds, so that a later submit is measured
        against it and never publishes less."""
        with serialized(self):
            super().rescore(only_if_higher)
            new, held = self.calculate_score(), self.get_score()
            if not only_if_higher or _ratio(new) > _ratio(held):
                self.set_score(new)


def _ratio(score) -> float:
    return score.raw_earned / score.raw_possible if score.raw_possible else 0.0


class StudioAuthoring:
    """The role check and the save of Studio's actions, for a block's `json_action`s."""

    def _require_author(self) -> None:
        """403 unless the user may edit this course.

        In Studio the `studio_user_permissions` service decides, for the block's course: course
        authors are not platform staff. Where it is absent (LMS, workbench) only staff may.
        """
        permissions = self.runtime.service(self, "studio_user_permissions")
        if permissions is not None:
            course_key = getattr(self.scope_ids.usage_id, "context_key", None)
            allowed = bool(permissions.can_write(course_key))
        else:
            user_service = self.runtime.service(self, "user")
            user = user_service.get_current_user() if user_service else None
            allowed = user is not None and bool(user.opt_attrs.get("edx-platform.user_is_staff"))
        if not allowed:
            raise HandlerRefused(_("Only course staff can edit this activity."), status=403)

    def _write_fields(self, values: dict) -> None:
        """Set and save content and settings fields together, or refuse with 403.

        The LMS keeps these fields read-only (saving raises InvalidScopeError): then every field
        gets its value back and nothing is left dirty for the runtime's save after the handler.
        """
        before = {name: getattr(self, name) for name in values}
        for name, value in values.items():
            setattr(self, name, value)
        try:
            self.force_save_fields(list(values))
        except InvalidScopeError:
            for name, value in before.items():
                setattr(self, name, value)
                # XBlock has no public way to forget an unsaved change.
                self._dirty_fields.pop(self.fields[name], None)
            raise HandlerRefused(
                _("This activity can only be edited in Studio."), status=403
            ) from None


@dataclass(frozen=True)
class Imported:
    """A block's OLX as a course import reads it: the definition element, content, settings."""

    definition: etree._Element
    content: object
    settings: object


def read_import(
    node: etree._Element,
    runtime,
    keys,
    read: Callable[[etree._Element], tuple[object, object]],
    problems_of: Callable[[object], list],
    invalid: type[Exception],
) -> Imported | None:
    """Read a block's OLX on import, a pointer tag's course file included; None for an empty
    element (a new block, which plays its default content).

    `read` turns the definition into (content, settings), raising XmlRefused; `problems_of`
    validates the content. Anything wrong raises `invalid` with a message naming the block,
    the course file and the line at fault.
    """
    name = node.get("url_name") or str(keys.usage_id)
    path = ""
    try:
        check_parsed(node)
        path = pointer_file(node, runtime)
        definition = read_course_file(runtime, path) if path else node
        # An empty element is a new block; a course file must hold the content.
        parsed = read(definition) if path or child_elements(definition) else None
    except XmlRefused as refused:
        where = ", ".join(
            part for part in (path, f"line {refused.line}" if refused.line else "") if part
        )
        raise invalid(
            f'{keys.block_type} "{name}": {where + ": " if where else ""}{refused.message()}'
        ) from None
    if parsed is None:
        return None
    content, settings = parsed
    problems = problems_of(content)
    if problems:
        details = "; ".join(p.message() for p in problems)
        source = f" ({path})" if path else ""
        raise invalid(f'{keys.block_type} "{name}"{source}: {details}')
    return Imported(definition, content, settings)
