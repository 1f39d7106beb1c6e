"""The whole pipeline, top to bottom.

load and check the source → model → typography → HTML → PDF / EPUB → write ``dist/``.
Everything is produced in memory first; files are written only when every requested output
was made: all of them to temporaries first, then renamed into place together, so a build that
fails or is stopped leaves the previous outputs intact and never a half-written file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path

from publish import model as m
from publish.collection import paused
from publish.layout import LayoutMap
from publish.paths import STYLES
from publish.read.book import load_book
from publish.render.html import toc_headings
from publish.render.print import footnotes_before, render_chapter_html, render_front_html
from publish.render.search import BUNDLE, warn_without_search
from publish.render.web import WebOptions, render_web_edition
from publish.typography import hyphenate, hyphenator_for, typeset
from publish.write.cache import BuildCache
from publish.write.epub import EpubOptions, build_epub
from publish.write.files import StopSignals, write_outputs
from publish.write.imposition import booklet_pdf, print_shop_pdf
from publish.write.parallel import (
    ParallelLayout,
    PrintDocuments,
    available_cores,
    largest_first,
    layout_pool,
    submit,
)
from publish.write.subsetting import fast_font_subsetting, warn_if_subsetting_is_slow


@dataclass(frozen=True)
class BuildRequest:
    """What to build: the book folder, where to, which formats, and the time stamp that
    every output records (fixed, so the same source gives the same bytes)."""

    book_dir: Path
    out_dir: Path
    formats: tuple[str, ...] = m.FORMATS
    source_date: dt.datetime | None = None
    styles: Path = STYLES
    #: Processes that lay out the chapters (None: one per core). The PDF is the same,
    #: byte for byte, whatever the number.
    jobs: int | None = None
    #: The build cache (publish.write.cache): None builds everything anew.
    cache: Path | None = None


#: Told of each step: the output it is for ("book" for the shared steps), and what happens.
Progress = Callable[[str, str], None]


def _silent(output: str, stage: str) -> None:
    """No progress report."""


def build(
    request: BuildRequest, progress: Progress = _silent, fingerprint: str | None = None
) -> list[Path]:
    """Build the requested outputs; returns the files written.

    Nothing is written unless every requested output was made; then :func:`write_outputs`
    puts them into place together. SIGTERM during the build raises :class:`BuildStopped`
    where the build is, so its temporaries are removed on the way out; SIGINT
    (KeyboardInterrupt) removes them too. A caller that already found the outputs out of
    date with the build cache passes the ``fingerprint`` it computed (``publish build``).
    """
    cache = BuildCache(request.cache) if request.cache else None
    with StopSignals(request.out_dir) as signals:
        if cache and fingerprint is None:
            fingerprint = cache.build_fingerprint(
                request.book_dir, request.styles, request.formats, request.source_date
            )
            unchanged = cache.up_to_date(request.out_dir, fingerprint)
            if unchanged is not None:
                progress("book", "up to date: nothing changed since the last build")
                return unchanged
        # The model lives through the build (publish.collection). The layout's processes
        # start at once: they import WeasyPrint while this process reads the source.
        with paused(), layout_pool(request.jobs or available_cores()) as pool:
            subsetting = submit(pool, fast_font_subsetting)
            progress("book", "reading the source")
            book = load_book(request.book_dir.resolve(), request.styles)
            progress("book", "typography")
            book = typeset(book)
            timestamp = request.source_date or book_timestamp(book)
            outputs = render_outputs(book, request, timestamp, progress, cache, pool)
            warn_if_subsetting_is_slow(subsetting.result())
        progress("book", f"writing {len(outputs)} files")
        # A new web edition replaces the search index of the last one (content-named files).
        owned = (f"html/{BUNDLE}",) if "html" in request.formats else ()
        written = write_outputs(request.out_dir, outputs, signals, owned)
        if cache and fingerprint:
            cache.record_build(request.out_dir, fingerprint, outputs)
        progress("book", "done")
        return written


def render_outputs(
    book: m.Book,
    request: BuildRequest,
    timestamp: dt.datetime,
    progress: Progress = _silent,
    cache: BuildCache | None = None,
    pool: Executor | None = None,
) -> dict[str, bytes]:
    """The PDF is laid out for every output: the EPUB and the web edition take their page
    and line references from the PDF's layout map. The layout's processes are ``pool``'s
    (:func:`publish.write.parallel.layout_pool`), else its own."""
    name = book.output.name
    progress("pdf", "hyphenation, HTML and layout (WeasyPrint, by chapter)")
    outputs: dict[str, bytes] = {}
    documents = print_documents(book, timestamp)
    with ParallelLayout(
        documents, book, request.styles, jobs=request.jobs, cache=cache, pool=pool
    ) as pdf_layout:
        front = pdf_layout.front(pdf_layout.chapters())
        # The EPUB and the web edition are made by the layout's processes from the layout
        # map, while this one waits for the front matter, merges the PDF and imposes it:
        # begun with the map expected from the front matter's early layout, again if the
        # front matter came out otherwise (never seen: its pages do not depend on its
        # table of contents' numbers unless an entry wraps anew).
        readers = _Readers(book, request, timestamp, pdf_layout, progress)
        if front.expected is not None:
            readers.start(front.expected)
        parts = front.parts()
        layout = parts.layout()
        progress("pdf", f"laid out: {len(layout.pages)} pages")
        if readers.layout != layout:
            readers.start(layout)
        if "pdf" in request.formats:
            pages = f"{len(layout.pages)} pages"
            pdf = pdf_layout.merge(parts)
            outputs[f"{name}.pdf"] = pdf.data
            # the booklet in a free process of the pool while this one writes the layout map
            # and makes the print-shop file
            progress("print", f"print-shop file, {pages}")
            progress("booklet", f"imposing {pages}")
            booklet = pdf_layout.submit(booklet_pdf, pdf.data, book.output.sheet)
            outputs[f"{name}.layout.json"] = layout.to_json().encode("utf-8")
            outputs[f"{name}-print.pdf"] = print_shop_pdf(pdf.data, book.output.print_marks)
            outputs[f"{name}-booklet.pdf"] = booklet.result()
        outputs.update(readers.outputs())
    return outputs


class _Readers:
    """The EPUB and the web edition, made in the layout's processes from a layout map."""

    def __init__(
        self,
        book: m.Book,
        request: BuildRequest,
        timestamp: dt.datetime,
        pdf_layout: ParallelLayout,
        progress: Progress,
    ) -> None:
        self.book, self.request, self.timestamp = book, request, timestamp
        self.pdf_layout, self.progress = pdf_layout, progress
        self.layout: LayoutMap | None = None
        self.epub: Future[bytes] | None = None
        self.web: Future[tuple[dict[str, bytes], str]] | None = None

    def start(self, layout: LayoutMap) -> None:
        """Begin both from ``layout`` (what was begun from another map is of no use)."""
        for begun in (self.epub, self.web):
            if begun is not None:
                begun.cancel()
        self.layout = layout
        formats, styles = self.request.formats, self.request.styles
        # The web edition first: the longer of the two (with its search index), it goes to
        # the process free first, the EPUB to the one that lays out the front matter.
        if "html" in formats:
            self.progress("html", "web edition")
            downloads = _downloads(self.book.output.name, self.request)
            web_options = WebOptions(styles, self.book.output.web, layout, downloads)
            self.web = self.pdf_layout.submit(render_web_edition, self.book, web_options)
        if "epub" in formats:
            self.progress("epub", "chapters and navigation")
            options = EpubOptions(self.timestamp, styles, layout)
            self.epub = self.pdf_layout.submit(build_epub, self.book, options)

    def outputs(self) -> dict[str, bytes]:
        """Their files, once made."""
        outputs: dict[str, bytes] = {}
        if self.epub is not None:
            outputs[f"{self.book.output.name}.epub"] = self.epub.result()
        if self.web is not None:
            files, no_search = self.web.result()
            warn_without_search(no_search)
            outputs.update({f"html/{path}": data for path, data in files.items()})
        return outputs


