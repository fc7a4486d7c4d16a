"""The built wheel carries what a platform needs, and the catalogs are complete."""

import gettext
import importlib.util
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils.translation import to_locale
from packaging.requirements import Requirement
from xblock.core import XBlock

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("xblocks", "scorm_export")  # where translatable strings are marked
SOURCE_CATALOGS = sorted(ROOT.glob("xblocks/translations/*/LC_MESSAGES/text.po"))
BLOCKS = sorted(path.parent.name for path in ROOT.glob("xblocks/*/block.py"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy, so that the build leaves no egg-info in the checkout.
    source = tmp_path_factory.mktemp("source") / "insertion-pro"
    source.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("requirements", "xblocks", "course_content", "scorm_export"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("insertion_pro-*.whl")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()

        def read(suffix):
            return archive.read(next(n for n in names if n.endswith(suffix))).decode()

        return SimpleNamespace(
            path=path,
            names=set(names),
            entry_points=read(".dist-info/entry_points.txt"),
            metadata=read(".dist-info/METADATA"),
        )


def test_wheel_holds_templates_public_files_translations_and_course(wheel):
    names = wheel.names
    expected = [
        "xblocks/interview_simulation/templates/student_view.html",
        "xblocks/interview_simulation/templates/studio_view.html",
        "xblocks/interview_simulation/public/interview-simulation-view.js",
        "xblocks/interview_simulation/public/interview-simulation-engine.js",
        "xblocks/interview_simulation/public/interview-simulation.css",
        "xblocks/interview_simulation/public/default-scenario.xml",
        "xblocks/common/public/transport.js",
        "xblocks/common/public/shuffle.js",
        "xblocks/translations/fr/LC_MESSAGES/text.mo",
        "xblocks/translations/fr/LC_MESSAGES/text.po",
        # Where Open edX's i18n service looks: beside the block's module.
        "xblocks/interview_simulation/translations/fr/LC_MESSAGES/text.mo",
        "course_content/capacites.tsv",
        "scorm_export/static/sco.js",
        "scorm_export/static/scorm-api.js",
        "scorm_export/templates/sco.html",
        "xblocks/interview_simulation/public/interview-simulation-scorm.js",
    ]
    missing = [name for name in expected if name not in names]
    assert missing == []
    course_files = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "course_content").rglob("*.xml")
    }
    assert course_files and course_files <= names
    block_catalogs = {
        f"xblocks/{block}/translations/{po.parts[-3]}/LC_MESSAGES/text.mo"
        for block in BLOCKS
        for po in SOURCE_CATALOGS
    }
    assert block_catalogs - names == set()
    assert not any(name.startswith(("tests/", "dev/", "benchmarks/")) for name in names)


def test_wheel_declares_the_block_and_the_command(wheel):
    entry_points = wheel.entry_points
    assert (
        "interview_simulation = xblocks.interview_simulation:InterviewSimulationBlock"
        in entry_points
    )
    assert "insertion-pro = scorm_export.cli:main" in entry_points


def test_french_catalog_is_complete_and_compiled():
    po = ROOT / "xblocks/translations/fr/LC_MESSAGES/text.po"
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
    pot = subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--keyword=_",
            "--keyword=pgettext_noop:1c,2",
            "--from-code=UTF-8",
            "-o",
            "-",
            *sorted(str(p) for folder in SOURCES for p in (ROOT / folder).rglob("*.py")),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    source_ids = set(_msgids(pot)) - {""}
    catalog_ids = set(_msgids(po.read_text(encoding="utf-8")))
    assert source_ids - catalog_ids == set(), "run `make messages` and translate the new strings"


def _msgids(text: str):
    """Each message id, prefixed by its context ("context\x04id") when it has one."""
    context = current = None
    for line in text.splitlines():
        if line.startswith("msgctxt "):
            context = line[9:-1]
        elif line.startswith("msgid "):
            current = line[7:-1]
        elif line.startswith('"') and current is not None:
            current += line[1:-1]
        else:
            if current is not None:
                yield f"{context}\x04{current}" if context else current
                context = None
            current = None


def test_wheel_requires_ranges_that_the_pinned_versions_satisfy(wheel):
    """pip installs the wheel into edx-platform's environment: its pins must win, not ours."""
    required = {
        Requirement(line.split(":", 1)[1].strip())
        for line in wheel.metadata.splitlines()
        if line.startswith("Requires-Dist:")
    }
    by_name = {r.name.lower(): r for r in required}
    assert required and all(
        spec.operator in (">=", ">", "<", "!=") for r in required for spec in r.specifier
    ), required
    lines = (ROOT / "requirements/base.txt").read_text(encoding="utf-8").splitlines()
    pins = [Requirement(line) for line in lines if line and not line.startswith(("#", "-r"))]
    assert {pin.name.lower() for pin in pins} == set(by_name)
    for pin in pins:
        (version,) = [spec.version for spec in pin.specifier if spec.operator == "=="]
        declared = by_name[pin.name.lower()]
        assert declared.specifier.contains(version), (pin, declared)
        assert declared.extras == pin.extras


def _resource_filename(module: str, folder: str) -> str:
    """`pkg_resources.resource_filename(module, folder)`, as edx-platform calls it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pkg_resources import resource_filename
    except ImportError:  # setuptools >= 81: the same path, from the module's file
        return str(Path(importlib.util.find_spec(module).origin).parent / folder)
    return resource_filename(module, folder)


@pytest.mark.parametrize("language", ["fr", "fr-fr", "fr-ca"])
def test_open_edx_i18n_service_finds_the_french_catalog(language):
    """edx-platform's XBlockI18nService, step by step: a FileNotFoundError there means English."""
    block_class = XBlock.load_class("interview_simulation")
    path = _resource_filename(block_class.__module__, "translations")
    translator = gettext.translation("text", path, [to_locale(language)])
    assert translator.gettext("Interview simulation") == "Simulation d’entretien"
    assert translator.gettext("Only course staff can edit this activity.") == (
        "Seule l’équipe pédagogique peut modifier cette activité."
    )


def test_the_wheel_catalog_beside_the_block_module_translates(wheel, tmp_path):
    with zipfile.ZipFile(wheel.path) as archive:
        archive.extractall(tmp_path)
    path = tmp_path / "xblocks/interview_simulation/translations"
    assert gettext.translation("text", path, ["fr"]).gettext("Interview simulation") == (
        "Simulation d’entretien"
    )


def _messages(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


@pytest.mark.parametrize("po", SOURCE_CATALOGS, ids=lambda po: po.parts[-3])
def test_every_compiled_catalog_is_up_to_date_with_its_po(po, tmp_path):
    fresh = tmp_path / "text.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)
    expected = _messages(fresh)
    compiled = [po.with_suffix(".mo")] + [
        ROOT / "xblocks" / block / "translations" / po.parts[-3] / "LC_MESSAGES/text.mo"
        for block in BLOCKS
    ]
    stale = [
        str(mo.relative_to(ROOT))
        for mo in compiled
        if not mo.is_file() or _messages(mo) != expected
    ]
    assert stale == [], "run `make translations`"
