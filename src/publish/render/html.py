"""Model → HTML through Jinja2 (autoescape on, strict undefined).

Templates receive the model itself; the small resolver objects here only answer where a
link or image points in each output (one HTML document for the PDF, one XHTML file per
chapter in the EPUB).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
import PIL.Image

from publish import model as m
from publish.errors import SourceLocation
from publish.tree import display_text, plain_text

ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("publish.render", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
ENVIRONMENT.filters["display_text"] = display_text  # a chapter's running head: „CO₂“

#: Where a line may break in a word (besides spaces): a soft hyphen, a hyphen or a dash; in
#: print also after a slash (Pango allows it, browsers do not: „Ganztagsschule/Ganztags-
#: betreuung“ is one word to Chromium). More characters than ``LONG_WORD`` without one
#: make a long word.
WORD_BREAKS = re.compile("[\\s\u00ad\\-\u2010\u2013\u2014]+")
PRINT_WORD_BREAKS = re.compile("[\\s\u00ad\\-\u2010\u2013\u2014/]+")
LONG_WORD = 30


def has_long_words(cell: m.TableCell, target: str) -> bool:
    """Whether a table cell holds a word of more than ``LONG_WORD`` characters with no
    place to break in ``target`` (``pdf``, ``epub``, ``web``): its column may then be
    narrower than the word (``.long-words``)."""
    breaks = PRINT_WORD_BREAKS if target == "pdf" else WORD_BREAKS
    return any(len(word) > LONG_WORD for word in breaks.split(plain_text(cell.children)))


ENVIRONMENT.tests["long_words"] = has_long_words


@dataclass(frozen=True)
class Links:
    """Where an internal link points: ``#id`` in the PDF's one document; in the EPUB and the
    web edition ``file#id``, the file from ``chapter_file_of_id`` (empty: the same page)."""

    chapter_file_of_id: dict[str, str]

    def href(self, target_id: str, target: str) -> str:
        if target == "pdf":
            return f"#{target_id}"
        return f"{self.chapter_file_of_id.get(target_id, '')}#{target_id}"

    @staticmethod
    def note_href(number: int) -> str:
        return f"#fn-{number}"


@dataclass(frozen=True)
class Images:
    """Where an image is: relative to the book folder (PDF), or in the ``images/`` folder of
    the EPUB and of the web edition."""

    root: Path

    def href(self, src: Path, target: str) -> str:
        if target == "pdf":
            return src.relative_to(self.root).as_posix()
        return f"images/{epub_image_name(src, self.root)}"

    @staticmethod
    def height(src: Path) -> int:
        """The image's height in CSS pixels (for decorative images drawn as backgrounds)."""
        with PIL.Image.open(src) as image:
            return int(image.height)


@dataclass(frozen=True)
class Sources:
    """Names a text block by its source: ``path/in/book.md:line``. These keys tie the PDF's
    layout map to the model (see publish.layout)."""

    root: Path

    def key(self, block: m.Block | m.ListItem) -> str:
        return source_key(block.location, self.root)


def source_key(location: SourceLocation, root: Path) -> str:
    return f"{_source_name(location.file, root)}:{location.line}"


@lru_cache(maxsize=256)
def _source_name(file: str, root: Path) -> str:
    """A source file's name in keys (a book has a few dozen; each is resolved once)."""
    path = Path(file).resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name


def epub_image_name(src: Path, root: Path) -> str:
    return src.relative_to(root).as_posix().replace("/", "-")


def chapter_file_name(index: int, chapter: m.Chapter) -> str:
    return f"kapitel-{index + 1:02d}.xhtml"


def chapter_files(book: m.Book) -> dict[str, str]:
    """Heading id → the EPUB file of its chapter."""
    return {
        heading.id: chapter_file_name(i, chapter)
        for i, chapter in enumerate(book.chapters)
        for heading in chapter.headings
    }


def parties_line(meta: m.Metadata) -> str:
    shorts = [p.short for p in meta.parties]
    return " und ".join([", ".join(shorts[:-1]), shorts[-1]]) if len(shorts) > 1 else shorts[0]


def _context(book: m.Book) -> dict[str, object]:
    return {
        "book": book,
        "meta": book.metadata,
        "output": book.output,
        "footnotes": {note.number: note for note in book.footnotes},
        "links": Links(chapter_files(book)),
        "images": Images(book.root),
        "parties_line": parties_line(book.metadata),
        "authors": ", ".join(p.name for p in book.metadata.parties),
        "sources": None,
    }


