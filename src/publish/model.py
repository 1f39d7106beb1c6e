"""The typed document model: the single seam between reading the source and writing outputs.

Book → chapters → blocks → inlines. Readers (``publish.read``) build it from ``book/``;
stages such as typography map it to a new model; writers (``publish.render``, ``publish.write``)
only ever see this model, never Markdown. Every block carries the :class:`SourceLocation` it
came from, so any later stage can report a problem at the right file and line.

All nodes are frozen: a stage that changes text returns new nodes (``dataclasses.replace``).
Each node class has a ``kind`` used by the templates to dispatch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from publish.errors import Diagnostic, SourceLocation

# --- Inlines -----------------------------------------------------------------------------


#: What ``publish build`` can make: the PDFs, the EPUB, the web edition.
FORMATS = ("pdf", "epub", "html")


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text (already unescaped; writers escape it)."""

    text: str
    kind: ClassVar[str] = "text"


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code: shown verbatim, never typographically changed or hyphenated."""

    text: str
    kind: ClassVar[str] = "code"


@dataclass(frozen=True, slots=True)
class Caps:
    """A word in capitals (``SPD``, ``GRÜNEN``): set with a little letter-spacing in print;
    ``spoken`` is how it is read if it is a word, not letters („Grünen“), else empty."""

    text: str
    spoken: str = ""
    kind: ClassVar[str] = "caps"


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""

    kind: ClassVar[str] = "linebreak"


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Stress emphasis (``*text*``), usually set in italics."""

    children: tuple[Inline, ...]
    kind: ClassVar[str] = "emphasis"


@dataclass(frozen=True, slots=True)
class Strong:
    """Strong importance (``**text**``), usually set in bold."""

    children: tuple[Inline, ...]
    kind: ClassVar[str] = "strong"


@dataclass(frozen=True, slots=True)
class Subscript:
    """Text set below the baseline (``CO~2~``, ``H~2~O``); read as part of its word („CO2“)."""

    children: tuple[Inline, ...]
    kind: ClassVar[str] = "subscript"


@dataclass(frozen=True, slots=True)
class Superscript:
    """Text set above the baseline (``m^2^``, ``10^-3^``); read as part of its word („m2“)."""

    children: tuple[Inline, ...]
    kind: ClassVar[str] = "superscript"


@dataclass(frozen=True, slots=True)
class Link:
    """A link: ``target`` is either an id in the book (internal) or an absolute URL."""

    target: str
    internal: bool
    children: tuple[Inline, ...]
    title: str = ""
    kind: ClassVar[str] = "link"


class FootnoteIds:
    """The anchors of footnote ``number``: the note itself and its call in the text."""

    __slots__ = ()
    number: int

    @property
    def note_id(self) -> str:
        return f"fn-{self.number}"

    @property
    def ref_id(self) -> str:
        return f"fnref-{self.number}"


@dataclass(frozen=True, slots=True)
class FootnoteRef(FootnoteIds):
    """The call of a footnote; ``number`` counts through the whole book from 1."""

    label: str
    number: int
    kind: ClassVar[str] = "footnote_ref"


@dataclass(frozen=True, slots=True)
class LangSpan:
    """Text in another language than the book's (``[text]{lang=en}``)."""

    lang: str
    children: tuple[Inline, ...]
    kind: ClassVar[str] = "lang_span"


@dataclass(frozen=True, slots=True)
class Deletion:
    """Text that amendment ``amendment`` (its number, e.g. „Ä3“) deletes: shown struck
    through and announced („Streichung: … Ende der Streichung“) in the amendment outputs."""

    amendment: str
    children: tuple[Inline, ...]
    kind: ClassVar[str] = "deletion"


@dataclass(frozen=True, slots=True)
class Insertion:
    """Text that amendment ``amendment`` inserts: underlined and announced („Einfügung: …
    Ende der Einfügung“)."""

    amendment: str
    children: tuple[Inline, ...]
    kind: ClassVar[str] = "insertion"


@dataclass(frozen=True, slots=True)
class AmendmentRef:
    """The number of the amendment that made the changes before it („[Ä3]“), linked to
    its entry in the Antragsbuch where the output has one (``href``, empty: no link)."""

    amendment: str
    href: str = ""
    kind: ClassVar[str] = "amendment_ref"


#: The two containers of changes, for stages that walk into them alike.
Changes = Deletion | Insertion


@dataclass(frozen=True, slots=True)
class PageMarker:
    """Where page ``number`` of the printed edition begins (from the layout map)."""

    number: int
    kind: ClassVar[str] = "page_marker"


@dataclass(frozen=True, slots=True)
class LineMarker:
    """Where line ``number`` of the printed edition begins (from the layout map)."""

    number: int
    kind: ClassVar[str] = "line_marker"


