"""Model → EPUB 3 (with an EPUB 2 NCX) through ebooklib, packaged reproducibly.

ebooklib writes the package document (metadata, manifest, spine) and the NCX. Our own
templates write every XHTML file, including the navigation document: ebooklib 0.20 would
otherwise rebuild the documents (dropping ``<head>`` and ``<body>`` attributes) and invent a
page-list from every element with an ``epub:type``. ebooklib stamps zip entries with the
current time, so the archive is rewritten with fixed timestamps and a fixed order
(``mimetype`` first and stored), which makes the EPUB byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebooklib import epub

from publish import model as m
from publish.annotate import FrontPages, annotate, front_pages
from publish.fonts import MEDIA_TYPES, book_fonts, fallback_css
from publish.layout import LayoutMap
from publish.paths import STYLES
from publish.read.markdown import IMAGE_TYPES
from publish.render.html import (
    TocEntry,
    chapter_file_name,
    epub_image_name,
    parties_line,
    render_chapter_xhtml,
    render_cover_xhtml,
    render_line_index_xhtml,
    render_nav_xhtml,
    render_titlepage_xhtml,
    toc_entries,
)
from publish.tree import block_inlines, iter_blocks, iter_inlines, plain_text
from publish.write.cover import render_cover

STYLESHEET = "style.css"
COVER_IMAGE = "images/cover.png"
EPUB_STYLESHEETS = ("base.css", "epub.css")
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


class VerbatimHtml(epub.EpubHtml):  # type: ignore[misc]
    """An XHTML document that ebooklib writes exactly as we rendered it."""

    def __init__(self, uid: str, file_name: str, content: str, properties: list[str]) -> None:
        super().__init__(uid=uid, file_name=file_name)
        self.content = content.encode("utf-8")
        self.properties = properties

    def get_content(self, default: object = None) -> bytes:
        return bytes(self.content)


class PackageWriter(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer, plus ``xml:lang`` on the package element (EPUB 3.3 and Ace want
    the package's language declared; ebooklib 0.20 has no option for it)."""

    def __init__(
        self, target: io.BytesIO, package: epub.EpubBook, lang: str, options: dict[str, object]
    ) -> None:
        super().__init__(target, package, options)
        self._lang = lang

    def _write_opf_file(self, root: object) -> None:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self._lang)  # type: ignore[attr-defined]
        super()._write_opf_file(root)


@dataclass(frozen=True)
class EpubOptions:
    """What the package needs beyond the book: the time stamp, where the styles are, and
    the layout of the printed edition (for its page-list and line references)."""

    timestamp: dt.datetime
    styles: Path = STYLES
    layout: LayoutMap | None = None
    #: The book carries the print edition's page and line markers already (the
    #: Änderungsfassung: the draft's, placed before its changes were).
    annotated: bool = False
    #: The print edition the page references name, if not the book's own.
    print_source: str = ""


@dataclass(frozen=True)
class Target:
    number: int
    href: str


@dataclass(frozen=True)
class PageLines:
    """One printed page in the line index: its lines and every fifth line's target."""

    number: int
    href: str
    first: int
    last: int
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class PrintEdition:
    """What the EPUB knows of the printed edition: where its pages and lines begin."""

    source: str
    front: FrontPages
    pages: tuple[Target, ...]
    line_index: tuple[PageLines, ...]


def print_edition(book: m.Book, layout: LayoutMap, source: str = "") -> PrintEdition:
    """Page and line targets in the EPUB files of an annotated book; ``source`` names the
    print edition (default: the book's own)."""
    front = front_pages(layout)
    where: dict[tuple[str, int], str] = {}
    for number in front.cover + front.imprint:
        where[("page", number)] = "titelei.xhtml"
    for number in front.toc:
        where[("page", number)] = "nav.xhtml"
    for index, chapter in enumerate(book.chapters):
        file = chapter_file_name(index, chapter)
        for marker in _markers(chapter):
            kind = "page" if isinstance(marker, m.PageMarker | m.PageBreak) else "line"
            where[(kind, marker.number)] = file
    pages = tuple(
        Target(p.number, f"{where[('page', p.number)]}#seite-{p.number}") for p in layout.pages
    )
    index_entries = []
    for page in layout.pages:
        lines = layout.lines_on(page.number)
        if lines:
            targets = tuple(
                Target(line.number, f"{where[('line', line.number)]}#zeile-{line.number}")
                for line in lines
                if line.number % 5 == 0
            )
            href = f"{where[('page', page.number)]}#seite-{page.number}"
            index_entries.append(
                PageLines(page.number, href, lines[0].number, lines[-1].number, targets)
            )
    meta = book.metadata
    source = source or f"{meta.title}, Druckfassung {book.output.page_size} ({meta.status_line})"
    return PrintEdition(source, front, pages, tuple(index_entries))


