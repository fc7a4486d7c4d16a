"""Read a zip from outside (a SCORM package) without trusting a byte of it.

`validate` and `preview` read packages through `SafeZip`, which accepts only regular-file
entries with safe relative names (no `..`, no absolute or drive path, no backslash, no NUL or
control character, no symbolic link or device), stored or deflated (the two methods of PKZIP
2.04g, which IMS Content Packaging names), unencrypted. Its central directory and number of
entries are bounded before `zipfile` builds its listing, every entry's declared size and the
total are bounded before anything is inflated, and the bytes actually inflated are counted
while reading, in chunks: reading stops as soon as an entry goes past its declared size or
its limit, so a lying header or a small zip that inflates to gigabytes costs one chunk of
memory. Nothing is ever written to disk.

The inflation is ours (zlib, raw deflate), not `zipfile`'s, which silently stops at the
declared size: an entry whose data goes on past it is refused, as an LMS's extractor might
not stop there. The local header of each entry is checked against the central directory.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import struct
import threading
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from xblocks.common.i18n import Message
from xblocks.common.i18n import gettext_noop as _

#: At most this many entries in a zip (our largest package holds under 100).
MAX_ENTRIES = 10_000
#: The central directory `zipfile` reads into memory, at most (10,000 entries of 400 bytes).
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
#: What one entry may inflate to (a video in a lesson fits; a zip bomb does not).
MAX_ENTRY_BYTES = 256 * 1024 * 1024
#: What all the entries of a zip may inflate to, together.
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
#: Bytes read from the zip, and inflated, at a time.
CHUNK = 64 * 1024
#: The methods of PKZIP 2.04g, the zip IMS Content Packaging names.
METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
ENCRYPTED = 0x1
UTF8_NAME = 0x800
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
LOCAL_SIGNATURE = b"PK\x03\x04"
DRIVE = re.compile(r"^[A-Za-z]:")
#: What `zipfile` raises on a zip it cannot list (a bad name encoding is a ValueError).
UNREADABLE = (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, struct.error)
TOO_LARGE = _("the entry declares {size} bytes, over the limit of {limit}")


@dataclass(frozen=True)
class ZipProblem:
    """One problem of a zip: where (the zip itself or an entry) and its translatable message."""

    where: str
    detail: Message

    def text(self, gettext: Callable[[str], str] = str) -> str:
        return f"{self.where}: {self.detail.message(gettext)}"


class ZipRefused(ValueError):
    """A zip, or an entry of it, that will not be read; `problem` says where and why."""

    def __init__(self, where: str, template: str, /, **params: object) -> None:
        self.problem = ZipProblem(where, Message(template, **params))
        super().__init__(self.problem.text())

    def message(self, gettext: Callable[[str], str] = str) -> str:
        return self.problem.text(gettext)


def shown(name: str) -> str:
    """An entry name as it can be printed on one line: control characters escaped."""
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in ("Cc", "Cs")
        else char
        for char in name
    )


def name_problem(name: str) -> str | None:
    """Why an entry name is not a safe relative path inside the package, or None."""
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in name):
        return _("the entry name holds a NUL or control character")
    if DRIVE.match(name):
        return _("the entry name is a drive path, outside the package")
    if "\\" in name:
        return _("the entry name holds a backslash, a folder separator for some tools")
    if name.startswith("/"):
        return _("the entry name is an absolute path, outside the package")
    if ".." in name.split("/"):
        return _("the entry name climbs out of the package with ..")
    bare = name[:-1] if name.endswith("/") else name
    if not bare or posixpath.normpath(bare) != bare:
        return _("unsafe or non-normalised path in the zip")
    return None


def _kind_problem(info: zipfile.ZipInfo) -> str | None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if stat.S_ISLNK(mode):
        return _("a symbolic link, not a regular file: refused")
    if kind and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return _("not a regular file (a device, a FIFO or a socket): refused")
    return None


class _BoundedReads:
    """The zip file as `zipfile` sees it while listing: no single read over `limit` bytes,
    so that a central directory claiming gigabytes is refused before it is read."""

    def __init__(self, file: BinaryIO, limit: int) -> None:
        self.file, self.limit = file, limit

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.file.seek(offset, whence)

    def tell(self) -> int:
        return self.file.tell()

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > self.limit:
            here = self.file.tell()
            end = self.file.seek(0, os.SEEK_END)
            self.file.seek(here)
            if min(end - here, size if size >= 0 else end) > self.limit:
                raise _DirectoryTooLarge
        return self.file.read(size)


class _DirectoryTooLarge(Exception):
    pass


def _open(source: str | Path | BinaryIO, label: str) -> tuple[BinaryIO, bool]:
    """The zip's file, opened without blocking (a FIFO) and only if it is a regular file."""
    if not isinstance(source, (str, Path)):
        return source, False
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise ZipRefused(
            label, _("not a readable zip file: {error}"), error=error.strerror
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ZipRefused(label, _("not a regular file: refused"))
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb"), True


class SafeZip:
    """A zip opened for reading, its entries checked; `problems` lists what was refused.

    `names` holds the regular-file entries with safe names (those a package may use);
    `read` and `chunks` serve only those, bounded, and refuse the ones found unreadable
    (encrypted, unknown method, too large, or corrupt once `test` has read them through).
    """

    def __init__(self, source: str | Path | BinaryIO, label: str | None = None) -> None:
        self.label = label or (str(source) if isinstance(source, (str, Path)) else "package.zip")
        self._file, self._own = _open(source, self.label)
        self._lock = threading.Lock()
        try:
            self._infos = self._listing()
        except BaseException:
            self.close()
            raise
        self.problems: list[ZipProblem] = []
        self.entries: dict[str, zipfile.ZipInfo] = {}
        self._unreadable: dict[str, ZipProblem] = {}
        self._check_entries()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own:
            self._file.close()

    @property
    def names(self) -> set[str]:
        return set(self.entries)

    def _listing(self) -> list[zipfile.ZipInfo]:
        try:
            with zipfile.ZipFile(_BoundedReads(self._file, MAX_DIRECTORY_BYTES)) as archive:  # type: ignore[arg-type]
                infos = archive.infolist()
        except _DirectoryTooLarge:
            raise ZipRefused(
                self.label,
                _("the zip's central directory is over {limit} bytes"),
                limit=MAX_DIRECTORY_BYTES,
            ) from None
        except UNREADABLE as error:
            raise ZipRefused(
                self.label, _("not a readable zip file: {error}"), error=error
            ) from None
        if len(infos) > MAX_ENTRIES:
            raise ZipRefused(
                self.label,
                _("the zip holds {count} entries, over the limit of {limit}"),
                count=len(infos),
                limit=MAX_ENTRIES,
            )
        return infos

    def _add(self, where: str, template: str, /, **params: object) -> None:
        self.problems.append(ZipProblem(where, Message(template, **params)))

    def _check_entries(self) -> None:
        declared = 0
        for info in self._infos:
            name, where = info.orig_filename, shown(info.orig_filename)
            refused = name_problem(name) or _kind_problem(info)
            if refused:
                self._add(where, refused)
                continue
            if info.is_dir():
                continue
            if name in self.entries:
                self._add(where, _("appears twice in the zip"))
                continue
            self.entries[name] = info
            declared += info.file_size
            unreadable = self._unreadable_problem(info)
            if unreadable:
                self._unreadable[name] = ZipProblem(where, unreadable)
                self.problems.append(self._unreadable[name])
        if declared > MAX_TOTAL_BYTES:
            self._add(
                self.label,
                _("the entries declare {size} bytes in all, over the limit of {limit}"),
                size=declared,
                limit=MAX_TOTAL_BYTES,
            )

    @staticmethod
    def _unreadable_problem(info: zipfile.ZipInfo) -> Message | None:
        if info.flag_bits & ENCRYPTED:
            return Message(_("the entry is encrypted: packages must not be"))
        if info.compress_type not in METHODS:
            unknown = _("compression method {method} is not supported (only stored and deflated)")
            return Message(unknown, method=info.compress_type)
        if info.file_size > MAX_ENTRY_BYTES:
            return Message(TOO_LARGE, size=info.file_size, limit=MAX_ENTRY_BYTES)
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            return Message(_("a stored entry whose sizes disagree: the zip is corrupt"))
        return None

    @property
    def declared_total(self) -> int:
        return sum(info.file_size for info in self.entries.values())

    def unreadable(self, name: str) -> bool:
        return name in self._unreadable

    def size(self, name: str) -> int:
        """The size an entry declares (and, once read through, has)."""
        return self.entries[name].file_size

    def read(self, name: str, limit: int = MAX_ENTRY_BYTES) -> bytes:
        """An entry's bytes, at most `limit` of them (else ZipRefused, nothing kept)."""
        return b"".join(self.chunks(name, limit))

    def chunks(self, name: str, limit: int = MAX_ENTRY_BYTES) -> Iterator[bytes]:
        """An entry's bytes in chunks of at most CHUNK, checked as they are inflated.

        An entry declaring more than `limit` is refused unread; one that inflates past its
        declared size, corrupt data or a CRC mismatch raise ZipRefused as soon as met."""
        info = self.entries.get(name)
        if info is None:
            raise ZipRefused(shown(name), _("not in the package"))
        if name in self._unreadable:
            problem = self._unreadable[name]
            raise ZipRefused(problem.where, "{detail}", detail=problem.detail)
        if info.file_size > limit:
            raise ZipRefused(shown(name), TOO_LARGE, size=info.file_size, limit=limit)
        return self._inflate(info)

    def _pread(self, offset: int, size: int) -> bytes:
        with self._lock:
            self._file.seek(offset)
            return self._file.read(size)

    def _data_offset(self, info: zipfile.ZipInfo) -> int:
        where = shown(info.orig_filename)
        header = self._pread(info.header_offset, LOCAL_HEADER.size)
        if len(header) != LOCAL_HEADER.size or header[:4] != LOCAL_SIGNATURE:
            raise ZipRefused(where, _("the entry's local header is missing: the zip is corrupt"))
        fields = LOCAL_HEADER.unpack(header)
        flags, method, name_length, extra_length = fields[2], fields[3], fields[9], fields[10]
        name = self._pread(info.header_offset + LOCAL_HEADER.size, name_length)
        encoding = "utf-8" if info.flag_bits & UTF8_NAME else "cp437"
        if (
            name != info.orig_filename.encode(encoding)
            or method != info.compress_type
            or (flags & ENCRYPTED) != (info.flag_bits & ENCRYPTED)
        ):
            raise ZipRefused(
                where, _("the entry's local header disagrees with the central directory")
            )
        return info.header_offset + LOCAL_HEADER.size + name_length + extra_length

    def _inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        where = shown(info.orig_filename)
        offset = self._data_offset(info)
        left = info.compress_size
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        crc = size = 0
        while left > 0 and not (inflater and inflater.eof):
            raw = self._pread(offset, min(CHUNK, left))
            if not raw:
                raise ZipRefused(where, _("the entry's data is truncated: the zip is corrupt"))
            offset, left = offset + len(raw), left - len(raw)
            pending = raw
            while pending:
                if inflater is None:
                    data, pending = pending, b""
                else:
                    try:
                        data = inflater.decompress(pending, CHUNK)
                    except zlib.error as error:
                        raise ZipRefused(
                            where, _("corrupt compressed data: {error}"), error=error
                        ) from None
                    pending = b"" if inflater.eof else inflater.unconsumed_tail
                size += len(data)
                if size > info.file_size:
                    raise ZipRefused(
                        where,
                        _("the entry inflates past the {size} bytes it declares"),
                        size=info.file_size,
                    )
                crc = zlib.crc32(data, crc)
                if data:
                    yield data
        if inflater is not None and not inflater.eof:
            raise ZipRefused(where, _("the entry's data is truncated: the zip is corrupt"))
        if size != info.file_size:
            raise ZipRefused(
                where,
                _("the entry inflates to {actual} bytes but declares {size}"),
                actual=size,
                size=info.file_size,
            )
        if crc != info.CRC:
            raise ZipRefused(where, _("CRC mismatch: the entry's data is corrupt"))

    def test(self) -> list[ZipProblem]:
        """Read every readable entry through (sizes, deflate streams, CRCs), the total
        bounded; the entries found corrupt become unreadable. Returns the new problems."""
        found: list[ZipProblem] = []
        if self.declared_total > MAX_TOTAL_BYTES:
            return found
        total = 0
        for name, info in self.entries.items():
            if name in self._unreadable:
                continue
            try:
                for data in self._inflate(info):
                    total += len(data)
                    if total > MAX_TOTAL_BYTES:
                        problem = ZipProblem(
                            self.label,
                            Message(
                                _("the entries inflate past {limit} bytes in all"),
                                limit=MAX_TOTAL_BYTES,
                            ),
                        )
                        found.append(problem)
                        self.problems.append(problem)
                        return found
            except ZipRefused as refused:
                self._unreadable[name] = refused.problem
                found.append(refused.problem)
                self.problems.append(refused.problem)
        return found
