"""Build the SCORM packages of a course: SCOs, manifest, schema files, deterministic zips.

Everything is built in memory and validated first; only then is the set published, in one
atomic swap of the output folder (see `publish`), so that an error or an interruption leaves
the old set or the new one, never a mix.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import io
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scorm_export.manifest import OrgItem, PackageSpec, Resource, build_manifest, xml_name
from scorm_export.model import Chapter, Course
from scorm_export.render import render_sco
from scorm_export.validate import schema_dir, validate_package
from xblocks.common.i18n import catalog

VERSIONS = ("1.2", "2004")
VERSION_SLUG = {"1.2": "scorm12", "2004": "scorm2004"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so that the same course gives the same bytes


@dataclass(frozen=True)
class PackagePlan:
    """One package to build: a name, a version and the chapters it holds (one SCO each)."""

    name: str
    version: str
    title: str
    chapters: tuple[Chapter, ...]


def _slug(course: Course) -> str:
    """The short name packages are named after: the course number, lower case."""
    return (course.number or "course").lower()


def plans(
    course: Course, versions: Iterable[str], per_block: bool, whole: bool
) -> list[PackagePlan]:
    slug = _slug(course)
    found = []
    for version in versions:
        if per_block:
            for chapter in course.chapters:
                found.append(
                    PackagePlan(
                        f"{slug}-{chapter.url_name}-{VERSION_SLUG[version]}.zip",
                        version,
                        f"{course.display_name} — {chapter.display_name}",
                        (chapter,),
                    )
                )
        if whole:
            found.append(
                PackagePlan(
                    f"{slug}-complet-{VERSION_SLUG[version]}.zip",
                    version,
                    course.display_name,
                    course.chapters,
                )
            )
    return found


def build_files(course: Course, plan: PackagePlan) -> dict[str, bytes]:
    """Every file of one package, by path inside the zip, the manifest included."""
    gettext = catalog(course.language).gettext
    single = len(plan.chapters) == 1
    package_id = xml_name(
        f"{course.org}-{course.number}-{course.run}-{plan.name.removesuffix('.zip')}"
    )
    files: dict[str, bytes] = {}
    resources, items = [], []
    for chapter in plan.chapters:
        href = "index.html" if single else f"{chapter.url_name}/index.html"
        sco = render_sco(
            course,
            chapter,
            version=plan.version,
            storage_key=f"insertion-pro:{package_id}:{chapter.url_name}",
            gettext=gettext,
        )
        files[href] = sco.page
        resources.append(Resource(f"res-{chapter.url_name}", href, (href,), "sco"))
        items.append(
            OrgItem(
                identifier=f"item-{chapter.url_name}",
                title=chapter.display_name,
                resource=f"res-{chapter.url_name}",
                # A mastery score lets the LMS set passed/failed from the score alone
                # (1.2's masteryscore, 2004's satisfiedByMeasure), which would pass a block
                # whose required component failed: such a SCO sets its status itself.
                mastery_score=course.pass_mark if sco.graded and not sco.required else None,
            )
        )
    schemas = schema_dir(plan.version)
    schema_files = {p.name: p.read_bytes() for p in sorted(schemas.iterdir()) if p.is_file()}
    spec = PackageSpec(
        identifier=package_id,
        version=plan.version,
        organization_identifier=xml_name(f"org-{_slug(course)}"),
        organization_title=plan.title,
        items=tuple(items),
        resources=tuple(resources),
        schema_files=tuple(sorted(schema_files)),
    )
    files.update(schema_files)
    files["imsmanifest.xml"] = build_manifest(spec)
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A deterministic zip: the manifest first, then sorted names, fixed dates and modes."""
    buffer = io.BytesIO()
    names = ["imsmanifest.xml", *sorted(n for n in files if n != "imsmanifest.xml")]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name])
    return buffer.getvalue()


