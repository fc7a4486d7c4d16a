"""The `insertion-pro` command."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="insertion-pro",
        description="Tools for the insertion-pro course: validate its activities.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the activities of an OLX course folder")
    check.add_argument("course", help="the course folder, e.g. course_content/")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        from scorm_export.check import check_course

        return check_course(args.course)
    return 2


if __name__ == "__main__":
    sys.exit(main())
