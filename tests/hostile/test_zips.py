"""Hostile zips given to `insertion-pro validate`: every one a clean problem naming the entry.

Each case builds its zip in a temporary folder, byte by byte where `zipfile` would refuse to
write it (NUL in a name, method 99, a lying size, a local header that disagrees), on top of a
real package of the course, and runs the command bounded (1 GB of address space, 60 s): a
gigabyte inflated in memory, or a hang, fails the test. The inflation cases are forged from a
deflate stream of zeros that inflates to 1 GiB from 1 MB, built in milliseconds.

`ZIP_CASES` is data: `test_preview_hostile` offers the same zips to `preview`, and the blocks
to come add their cases to the list.
"""

from __future__ import annotations

import functools
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile import harness

MIB = 1024 * 1024
GIB = 1024 * MIB
DEFLATED, STORED = zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED
REGULAR, SYMLINK, FIFO = 0o100644, 0o120777, 0o010644


@dataclass
class Entry:
    """One entry as it is written, every field forgeable; the defaults make an honest one."""

    name: str | bytes
    data: bytes = b""
    method: int = DEFLATED
    flags: int = 0
    mode: int = REGULAR
    #: The stored bytes (a forged deflate stream); default: `data` compressed by `method`.
    raw: bytes | None = None
    #: Declared size and CRC; default: those of `data`.
    size: int | None = None
    crc: int | None = None
    #: The name in the local header, when it must disagree with the central directory.
    local_name: bytes | None = None


def _name(entry: Entry) -> tuple[bytes, int]:
    if isinstance(entry.name, bytes):
        return entry.name, entry.flags
    return entry.name.encode("utf-8"), entry.flags | (0 if entry.name.isascii() else 0x800)


def write_zip(path: Path, entries: list[Entry]) -> Path:
    """A zip written by hand from `entries`: local headers, data, central directory, end."""
    local, central = bytearray(), bytearray()
    for entry in entries:
        name, flags = _name(entry)
        raw = entry.raw
        if raw is None:
            raw = zlib.compress(entry.data, 6, -15)[0:] if entry.method == DEFLATED else entry.data
        size = len(entry.data) if entry.size is None else entry.size
        crc = zlib.crc32(entry.data) if entry.crc is None else entry.crc
        offset = len(local)
        header_name = name if entry.local_name is None else entry.local_name
        local += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, flags, entry.method, 0, 0x21, crc, len(raw), size,
            len(header_name), 0,
        )  # fmt: skip
        local += header_name + raw
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 0x314, 20, flags, entry.method, 0, 0x21, crc,
            len(raw), size, len(name), 0, 0, 0, 0, entry.mode << 16, offset,
        )  # fmt: skip
        central += name
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(local), 0
    )
    path.write_bytes(bytes(local + central + end))
    return path


@functools.cache
def zeros(mebibytes: int) -> tuple[bytes, int]:
    """A raw deflate stream inflating to `mebibytes` MiB of zeros (1 KB a MiB), and its CRC.

    Each MiB is compressed after a full flush, so every MiB after the first is the same bytes.
    """
    chunk = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = first + again * (mebibytes - 1) + compressor.flush()
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    return stream, crc


def inflating(name: str, mebibytes: int, **forged: object) -> Entry:
    """An entry of `mebibytes` MiB of zeros, deflated; `forged` fields lie about it."""
    stream, crc = zeros(mebibytes)
    fields = {"raw": stream, "size": mebibytes * MIB, "crc": crc, **forged}
    return Entry(name, **fields)  # type: ignore[arg-type]


# --- the cases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZipCase:
    """A hostile zip: how to build it from the course's package, the entry (or, for the zip
    itself, None) the first problem must name, and a phrase of that problem."""

    id: str
    build: Callable[[Path, list[Entry]], Path]
    entry: str | None
    says: str
    #: False for the cases that are not the zip's fault but its schemas' (preview plays those).
    zip_fault: bool = field(default=True)


def with_entries(*extra: Entry, drop: tuple[str, ...] = ()) -> Callable[[Path, list[Entry]], Path]:
    """The course's package with `extra` entries added first, and `drop` left out."""

    def build(folder: Path, base: list[Entry]) -> Path:
        kept = [e for e in base if e.name not in drop]
        return write_zip(folder / "hostile.zip", [*extra, *kept])

    return build


def replacing(entry: Entry) -> Callable[[Path, list[Entry]], Path]:
    """The course's package with `entry` in place of the entry of the same name."""

    def build(folder: Path, base: list[Entry]) -> Path:
        entries = [entry if e.name == entry.name else e for e in base]
        assert entry in entries, entry.name
        return write_zip(folder / "hostile.zip", entries)

    return build


def built(make: Callable[[Path], Path]) -> Callable[[Path, list[Entry]], Path]:
    return lambda folder, base: make(folder)