Inline = (
    Text
    | Code
    | Caps
    | LineBreak
    | Emphasis
    | Strong
    | Subscript
    | Superscript
    | Link
    | FootnoteRef
    | LangSpan
    | Deletion
    | Insertion
    | AmendmentRef
    | PageMarker
    | LineMarker
)

#: The inlines that hold other inlines (``children``): every walk of the model goes into them.
Container = Emphasis | Strong | Subscript | Superscript | Link | LangSpan
#: Sub- and superscript: never hyphenated inside.
Script = Subscript | Superscript


# --- Blocks ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading; level 1 is the chapter title. ``id`` is unique in the book."""

    level: int
    id: str
    children: tuple[Inline, ...]
    location: SourceLocation
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    location: SourceLocation
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]
    location: SourceLocation
    kind: ClassVar[str] = "list_item"


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bulleted (``ordered`` false) or numbered list; ``start`` is the first number."""

    ordered: bool
    items: tuple[ListItem, ...]
    location: SourceLocation
    start: int = 1
    loose: bool = False
    kind: ClassVar[str] = "list"


@dataclass(frozen=True, slots=True)
class TableCell:
    children: tuple[Inline, ...]
    header: bool = False
    align: Literal["left", "center", "right"] | None = None


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[TableCell, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row (``head``) and body rows."""

    head: tuple[TableRow, ...]
    body: tuple[TableRow, ...]
    location: SourceLocation
    caption: tuple[Inline, ...] = ()
    kind: ClassVar[str] = "table"


@dataclass(frozen=True, slots=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    location: SourceLocation
    kind: ClassVar[str] = "blockquote"


@dataclass(frozen=True, slots=True)
class Figure:
    """An image with its text alternative; a decorative image has ``alt`` empty and
    ``decorative`` set, and is then hidden from assistive technology."""

    src: Path
    alt: str
    caption: tuple[Inline, ...]
    location: SourceLocation
    decorative: bool = False
    kind: ClassVar[str] = "figure"


@dataclass(frozen=True, slots=True)
class ThematicBreak:
    location: SourceLocation
    kind: ClassVar[str] = "thematic_break"


@dataclass(frozen=True, slots=True)
class PageBreak:
    """A printed page that begins with a block that has no numbered lines (a table)."""

    number: int
    location: SourceLocation
    kind: ClassVar[str] = "page_break"


Block = Heading | Paragraph | ListBlock | Table | BlockQuote | Figure | ThematicBreak | PageBreak


@dataclass(frozen=True, slots=True)
class Footnote(FootnoteIds):
    """A footnote's text; ``number`` matches its :class:`FootnoteRef`."""

    label: str
    number: int
    blocks: tuple[Block, ...]
    location: SourceLocation


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chapter, from one Markdown file; its first block is its level-1 heading."""

    id: str
    source: Path
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]

    @property
    def title(self) -> Heading:
        first = self.blocks[0]
        assert isinstance(first, Heading) and first.level == 1
        return first

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Heading))


# --- Metadata ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Party:
    """A party to the agreement, e.g. ``SPD`` or ``BÜNDNIS 90/DIE GRÜNEN``."""

    name: str
    short: str


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    subtitle: str
    parties: tuple[Party, ...]
    status: str
    date: dt.date
    language: str
    identifier: str
    rights: str
    accessibility_summary: str
    publisher: str = ""
    place: str = ""
    contact: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    certified_by: str = ""

    @property
    def lang_short(self) -> str:
        """The primary language subtag (``de`` for ``de-DE``), as HTML's ``lang`` uses it."""
        return self.language.split("-")[0]

    @property
    def status_line(self) -> str:
        """E.g. „Entwurf vom 29.10.2020“."""
        return f"{self.status} vom {self.date:%d.%m.%Y}"


@dataclass(frozen=True, slots=True)
class OutputSettings:
    name: str
    page_size: Literal["A4", "A5"] = "A4"
    embed_fonts_in_epub: bool = False
    line_numbers: int = 5
    print_marks: bool = False
    pdf_ua: int = 1
    booklet_sheet: Literal["A4", "A3", "auto"] = "auto"
    web: Literal["single", "chapters"] = "single"

    @property
    def sheet(self) -> Literal["A4", "A3"]:
        """The booklet's sheet: A5 pages go on A4, A4 pages on A3 unless A4 is asked."""
        if self.booklet_sheet != "auto":
            return self.booklet_sheet
        return "A4" if self.page_size == "A5" else "A3"


@dataclass(frozen=True, slots=True)
class Book:
    """The whole agreement: metadata, settings and chapters in reading order; ``warnings``
    are what the source still asks someone to check (importer placeholders and guesses in
    book.yaml): the book builds, and the commands show them."""

    metadata: Metadata
    output: OutputSettings
    chapters: tuple[Chapter, ...]
    root: Path = field(compare=False)
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)

    @property
    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(note for chapter in self.chapters for note in chapter.footnotes)