def _markers(chapter: m.Chapter) -> list[m.PageMarker | m.LineMarker | m.PageBreak]:
    found: list[m.PageMarker | m.LineMarker | m.PageBreak] = []
    for block in iter_blocks(chapter.blocks):
        if isinstance(block, m.PageBreak):
            found.append(block)
        for run in block_inlines(block):
            found += [i for i in iter_inlines(run) if isinstance(i, m.PageMarker | m.LineMarker)]
    return found


def build_epub(book: m.Book, options: EpubOptions) -> bytes:
    """The complete EPUB file as bytes."""
    edition = None
    if options.layout is not None:
        if not options.annotated:
            book = annotate(book, options.layout)
        edition = print_edition(book, options.layout, options.print_source)
    package = epub.EpubBook()
    _add_metadata(package, book, options.timestamp, edition)
    package.add_item(_stylesheet(book, options.styles))
    for font in _fonts(book, options.styles):
        package.add_item(font)
    spine = _add_documents(package, book, edition, options.styles)
    for image in _images(book):
        package.add_item(image)
    package.spine = spine
    package.toc = [_ncx_entry(entry) for entry in toc_entries(book)]
    package.add_item(epub.EpubNcx())
    raw = io.BytesIO()
    writer = PackageWriter(raw, package, book.metadata.language, {"mtime": options.timestamp})
    writer.process()
    writer.write()
    return _reproducible_zip(raw.getvalue(), options.timestamp)


def _ncx_entry(entry: TocEntry) -> Any:
    """A table-of-contents entry for ebooklib's NCX: a link, or (link, children)."""
    link = epub.Link(entry.href, plain_text(entry.heading.children), entry.heading.id)
    if not entry.children:
        return link
    return (link, [_ncx_entry(child) for child in entry.children])


def _add_metadata(
    package: epub.EpubBook, book: m.Book, timestamp: dt.datetime, edition: PrintEdition | None
) -> None:
    meta = book.metadata
    package.set_identifier(meta.identifier)
    package.set_title(meta.title)
    package.set_language(meta.language)
    for number, party in enumerate(meta.parties, start=1):
        package.add_author(party.name, uid=f"creator-{number}")
    package.add_metadata("DC", "date", meta.date.isoformat())
    package.add_metadata("DC", "rights", meta.rights)
    if meta.publisher:
        package.add_metadata("DC", "publisher", meta.publisher)
    package.add_metadata("DC", "description", meta.description or meta.subtitle)
    for keyword in meta.keywords:
        package.add_metadata("DC", "subject", keyword)
    has_images = True  # the cover image, with its alternative text
    for prop, value in _accessibility(meta, has_images, paged=edition is not None):
        package.add_metadata(None, "meta", value, {"property": prop})
    if meta.certified_by:
        package.add_metadata(None, "meta", meta.certified_by, {"property": "a11y:certifiedBy"})
    if edition is not None:
        # pageBreakSource (EPUB Accessibility) names the print edition; dc:source too, as
        # reading systems and Ace 1.4 look there.
        package.add_metadata(None, "meta", edition.source, {"property": "pageBreakSource"})
        package.add_metadata("DC", "source", edition.source)


