"""The one root of user-facing errors.

Every problem a person can fix (a bad ``book.yaml``, a broken footnote, a missing image) is a
:class:`Diagnostic` with the place it comes from. A stage collects all diagnostics it finds
and raises one :class:`BookError`, so an editor sees every problem of a run at once, in
source order, and never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

from publish.messages import translate


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A place in the book's source: file (relative to the book folder), line, column.

    Lines and columns count from 1, as editors show them.
    """

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where, what is wrong, and what to do about it."""

    location: SourceLocation
    message: str
    hint: str = ""

    def __str__(self) -> str:
        """``file:line: what is wrong – what to do``, in the reader's language."""
        text = f"{self.location}: {translate(self.message)}"
        return f"{text} – {translate(self.hint)}" if self.hint else text

    def sort_key(self) -> tuple[str, int, int]:
        loc = self.location
        return (loc.file, loc.line or 0, loc.column or 0)


class PublishError(click.ClickException):
    """Base of every error meant for the person running ``publish`` (exit code 1)."""

    exit_code = 1


class BookError(PublishError):
    """The book's source has problems; ``diagnostics`` lists all of them in source order."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        count = len(self.diagnostics)
        lines = [str(d) for d in self.diagnostics]
        summary = "1 problem" if count == 1 else f"{count} problems"
        closing = translate(f"{summary} in the book source; nothing was written.")
        super().__init__("\n".join([*lines, closing]))


class OutputError(PublishError):
    """An output could not be produced (layout or packaging failed)."""

    exit_code = 2


def display_path(path: Path, *, follow_link: bool = True) -> str:
    """The name of ``path`` as the person at the terminal knows it: relative to the current
    folder when it is inside it, else absolute. With ``follow_link=False`` a symbolic link
    is named itself, not where it leads (its folder is resolved)."""
    if not follow_link and path.name not in ("", ".", ".."):
        folder = display_path(path.parent)
        return path.name if folder == "." else f"{folder.rstrip('/')}/{path.name}"
    resolved = Path(os.path.realpath(path))  # a symbolic link loop stays as it is
    try:
        return resolved.relative_to(os.path.realpath(Path.cwd())).as_posix()
    except ValueError:
        return resolved.as_posix()
