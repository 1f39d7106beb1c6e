"""Which files of a book folder may be read: the one gate before any source file is opened.

Nothing outside the book folder is ever read: not a chapter, not ``book.yaml``, not
``trennungen.txt``, not an image. A file is read only if its real path (every symbolic link
followed) lies inside the book's real folder (a book folder that is itself a link is fine),
and it is a regular file that may be read. Everything is decided from the names and
``stat`` alone, before the file is opened: a named pipe (FIFO) or a device would block the
build or stream forever, and a link to ``/etc/passwd`` must not even be read to find out
that it is no chapter. Each refusal says what the file is, so the message can say what to do.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: Why a file is not read: it is not there, it leaves the book, or it is no readable file.
Kind = Literal["missing", "outside", "unreadable"]

#: What ``stat`` says a file is, for the files that are no regular file.
FILE_TYPES = (
    (stat.S_ISDIR, "it is a folder"),
    (stat.S_ISFIFO, "it is a named pipe (FIFO)"),
    (stat.S_ISCHR, "it is a device"),
    (stat.S_ISBLK, "it is a device"),
    (stat.S_ISSOCK, "it is a socket"),
)
#: Errors of ``stat`` that mean the file is not there (a name that is too long cannot be).
MISSING = (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG)


@dataclass(frozen=True)
class Refusal:
    """Why a file of the book is not read.

    ``kind`` is ``missing`` (the caller says so in its own words), ``outside`` (``target``
    is where a symbolic link leads, empty when the name itself leaves the folder) or
    ``unreadable`` (``why``: it is a folder, a named pipe, a device, a socket, a symbolic
    link that leads to itself; permission denied).
    """

    kind: Kind
    target: str = ""
    why: str = ""

    def message(self, subject: str) -> str:
        """What is wrong with the file that ``subject`` names (``chapter kapitel/x.md``)."""
        if self.kind == "outside" and self.target:
            return f"{subject} is outside the book (it links to {self.target})"
        if self.kind == "outside":
            return f"{subject} is outside the book"
        if self.kind == "unreadable":
            return f"{subject} cannot be read"
        return f"{subject} does not exist"

    def hint(self, copy_it: str = "copy the file into the book folder") -> str:
        """What to do: copy a file that leaves the book into it (``copy_it``), or use a
        regular file."""
        if self.kind == "outside":
            return copy_it
        return f"{self.why}; use a regular file that can be read"


def refusal(path: Path, root: Path) -> Refusal | None:
    """Why ``path`` (a file of the book in ``root``) must not be read, or None if it may.

    Only names and ``stat`` are looked at; the file is never opened.
    """
    try:
        base = Path(os.path.realpath(root))
        real = Path(os.path.realpath(path))  # a link loop stays as it is: stat finds it
        lexical = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except (OSError, ValueError):  # a NUL in the name: no file can have it
        return Refusal("missing")
    if not real.is_relative_to(base):
        leaves_by_name = lexical == ".." or lexical.startswith(f"..{os.sep}")
        return Refusal("outside", "" if leaves_by_name else str(real))
    try:
        info = os.stat(real)
    except OSError as error:
        if error.errno in MISSING:
            return Refusal("missing")
        if error.errno == errno.ELOOP:
            return Refusal("unreadable", why="it is a symbolic link that leads to itself")
        return Refusal("unreadable", why=(error.strerror or "not readable").lower())
    for is_type, name in FILE_TYPES:
        if is_type(info.st_mode):
            return Refusal("unreadable", why=name)
    if not os.access(real, os.R_OK):
        return Refusal("unreadable", why="permission denied")
    return None
