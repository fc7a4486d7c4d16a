"""`insertion-pro check COURSE`: validate every activity file of an OLX course folder.

Each file is read exactly as the export reads it, through its activity type's `load` (see
`scorm_export/activities.py`), so that what `check` accepts, the export accepts too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from course_content import activity_files
from scorm_export.activities import ActivityInvalid, ActivityType, activity_types
from scorm_export.model import CourseError
from xblocks.common.files import FileRefused, read_inside
from xblocks.common.i18n import cli_gettext
from xblocks.common.i18n import gettext_noop as _
from xblocks.common.xml import MAX_XML_BYTES, XmlRefused, parse


def check_file(
    path: Path,
    kind: ActivityType,
    gettext: Callable[[str], str] = str,
    folder: Path | None = None,
) -> tuple[list[str], list[str]]:
    """The problems and warnings of one activity file (of the course `folder`), each as
    `file:line: message`. Only a regular file inside the folder is read, size-checked first."""
    try:
        root = parse(read_inside(folder or path.parent, path, MAX_XML_BYTES))
        kind.load(root)
    except FileRefused as refused:
        return [f"{path}:1: {refused.message(gettext)}"], []
    except XmlRefused as refused:
        return [f"{path}:{refused.line or 1}: {refused.message(gettext)}"], []
    except OSError as error:
        message = gettext(_("cannot read the file: {error}")).format(error=error.strerror)
        return [f"{path}:1: {message}"], []
    except ActivityInvalid as invalid:
        return [_located(path, p, gettext) for p in invalid.problems], []
    label = gettext(_("warning: {message}"))
    return [], [
        f"{path}:{getattr(w, 'line', None) or 1}: " + label.format(message=w.message(gettext))
        for w in kind.warnings(root)
    ]


def fix_typography(root: Path) -> list[Path]:
    """Set the spaces and apostrophes of every XML and HTML file of the course right, in
    place (each written whole, beside it then renamed); the files changed."""
    import os
    import tempfile

    from scorm_export.typography import fixed_markup

    changed = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".xml", ".html") or path.is_symlink() or not path.is_file():
            continue
        try:
            source = read_inside(root, path, MAX_XML_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # `check` says why it cannot be read
        result = fixed_markup(source)
        if result != source:
            # A new file of its own beside it (O_EXCL: never a link an attacker left there),
            # written whole, with the original's mode, then renamed over it.
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(result)
                os.chmod(temporary, path.stat().st_mode & 0o777)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            changed.append(path)
    return changed


def _located(path: Path, problem, gettext) -> str:
    return f"{path}:{getattr(problem, 'line', None) or 1}: {problem.message(gettext)}"


def check_course(course: str, fix: bool = False) -> int:
    gettext = cli_gettext()
    root = Path(course)
    if not root.is_dir():
        message = gettext(_("not a course folder"))
        print(f"{course}:1: {message}", file=sys.stderr)
        return 1
    if fix:
        changed = fix_typography(root)
        print(gettext(_("typography set right in {count} files")).format(count=len(changed)))
    checked = [
        (path, kind)
        for block_type, kind in sorted(activity_types().items())
        for path in activity_files(block_type, root)
    ]
    problems, warnings = [], []
    progress = gettext(_("checking the activities: {done} of {total}"))
    for done, (path, kind) in enumerate(checked, 1):
        if sys.stdout.isatty():  # a trainer at a terminal sees it move; logs stay clean
            print("\r" + progress.format(done=done, total=len(checked)), end="", flush=True)
        found, warned = check_file(path, kind, gettext, root)
        problems += found
        warnings += warned
    if sys.stdout.isatty() and checked:
        print()
    if not problems:
        # The rest of the course (structure, lessons, problems, policies), as the export reads
        # it: what `check` accepts, the export accepts; then what it finds beyond that.
        from scorm_export.course_check import course_findings
        from scorm_export.olx_reader import read_course_files

        try:
            course, files = read_course_files(root)
        except CourseError as error:
            problems.append(f"{error.path}:{error.line}: {error.message(gettext)}")
        else:
            found, warned = course_findings(root, course, files)
            problems += [f.text(gettext) for f in found]
            label = gettext(_("warning: {message}"))
            warnings += [
                f"{f.path}:{f.line}: " + label.format(message=f.message.message(gettext))
                for f in warned
            ]
    for line in problems + warnings:
        print(line, file=sys.stderr)
    summary = gettext(_("{files} activities checked, {problems} problems, {warnings} warnings."))
    print(summary.format(files=len(checked), problems=len(problems), warnings=len(warnings)))
    return 1 if problems else 0
