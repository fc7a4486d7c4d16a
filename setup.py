"""Distribution of insertion-pro: Open edX blocks, the French course and its SCORM exporter."""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent


def package_files(package: str, *folders: str) -> list[str]:
    """Every file under `folders` of `package`, relative to the package, for package_data."""
    root = HERE / package
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found.append(str(path.relative_to(root)))
    return found


# What the blocks need, as ranges: pip installs the distribution into edx-platform's
# environment, whose own pinned versions must win. `make` installs the exact, tested pins of
# requirements/*.txt instead.
INSTALL_REQUIRES = [
    "XBlock[django]>=5.0",
    "web-fragments>=2.0",
    "lxml>=5.0",
    "Jinja2>=3.1",
]

# Every block package: xblocks/<block>/block.py, with its public files, templates and the
# catalogs that Open edX's i18n service reads beside the block's module.
BLOCKS = sorted(path.parent.name for path in (HERE / "xblocks").glob("*/block.py"))


setup(
    name="insertion-pro",
    version="0.1.0",
    description=(
        "Open edX XBlocks, course and SCORM exporter for the French certification "
        "'Accompagnateur en insertion professionnelle' (RNCP 12976)"
    ),
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.11",
    packages=find_packages(include=["xblocks", "xblocks.*", "course_content", "scorm_export"]),
    package_data={
        "xblocks": package_files("xblocks", "translations")
        + [f"common/{p}" for p in package_files("xblocks/common", "public")]
        + [
            f"{block}/{p}"
            for block in BLOCKS
            for p in package_files(f"xblocks/{block}", "public", "templates", "translations")
        ],
        "scorm_export": package_files("scorm_export", "static", "templates"),
        "course_content": [
            p for p in package_files("course_content", ".") if not p.endswith(".py")
        ],
    },
    install_requires=INSTALL_REQUIRES,
    entry_points={
        "xblock.v1": [
            "interview_simulation = xblocks.interview_simulation:InterviewSimulationBlock",
            "partner_network = xblocks.partner_network:PartnerNetworkBlock",
            "workshop_design = xblocks.workshop_design:WorkshopDesignBlock",
        ],
        "insertion_pro.scorm_activities": [
            "interview_simulation = xblocks.interview_simulation.scorm:ACTIVITY",
            "partner_network = xblocks.partner_network.scorm:ACTIVITY",
            "workshop_design = xblocks.workshop_design.scorm:ACTIVITY",
        ],
        "console_scripts": [
            "insertion-pro = scorm_export.cli:main",
        ],
    },
    classifiers=[
        "Framework :: Django",
        "Natural Language :: French",
        "Programming Language :: Python :: 3.11",
    ],
)