def render_book_html(book: m.Book, timestamp: dt.datetime) -> str:
    """The whole book as one HTML document: the source of the PDF laid out in one pass
    (the build lays it out in parts: publish.render.print)."""
    template = ENVIRONMENT.get_template("book.html.j2")
    return template.render(print_context(book, timestamp))


def print_context(book: m.Book, timestamp: dt.datetime) -> dict[str, object]:
    """What the print documents' templates are given (templates/_print.html.j2): the
    model, with the keys of the layout map and the table of contents' headings."""
    stamp = timestamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _context(book) | {
        "sources": Sources(book.root),
        "toc_headings": toc_headings(book),
        "created": stamp,
        "modified": stamp,
    }


#: The heading levels in the printed table of contents (chapters and sections).
PRINT_TOC_DEPTH = 2


def toc_headings(book: m.Book) -> tuple[m.Heading, ...]:
    """The headings the printed table of contents lists, in reading order."""
    return tuple(
        heading
        for chapter in book.chapters
        for heading in chapter.headings
        if heading.level <= PRINT_TOC_DEPTH
    )


def render_chapter_xhtml(book: m.Book, chapter: m.Chapter, stylesheet: str) -> str:
    """One chapter as an EPUB 3 XHTML content document."""
    template = ENVIRONMENT.get_template("chapter.xhtml.j2")
    title = plain_text(chapter.title.children)
    return template.render(_context(book), chapter=chapter, title=title, stylesheet=stylesheet)


@dataclass(frozen=True)
class TocEntry:
    """A heading in the EPUB's table of contents, with its sections below it."""

    heading: m.Heading
    href: str
    children: tuple[TocEntry, ...] = ()


#: The heading levels in the EPUB's table of contents (chapters, sections, subsections).
TOC_DEPTH = 3


def toc_entries(book: m.Book) -> tuple[TocEntry, ...]:
    """Chapters with their sections and subsections, pointing into the EPUB files."""
    entries = []
    for index, chapter in enumerate(book.chapters):
        file = chapter_file_name(index, chapter)
        below = [h for h in chapter.headings[1:] if h.level <= TOC_DEPTH]
        entries.append(TocEntry(chapter.title, file, _nest(below, file, 2)))
    return tuple(entries)


def _nest(headings: list[m.Heading], file: str, level: int) -> tuple[TocEntry, ...]:
    """Headings of ``level`` with the deeper headings that follow each of them."""
    entries = []
    for index, heading in enumerate(headings):
        if heading.level != level:
            continue
        following = headings[index + 1 :]
        end = next((i for i, h in enumerate(following) if h.level <= level), len(following))
        children = _nest(following[:end], file, level + 1)
        entries.append(TocEntry(heading, f"{file}#{heading.id}", children))
    return tuple(entries)


def render_nav_xhtml(book: m.Book, stylesheet: str, edition: object = None) -> str:
    """The EPUB navigation document: table of contents, landmarks and, with the print
    edition (see publish.write.epub.PrintEdition), its page-list."""
    template = ENVIRONMENT.get_template("nav.xhtml.j2")
    return template.render(
        _context(book), toc=toc_entries(book), stylesheet=stylesheet, edition=edition
    )


def render_titlepage_xhtml(book: m.Book, stylesheet: str, edition: object = None) -> str:
    """The EPUB's title page with the imprint."""
    template = ENVIRONMENT.get_template("titlepage.xhtml.j2")
    return template.render(_context(book), stylesheet=stylesheet, edition=edition)


def render_cover_xhtml(book: m.Book, stylesheet: str, image: str, alt: str) -> str:
    """The EPUB's cover page: the cover image with its alternative text."""
    template = ENVIRONMENT.get_template("cover.xhtml.j2")
    return template.render(_context(book), stylesheet=stylesheet, image=image, alt=alt)


def render_line_index_xhtml(book: m.Book, stylesheet: str, edition: object) -> str:
    """The EPUB's index of the printed pages and lines."""
    template = ENVIRONMENT.get_template("zeilen.xhtml.j2")
    return template.render(_context(book), stylesheet=stylesheet, edition=edition)
