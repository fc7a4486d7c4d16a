"""Reading a file from a folder someone else wrote (a course folder, a contributed export).

A course folder can hold a symlink to any local file (`/proc/self/environ`, a key), a FIFO
that blocks a reader forever, a device (`/dev/zero`) or a huge sparse file. `read_inside`
reads only a regular file that lies inside the folder once links are resolved, checks its size
before reading, and reads at most `max_bytes + 1` bytes even if it grows meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from xblocks.common.i18n import Message
from xblocks.common.i18n import gettext_noop as _


class FileRefused(OSError):
    """A file the project will not read; `message(gettext)` says why, translated."""

    def __init__(self, template: str, /, **params: object) -> None:
        self.detail = Message(template, **params)
        super().__init__(self.detail.message())

    def message(self, gettext=str) -> str:
        return self.detail.message(gettext)


def read_inside(folder: Path, path: Path, max_bytes: int) -> bytes:
    """The bytes of `path`, a regular file inside `folder` after resolving links.

    Raises FileNotFoundError when it does not exist, FileRefused when it is outside the folder,
    not a regular file or over `max_bytes`, another OSError when it cannot be read.
    """
    root = Path(folder).resolve()
    try:
        real = Path(path).resolve(strict=True)
    except RuntimeError:  # a loop of links
        raise FileRefused(_("a loop of symbolic links")) from None
    if real != root and root not in real.parents:
        raise FileRefused(_("a link to a file outside the course folder is not read"))
    # O_NONBLOCK: opening a FIFO does not wait for a writer; the type is checked on the open
    # file itself, so a file swapped after the check is caught too.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(real, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(_("not a regular file"))
        if info.st_size > max_bytes:
            raise FileRefused(
                _("{size} bytes, over the limit of {limit} bytes"),
                size=info.st_size,
                limit=max_bytes,
            )
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise FileRefused(_("the file grew over the limit of {limit} bytes"), limit=max_bytes)
    return data
