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

from ebooklib import epub

from publish import model as m
from publish.render.html import (
    chapter_file_name,
    epub_image_name,
    render_chapter_xhtml,
    render_nav_xhtml,
    render_titlepage_xhtml,
    toc_entries,
)
from publish.tree import iter_blocks, plain_text
from publish.write.resources import STYLES

STYLESHEET = "style.css"
EPUB_STYLESHEETS = ("base.css", "epub.css")
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


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
    """What the package needs beyond the book: the time stamp and where the styles are."""

    timestamp: dt.datetime
    styles: Path = STYLES


def build_epub(book: m.Book, options: EpubOptions) -> bytes:
    """The complete EPUB file as bytes."""
    package = epub.EpubBook()
    _add_metadata(package, book, options.timestamp)
    package.add_item(_stylesheet(book, options.styles))
    spine = _add_documents(package, book)
    for image in _images(book):
        package.add_item(image)
    package.spine = spine
    package.toc = [
        (
            epub.Link(e.href, plain_text(e.heading.children), e.heading.id),
            [epub.Link(c.href, plain_text(c.heading.children), c.heading.id) for c in e.children],
        )
        if e.children
        else epub.Link(e.href, plain_text(e.heading.children), e.heading.id)
        for e in toc_entries(book)
    ]
    package.add_item(epub.EpubNcx())
    raw = io.BytesIO()
    writer = PackageWriter(raw, package, book.metadata.language, {"mtime": options.timestamp})
    writer.process()
    writer.write()
    return _reproducible_zip(raw.getvalue(), options.timestamp)


def _add_metadata(package: epub.EpubBook, book: m.Book, timestamp: dt.datetime) -> None:
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
    has_images = any(
        isinstance(b, m.Figure) and not b.decorative
        for c in book.chapters
        for b in iter_blocks(c.blocks)
    )
    for prop, value in _accessibility(meta, has_images):
        package.add_metadata(None, "meta", value, {"property": prop})


def _accessibility(meta: m.Metadata, has_images: bool) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 metadata; every claim here must be true of the package."""
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ]
    if has_images:
        features.append("alternativeText")
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
    return epub.EpubItem(
        uid="style", file_name=STYLESHEET, media_type="text/css", content=css.encode("utf-8")
    )


def _add_documents(package: epub.EpubBook, book: m.Book) -> list[epub.EpubItem]:
    title = VerbatimHtml("titelei", "titelei.xhtml", render_titlepage_xhtml(book, STYLESHEET), [])
    nav = VerbatimHtml("nav", "nav.xhtml", render_nav_xhtml(book, STYLESHEET), ["nav"])
    chapters = [
        VerbatimHtml(
            f"kapitel-{i + 1:02d}",
            chapter_file_name(i, chapter),
            render_chapter_xhtml(book, chapter, STYLESHEET),
            [],
        )
        for i, chapter in enumerate(book.chapters)
    ]
    for item in (title, nav, *chapters):
        package.add_item(item)
    return [title, nav, *chapters]


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
