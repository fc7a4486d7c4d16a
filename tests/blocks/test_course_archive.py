"""The Studio import archive of the course, re-read: every activity block of it loads in the
workbench's XBlock runtime (our local Open edX runtime) and plays its content."""

import tarfile

from lxml import etree

from tests.hostile import harness

ACTIVITIES = ("interview_simulation", "partner_network", "workshop_design")


def test_every_block_of_the_archive_loads_in_the_xblock_runtime(tmp_path, make_runtime):
    out = tmp_path / "dist"
    result = harness.command(["export", "olx", "course_content", "-o", str(out)])
    assert result.returncode == 0, result.stderr
    with tarfile.open(next(out.glob("*.tar.gz"))) as tar:
        tar.extractall(tmp_path / "studio", filter="data")
    root = tmp_path / "studio" / "course"
    runtime = make_runtime()
    loaded = []
    for block_type in ACTIVITIES:
        for path in sorted((root / block_type).glob("*.xml")):
            source = path.read_text("utf-8").split("?>", 1)[-1]  # no XML declaration
            block = runtime.get_block(runtime.parse_xml_string(source))
            # The settings of the course file, as Studio's import gives them to the block.
            written = etree.fromstring(source.encode("utf-8"))
            assert block.display_name == written.get("display_name"), path
            assert block.weight == float(written.get("weight")), path
            assert block.max_attempts == int(written.get("max_attempts")), path
            fragment = runtime.render(block, "student_view")
            assert 'class="ip-' in fragment.content, path
            loaded.append(path.name)
    expected = [
        p.name
        for t in ACTIVITIES
        for p in sorted((harness.ROOT / "course_content" / t).glob("*.xml"))
    ]
    assert loaded == expected