class PackageInvalid(ValueError):
    """A package the exporter built does not pass its own validation: nothing is written."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.name, self.problems = name, problems
        super().__init__(f"{name}: {problems[0]}")


def write_packages(
    course: Course,
    out_dir: Path,
    package_plans: list[PackagePlan],
    progress: Callable[[str], None] = lambda message: None,
) -> list[Path]:
    """Build and validate every package in memory, then publish them all as one set.

    Raises PackageInvalid (nothing written) if a package fails `validate_package`, OSError if
    the folder cannot take them; in both cases `out_dir` holds what it held before.
    """
    built: dict[str, bytes] = {}
    for index, plan in enumerate(package_plans, 1):
        progress(f"[{index}/{len(package_plans)}] {plan.name}")
        data = zip_bytes(build_files(course, plan))
        problems = validate_package(io.BytesIO(data), label=plan.name)
        if problems:
            raise PackageInvalid(plan.name, problems)
        built[plan.name] = data
    return publish(out_dir, built)


#: Where a run stages its set: `.<folder>.insertion-pro-XXXX` beside the output folder.
STAGING = ".{folder}.insertion-pro-"
RENAME_EXCHANGE = 2  # renameat2 flag (Linux 3.15+): swap two paths in one step
AT_FDCWD = -100


def publish(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write `files` into `out_dir` as a set: a reader sees the old set or the new, never a mix.

    The new folder is staged beside `out_dir` (the files it held and this run does not
    replace are hard-linked in), then swapped with it in one atomic rename (renameat2's
    RENAME_EXCHANGE), and the old one is removed. A run that is killed leaves at most a
    staging folder, which the next run removes. Where the swap is not possible (a folder
    holding sub-folders, another file system, no rights on the parent, a kernel without
    renameat2), the packages are replaced one by one, each atomically.
    """
    out_dir = out_dir.resolve() if out_dir.is_symlink() else out_dir
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    try:
        staging, lock = _staging(out_dir)
    except OSError:
        return _replace_each(out_dir, files)
    try:
        for name, data in files.items():
            _write_file(staging / name, data)
        if not out_dir.exists():
            os.chmod(staging, 0o777 & ~_umask())
            _sync_folder(staging)
            os.rename(staging, out_dir)
            _sync_folder(parent)
            return [out_dir / name for name in files]
        os.chmod(staging, stat.S_IMODE(out_dir.stat().st_mode))
        if not _carry_over(out_dir, staging, files):
            return _replace_each(out_dir, files)
        _sync_folder(staging)
        try:
            _exchange(staging, out_dir)
        except OSError as error:
            if error.errno in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EPERM, 95):
                return _replace_each(out_dir, files)
            raise
        _sync_folder(parent)
        return [out_dir / name for name in files]
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the old set, or the unfinished new one
        os.close(lock)


def _staging(out_dir: Path) -> tuple[Path, int]:
    """A fresh staging folder beside `out_dir`, locked while this run uses it."""
    prefix = STAGING.format(folder=out_dir.name)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
    lock = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(lock, fcntl.LOCK_EX)
    return staging, lock


def _remove_leftovers(out_dir: Path) -> None:
    """Remove what a killed run left: staging folders no running export holds, `.part` files."""
    prefix = STAGING.format(folder=out_dir.name)
    try:
        leftovers = [p for p in out_dir.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        leftovers = []
    for path in leftovers:
        if path.is_symlink() or not path.is_dir():
            continue
        try:
            handle = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another export is using it
            os.close(handle)
            continue
        shutil.rmtree(path, ignore_errors=True)
        os.close(handle)
    if out_dir.is_dir():
        for path in out_dir.glob(".*.part"):
            if path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)


def _carry_over(out_dir: Path, staging: Path, files: dict[str, bytes]) -> bool:
    """Hard-link into `staging` what `out_dir` holds besides the new packages; False if it
    holds something that cannot be carried over so (a folder, a file of another device)."""
    for entry in os.scandir(out_dir):
        if entry.name in files or entry.name.endswith(".part"):
            continue
        if entry.is_dir(follow_symlinks=False):
            return False
        try:
            os.link(entry.path, staging / entry.name, follow_symlinks=False)
        except OSError:
            return False
    return True


def _replace_each(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Each package written beside its target, then renamed over it: no half-written zip."""
    out_dir.mkdir(parents=True, exist_ok=True)
    temporary: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            handle, path = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out_dir)
            os.close(handle)
            _write_file(Path(path), data)
            temporary.append((name, Path(path)))
        written = []
        for name, path in temporary:
            os.replace(path, out_dir / name)
            written.append(out_dir / name)
        _sync_folder(out_dir)
        return written
    finally:
        for _name, path in temporary:
            path.unlink(missing_ok=True)


def _write_file(path: Path, data: bytes) -> None:
    """Write, flush to disk, and make readable by all (a package is for sharing)."""
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, 0o644)


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _exchange(first: Path, second: Path) -> None:
    """Swap two paths atomically (renameat2 with RENAME_EXCHANGE); OSError where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(second))
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(second))
