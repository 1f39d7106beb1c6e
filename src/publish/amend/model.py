"""The amendments as read from their files: header, operations, reasoning.

Every type is frozen and carries the :class:`~publish.errors.SourceLocation` it was read
from, so every later stage (checking, applying, the outputs) can point at the amendment's
file and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from publish.errors import SourceLocation


class Status(StrEnum):
    """What became of an amendment (the words an assembly's minutes use)."""

    SUBMITTED = "eingereicht"
    ADOPTED = "übernommen"
    ADOPTED_MODIFIED = "modifiziert übernommen"
    REJECTED = "abgelehnt"
    WITHDRAWN = "zurückgezogen"
    SETTLED = "erledigt"

    @property
    def adopted(self) -> bool:
        """Whether the amendment changes the adopted text."""
        return self in (Status.ADOPTED, Status.ADOPTED_MODIFIED)


@dataclass(frozen=True)
class LineRange:
    """Cited lines, ``first`` to ``last`` (equal for one line)."""

    first: int
    last: int

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and self.first <= number <= self.last


@dataclass(frozen=True)
class Passage:
    """A quoted passage of the draft, as written (``text``), and which of its occurrences
    in the cited lines is meant (``occurrence``, from 1; 0: it must be the only one)."""

    text: str
    location: SourceLocation
    occurrence: int = 0


@dataclass(frozen=True)
class Replace:
    """„Ersetze „A“ durch „B“.“"""

    passage: Passage
    new: str
    location: SourceLocation
    verb = "replace"


@dataclass(frozen=True)
class Delete:
    """„Streiche „A“.“"""

    passage: Passage
    location: SourceLocation
    verb = "delete"

    @property
    def new(self) -> str:
        return ""


@dataclass(frozen=True)
class InsertAfter:
    """„Füge nach „A“ ein: „B“.“"""

    passage: Passage
    new: str
    location: SourceLocation
    verb = "insert after"


@dataclass(frozen=True)
class InsertBefore:
    """„Füge vor „A“ ein: „B“.“"""

    passage: Passage
    new: str
    location: SourceLocation
    verb = "insert before"


@dataclass(frozen=True)
class NewParagraph:
    """„Füge nach Zeile N einen neuen Absatz ein:“ and the paragraphs that follow (with
    ``before``: „Füge vor Zeile N …“). Each paragraph is Markdown text."""

    line: int
    paragraphs: tuple[str, ...]
    location: SourceLocation
    before: bool = False
    verb = "new paragraph"


TextOperation = Replace | Delete | InsertAfter | InsertBefore
Operation = TextOperation | NewParagraph


@dataclass(frozen=True)
class Amendment:
    """One amendment file (``antraege/ae03.md``).

    ``operations`` are the changes as moved; ``modified`` the changes the assembly adopted
    instead (status „modifiziert übernommen“, section „## Modifizierte Übernahme“).
    ``reasoning`` is the Markdown of the section „## Begründung“, ``reasoning_line`` its
    first line in the file. ``keys`` says where each header key stands, for messages.
    """

    file: str
    number: str
    edition: str
    page: int | None
    lines: LineRange
    movers: tuple[str, ...]
    status: Status
    operations: tuple[Operation, ...]
    modified: tuple[Operation, ...] = ()
    reasoning: str = ""
    reasoning_line: int = 0
    recommendation: str = ""
    decision: str = ""
    settled_by: str = ""
    submitted: dt.date | None = None
    title: str = ""
    keys: tuple[tuple[str, SourceLocation], ...] = ()

    @property
    def location(self) -> SourceLocation:
        return SourceLocation(self.file, 1)

    def key_location(self, key: str) -> SourceLocation:
        """Where header key ``key`` is written (the file's first line if it is not)."""
        return dict(self.keys).get(key, self.location)

    @property
    def effective(self) -> tuple[Operation, ...]:
        """The operations that change the adopted text, if it is adopted."""
        return self.modified if self.status is Status.ADOPTED_MODIFIED else self.operations