def print_documents(book: m.Book, timestamp: dt.datetime) -> PrintDocuments:
    """The PDF's documents (publish.render.print), each made when the layout takes it: a
    chapter hyphenated and rendered while the chapters before it are laid out; the front
    matter last, given its table of contents' page numbers (its headings are not
    hyphenated)."""
    hyphenator = hyphenator_for(book.root)
    counts = footnotes_before(book)

    def chapters() -> Iterator[tuple[int, str]]:
        for index in largest_first(book):
            alone = hyphenate(replace(book, chapters=(book.chapters[index],)), hyphenator)
            yield index, render_chapter_html(book, alone.chapters[0], timestamp, counts[index])

    def front(pages: Mapping[str, int]) -> str:
        return render_front_html(book, timestamp, pages)

    headings = tuple(heading.id for heading in toc_headings(book))
    return PrintDocuments(front, chapters(), headings)


def _downloads(name: str, request: BuildRequest) -> tuple[tuple[str, str], ...]:
    """The other outputs of this build, as the web edition (in ``html/``) links to them."""
    offered = (("PDF", "pdf", f"{name}.pdf"), ("EPUB", "epub", f"{name}.epub"))
    return tuple((label, f"../{file}") for label, kind, file in offered if kind in request.formats)


def book_timestamp(book: m.Book) -> dt.datetime:
    """Without SOURCE_DATE_EPOCH, outputs carry the date of the text's state."""
    return dt.datetime.combine(book.metadata.date, dt.time(), tzinfo=dt.UTC)