def many_entries(count: int, name_length: int) -> Callable[[Path, list[Entry]], Path]:
    def build(folder: Path, base: list[Entry]) -> Path:
        names = (f"{n:06d}".rjust(name_length, "a") + ".html" for n in range(count))
        return write_zip(folder / "hostile.zip", [*base, *(Entry(n) for n in names)])

    return build


def truncated(folder: Path, base: list[Entry]) -> Path:
    whole = write_zip(folder / "whole.zip", base).read_bytes()
    target = folder / "hostile.zip"
    target.write_bytes(whole[: len(whole) // 2])
    return target


def fifo(folder: Path) -> Path:
    os.mkfifo(folder / "hostile.zip")
    return folder / "hostile.zip"


def junk(folder: Path) -> Path:
    (folder / "hostile.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    return folder / "hostile.zip"


def schema_with_entity(name: str) -> Entry:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE xs:schema [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:annotation>'
        b"<xs:documentation>&e;</xs:documentation></xs:annotation></xs:schema>"
    )
    return Entry(name, data)


def schema_importing(name: str, location: str) -> Callable[[Path, list[Entry]], Path]:
    """The course's package whose controlling file `name` imports the xml namespace (the
    first import of the chain) from `location`."""

    def build(folder: Path, base: list[Entry]) -> Path:
        entries = []
        for entry in base:
            if entry.name == name:
                data = entry.data.replace(
                    b'schemaLocation="ims_xml.xsd"',
                    f'schemaLocation="{location}"'.encode(),
                )
                assert data != entry.data
                entry = Entry(name, data)
            entries.append(entry)
        return write_zip(folder / "hostile.zip", entries)

    return build


#: One megabyte of spaces and its deflate stream, shared by the 2,000 files of a flood (one
#: copy in memory, not 2 GB).
SPACES = b" " * 1_000_000
SPACES_RAW = zlib.compress(SPACES, 6, -15)
CORRUPT_DEFLATE = b"\xff" + zlib.compress(b"<html>" * 100, 6, -15)[1:]
TRUNCATED_DEFLATE = zlib.compress(bytes(range(256)) * 64, 6, -15)[:100]

ZIP_CASES = [
    ZipCase("symlink-entry", with_entries(Entry("evil.xsd", b"/etc/passwd", mode=SYMLINK)),
            "evil.xsd", "a symbolic link"),
    ZipCase("fifo-entry", with_entries(Entry("pipe.html", mode=FIFO)),
            "pipe.html", "not a regular file"),
    ZipCase("dot-dot", with_entries(Entry("../../evil.xsd", b"<x/>")),
            "../../evil.xsd", "climbs out of the package"),
    ZipCase("absolute", with_entries(Entry("/etc/evil.xsd", b"<x/>")),
            "/etc/evil.xsd", "absolute path"),
    ZipCase("drive-backslash", with_entries(Entry("C:\\evil.dtd", b"<!-- -->")),
            "C:\\evil.dtd", "drive path"),
    ZipCase("drive-slash", with_entries(Entry("C:/x", b"x")), "C:/x", "drive path"),
    ZipCase("backslashes", with_entries(Entry("..\\..\\evil.xsd", b"<x/>")),
            "..\\..\\evil.xsd", "backslash"),
    ZipCase("nul-in-name", with_entries(Entry(b"evil.xsd\x00.html", b"<x/>")),
            "evil.xsd\\x00.html", "NUL or control character"),
    ZipCase("newline-in-name", with_entries(Entry("index.html\nimsmanifest.xml", b"x")),
            "index.html\\nimsmanifest.xml", "NUL or control character"),
    ZipCase("escape-in-name", with_entries(Entry("\x1b[2Jred.html", b"x")),
            "\\x1b[2Jred.html", "NUL or control character"),
    ZipCase("not-normalised", with_entries(Entry("a//./b.html", b"x")),
            "a//./b.html", "non-normalised"),
    ZipCase("bad-utf8-name", with_entries(Entry(b"\xff\xfe.html", b"x", flags=0x800)),
            None, "not a readable zip file"),
    ZipCase("duplicate", with_entries(Entry("index.html", b"<p>other</p>")),
            "index.html", "appears twice"),
    ZipCase("encrypted", replacing(Entry("index.html", b"\x00" * 40, flags=0x1)),
            "index.html", "encrypted"),
    ZipCase("method-99", replacing(Entry("index.html", b"<p>x</p>", method=99)),
            "index.html", "compression method 99 is not supported"),
    ZipCase("corrupt-deflate", replacing(Entry("index.html", b"<html>" * 100,
                                               raw=CORRUPT_DEFLATE)),
            "index.html", "corrupt compressed data"),
    ZipCase("truncated-deflate", replacing(Entry("index.html", bytes(range(256)) * 64,
                                                 raw=TRUNCATED_DEFLATE)),
            "index.html", "truncated"),
    ZipCase("crc-mismatch", replacing(Entry("index.html", b"<p>x</p>", crc=0x12345678)),
            "index.html", "CRC mismatch"),
    ZipCase("stored-sizes-disagree", replacing(Entry("index.html", b"<p>x</p>", method=STORED,
                                                     size=4)),
            "index.html", "sizes disagree"),
    ZipCase("local-header-disagrees", replacing(Entry("index.html", b"<p>x</p>",
                                                      local_name=b"evil.html")),
            "index.html", "local header disagrees"),
    ZipCase("manifest-inflates-to-1gib", replacing(inflating("imsmanifest.xml", 1024)),
            "imsmanifest.xml", "declares 1073741824 bytes"),
    ZipCase("manifest-lies-about-its-size",
            replacing(inflating("imsmanifest.xml", 1024, size=1000, crc=zlib.crc32(bytes(1000)))),
            "imsmanifest.xml", "inflates past the 1000 bytes it declares"),
    ZipCase("lesson-lies-about-its-size",
            with_entries(inflating("media/lesson.mp4", 1024, size=MIB, crc=zeros(1)[1])),
            "media/lesson.mp4", "inflates past the 1048576 bytes it declares"),
    ZipCase("total-over-1gib",
            with_entries(*(inflating(f"media/part{n}.mp4", 250) for n in range(5))),
            None, "bytes in all"),
    ZipCase("schema-flood", with_entries(*(Entry(f"s{n:04d}.xsd", SPACES, raw=SPACES_RAW)
                                           for n in range(2000))),
            None, "bytes in all"),
    ZipCase("too-many-entries", many_entries(10_001, 8), None, "entries, over the limit"),
    ZipCase("central-directory-too-large", many_entries(3_000, 1_500), None,
            "central directory"),
    ZipCase("truncated-zip", truncated, None, "not a readable zip file"),
    ZipCase("not-a-zip", built(junk), None, "not a readable zip file"),
    ZipCase("fifo-instead-of-zip", built(fifo), None, "not a regular file"),
    ZipCase("device-instead-of-zip", built(lambda folder: Path("/dev/zero")), None,
            "not a regular file"),
    ZipCase("schema-declares-entities", replacing(schema_with_entity("imscp_rootv1p1p2.xsd")),
            "imscp_rootv1p1p2.xsd", "must not declare entities", zip_fault=False),
    ZipCase("schema-imports-out-of-the-package",
            schema_importing("imscp_rootv1p1p2.xsd", "../../../etc/passwd"),
            "../../../etc/passwd", "schema import refused", zip_fault=False),
    ZipCase("schema-imports-a-local-file",
            schema_importing("imscp_rootv1p1p2.xsd", "file:///etc/passwd"),
            "file:///etc/passwd", "schema import refused", zip_fault=False),
    ZipCase("schema-imports-from-the-network",
            schema_importing("imscp_rootv1p1p2.xsd", "http://example.com/imscp.xsd"),
            "http://example.com/imscp.xsd", "schema import refused", zip_fault=False),
]  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> list[Entry]:
    """The entries of a real package of the course (bloc 1, SCORM 1.2), as exported."""
    package = harness.exported(tmp_path_factory.mktemp("dist"))[0]
    with zipfile.ZipFile(package) as archive:
        return [Entry(i.filename, archive.read(i)) for i in archive.infolist()]


def hostile(case: ZipCase, folder: Path, base: list[Entry]) -> tuple[Path, str]:
    """The case's zip, built in `folder`, and where its first problem must be."""
    path = case.build(folder, base)
    return path, case.entry if case.entry is not None else str(path)


def test_the_base_package_is_valid(base, tmp_path):
    package = write_zip(tmp_path / "base.zip", base)
    result = harness.command(["validate", str(package)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK:")


@pytest.mark.parametrize("case", ZIP_CASES, ids=[c.id for c in ZIP_CASES])
def test_validate_refuses_a_hostile_zip(case: ZipCase, base, tmp_path):
    path, where = hostile(case, tmp_path, base)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = harness.command(["validate", str(path)], environ={"TMPDIR": str(scratch)})
    harness.problems(result, where, case.says)
    assert list(scratch.iterdir()) == [], "validate wrote to TMPDIR"


def test_many_small_schema_files_are_read_only_when_imported(base, tmp_path):
    """2,000 extra schema files at the root (allowed unlisted): valid, nothing extracted,
    the import chain reading only what it asks for."""
    extra = [Entry(f"s{n:04d}.xsd", b"<x/>" + b" " * 50_000) for n in range(2000)]
    path = write_zip(tmp_path / "schemas.zip", [*base, *extra])
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = harness.command(["validate", str(path)], environ={"TMPDIR": str(scratch)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(scratch.iterdir()) == []
