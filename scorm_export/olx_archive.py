"""`insertion-pro export olx COURSE -o DIST`: the course as Studio imports it.

Studio's import takes a `.tar.gz` whose single top folder holds `course.xml` (we name it
`course/`, as Studio's own export does). The archive holds what the course uses, as `check`
and the SCORM export read it (every structure, lesson, problem and activity file reached from
`course.xml`), with the course's policies, about page, tabs and static files; never an orphan
or a file of another kind (the project's `.py`, the référentiel's `.tsv`). Every file is read
as the reader reads it (a regular file inside the folder, size-checked), the archive is
written beside its target and renamed into place: nothing half-written is ever left.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import tempfile
from pathlib import Path

from scorm_export.model import Course, CourseError
from scorm_export.olx_reader import read_course_files, read_file
from xblocks.common.i18n import gettext_noop as _

#: Folders of course-level files Studio imports besides the structure.
EXTRA = ("policies", "about", "tabs", "info", "static")
MAX_EXTRA_BYTES = 20 * 1024 * 1024  # one static file (a PDF handout)
MAX_EXTRA_FILES = 2000
ROOT = "course"


def archive_name(course: Course) -> str:
    return f"{course.org}-{course.number}-{course.run}.olx.tar.gz"


def course_files(folder: Path) -> tuple[Course, list[tuple[str, bytes]]]:
    """The course and its files to archive: (name inside `course/`, bytes), sorted by name.
    CourseError or FileRefused if the course or one of its files cannot be read."""
    course, used = read_course_files(folder)
    files: dict[str, bytes] = {}
    for path in used:
        files[path.relative_to(folder).as_posix()] = read_file(folder, path, MAX_EXTRA_BYTES)
    for extra in EXTRA:
        base = folder / extra
        if not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_dir() and not path.is_symlink():
                continue
            if path.name.startswith(".") or path.name.endswith(("~", ".part")):
                continue  # an editor's or a tool's leftover, not the course's
            if len(files) >= MAX_EXTRA_FILES:
                raise CourseError(
                    base, 1, _("more than {count} files: not archived"), count=MAX_EXTRA_FILES
                )
            name = path.relative_to(folder).as_posix()
            files.setdefault(name, read_file(folder, path, MAX_EXTRA_BYTES))
    return course, sorted(files.items())


def write_archive(folder: str | Path, output: str | Path) -> Path:
    """Write the Studio import archive of the course in `folder` into `output`; its path."""
    folder, output = Path(folder), Path(output)
    inside = output.resolve() == folder.resolve() or folder.resolve() in output.resolve().parents
    if inside:  # the archive would land in the next one
        raise CourseError(output, 1, _("the archive cannot be written inside the course folder"))
    course, files = course_files(folder)
    output.mkdir(parents=True, exist_ok=True)
    target = output / archive_name(course)
    handle, temporary = tempfile.mkstemp(prefix=".olx-", suffix=".part", dir=output)
    try:
        # mtime 0 in the gzip header and in every entry: the same course, the same bytes.
        with (
            os.fdopen(handle, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as zipped,
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            for directory in _directories(name for name, _data in files):
                info = tarfile.TarInfo(f"{ROOT}/{directory}")
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            for name, data in files:
                info = tarfile.TarInfo(f"{ROOT}/{name}")
                info.size, info.mode = len(data), 0o644
                tar.addfile(info, io.BytesIO(data))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _directories(names) -> list[str]:
    found = {""}
    for name in names:
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            found.add("/".join(parts[:i]))
    return sorted(found)  # "" first: the archive's root folder
