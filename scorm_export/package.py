"""Build the SCORM packages of a course: SCOs, manifest, schema files, deterministic zips.

Everything is built in memory and checked first; only then is each zip written to a
temporary file beside its target and renamed, so that an error leaves no package behind.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scorm_export.manifest import OrgItem, PackageSpec, Resource, build_manifest, xml_name
from scorm_export.model import Chapter, Course
from scorm_export.render import render_sco
from scorm_export.validate import schema_dir
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


def write_packages(
    course: Course,
    out_dir: Path,
    package_plans: list[PackagePlan],
    progress: Callable[[str], None] = lambda message: None,
) -> list[Path]:
    """Build every package, then write them all; on any error nothing is left in out_dir."""
    built = []
    for index, plan in enumerate(package_plans, 1):
        progress(f"[{index}/{len(package_plans)}] {plan.name}")
        built.append((plan.name, zip_bytes(build_files(course, plan))))
    out_dir.mkdir(parents=True, exist_ok=True)
    temporary: list[tuple[str, Path]] = []
    try:
        for name, data in built:
            handle, path = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out_dir)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(path, 0o644)  # mkstemp makes it private; a package is for sharing
            temporary.append((name, Path(path)))
        written = []
        for name, path in temporary:
            os.replace(path, out_dir / name)
            written.append(out_dir / name)
        return written
    finally:
        for _name, path in temporary:
            path.unlink(missing_ok=True)
