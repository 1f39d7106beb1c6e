"""What an import did: counts, the text it left out, and notes for the person who checks it.

Every stage of the importer records into a :class:`Findings` of its own (notes with the source
line, dropped text, counts); :func:`publish.importer.markdown_source.import_text` adds them
up into one frozen :class:`ImportReport`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from publish.errors import Diagnostic, SourceLocation

#: The hint of every note about a value that was guessed for ``book.yaml``.
CHECK_BOOK_YAML = "please check book.yaml"


class Count(StrEnum):
    """What the importer counts; the value is how :meth:`ImportReport.summary` names it."""

    FOOTNOTES = "footnotes"
    INLINE_FOOTNOTES = "inline footnotes ^[…] made [^n] notes"
    TABLES = "tables"
    GRID_TABLES = "grid tables made pipe tables"
    LINE_BLOCKS = "line blocks made lines with hard breaks"
    BULLETS = "„•“ paragraphs made list items"
    SETEXT = "underlined headings made # headings"
    HEADINGS_RENUMBERED = "heading levels renumbered"
    CODE_BLOCKS = "code blocks made plain paragraphs"
    RAW_HTML = "raw HTML kept as escaped text"
    LINKS_UNLINKED = "links kept as their text only"
    LINKS_RETARGETED = "links to Pandoc ids pointed at the new ids"
    IMAGES = "images copied"
    SCRIPTS = "sub- and superscripts kept"
    STRIKEOUT = "struck-out passages kept as plain text"
    SYMBOLS = "symbol-font characters read as their meaning"
    PRIVATE_USE = "private-use characters removed"
    PAGE_NUMBERS_IN_TEXT = "page numbers taken out of the text"
    RUNNING_HEADS = "running heads dropped"
    PARAGRAPHS_JOINED = "paragraphs cut at a page break joined"
    PSEUDO_HEADINGS = "sentences marked as headings made paragraphs"
    SPACES = "runs of spaces collapsed"


class Dropped(StrEnum):
    """Kinds of source text the importer leaves out on purpose (each one is also a note)."""

    TOC = "table of contents"
    PAGE_NUMBER = "page number"
    COMMENT = "HTML comment"
    FENCED_DIV = "fenced div marker"
    WORD_COMMENT = "Word comment"
    DELETION = "tracked deletion"
    HIDDEN_TEXT = "hidden text"
    RUNNING_HEAD = "running head"


@dataclass(frozen=True)
class DroppedText:
    """Source text that is not in the imported book, and why."""

    kind: Dropped
    line: int
    text: str


@dataclass
class Findings:
    """What one stage of the import noticed; merged into the report at the end."""

    file: str
    notes: list[Diagnostic] = field(default_factory=list)
    dropped: list[DroppedText] = field(default_factory=list)
    counts: Counter[Count] = field(default_factory=Counter)

    def note(self, line: int | None, message: str, hint: str = "") -> None:
        self.notes.append(Diagnostic(SourceLocation(self.file, line), message, hint))

    def drop(self, kind: Dropped, line: int, text: str, message: str, hint: str = "") -> None:
        """Record text left out of the book, with a note that says so."""
        self.dropped.append(DroppedText(kind, line, text))
        self.note(line, message, hint)

    def count(self, what: Count, n: int = 1) -> None:
        self.counts[what] += n

    def merge(self, other: Findings) -> None:
        self.notes.extend(other.notes)
        self.dropped.extend(other.dropped)
        self.counts.update(other.counts)


@dataclass(frozen=True)
class ImportReport:
    """The result of :func:`~publish.importer.import_markdown`.

    ``notes`` lists, with the source file and line, everything that was not converted as is:
    text that was dropped (also in ``dropped``), constructs kept as plain text, and every value
    of ``book.yaml`` that was guessed. ``problems`` is what the book reader still reports on
    the imported folder (empty when ``publish build`` will succeed without hand edits).
    """

    source: Path
    book_dir: Path
    chapters: tuple[Path, ...]
    images: tuple[Path, ...]
    counts: tuple[tuple[Count, int], ...]
    dropped: tuple[DroppedText, ...]
    notes: tuple[Diagnostic, ...]
    problems: tuple[Diagnostic, ...] = ()
    #: What the number after the file name in ``notes`` counts: „line“ (Markdown) or
    #: „paragraph“ (.docx, which has no lines: its paragraphs from the top, table cells
    #: included).
    position: str = "line"

    def count(self, what: Count) -> int:
        """How often ``what`` happened during the import."""
        return dict(self.counts).get(what, 0)

    def dropped_count(self, kind: Dropped) -> int:
        return sum(1 for d in self.dropped if d.kind is kind)

    def summary(self) -> str:
        """A few lines for the terminal: what was written, converted, dropped, and the notes."""
        lines = [self._headline()]
        converted = [f"{n} {what}" for what, n in self.counts if n and what not in _HEADLINE]
        if converted:
            lines.append("Converted: " + "; ".join(converted) + ".")
        dropped = [f"{self.dropped_count(k)} × {k}" for k in Dropped if self.dropped_count(k)]
        if dropped:
            lines.append("Dropped: " + "; ".join(dropped) + ".")
        if self.notes:
            where = "" if self.position == "line" else f"; after the file: its {self.position}"
            lines.append(f"{len(self.notes)} notes (check these places{where}):")
            lines.extend(f"  {note}" for note in self.notes)
        if self.problems:
            lines.append(f"{len(self.problems)} problems remain in the imported book:")
            lines.extend(f"  {problem}" for problem in self.problems)
        lines.append(
            "Check book.yaml (its comments name the guessed keys), then run: "
            f"publish build {self.book_dir}"
        )
        return "\n".join(lines)

    def _headline(self) -> str:
        amounts = (
            (len(self.chapters), "chapter"),
            (self.count(Count.FOOTNOTES), "footnote"),
            (self.count(Count.TABLES), "table"),
            (len(self.images), "image"),
        )
        listed = ", ".join(_amount(n, what) for n, what in amounts)
        return f"Imported {self.source.name} into {self.book_dir}: {listed}."


_HEADLINE = (Count.FOOTNOTES, Count.TABLES, Count.IMAGES)


def _amount(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"