def _accessibility(meta: m.Metadata, has_images: bool, paged: bool) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 metadata; every claim here must be true of the package."""
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ]
    if has_images:
        features.append("alternativeText")
    if paged:
        features += ["pageNavigation", "printPageNumbers"]
    return [
        ("dcterms:conformsTo", CONFORMS_TO),
        ("schema:accessMode", "textual"),
        *(("schema:accessMode", "visual"),) * has_images,
        ("schema:accessModeSufficient", "textual"),
        *(("schema:accessibilityFeature", f) for f in features),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", meta.accessibility_summary),
    ]


def _stylesheet(book: m.Book, styles: Path) -> epub.EpubItem:
    names = (("fonts.css",) if book.output.embed_fonts_in_epub else ()) + EPUB_STYLESHEETS
    css = "\n".join((styles / name).read_text(encoding="utf-8") for name in names)
    if book.output.embed_fonts_in_epub:
        css += "\n" + fallback_css(book_fonts(styles))
    return epub.EpubItem(
        uid="style", file_name=STYLESHEET, media_type="text/css", content=css.encode("utf-8")
    )


def _add_documents(
    package: epub.EpubBook, book: m.Book, edition: PrintEdition | None, styles: Path
) -> list[epub.EpubItem]:
    cover = render_cover(book.metadata, parties_line(book.metadata), styles)
    image = epub.EpubCover(file_name=COVER_IMAGE)
    image.content = cover.png
    package.add_item(image)
    package.add_metadata(None, "meta", "", {"name": "cover", "content": image.id})
    cover_page = render_cover_xhtml(book, STYLESHEET, COVER_IMAGE, cover.alt)
    titlepage = render_titlepage_xhtml(book, STYLESHEET, edition)
    title = VerbatimHtml("titelei", "titelei.xhtml", titlepage, [])
    nav = VerbatimHtml("nav", "nav.xhtml", render_nav_xhtml(book, STYLESHEET, edition), ["nav"])
    chapters = [
        VerbatimHtml(
            f"kapitel-{i + 1:02d}",
            chapter_file_name(i, chapter),
            render_chapter_xhtml(book, chapter, STYLESHEET),
            [],
        )
        for i, chapter in enumerate(book.chapters)
    ]
    documents = [VerbatimHtml("cover", "cover.xhtml", cover_page, []), title, nav, *chapters]
    if edition is not None:
        index = render_line_index_xhtml(book, STYLESHEET, edition)
        documents.append(VerbatimHtml("zeilen", "zeilen.xhtml", index, []))
    for item in documents:
        package.add_item(item)
    return documents


def _fonts(book: m.Book, styles: Path) -> list[epub.EpubItem]:
    """The font files fonts.css names and the fallbacks added to styles/fonts/, when
    book.yaml asks for embedded fonts."""
    if not book.output.embed_fonts_in_epub:
        return []
    fonts = book_fonts(styles)
    paths = sorted({face.path for face in (*fonts.faces, *fonts.fallbacks)})
    return [
        epub.EpubItem(
            uid=f"font-{n}",
            file_name=path.relative_to(styles).as_posix(),
            media_type=MEDIA_TYPES[path.suffix.lower()],
            content=path.read_bytes(),
        )
        for n, path in enumerate(paths, start=1)
    ]


def _images(book: m.Book) -> list[epub.EpubItem]:
    figures = {
        b.src for c in book.chapters for b in iter_blocks(c.blocks) if isinstance(b, m.Figure)
    }
    return [
        epub.EpubItem(
            uid=f"img-{n}",
            file_name=f"images/{epub_image_name(src, book.root)}",
            media_type=IMAGE_TYPES[src.suffix.lower()],
            content=src.read_bytes(),
        )
        for n, src in enumerate(sorted(figures), start=1)
    ]


def _reproducible_zip(data: bytes, timestamp: dt.datetime) -> bytes:
    """Rewrite the archive: fixed order, fixed time stamps, ``mimetype`` first and stored."""
    date_time = max(timestamp.astimezone(dt.UTC), dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    stamp = date_time.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(
            source.namelist(), key=lambda n: (n != "mimetype", n != "META-INF/container.xml", n)
        )
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name), compresslevel=None if stored else 9)
    return out.getvalue()
