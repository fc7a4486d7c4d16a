"""The `insertion-pro` command: check the course, export it as SCORM, validate, preview."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xblocks.common.i18n import cli_gettext
from xblocks.common.i18n import gettext_noop as _


def build_parser() -> argparse.ArgumentParser:
    """The command line, its help in the user's language (argparse's own words stay English)."""
    t = cli_gettext()
    parser = argparse.ArgumentParser(
        prog="insertion-pro",
        description=t(
            _(
                "Tools for the insertion-pro course: check it, export it as SCORM packages, "
                "validate and preview the packages."
            )
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help=t(_("check an OLX course folder: everything the export refuses, and more")),
        description=t(
            _(
                "Check every file of an OLX course: structure and references, orphan files, "
                "activities, knowledge checks (right answer, explanation, cues), lessons (safe "
                "HTML, links, date and sources), capacity codes and French typography. Errors "
                "as file:line: message, then warnings; exit 1 on any error."
            )
        ),
    )
    check.add_argument("course", help=t(_("the course folder, e.g. course_content/")))
    check.add_argument(
        "--fix-typography",
        action="store_true",
        help=t(_("first set the spaces and apostrophes of French typography right, in place")),
    )

    coverage = commands.add_parser(
        "coverage",
        help=t(_("which unit teaches and which graded component assesses each capacity")),
        description=t(
            _(
                "The matrix of the référentiel's capacities by lesson units and graded "
                "components, with how each is assessed and its crosswalk to the titre "
                "professionnel CIP; exit 1 if a capacity is not both taught and assessed."
            )
        ),
    )
    coverage.add_argument("course", help=t(_("the course folder, e.g. course_content/")))
    coverage.add_argument(
        "--format",
        choices=("text", "csv", "md", "json"),
        default="text",
        help=t(_("output format (text)")),
    )

    export = commands.add_parser("export", help=t(_("export the course for another LMS")))
    formats = export.add_subparsers(dest="format", required=True, metavar="FORMAT")
    scorm = formats.add_parser(
        "scorm",
        help=t(_("SCORM 1.2 and 2004 packages")),
        description=t(
            _(
                "Write SCORM packages of an OLX course: by default both versions, one "
                "package per competence block (one SCO each) and one whole-course package."
            )
        ),
    )
    scorm.add_argument("course", help=t(_("the OLX course folder, e.g. course_content/")))
    scorm.add_argument(
        "-o", "--output", required=True, help=t(_("folder for the zips, e.g. dist/"))
    )
    scorm.add_argument(
        "--scorm", choices=("1.2", "2004"), help=t(_("only this SCORM version (default: both)"))
    )
    kind = scorm.add_mutually_exclusive_group()
    kind.add_argument("--per-block", action="store_true", help=t(_("only the per-block packages")))
    kind.add_argument("--whole", action="store_true", help=t(_("only the whole-course package")))

    olx = formats.add_parser(
        "olx",
        help=t(_("the Studio import archive (.tar.gz)")),
        description=t(
            _(
                "Write the course as the .tar.gz Studio imports (Import in the Tools menu): "
                "the files the course uses under a course/ folder, with its policies, about "
                "page, tabs and static files."
            )
        ),
    )
    olx.add_argument("course", help=t(_("the OLX course folder, e.g. course_content/")))
    olx.add_argument(
        "-o", "--output", required=True, help=t(_("folder for the archive, e.g. dist/"))
    )

    validate = commands.add_parser("validate", help=t(_("check a SCORM package (XSD and rules)")))
    validate.add_argument("package", help=t(_("the zip, e.g. dist/aip-bloc1-scorm12.zip")))

    preview = commands.add_parser(
        "preview", help=t(_("play a SCORM package in a local LMS page (scorm-again)"))
    )
    preview.add_argument("package", nargs="+", help=t(_("the zip(s) to offer")))
    preview.add_argument("--port", type=int, default=8001, help=t(_("port on 127.0.0.1 (8001)")))
    return parser


def export_scorm(args: argparse.Namespace) -> int:
    from scorm_export.model import CourseError
    from scorm_export.olx_reader import read_course
    from scorm_export.package import VERSIONS, PackageInvalid, plans, write_packages
    from scorm_export.validate import SchemaFilesMissing

    gettext = cli_gettext()
    try:
        course = read_course(args.course)
        versions = (args.scorm,) if args.scorm else VERSIONS
        package_plans = plans(course, versions, per_block=not args.whole, whole=not args.per_block)
        written = write_packages(
            course, Path(args.output), package_plans, progress=lambda line: print(line, flush=True)
        )
    except CourseError as error:
        print(f"{error.path}:{error.line}: {error.message(gettext)}", file=sys.stderr)
        return 1
    except PackageInvalid as invalid:
        message = gettext(_("the package built is not valid SCORM, nothing was written"))
        print(f"{Path(args.output) / invalid.name}: {message}", file=sys.stderr)
        for problem in invalid.problems:
            print(f"{invalid.name}/{problem}", file=sys.stderr)
        return 1
    except SchemaFilesMissing as missing:
        print(missing.message(gettext), file=sys.stderr)
        return 1
    except OSError as error:
        target = error.filename or args.output
        message = gettext(_("cannot write the packages: {error}")).format(error=error.strerror)
        print(f"{target}: {message}", file=sys.stderr)
        return 1
    summary = gettext(_("{count} packages written to {folder}"))
    print(summary.format(count=len(written), folder=args.output))
    return 0


def export_olx(args: argparse.Namespace) -> int:
    from scorm_export.model import CourseError
    from scorm_export.olx_archive import write_archive

    gettext = cli_gettext()
    try:
        target = write_archive(args.course, args.output)
    except CourseError as error:
        print(f"{error.path}:{error.line}: {error.message(gettext)}", file=sys.stderr)
        return 1
    except OSError as error:
        target = error.filename or args.output
        message = gettext(_("cannot write the archive: {error}")).format(error=error.strerror)
        print(f"{target}: {message}", file=sys.stderr)
        return 1
    print(gettext(_("Studio import archive written: {path}")).format(path=target))
    return 0


def coverage(args: argparse.Namespace) -> int:
    from scorm_export import coverage as cover
    from scorm_export.model import CourseError
    from scorm_export.olx_reader import read_course

    gettext = cli_gettext()
    try:
        course = read_course(args.course)
    except CourseError as error:
        print(f"{error.path}:{error.line}: {error.message(gettext)}", file=sys.stderr)
        return 1
    rows, columns = cover.matrix(course)
    print(cover.render(rows, columns, args.format, gettext))
    return 0 if all(r.complete for r in rows) else 1


def main(argv: list[str] | None = None) -> int:
    """Run a command: 0 done, 1 refused (`file:line: message` lines), 2 internal error."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last guard: one line, never a traceback
        gettext = cli_gettext()
        message = gettext(
            _("internal error ({error}): nothing was written; please report it with the command")
        ).format(error=type(error).__name__)
        print(f"insertion-pro: {message}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    if args.command == "check":
        from scorm_export.check import check_course

        return check_course(args.course, fix=args.fix_typography)
    if args.command == "coverage":
        return coverage(args)
    if args.command == "export":
        return export_olx(args) if args.format == "olx" else export_scorm(args)
    if args.command == "validate":
        from scorm_export.validate import main as validate_main

        return validate_main([args.package])
    from scorm_export.preview import serve

    return serve(args.package, args.port)


if __name__ == "__main__":
    sys.exit(main())
